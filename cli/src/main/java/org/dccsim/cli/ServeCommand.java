package org.dccsim.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.fleet.DeviceStateStore;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.headend.server.HeadEndServer;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.lab.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dccsim serve}: the head-end and a fleet of simulated devices in one process, on one simulated clock. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the head-end and a fleet together: DUIS on port 8079 for DCC Boxed tooling and dccsim sr, the "
                + "devices on the head-end's WAN port, both on one simulated clock. Without --lab or --fleet, the RTDS "
                + "ESME and SAPC.",
        footer = ExitCodes.HELP + "%nExamples:%n  dccsim serve%n  dccsim serve --lab my-lab --speed 60%n"
                + "  dccsim serve --fleet examples/fleet.yaml%n")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    HeadEndCommand.HeadEndOptions options;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Fleet file (default: the lab's, else the RTDS ESME and "
            + "SAPC). Its devices join the head-end's inventory.")
    Path fleetFile;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1", description = "Simulated seconds per real "
            + "second (default: ${DEFAULT-VALUE}); change it while running with dccsim admin clock.")
    double speed;

    @Option(names = "--start", paramLabel = "INSTANT", description = "Simulated start time (default: now).")
    String start;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || Double.isInfinite(speed) || speed > 1e6) {
            throw new UserError(ExitCodes.BAD_INPUT, "--speed must be a positive number up to 1000000");
        }
        Instant from;
        try {
            from = start == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "--start must be an ISO-8601 UTC instant like 2026-06-01T16:00:00Z");
        }
        FleetSpec fleetSpec;
        try {
            Path f = fleetFile != null ? fleetFile : options.lab != null ? HeadEndCommand.HeadEndOptions.open(options.lab).fleetFile()
                    : null;
            fleetSpec = f == null ? Fleet.rtdsSpec() : FleetSpecs.read(f);
        } catch (FleetSpecException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        ScaledClock clock = new ScaledClock(from, speed);
        HeadEndServer.Builder b = options.builder(clock);
        // The fleet's devices join the inventory (before the key store is used: their keys are derived by membership).
        int added = 0;
        try {
            for (DeviceRecord d : Inventory.of(fleetSpec, null)) {
                if (b.registry().device(d.eui()).isEmpty()) {
                    b.device(d);
                    added++;
                }
            }
        } catch (FleetSpecException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        try (HeadEndServer server = options.start(b)) {
            // The devices use the head-end's key policy and its clock.
            Fleet fleet;
            try {
                fleet = Fleet.build(fleetSpec, clock, server.security());
            } catch (FleetSpecException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
            int restored = fleet.keepStateIn(new DeviceStateStore(options.dataDir().resolve("devices")));
            try (CommsHubLink link = new CommsHubLink(fleet, "127.0.0.1".equals(server.bind()) || "0.0.0.0".equals(server.bind())
                    ? "127.0.0.1" : server.bind(), server.wanPort(), fleet.faults(), Duration.ofMillis(200)).start()) {
                link.awaitConnected(Duration.ofSeconds(10));
                server.awaitConnectedDevices(fleet.euis().stream().filter(d -> !fleet.faults().of(d).offline())
                        .count(), Duration.ofSeconds(60));
                this.spec.commandLine().getOut().println(options.status(server));
                this.spec.commandLine().getOut().printf("dccsim serve: %d devices at %d site(s) connected%s%s%s; simulated time %s, "
                        + "x%s; data in %s%n", fleet.devices().size(), fleet.sites().size(),
                        fleet.hubs().isEmpty() ? "" : ", each site behind its communications hub (" + fleet.hubs().size() + ")",
                        added > 0 ? " (" + added + " added to the inventory from the fleet)" : "",
                        restored > 0 ? ", " + restored + " with their state from the last run" : "", from,
                        new java.text.DecimalFormat("0.###").format(speed), options.dataDir());
                this.spec.commandLine().getOut().flush();
                options.awaitStop();
            }
        }
        return ExitCodes.OK;
    }
}
