package org.dccsim.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dccsim.clock.SimClock;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.server.HeadEndServer;
import org.dccsim.headend.users.DccUser;
import org.dccsim.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dccsim headend}: the DUIS gateway and WAN port, for devices run elsewhere ({@code dccsim devices}). */
@Command(name = "headend", mixinStandardHelpOptions = true,
        description = "Run the DUIS head-end (DCC Boxed's /api/v1/serviceS|T|D on port 8079) and its WAN port for device "
                + "simulators (8179). Without --config or --lab, the RTDS/DCC Boxed identities from ../shared.",
        footer = ExitCodes.HELP + "%nExamples:%n  dccsim headend                          (RTDS/Boxed identities from ../shared)%n"
                + "  dccsim headend --lab my-lab%n  dccsim headend --config examples/headend.yaml%n")
final class HeadEndCommand implements Callable<Integer> {
    @Mixin
    HeadEndOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (HeadEndServer server = options.start(options.builder(SimClock.system()))) {
            spec.commandLine().getOut().println(options.status(server));
            spec.commandLine().getOut().flush();
            options.awaitStop();
        }
        return ExitCodes.OK;
    }

    /** Options shared by {@code headend} and {@code serve}. */
    static final class HeadEndOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "Head-end config file (JSON or YAML; docs/headend.md).")
        Path config;

        @Option(names = "--lab", paramLabel = "DIR", description = "A lab's head-end (dccsim lab init): its users, keys, "
                + "inventory and data directory.")
        Path lab;

        @Option(names = "--shared", paramLabel = "DIR", description = "RTDS and DCC Boxed material for the built-in profile "
                + "(default: ../shared beside this repository).")
        Path shared;

        @Option(names = "--data", paramLabel = "DIR", description = "Where the journal, generated keys, device state and the "
                + "admin token live (default: the lab's data/, else dccsim-data).")
        Path data;

        @Option(names = "--bind", paramLabel = "HOST", description = "Address to listen on (default: 127.0.0.1).")
        String bind;

        @Option(names = "--duis-port", paramLabel = "PORT", description = "DUIS HTTP port (default 8079; 0 picks one).")
        Integer duisPort;

        @Option(names = "--wan-port", paramLabel = "PORT", description = "WAN port for devices (default 8179; 0 picks one).")
        Integer wanPort;

        @Option(names = "--smki-port", paramLabel = "PORT", description = "SMKI certificate search and retrieval, as DCC "
                + "Boxed serves it (default 8083; 0 picks one; -1 serves none).")
        Integer smkiPort;

        @Option(names = "--rrs", paramLabel = "USER=URL", description = "Deliver USER's answers and alerts to this Receive "
                + "Response Service URL, as DCC Boxed users configure (repeatable; USER an EUI-64, or a lab profile name).")
        List<String> rrs;

        @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
                description = "off, warning (refusals only), info (one line per request, answer and alert) or debug "
                        + "(default: ${DEFAULT-VALUE}). Logs go to standard error.")
        String logLevel;

        @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: "
                + "until Ctrl-C).")
        Long duration;

        /** Where data lives: --data, else the lab's data/, else dccsim-data. */
        Path dataDir() {
            return data != null ? data : lab != null ? lab.resolve("data") : Path.of("dccsim-data");
        }

        /** The head-end the options describe, on {@code clock}, not started. */
        HeadEndServer.Builder builder(SimClock clock) throws IOException {
            Logs.configure(logLevel);
            if (config != null && lab != null) {
                throw new UserError(ExitCodes.BAD_INPUT, "give --config or --lab, not both");
            }
            HeadEndServer.Builder b;
            try {
                if (lab != null) {
                    Lab l = open(lab);
                    b = HeadEndServer.fromConfig(HeadEndServer.read(l.headendConfig()), l.dir());
                } else if (config != null) {
                    b = HeadEndServer.fromConfig(HeadEndServer.read(config), config.toAbsolutePath().getParent());
                } else {
                    b = RtdsProfile.headEnd(RtdsProfile.shared(shared), dataDir());
                }
            } catch (HeadEndServer.ConfigException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
            if (bind != null) {
                b.bind(bind);
            }
            if (duisPort != null) {
                b.duisPort(port(duisPort, "--duis-port"));
            }
            if (wanPort != null) {
                b.wanPort(port(wanPort, "--wan-port"));
            }
            b.smkiPort(smkiPort == null ? org.dccsim.headend.smki.SmkiServer.DEFAULT_PORT
                    : smkiPort < 0 ? -1 : port(smkiPort, "--smki-port"));
            for (String r : rrs == null ? List.<String>of() : rrs) {
                receiveResponseService(b, r);
            }
            return b.clock(clock).adminToken(adminToken(dataDir()));
        }

        private static int port(int p, String option) {
            if (p < 0 || p > 65535) {
                throw new UserError(ExitCodes.BAD_INPUT, option + " must be 0 to 65535");
            }
            return p;
        }

        static Lab open(Path dir) {
            try {
                return Lab.open(dir);
            } catch (Lab.LabException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
        }

        /** {@code --rrs USER=URL}: the user's answers go to that URL. */
        private void receiveResponseService(HeadEndServer.Builder b, String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new UserError(ExitCodes.BAD_INPUT, "--rrs takes USER=URL, not " + spec);
            }
            String who = spec.substring(0, eq);
            URI url;
            try {
                url = URI.create(spec.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "--rrs " + spec + ": not a URL");
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new UserError(ExitCodes.BAD_INPUT, "--rrs " + spec + ": not an http(s) URL");
            }
            Eui64 eui = null;
            try {
                eui = Eui64.parse(who);
            } catch (IllegalArgumentException e) {
                if (lab != null) {
                    try {
                        eui = open(lab).client(who).eui();
                    } catch (Lab.LabException x) {
                        throw new UserError(ExitCodes.BAD_INPUT, "--rrs: " + x.getMessage());
                    }
                }
            }
            Eui64 user = eui;
            DccUser u = user == null ? null : b.registry().user(user).orElse(null);
            if (u == null) {
                throw new UserError(ExitCodes.BAD_INPUT, "--rrs: " + who + " is not a user of this head-end");
            }
            b.user(new DccUser(u.eui(), u.roles(), u.xmlSigningCertificate(), url));
        }

        /** The admin token (POST /admin/clock): DATA/admin.token, made on first use, readable by its owner only. */
        static String adminToken(Path data) throws IOException {
            Path f = data.resolve("admin.token");
            if (Files.isRegularFile(f)) {
                return Files.readString(f).trim();
            }
            Files.createDirectories(data);
            String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            try {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(f);
            }
            Files.writeString(f, token + "\n");
            return token;
        }

        /** Starts it; a port in use names the port and the option that changes it. */
        HeadEndServer start(HeadEndServer.Builder b) throws InterruptedException {
            try {
                return b.start();
            } catch (HeadEndServer.ListenException e) {
                String option = e.listener().equals("WAN") ? "--wan-port" : e.listener().equals("SMKI") ? "--smki-port"
                        : "--duis-port";
                throw new UserError(ExitCodes.BAD_INPUT, "cannot listen on the " + e.getMessage() + "; choose another with "
                        + option + " PORT (0 picks a free one)");
            }
        }

        String status(HeadEndServer s) {
            return String.format("dccsim headend: DUIS on %s/api/v1/serviceS|serviceT|serviceD, WAN on %s:%d%s; %d users, %d "
                    + "devices; health, metrics and clock at %s/health, /metrics, /admin/clock; crypto: %s; network I/O: %s", s.duisBase(), s.bind(),
                    s.wanPort(), s.smkiPort() < 0 ? "" : ", SMKI on http://" + s.bind() + ":" + s.smkiPort() + "/services",
                    s.registry().users().size(), s.registry().devices().size(), s.duisBase(),
                    org.dccsim.gbcs.crypto.CryptoEngine.active().description(), org.dccsim.wan.NettyTransport.description());
        }

        void awaitStop() throws InterruptedException {
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "dccsim-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
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
        }
    }
}
