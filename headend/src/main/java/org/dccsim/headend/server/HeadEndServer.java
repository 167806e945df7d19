package org.dccsim.headend.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dccsim.clock.ManualClock;
import org.dccsim.clock.ScaledClock;
import org.dccsim.clock.SimClock;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisSignatures;
import org.dccsim.duis.ResponseWriter;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.SimulatedDeviceKeyStore;
import org.dccsim.headend.gateway.Delivery;
import org.dccsim.headend.gateway.DuisHttpServer;
import org.dccsim.headend.gateway.HeadEnd;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.smki.SmkiDirectory;
import org.dccsim.headend.smki.SmkiServer;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.headend.users.Registry;
import org.dccsim.headend.wan.AlertReplayWindow;
import org.dccsim.headend.wan.DeviceRouter;
import org.dccsim.headend.wan.WanServer;

/**
 * A running head-end: DUIS over HTTP (with the long-poll, health, metrics and clock endpoints), the WAN port, the
 * journal. Every head-end (the config file's, the built-in profile's, a lab's, the demo's and drills' embedded one,
 * the benchmarks') is assembled by {@link #builder()}.
 */
public final class HeadEndServer implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(HeadEndServer.class.getName());
    /** DCC Boxed's DUIS port. */
    public static final int DEFAULT_DUIS_PORT = 8079;
    /** dccsim's WAN port for device simulators. */
    public static final int DEFAULT_WAN_PORT = 8179;
    public static final String DEFAULT_DEVICE_SECRET = "dccsim-devices";

    /** A configuration that cannot be used; one line, naming the file and field. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message, null, false, false);
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

    /** Assembles a head-end. Everything but the DSP's signing key and the GBCS keys has a default. */
    public static final class Builder {
        private final Registry registry = new Registry();
        private GbcsSecurity security;
        private GbcsKeyStore keys;
        private String deviceSecret = DEFAULT_DEVICE_SECRET;
        private PrivateKey dspKey;
        private X509Certificate dspCertificate;
        private Journal journal;
        private DuisDocuments documents = DuisDocuments.withoutSchema();
        private SimClock clock;
        private Duration deviceTimeout = Duration.ofSeconds(30);
        private WanServer.Limits wanLimits = WanServer.Limits.DEFAULT;
        private String bind = "127.0.0.1";
        private int duisPort = DEFAULT_DUIS_PORT;
        private int wanPort = DEFAULT_WAN_PORT;
        private int smkiPort = -1;
        private final List<X509Certificate> organisationCertificates = new ArrayList<>();
        private int httpThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private String adminToken;
        private boolean requestLog = true;

        private Builder() {
        }

        public Builder user(DccUser u) {
            registry.add(u);
            return this;
        }

        /** A device's status before any DUIS request changes it (see {@link Registry#initialStatus}). */
        public Builder deviceStatus(Eui64 device, String status) {
            registry.initialStatus(device, status);
            return this;
        }

        public Builder device(DeviceRecord d) {
            registry.add(d);
            return this;
        }

        /**
         * The GBCS key store (organisations' keys, device certificates); devices in the inventory that it has no key
         * for get keys derived from {@link #deviceSecret}, as {@code dccsim devices} derives them.
         */
        public Builder keys(GbcsKeyStore k) {
            this.keys = k;
            return this;
        }

        public Builder deviceSecret(String s) {
            this.deviceSecret = Objects.requireNonNull(s);
            return this;
        }

        /** The complete GBCS security (instead of {@link #keys}): the embedded DCC's deterministic keys, say. */
        public Builder security(GbcsSecurity s) {
            this.security = s;
            return this;
        }

        public Builder dsp(PrivateKey key, X509Certificate certificate) {
            this.dspKey = key;
            this.dspCertificate = certificate;
            return this;
        }

        public Builder journal(Journal j) {
            this.journal = j;
            return this;
        }

        public Builder schema(DuisDocuments d) {
            this.documents = d;
            return this;
        }

        /** The simulated clock, shared with the devices of the same process (default: the system clock). */
        public Builder clock(SimClock c) {
            this.clock = c;
            return this;
        }

        public Builder deviceTimeout(Duration d) {
            this.deviceTimeout = d;
            return this;
        }

        public Builder bind(String host) {
            this.bind = host;
            return this;
        }

        /** 0 picks a free port. */
        public Builder duisPort(int p) {
            this.duisPort = p;
            return this;
        }

        /** 0 picks a free port. */
        public Builder wanPort(int p) {
            this.wanPort = p;
            return this;
        }

        /** How devices prove their WAN routes and the WAN side's timeouts and caps (docs/wan-link.md, "Limits"). */
        public Builder wanLimits(WanServer.Limits limits) {
            this.wanLimits = Objects.requireNonNull(limits);
            return this;
        }

        /**
         * Serves SMKI (certificate search and retrieval, DCC Boxed's port 8083) on this port; 0 picks a free one, a
         * negative port (the default) serves none.
         */
        public Builder smkiPort(int p) {
            this.smkiPort = p;
            return this;
        }

        /** An organisation certificate SMKI serves besides the users' XML-signing ones and the DSP's (GBCS DS, KA). */
        public Builder organisationCertificate(X509Certificate c) {
            this.organisationCertificates.add(Objects.requireNonNull(c));
            return this;
        }

        /**
         * Event loops of the DUIS server, which handle requests as well as read them (default: one per core, at least
         * 2); fewer than 1 is refused when the server is built (DuisHttpServer checks it).
         */
        public Builder httpThreads(int n) {
            this.httpThreads = n;
            return this;
        }

        /** The bearer token POST /admin/clock needs; null refuses every change. */
        public Builder adminToken(String t) {
            this.adminToken = t;
            return this;
        }

        /** Whether requests, answers and alerts are logged (the {@value RequestLog#NAME} logger); default on. */
        public Builder requestLog(boolean on) {
            this.requestLog = on;
            return this;
        }

        public Registry registry() {
            return registry;
        }

        public HeadEndServer build() {
            if (dspKey == null || dspCertificate == null) {
                throw new IllegalStateException("the DSP's XML-signing key and certificate are needed to sign responses");
            }
            if (security == null) {
                Objects.requireNonNull(keys, "GBCS keys (keys() or security())");
                security = new GbcsSecurity(new SimulatedDeviceKeyStore(keys, e -> registry.device(e).isPresent(),
                        deviceSecret));
            }
            // Devices that run in this process with this security report their certificates from the device CA SMKI
            // issues from (CS02e): the same CA, derived from the same secret.
            security = security.withDeviceCertificates(org.dccsim.gbcs.crypto.DeviceCertificateAuthority.fromSecret(deviceSecret));
            return new HeadEndServer(this);
        }

        /** Builds and binds both ports. */
        public HeadEndServer start() throws InterruptedException, ListenException {
            return build().start();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private final DeviceRouter router;
    private final Journal journal;
    private final Delivery delivery;
    private final DuisHttpServer http;
    private final HeadEnd headEnd;
    private final GbcsSecurity security;
    private final Registry registry;
    private final SimClock clock;
    private final HeadEndMetrics metrics = new HeadEndMetrics();
    private final String adminToken;
    private final String bind;
    private int duisPort;
    private int wanPort;
    private int smkiPort;
    private final SmkiServer smki;

    private HeadEndServer(Builder b) {
        this.bind = b.bind;
        this.registry = b.registry;
        this.security = b.security;
        this.clock = b.clock != null ? b.clock : SimClock.system();
        this.journal = b.journal != null ? b.journal : Journal.inMemory();
        this.router = new DeviceRouter(security, b.wanLimits, new AlertReplayWindow(alertCounters(journal)));
        this.delivery = new Delivery(journal);
        this.adminToken = b.adminToken;
        // SMKI's directory is kept whether or not SMKI is served: 8.6 answers with the ACB's certificates from it.
        SmkiDirectory smkiDirectory = smkiDirectory(b);
        this.headEnd = new HeadEnd(new HeadEnd.Parts(registry, security, b.documents, new DuisSignatures(),
                new ResponseWriter(new DuisSignatures(), b.dspKey, b.dspCertificate), router, delivery, journal, clock,
                b.deviceTimeout, party -> smkiDirectory.organisation(party).stream().map(SmkiDirectory.Entry::certificate)
                        .toList()));
        headEnd.observe(metrics);
        if (b.requestLog) {
            headEnd.observe(new RequestLog());
        }
        this.http = new DuisHttpServer(headEnd, b.httpThreads, new Operations());
        this.duisPort = b.duisPort;
        this.wanPort = b.wanPort;
        this.smkiPort = b.smkiPort;
        this.smki = b.smkiPort < 0 ? null : new SmkiServer(smkiDirectory);
        if (smki != null) {
            SmkiDirectory directory = smki.directory();
            headEnd.onDeviceCertificatePlaced((device, der) -> {
                try {
                    directory.placed(device, (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                            .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der)));
                } catch (java.security.cert.CertificateException e) {
                    LOG.warning(
                            () -> "SMKI cannot serve " + device + "'s placed certificate: " + e.getMessage());
                }
            });
        }
        metrics.gauge("dccsim_devices_connected", "Devices registered on the WAN", router.server()::connectedDevices);
        metrics.gauge("dccsim_wan_links", "Device links connected to the WAN port", router.server()::links);
        metrics.gauge("dccsim_wan_registrations_refused", "Device registrations refused (proof, key, caps)",
                router.server()::refusedRegistrations);
        metrics.gauge("dccsim_wan_links_closed", "WAN links the head-end closed (protocol, timeouts, caps)",
                router.server()::closedLinks);
        metrics.gauge("dccsim_device_messages_refused", "Device responses and alerts refused by the head-end's checks",
                router::refusedMessages);
        metrics.gauge("dccsim_commands_pending", "Commands sent and not yet answered", router::pendingCommands);
        metrics.gauge("dccsim_messages_held", "Answers and alerts held for users to poll",
                () -> delivery.heldByUser().values().stream().mapToInt(Integer::intValue).sum());
        metrics.gauge("dccsim_messages_dropped", "Held messages dropped at the per-user cap", delivery::dropped);
        metrics.gauge("dccsim_polls_waiting", "Long-polls waiting", delivery::waitingPolls);
        metrics.gauge("dccsim_http_rejected", "DUIS requests answered 503 because the request-body budget was spent",
                http::rejected);
        metrics.gauge("dccsim_requests_scheduled", "Requests held until their ExecutionDateTime", headEnd::scheduledRequests);
    }

    /** Alert counters live beside the users' RequestID counters in the journal, keyed "alert:" + device. */
    private static AlertReplayWindow.Store alertCounters(Journal journal) {
        return new AlertReplayWindow.Store() {
            @Override
            public Long highest(Eui64 device) {
                return journal.counter("alert:" + device);
            }

            @Override
            public void record(Eui64 device, long counter) {
                journal.advanceCounter("alert:" + device, counter);
            }
        };
    }

    /** The builder a config file describes (docs/headend.md); paths are relative to {@code base}. */
    public static Builder fromConfig(HeadEndConfig c, Path base) throws ConfigException, IOException {
        Builder b = builder();
        if (c.bind() != null) {
            b.bind(c.bind());
        }
        if (c.duisPort() != null) {
            b.duisPort(c.duisPort());
        }
        if (c.wanPort() != null) {
            b.wanPort(c.wanPort());
        }
        for (HeadEndConfig.DeviceEntry d : list(c.devices())) {
            DeviceRecord r = device(d);
            b.device(r);
            if (d.status() != null && !d.status().equals("Commissioned")) {
                if (!d.status().equals("InstalledNotCommissioned") && !d.status().equals("Pending")
                        && !d.status().equals("NotPrenotified")) {
                    throw new ConfigException("device " + d.eui() + ": status must be Commissioned, InstalledNotCommissioned, "
                            + "Pending or NotPrenotified (simulated, the DCC not yet told of it: 12.2), not " + d.status());
                }
                b.deviceStatus(r.eui(), d.status());
            }
        }
        for (HeadEndConfig.User u : list(c.users())) {
            b.user(user(u, base));
        }
        if (c.keys() == null || !Files.isDirectory(base.resolve(c.keys()))) {
            throw new ConfigException("keys: no key directory " + (c.keys() == null ? "(none given)" : base.resolve(c.keys())));
        }
        b.keys(new DirectoryKeyStore(base.resolve(c.keys())));
        if (c.deviceSecret() != null) {
            b.deviceSecret(c.deviceSecret());
        }
        if (c.dspXmlKey() == null || c.dspXmlCertificate() == null) {
            throw new ConfigException("dspXmlKey and dspXmlCertificate are needed to sign responses");
        }
        try {
            b.dsp(JcaPem.readPrivateKey(base.resolve(c.dspXmlKey())), certificate(base.resolve(c.dspXmlCertificate())));
        } catch (KeyStoreException e) {
            throw new ConfigException("dspXmlKey: " + e.getMessage());
        }
        b.journal(c.journal() == null ? Journal.inMemory() : Journal.open(base.resolve(c.journal())));
        if (c.xsd() != null) {
            b.schema(DuisDocuments.withSchema(base.resolve(c.xsd())));
        }
        if (c.wanRegistration() != null) {
            try {
                b.wanLimits(WanServer.Limits.DEFAULT.withRegistration(WanServer.Registration.valueOf(
                        c.wanRegistration().toUpperCase(java.util.Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("wanRegistration must be proof or open, not " + c.wanRegistration());
            }
        }
        if (c.deviceTimeoutSeconds() != null) {
            if (c.deviceTimeoutSeconds() < 1 || c.deviceTimeoutSeconds() > 3600) {
                throw new ConfigException("deviceTimeoutSeconds must be 1 to 3600");
            }
            b.deviceTimeout(Duration.ofSeconds(c.deviceTimeoutSeconds()));
        }
        return b;
    }

    /** An inventory entry of a config file. */
    public static DeviceRecord device(HeadEndConfig.DeviceEntry d) throws ConfigException {
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
        return new DeviceRecord(eui(d.eui(), "device eui"), type, d.supplier() == null ? null : eui(d.supplier(),
                "device supplier"), d.networkOperator() == null ? null : eui(d.networkOperator(), "device networkOperator"),
                lcs);
    }

    /** A user entry of a config file. */
    public static DccUser user(HeadEndConfig.User u, Path base) throws ConfigException {
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
        return new DccUser(eui(u.eui(), "user eui"), roles, cert, rrs);
    }

    /**
     * A config file larger than this is refused before parsing: the operator's own file, so the cap guards against
     * accidents; it admits the inventory {@code dccsim lab init} writes at its largest (a million devices, about
     * 138 MB of YAML).
     */
    public static final long MAX_CONFIG_BYTES = 256L * 1024 * 1024;

    public static HeadEndConfig read(Path file) throws ConfigException {
        try {
            String name = file.getFileName().toString().toLowerCase();
            if (Files.isRegularFile(file) && Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_CONFIG_BYTES / (1024 * 1024) + " MiB");
            }
            // SnakeYAML's default cap is 3 million code points, a lab of about 7,000 sites.
            org.yaml.snakeyaml.LoaderOptions yamlLimits = new org.yaml.snakeyaml.LoaderOptions();
            yamlLimits.setCodePointLimit((int) MAX_CONFIG_BYTES);
            ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper(
                    com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder().loaderOptions(yamlLimits).build())
                    : new ObjectMapper();
            m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
            HeadEndConfig c = m.readValue(Files.readString(file), HeadEndConfig.class);
            if (c == null) {
                throw new ConfigException(file + ": the file is empty");
            }
            return c;
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
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
            if (smki != null) {
                smkiPort = listen("SMKI", smkiPort, () -> smki.start(bind, smkiPort));
            }
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

    /** The SMKI port, or -1 when SMKI is not served. */
    public int smkiPort() {
        return smki == null ? -1 : smkiPort;
    }

    /** The certificates SMKI serves (organisations', and devices' issued on demand); null when SMKI is not served. */
    public SmkiDirectory smki() {
        return smki == null ? null : smki.directory();
    }

    /**
     * SMKI's certificates: every user's XML-signing certificate, the DSP's, the organisation certificates given, and the
     * GBCS DS and KA certificates the key directory holds for the users; devices' issued on demand.
     */
    private SmkiDirectory smkiDirectory(Builder b) {
        SmkiDirectory d = new SmkiDirectory(security.keyStore(), e -> registry.device(e).isPresent(), b.deviceSecret);
        addOrganisation(d, b.dspCertificate, "the DSP's XML-signing certificate");
        List<Eui64> parties = new ArrayList<>();
        for (DccUser u : registry.users()) {
            addOrganisation(d, u.xmlSigningCertificate(), u.eui() + "'s XML-signing certificate");
            parties.add(u.eui());
        }
        // The DCC's own ACB, whose certificates devices trust and 8.6 hands out.
        parties.add(security.accessControlBroker());
        for (Eui64 party : parties) {
            if (b.keys instanceof DirectoryKeyStore dir) {
                for (org.dccsim.gbcs.crypto.KeyUsage usage : org.dccsim.gbcs.crypto.KeyUsage.values()) {
                    Path f = dir.file(party, usage, false);
                    try {
                        if (Files.isRegularFile(f) && Files.readString(f).contains("BEGIN CERTIFICATE")) {
                            d.addOrganisation(JcaPem.readCertificate(f));
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.fine(() -> f + " is not a certificate SMKI can serve: " + e.getMessage());
                    }
                }
            }
        }
        b.organisationCertificates.forEach(d::addOrganisation);
        return d;
    }

    /**
     * SMKI serves organisation certificates that name their party (x500UniqueIdentifier), as SMKI's do; one that names
     * none (a user's own XML-signing certificate, say) is left out with a warning rather than stopping the head-end.
     */
    private static void addOrganisation(SmkiDirectory d, java.security.cert.X509Certificate c, String what) {
        try {
            d.addOrganisation(c);
        } catch (RuntimeException e) {
            LOG.warning(() -> "SMKI does not serve " + what + ": " + e.getMessage());
        }
    }

    public String bind() {
        return bind;
    }

    /** The DUIS base URL, e.g. {@code http://127.0.0.1:8079}. */
    public String duisBase() {
        return "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + duisPort;
    }

    public GbcsSecurity security() {
        return security;
    }

    public Registry registry() {
        return registry;
    }

    public HeadEnd headEnd() {
        return headEnd;
    }

    /** The DUIS HTTP side: its connections, queue and body budget. */
    public DuisHttpServer http() {
        return http;
    }

    public Delivery delivery() {
        return delivery;
    }

    public SimClock clock() {
        return clock;
    }

    public HeadEndMetrics metrics() {
        return metrics;
    }

    public int connectedDevices() {
        return router.server().connectedDevices();
    }

    /**
     * Waits until at least {@code devices} devices hold WAN routes (their registrations are proven asynchronously, after
     * the link that carries them is up); false if that did not happen within {@code max}.
     */
    public boolean awaitConnectedDevices(long devices, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (connectedDevices() < devices) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Commands sent to devices and not yet answered. */
    public int pendingCommands() {
        return router.pendingCommands();
    }

    public boolean connected(Eui64 device) {
        return router.server().connected(device);
    }

    /** Adds a device to the inventory while running (a fleet that joins after start). */
    public void addDevice(DeviceRecord d) {
        registry.add(d);
    }

    /** Adds or replaces a DCC User while running. */
    public void addUser(DccUser u) {
        headEnd.register(u);
    }

    /** Health, metrics and the clock, for the HTTP server's GET and admin endpoints. */
    private final class Operations implements DuisHttpServer.Operations {
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public String health() {
            ObjectNode n = json.createObjectNode().put("status", "ok").put("users", registry.users().size())
                    .put("devices", registry.devices().size()).put("devicesConnected", connectedDevices())
                    .put("commandsPending", router.pendingCommands())
                    .put("messagesHeld", delivery.heldByUser().values().stream().mapToInt(Integer::intValue).sum())
                    .put("simulatedTime", clock.now().toString());
            return n.toString();
        }

        @Override
        public String metrics() {
            return metrics.scrape();
        }

        @Override
        public String clock() {
            ObjectNode n = json.createObjectNode().put("simulatedTime", clock.now().toString());
            if (clock instanceof ScaledClock s) {
                n.put("speed", s.speed()).put("held", s.held());
            } else {
                n.put("manual", true);
            }
            return n.toString();
        }

        @Override
        public String setClock(Map<String, String> changes, String token) {
            if (adminToken == null || token == null || !MessageDigest.isEqual(adminToken.getBytes(), token.getBytes())) {
                throw new SecurityException("changing the clock needs the head-end's admin token (Authorization: Bearer ...,"
                        + " from DATA/admin.token)");
            }
            for (String k : changes.keySet()) {
                if (!k.equals("speed") && !k.equals("jump")) {
                    throw new IllegalArgumentException("unknown clock change " + k + " (speed, jump)");
                }
            }
            String speed = changes.get("speed");
            String jump = changes.get("jump");
            Duration forward = null;
            if (jump != null) {
                try {
                    forward = Duration.parse(jump);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("jump must be an ISO-8601 duration like PT2H, not " + jump);
                }
                if (forward.isNegative()) {
                    throw new IllegalArgumentException("the clock only moves forward");
                }
            }
            if (clock instanceof ScaledClock s) {
                if (speed != null) {
                    double f;
                    try {
                        f = Double.parseDouble(speed);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("speed must be a number, not " + speed);
                    }
                    s.setSpeed(f);
                }
                if (forward != null) {
                    s.jump(forward);
                }
            } else if (clock instanceof ManualClock m) {
                if (speed != null) {
                    throw new IllegalArgumentException("a manual clock has no speed");
                }
                if (forward != null) {
                    m.advance(forward);
                }
            } else {
                throw new IllegalArgumentException("this head-end's clock cannot be changed");
            }
            return clock();
        }
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
        if (smki != null) {
            smki.close();
        }
        http.close();
        router.close();
        delivery.close();
        try {
            journal.close();
        } catch (IOException e) {
            // closing on the way out; the journal was forced at its last write
        }
    }
}
