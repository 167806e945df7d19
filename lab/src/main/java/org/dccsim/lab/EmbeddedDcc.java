package org.dccsim.lab;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dccsim.clock.ManualClock;
import org.dccsim.clock.SimClock;
import org.dccsim.device.Device;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DerivedKeyStore;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.LayeredKeyStore;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.server.HeadEndConfig;
import org.dccsim.headend.server.HeadEndServer;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;

/**
 * A whole DCC in this process, on free loopback ports: a head-end (DUIS over HTTP, WAN over TCP) and a fleet of
 * simulated devices connected to it, sharing one simulated clock. For tests of your own adapter against dccsim (see
 * {@code org.dccsim.lab.junit.DccExtension}), the demo and the drills. Users talk to it only through DUIS, as a real
 * DCC User would: {@link #client} hands out each user's profile, and {@link #duis} a DUIS client for it.
 *
 * <pre>{@code
 * try (EmbeddedDcc dcc = EmbeddedDcc.builder().lab(Lab.open(dir)).start()) {
 *     ClientProfile.Client vlp = dcc.client("vlp1");
 *     DuisClient duis = dcc.duis("vlp1");
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedDcc implements AutoCloseable {
    /** Assembles an embedded DCC from a lab directory, or from in-memory organisations and a fleet. */
    public static final class Builder {
        private Lab lab;
        private Organisations organisations;
        private String deviceKeyLabel = "dccsim-embedded";
        private FleetSpec fleet;
        private SimClock clock;
        private Duration deviceTimeout = Duration.ofSeconds(10);
        private Path journal;
        private boolean requestLog;

        private Builder() {
        }

        /** The lab's users, keys, inventory and fleet (its ports are not used: the embedded DCC picks free ones). */
        public Builder lab(Lab l) {
            this.lab = l;
            return this;
        }

        /**
         * In-memory organisations instead of a lab; the devices' keys are derived from {@code deviceKeyLabel}, so the
         * same label gives the same device keys in every run.
         */
        public Builder organisations(Organisations o, String deviceKeyLabel) {
            this.organisations = o;
            this.deviceKeyLabel = deviceKeyLabel;
            return this;
        }

        /** The fleet (default with a lab: its fleet.yaml). */
        public Builder fleet(FleetSpec f) {
            this.fleet = f;
            return this;
        }

        /** The clock shared by head-end and devices (default: a manual clock at the fleet's epoch). */
        public Builder clock(SimClock c) {
            this.clock = c;
            return this;
        }

        public Builder deviceTimeout(Duration d) {
            this.deviceTimeout = d;
            return this;
        }

        /** Keep the head-end's journal in this file (default: in memory). */
        public Builder journal(Path file) {
            this.journal = file;
            return this;
        }

        /** Log every request, answer and alert (default off: tests stay quiet). */
        public Builder requestLog(boolean on) {
            this.requestLog = on;
            return this;
        }

        public EmbeddedDcc start() throws Exception {
            if ((lab == null) == (organisations == null)) {
                throw new IllegalStateException("give either lab() or organisations()");
            }
            return new EmbeddedDcc(this);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private final HeadEndServer server;
    private final Fleet fleet;
    private final CommsHubLink link;
    private final SimClock clock;
    private final Map<String, ClientProfile.Client> clients = new LinkedHashMap<>();
    private final Map<String, DuisClient> duisClients = new java.util.concurrent.ConcurrentHashMap<>();
    private final Organisations organisations;

    private EmbeddedDcc(Builder b) throws Exception {
        this.organisations = b.organisations;
        FleetSpec spec = b.fleet;
        HeadEndServer.Builder hb;
        List<ClientProfile.Client> users;
        if (b.lab != null) {
            HeadEndConfig c = HeadEndServer.read(b.lab.headendConfig());
            hb = HeadEndServer.fromConfig(c, b.lab.dir());
            if (spec == null) {
                spec = FleetSpecs.read(b.lab.fleetFile());
            }
            users = b.lab.loadedClients();
        } else {
            hb = HeadEndServer.builder();
            GbcsSecurity security = new GbcsSecurity(new LayeredKeyStore(organisations.keys(),
                    new DerivedKeyStore(b.deviceKeyLabel + "/devices", e -> (e.value() >>> 56) == 0x00)), Organisations.ACB);
            hb.security(security).dsp(organisations.dsp().xmlKey(), organisations.dsp().xmlCertificate());
            Eui64 firstVlp = null;
            users = new java.util.ArrayList<>();
            for (Organisations.Member m : organisations.members()) {
                hb.user(new DccUser(m.eui(), m.spec().roles(), m.identity().xmlCertificate(), null));
                users.add(new ClientProfile.Client(m.name(), m.eui(), m.spec().roles(), URI.create("http://127.0.0.1:0"),
                        m.identity(), organisations.keys(), List.of(organisations.dsp().xmlCertificate())));
                if (firstVlp == null && m.spec().roles().contains(org.dccsim.duis.UserRole.LOAD_CONTROLLER)) {
                    firstVlp = m.eui();
                }
            }
            Objects.requireNonNull(spec, "an embedded DCC of in-memory organisations needs a fleet");
            for (DeviceRecord d : Inventory.of(spec, firstVlp)) {
                hb.device(d);
            }
        }
        this.clock = b.clock != null ? b.clock : new ManualClock(spec.epoch() == null ? Fleet.DEFAULT_EPOCH : spec.epoch());
        hb.clock(clock).deviceTimeout(b.deviceTimeout).bind("127.0.0.1").duisPort(0).wanPort(0).smkiPort(0).requestLog(b.requestLog)
                .journal(b.journal == null ? Journal.inMemory() : Journal.open(b.journal));
        HeadEndServer started = hb.start();
        CommsHubLink l = null;
        try {
            // The devices use the head-end's key policy: the same key store, so their keys agree by construction.
            Fleet f;
            try {
                f = Fleet.build(spec, clock, started.security());
            } catch (FleetSpecException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            for (Device d : java.util.stream.Stream.concat(f.devices().stream(), f.hubs().stream()).toList()) {
                if (started.registry().device(d.eui()).isEmpty()) {
                    throw new IllegalArgumentException("device " + d.eui() + " of the fleet is not in the head-end's inventory");
                }
            }
            l = new CommsHubLink(f, "127.0.0.1", started.wanPort(), f.faults(), Duration.ofMillis(50)).start();
            this.fleet = f;
        } catch (Exception | Error e) {
            if (l != null) {
                l.close();
            }
            started.close();
            throw e;
        }
        this.server = started;
        this.link = l;
        URI base = URI.create(server.duisBase());
        GbcsKeyStore devices = devicePublicKeys(server.security().keyStore());
        for (ClientProfile.Client c : users) {
            clients.put(c.name(), new ClientProfile.Client(c.name(), c.eui(), c.roles(), base, c.identity(),
                    c.gbcsKeys() == null ? devices : new LayeredKeyStore(c.gbcsKeys(), devices), c.dspCertificates()));
        }
    }

    /**
     * The devices' public keys, and nothing else of the head-end's key store: what a DCC User gets from the SMKI (device
     * certificates), to check a device's signature and to agree keys with it (a protected read decrypted).
     */
    private static GbcsKeyStore devicePublicKeys(GbcsKeyStore all) {
        return new GbcsKeyStore() {
            @Override
            public java.util.Optional<org.dccsim.gbcs.crypto.EcKeys.PublicKey> publicKey(Eui64 party,
                    org.dccsim.gbcs.crypto.KeyUsage usage) {
                return (party.value() >>> 56) == 0 ? all.publicKey(party, usage) : java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<org.dccsim.gbcs.crypto.EcKeys.PrivateKey> privateKey(Eui64 party,
                    org.dccsim.gbcs.crypto.KeyUsage usage) {
                return java.util.Optional.empty();
            }
        };
    }

    /** Waits until every device the fault plan does not keep offline has registered on the WAN. */
    public EmbeddedDcc awaitDevices(Duration max) throws InterruptedException {
        server.awaitConnectedDevices(fleet.euis().stream().filter(d -> !fleet.faults().of(d).offline()).count(), max);
        return this;
    }

    /** A user by profile name (supplier, vlp1...) or EUI-64, its head-end URL this DCC's. */
    public ClientProfile.Client client(String nameOrEui) {
        ClientProfile.Client c = clients.get(nameOrEui);
        if (c != null) {
            return c;
        }
        for (ClientProfile.Client x : clients.values()) {
            if (x.eui().toString().equalsIgnoreCase(nameOrEui.replace("-", ""))) {
                return x;
            }
        }
        throw new IllegalArgumentException("no user " + nameOrEui + " (known: " + clients.keySet() + ")");
    }

    public List<ClientProfile.Client> clients() {
        return List.copyOf(clients.values());
    }

    /** A DUIS client that trusts this DCC's DSP, one per user (its answers are that client's alone). */
    public DuisClient duis(String user) {
        ClientProfile.Client c = client(user);
        return duisClients.computeIfAbsent(c.name(), k -> new DuisClient(c.headend(), c.dspCertificates(), "embedded-" + k));
    }

    public HeadEndServer headEnd() {
        return server;
    }

    public Fleet fleet() {
        return fleet;
    }

    public SimClock clock() {
        return clock;
    }

    /** A simulated device, to assert on its state (registers, limits, security log). */
    public Device device(Eui64 eui) {
        return fleet.device(eui)
                .orElseThrow(() -> new IllegalArgumentException("no device " + eui + " in this fleet"));
    }

    /**
     * The Load Controller the head-end's inventory associates with a device (the one DUIS lets limit it; E4 for any
     * other), or null if it has none.
     */
    public Eui64 loadControllerOf(Eui64 device) {
        return server.registry().device(device).flatMap(d -> d.loadControllers().stream().sorted(
                java.util.Comparator.comparing(Eui64::toString)).findFirst()).orElse(null);
    }

    /** The in-memory organisations (null for a lab's DCC). */
    public Organisations organisations() {
        return organisations;
    }

    /** The SMKI services' base URL, e.g. {@code http://127.0.0.1:41883/services}. */
    public String smkiBase() {
        return "http://127.0.0.1:" + server.smkiPort() + "/services";
    }

    public String duisBase() {
        return server.duisBase();
    }

    @Override
    public void close() {
        duisClients.values().forEach(DuisClient::close);
        link.close();
        server.close();
    }

    /** When the clock is manual, moves it (and everything waiting on it) forward; else IllegalStateException. */
    public void advance(Duration d) {
        if (!(clock instanceof ManualClock m)) {
            throw new IllegalStateException("this DCC's clock is not manual");
        }
        m.advance(d);
    }

    /** Now on this DCC's clock. */
    public Instant now() {
        return clock.now();
    }
}
