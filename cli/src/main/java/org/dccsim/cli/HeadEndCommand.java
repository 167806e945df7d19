package org.dccsim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dccsim.headend.server.HeadEndConfig;
import org.dccsim.headend.server.HeadEndServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dccsim headend}: the DUIS gateway and WAN port, for devices run elsewhere ({@code dccsim devices}). */
@Command(name = "headend", mixinStandardHelpOptions = true,
        description = "Run the DUIS head-end (DCC Boxed's /api/v1/serviceS|T|D on port 8079) and its WAN port for device "
                + "simulators (8179). Without --config, the RTDS/DCC Boxed identities from ../shared.",
        footer = ExitCodes.HELP + "%nExamples:%n  dccsim headend                          (RTDS/Boxed identities from ../shared)%n"
                + "  dccsim headend --config headend.yaml%n")
final class HeadEndCommand implements Callable<Integer> {
    @Mixin
    HeadEndOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (HeadEndServer server = options.start()) {
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

        @Option(names = "--shared", paramLabel = "DIR", description = "RTDS and DCC Boxed material for the built-in profile "
                + "(default: ../shared).")
        Path shared;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "dccsim-data",
                description = "Where the journal and generated keys live (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on "
                + "(default: ${DEFAULT-VALUE}).")
        String bind;

        @Option(names = "--duis-port", paramLabel = "PORT", description = "DUIS HTTP port (default 8079; 0 picks one).")
        Integer duisPort;

        @Option(names = "--wan-port", paramLabel = "PORT", description = "WAN port for devices (default 8179; 0 picks one).")
        Integer wanPort;

        @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: "
                + "until Ctrl-C).")
        Long duration;

        HeadEndServer start() throws IOException, InterruptedException {
            HeadEndConfig c;
            Path base;
            try {
                if (config != null) {
                    c = HeadEndServer.read(config);
                    base = config.toAbsolutePath().getParent();
                    c = new HeadEndConfig(bind != null ? bind : c.bind(), duisPort != null ? duisPort : c.duisPort(),
                            wanPort != null ? wanPort : c.wanPort(), c.keys(), c.deviceSecret(), c.dspXmlKey(),
                            c.dspXmlCertificate(), c.journal(), c.xsd(), c.deviceTimeoutSeconds(), c.users(), c.devices());
                } else {
                    c = RtdsProfile.config(RtdsProfile.shared(shared), data, duisPort, wanPort, bind);
                    base = Paths.get("").toAbsolutePath();
                }
                return HeadEndServer.create(c, base).start();
            } catch (HeadEndServer.ConfigException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            } catch (HeadEndServer.ListenException e) {
                String option = e.listener().equals("WAN") ? "--wan-port" : "--duis-port";
                throw new UserError(ExitCodes.BAD_INPUT, "cannot listen on the " + e.getMessage() + "; choose another with "
                        + option + " PORT (0 picks a free one)");
            }
        }

        String status(HeadEndServer s) {
            return String.format("dccsim headend: DUIS on http://%s:%d/api/v1/serviceS|serviceT|serviceD, WAN on %s:%d; "
                    + "%d users, %d devices", s.bind(), s.duisPort(), s.bind(), s.wanPort(), s.registry().users().size(),
                    s.registry().devices().size());
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
