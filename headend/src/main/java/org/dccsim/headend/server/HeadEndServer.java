package org.dccsim.headend.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.SimulatedDeviceKeyStore;
import org.dccsim.headend.duis.DuisDocuments;
import org.dccsim.headend.gateway.Delivery;
import org.dccsim.headend.gateway.DuisHttpServer;
import org.dccsim.headend.gateway.DuisResponses;
import org.dccsim.headend.gateway.HeadEnd;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.headend.users.Registry;
import org.dccsim.headend.users.UserRole;
import org.dccsim.headend.wan.DeviceRouter;
import org.dccsim.headend.xmldsig.DuisSignatures;

/** A running head-end: DUIS HTTP, WAN port, journal, assembled from a {@link HeadEndConfig}. */
public final class HeadEndServer implements AutoCloseable {
    /** DCC Boxed's DUIS port. */
    public static final int DEFAULT_DUIS_PORT = 8079;
    /** dccsim's WAN port for device simulators. */
    public static final int DEFAULT_WAN_PORT = 8179;

    /** A configuration that cannot be used; one line, naming the file and field. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message, null, false, false);
        }
    }

    private final DeviceRouter router = new DeviceRouter();
    private final Journal journal;
    private final Delivery delivery;
    private final DuisHttpServer http;
    private final GbcsSecurity security;
    private final Registry registry;
    private final String bind;
    private int duisPort;
    private int wanPort;

    private HeadEndServer(HeadEndConfig c, Path base, GbcsKeyStore extraKeys) throws ConfigException, IOException {
        this.bind = c.bind() == null ? "127.0.0.1" : c.bind();
        this.registry = new Registry();
        Set<Eui64> devices = new HashSet<>();
        for (HeadEndConfig.DeviceEntry d : list(c.devices())) {
            DeviceRecord.Type type;
            try {
                type = DeviceRecord.Type.valueOf(d.type() == null ? "ESME" : d.type().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("device " + d.eui() + ": type must be ESME or SAPC, not " + d.type());
            }
            Set<Eui64> lcs = new HashSet<>();
            for (String lc : list(d.loadControllers())) {
                lcs.add(eui(lc, "device " + d.eui() + " loadControllers"));
            }
            Eui64 e = eui(d.eui(), "device eui");
            registry.add(new DeviceRecord(e, type, d.supplier() == null ? null : eui(d.supplier(), "device supplier"),
                    d.networkOperator() == null ? null : eui(d.networkOperator(), "device networkOperator"), lcs));
            devices.add(e);
        }
        for (HeadEndConfig.User u : list(c.users())) {
            Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
            for (String r : list(u.roles())) {
                try {
                    roles.add(UserRole.valueOf(r.toUpperCase().replace(' ', '_')));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("user " + u.eui() + ": unknown role " + r + " (SUPPLIER, NETWORK_OPERATOR, "
                            + "LOAD_CONTROLLER, OTHER_USER)");
                }
            }
            if (u.xmlCertificate() == null) {
                throw new ConfigException("user " + u.eui() + " has no xmlCertificate");
            }
            X509Certificate cert = certificate(base.resolve(u.xmlCertificate()));
            URI rrs;
            try {
                rrs = u.receiveResponseUrl() == null ? null : URI.create(u.receiveResponseUrl());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("user " + u.eui() + ": receiveResponseUrl is not a URL");
            }
            registry.add(new DccUser(eui(u.eui(), "user eui"), roles, cert, rrs));
        }
        if (c.keys() == null || !Files.isDirectory(base.resolve(c.keys()))) {
            throw new ConfigException("keys: no key directory " + c.keys());
        }
        GbcsKeyStore dir = new DirectoryKeyStore(base.resolve(c.keys()));
        GbcsKeyStore keys = new SimulatedDeviceKeyStore(extraKeys == null ? dir
                : new org.dccsim.gbcs.crypto.LayeredKeyStore(extraKeys, dir), devices,
                c.deviceSecret() == null ? "dccsim-devices" : c.deviceSecret());
        this.security = new GbcsSecurity(keys);
        if (c.dspXmlKey() == null || c.dspXmlCertificate() == null) {
            throw new ConfigException("dspXmlKey and dspXmlCertificate are needed to sign responses");
        }
        PrivateKey dspKey;
        try {
            dspKey = JcaPem.readPrivateKey(base.resolve(c.dspXmlKey()));
        } catch (KeyStoreException e) {
            throw new ConfigException("dspXmlKey: " + e.getMessage());
        }
        X509Certificate dspCert = certificate(base.resolve(c.dspXmlCertificate()));
        this.journal = c.journal() == null ? Journal.inMemory() : Journal.open(base.resolve(c.journal()));
        this.delivery = new Delivery(journal);
        DuisDocuments docs = c.xsd() == null ? DuisDocuments.withoutSchema() : DuisDocuments.withSchema(base.resolve(c.xsd()));
        DuisSignatures signatures = new DuisSignatures();
        HeadEnd headEnd = new HeadEnd(registry, security, docs, signatures, new DuisResponses(new DuisSignatures(), dspKey,
                dspCert), router, delivery, Duration.ofSeconds(c.deviceTimeoutSeconds() == null ? 30 : c.deviceTimeoutSeconds()),
                journal);
        this.http = new DuisHttpServer(headEnd, signatures, Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.duisPort = c.duisPort() == null ? DEFAULT_DUIS_PORT : c.duisPort();
        this.wanPort = c.wanPort() == null ? DEFAULT_WAN_PORT : c.wanPort();
    }

    public static HeadEndServer create(HeadEndConfig c, Path base) throws ConfigException, IOException {
        return new HeadEndServer(c, base, null);
    }

    /** With keys added ahead of the configured directory (generated users' keys, say). */
    public static HeadEndServer create(HeadEndConfig c, Path base, GbcsKeyStore extraKeys) throws ConfigException, IOException {
        return new HeadEndServer(c, base, extraKeys);
    }

