package org.dccsim.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.concurrent.Callable;
import org.dccsim.device.clock.ScaledClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.headend.server.HeadEndServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dccsim serve}: the head-end and a fleet of simulated devices in one process. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the head-end and a fleet together: DUIS on port 8079 for DCC Boxed tooling and dccsim sr, the "
                + "devices on the head-end's WAN port. Without --fleet, the RTDS ESME and SAPC.",
        footer = ExitCodes.HELP + "%nExamples:%n  dccsim serve%n  dccsim serve --fleet fleet.yaml --speed 60%n")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    HeadEndCommand.HeadEndOptions options;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Fleet file (default: the RTDS ESME and SAPC).")
    Path fleetFile;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1", description = "Simulated seconds per real "
            + "second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--start", paramLabel = "INSTANT", description = "Simulated start time (default: now).")
    String start;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--speed must be a positive number");
        }
        Instant from;
        try {
            from = start == null ? Instant.now() : Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "--start must be an ISO-8601 UTC instant like 2026-06-01T16:00:00Z");
        }
        FleetSpec spec;
        try {
            spec = fleetFile == null ? Fleet.rtdsSpec() : FleetSpecs.read(fleetFile);
        } catch (FleetSpecException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        try (HeadEndServer server = options.start()) {
            // The devices use the head-end's key policy: the same directory and device secret.
            GbcsSecurity security = server.security();
            Fleet fleet;
            try {
                fleet = Fleet.build(spec, new ScaledClock(from, speed), security);
            } catch (FleetSpecException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
            int unknown = 0;
            for (var e : new HashSet<>(fleet.euis())) {
                if (server.registry().device(e).isEmpty()) {
                    unknown++;
                }
            }
            try (CommsHubLink link = new CommsHubLink(fleet, "127.0.0.1", server.wanPort(), fleet.faults(),
                    Duration.ofMillis(200)).start()) {
                link.awaitConnected(Duration.ofSeconds(10));
                this.spec.commandLine().getOut().println(options.status(server));
                this.spec.commandLine().getOut().printf("dccsim serve: %d devices at %d site(s) connected; simulated time %s, "
                        + "x%s%s%n", fleet.devices().size(), fleet.sites().size(), from, speed,
                        unknown > 0 ? "; " + unknown + " not in the head-end's inventory (requests to them answer E19)" : "");
                this.spec.commandLine().getOut().flush();
                options.awaitStop();
            }
        }
        return ExitCodes.OK;
    }
}
