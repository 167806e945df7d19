package org.dccsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.SimulatedDeviceKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dccsim devices}: run a fleet of simulated devices that dial a head-end's WAN port. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Run simulated ESMEs and SAPCs that dial a head-end's WAN port and answer its commands.",
        footer = ExitCodes.HELP + "%nExamples:%n"
                + "  dccsim devices --keys ../shared/rtds/keystore                  (the RTDS ESME and SAPC)%n"
                + "  dccsim devices --lab my-lab%n"
                + "  dccsim devices --fleet examples/fleet.yaml --keys ../shared/rtds/keystore --speed 60%n")
final class DevicesCommand implements Callable<Integer> {
    /** The WAN port dccsim's head-end listens on by default (DCC Boxed's DUIS port is 8079; this is ours). */
    static final String DEFAULT_WAN = "127.0.0.1:8179";
    static final String DEFAULT_DEVICE_SECRET = org.dccsim.headend.server.HeadEndServer.DEFAULT_DEVICE_SECRET;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Fleet file (JSON or YAML); default: the built-in "
            + "fleet of the RTDS ESME 00DB1234567890A0 and SAPC 00DB1234567890A6.")
    Path fleetFile;

    @Option(names = "--lab", paramLabel = "DIR", description = "A lab's fleet, keys and device secret, dialling its "
            + "head-end's WAN port (dccsim lab init).")
    Path lab;

    @Option(names = "--headend", paramLabel = "HOST:PORT",
            description = "The head-end's WAN port (default: the lab's, else " + DEFAULT_WAN + ").")
    String headend;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "Key directory (RTDS layout) with the remote parties' certificates and the devices' KA certificates "
                    + "(default: the lab's pki; without --lab it is required).")
    Path keys;

    @Option(names = "--device-secret", paramLabel = "TEXT",
            description = "Secret the devices' signing keys are derived from; the head-end must use the same "
                    + "(default: the lab's, else " + DEFAULT_DEVICE_SECRET + ").")
    String deviceSecret;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the devices keep their state across restarts "
            + "(DIR/devices/; default: the lab's data/, else dccsim-data).")
    Path data;

    @Option(names = "--start", paramLabel = "INSTANT", description = "Simulated time to start from, e.g. "
            + "2026-06-01T16:00:00Z (default: now).")
    String start;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1",
            description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many real seconds "
            + "(default: run until Ctrl-C).")
    Long duration;

    @Option(names = "--part", paramLabel = "K/N", description = "Run only part K of N of the fleet: every N-th site "
            + "from the K-th, with its hub and meters, so one fleet spreads over N processes or machines (default: all).")
    String part;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "off, warning, info (the devices' security refusals, at most a line a second) or debug "
                    + "(default: ${DEFAULT-VALUE}). Logs go to standard error.")
    String logLevel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Logs.configure(logLevel);
        if (lab != null) {
            org.dccsim.lab.Lab l = HeadEndCommand.HeadEndOptions.open(lab);
            org.dccsim.headend.server.HeadEndConfig c;
            try {
                c = org.dccsim.headend.server.HeadEndServer.read(l.headendConfig());
            } catch (org.dccsim.headend.server.HeadEndServer.ConfigException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
            keys = keys != null ? keys : l.pki();
            fleetFile = fleetFile != null ? fleetFile : l.fleetFile();
            deviceSecret = deviceSecret != null ? deviceSecret : c.deviceSecret();
            headend = headend != null ? headend : "127.0.0.1:" + (c.wanPort() == null ? 8179 : c.wanPort());
        }
        if (keys == null) {
            throw new UserError(ExitCodes.BAD_INPUT, "--keys DIR is needed (or --lab DIR)");
        }
        headend = headend == null ? DEFAULT_WAN : headend;
        deviceSecret = deviceSecret == null ? DEFAULT_DEVICE_SECRET : deviceSecret;
        HostPort wan = HostPort.parse(headend, "--headend");
        if (!Files.isDirectory(keys)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--keys " + keys + ": no such directory");
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--speed must be a positive number");
        }
        Instant from;
        try {
            from = start == null ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "--start must be an ISO-8601 UTC instant like 2026-06-01T16:00:00Z");
        }
        FleetSpec fleetSpec;
        try {
            fleetSpec = fleetFile == null ? Fleet.rtdsSpec() : FleetSpecs.read(fleetFile);
            if (part != null) {
                int[] kn = part(part);
                fleetSpec = Fleet.part(fleetSpec, kn[0], kn[1]);
            }
        } catch (FleetSpecException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        ScaledClock clock = new ScaledClock(from, speed);
        Fleet fleet;
        try {
            // The device EUIs are known only once the fleet is built; build it with a key store that fills in.
            DelegatingKeys delegating = new DelegatingKeys();
            // Devices report the certificates the head-end's SMKI issues for their keys (CS02e): the same device CA,
            // derived from the same secret.
            fleet = Fleet.build(fleetSpec, clock, new GbcsSecurity(delegating, acb(fleetSpec))
                    .withDeviceCertificates(org.dccsim.gbcs.crypto.DeviceCertificateAuthority.fromSecret(deviceSecret)));
            delegating.target = new SimulatedDeviceKeyStore(new DirectoryKeyStore(keys), new HashSet<>(fleet.euis()),
                    deviceSecret);
        } catch (FleetSpecException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (KeyStoreException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        Path dataDir = data != null ? data : lab != null ? lab.resolve("data") : Path.of("dccsim-data");
        int restored = fleet.keepStateIn(new org.dccsim.device.fleet.DeviceStateStore(dataDir.resolve("devices")));
        CountDownLatch stop = new CountDownLatch(1);
        try (CommsHubLink link = new CommsHubLink(fleet, wan.host(), wan.port(), fleet.faults(), Duration.ofMillis(200))) {
            Thread hook = new Thread(stop::countDown, "dccsim-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            link.start();
            spec.commandLine().getOut().printf("dccsim devices: %d devices at %d site(s) dialling %s%s; simulated time %s, x%s; "
                    + "crypto: %s; network I/O: %s%n", fleet.devices().size(), fleet.sites().size(), wan,
                    restored > 0 ? " (" + restored + " with their state from the last run)" : "", from, speed,
                    org.dccsim.gbcs.crypto.CryptoEngine.active().description(), org.dccsim.wan.NettyTransport.description());
            spec.commandLine().getOut().flush();
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration, TimeUnit.SECONDS);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            spec.commandLine().getOut().printf("dccsim devices: stopping; %d commands received, %d frames sent%n",
                    link.commandsReceived(), link.framesSent());
        }
        return ExitCodes.OK;
    }

    /** "K/N" as {K, N}, 1 <= K <= N <= 1000. */
    static int[] part(String text) {
        String[] kn = text.split("/", -1);
        try {
            if (kn.length == 2) {
                int k = Integer.parseInt(kn[0].trim());
                int n = Integer.parseInt(kn[1].trim());
                if (n >= 1 && n <= 1000 && k >= 1 && k <= n) {
                    return new int[] {k, n};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError(ExitCodes.BAD_INPUT, "--part must be K/N with 1 <= K <= N <= 1000, e.g. 1/2 (got " + text + ")");
    }

    private static Eui64 acb(FleetSpec s) {
        FleetSpec.Trust t = s.trust() == null ? Fleet.RTDS_TRUST : s.trust();
        return Eui64.parse(t.acb() == null ? Fleet.RTDS_TRUST.acb() : t.acb());
    }

    /** A key store whose contents are decided after the fleet that uses it is built. */
    static final class DelegatingKeys implements org.dccsim.gbcs.crypto.GbcsKeyStore {
        volatile org.dccsim.gbcs.crypto.GbcsKeyStore target;

        @Override
        public java.util.Optional<org.dccsim.gbcs.crypto.EcKeys.PublicKey> publicKey(Eui64 party,
                org.dccsim.gbcs.crypto.KeyUsage usage) {
            return target.publicKey(party, usage);
        }

        @Override
        public java.util.Optional<org.dccsim.gbcs.crypto.EcKeys.PrivateKey> privateKey(Eui64 party,
                org.dccsim.gbcs.crypto.KeyUsage usage) {
            return target.privateKey(party, usage);
        }
    }
}