    public static HeadEndConfig read(Path file) throws ConfigException {
        try {
            String name = file.getFileName().toString().toLowerCase();
            ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : new ObjectMapper();
            m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
            return m.readValue(Files.readString(file), HeadEndConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** A port this head-end could not listen on (in use, or not allowed); names the listener and the port. */
    public static final class ListenException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String listener;
        private final String host;
        private final int port;

        ListenException(String listener, String host, int port, String why) {
            super(listener + " port " + host + ":" + port + ": " + why, null, false, false);
            this.listener = listener;
            this.host = host;
            this.port = port;
        }

        /** "DUIS" or "WAN". */
        public String listener() {
            return listener;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }
    }

    private interface Binder {
        int bind() throws InterruptedException;
    }

    /**
     * Binds both ports (0 picks a free one) and returns this. On failure nothing stays open: the head-end is closed
     * and the failure names the port.
     */
    public HeadEndServer start() throws InterruptedException, ListenException {
        try {
            wanPort = listen("WAN", wanPort, () -> router.server().start(bind, wanPort));
            duisPort = listen("DUIS", duisPort, () -> http.start(bind, duisPort));
            return this;
        } catch (InterruptedException | ListenException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private int listen(String listener, int port, Binder binder) throws InterruptedException, ListenException {
        try {
            return binder.bind();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty rethrows the bind failure itself (java.net.BindException and kin), which javac cannot see.
            String why = e instanceof java.net.BindException && String.valueOf(e.getMessage()).contains("in use")
                    ? "already in use (another head-end or program is listening there)"
                    : String.valueOf(e.getMessage());
            throw new ListenException(listener, bind, port, why);
        }
    }

    public int duisPort() {
        return duisPort;
    }

    public int wanPort() {
        return wanPort;
    }

    public String bind() {
        return bind;
    }

    public GbcsSecurity security() {
        return security;
    }

    public Registry registry() {
        return registry;
    }

    public int connectedDevices() {
        return router.server().connectedDevices();
    }

    private static X509Certificate certificate(Path p) throws ConfigException {
        try {
            return JcaPem.readCertificate(p);
        } catch (KeyStoreException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Eui64 eui(String text, String where) throws ConfigException {
        try {
            return Eui64.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    @Override
    public void close() {
        http.close();
        router.server().close();
        delivery.close();
        try {
            journal.close();
        } catch (IOException e) {
            // closing on the way out; the journal was forced at its last write
        }
    }
}
