package org.dccsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.Lab;
import org.dccsim.lab.LabInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dccsim lab ...}: a self-consistent DCC setup of your own, in one directory. */
@Command(name = "lab", mixinStandardHelpOptions = true, description = "Make and inspect labs: your own PKI, users and fleet.",
        subcommands = {LabCommand.Init.class}, footer = ExitCodes.HELP)
final class LabCommand {
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Write a complete lab into DIR: a test PKI (named-curve keys), a head-end config with users, roles "
                    + "and the fleet's inventory, the fleet file, devices.csv, and a client profile per DCC User.",
            footer = ExitCodes.HELP + "%nExamples:%n  dccsim lab init my-lab%n"
                    + "  dccsim lab init big-lab --sites 1000 --mix BATTERY=0.5,EV_CHARGER=0.5 --vlps 3%n"
                    + "Then: dccsim serve --lab my-lab, and in another terminal dccsim sr --lab my-lab --as vlp1 ...%n")
    static final class Init implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Where to write; must be empty or absent.")
        Path dir;

        @Option(names = "--sites", defaultValue = "4", paramLabel = "N",
                description = "Sites: a boundary ESME and its SAPCs each (default: ${DEFAULT-VALUE}; 0-100000).")
        int sites;

        @Option(names = "--sapcs-per-site", defaultValue = "1", paramLabel = "N",
                description = "SAPCs (asset meters) per site (default: ${DEFAULT-VALUE}).")
        int sapcsPerSite;

        @Option(names = "--mix", paramLabel = "TYPE=SHARE,...",
                description = "Asset types and their shares, e.g. BATTERY=0.4,HEAT_PUMP=0.3,EV_CHARGER=0.3 (the default); "
                        + "types: BATTERY, EV_CHARGER, HEAT_PUMP, GENERATOR.")
        String mix;

        @Option(names = "--vlps", defaultValue = "2", paramLabel = "N",
                description = "VLPs (each a Load Controller and Other User), 1-8; site i's assets belong to VLP (i mod N)+1 "
                        + "(default: ${DEFAULT-VALUE}).")
        int vlps;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the fleet's generation "
                + "(default: ${DEFAULT-VALUE}); the PKI is random.")
        long seed;

        @Option(names = "--duis-port", defaultValue = "8079", paramLabel = "PORT", description = "(default: ${DEFAULT-VALUE})")
        int duisPort;

        @Option(names = "--wan-port", defaultValue = "8179", paramLabel = "PORT", description = "(default: ${DEFAULT-VALUE})")
        int wanPort;

        @Option(names = "--epoch", paramLabel = "INSTANT",
                description = "When the meters' registers start counting and the assets' state starts (default: midnight "
                        + "UTC today, written into the lab so it stays fixed).")
        String epoch;

        @Option(names = "--uncommissioned", description = "Start every meter unknown to the DCC and off its hub's device log, "
                + "to rehearse an install: 'dccsim sr' prenotify (12.2), set-status DEVICE InstalledNotCommissioned (8.4), "
                + "hub-add (8.11), commission (8.1.1).")
        boolean uncommissioned;

        @Option(names = "--dcc-controlled", description = "Start every ESME under the DCC's control (its supplier and network "
                + "operator cells hold the DCC's ACB), to rehearse 'dccsim sr handover' (6.21); the fleet file's "
                + "dccControlled per site.")
        boolean dccControlled;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Instant e;
            try {
                // Assets run forward from the epoch with state: an epoch months back costs every asset those
                // months of steps on its first read, so a new lab starts today.
                e = epoch == null ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS) : Instant.parse(epoch);
            } catch (DateTimeParseException x) {
                throw new UserError(ExitCodes.BAD_INPUT, "--epoch must be an ISO-8601 UTC instant");
            }
            Lab lab;
            try {
                lab = LabInit.write(dir, new LabInit.Choices(sites, sapcsPerSite, mix == null ? null : LabInit.mix(mix), vlps,
                        seed, duisPort, wanPort, e, uncommissioned, dccControlled));
            } catch (Lab.LabException x) {
                throw new UserError(ExitCodes.BAD_INPUT, x.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("dccsim lab: %s: %d sites, %d VLP(s); head-end on DUIS %d, WAN %d%n", dir, sites, vlps, duisPort, wanPort);
            try {
                for (ClientProfile p : lab.clients()) {
                    out.printf("  user %-18s %s %s%n", p.name(), p.eui(), p.roles());
                }
            } catch (Lab.LabException x) {
                throw new UserError(ExitCodes.BAD_INPUT, x.getMessage());
            }
            out.printf("  devices: %s (one per line)%n", lab.devicesFile());
            out.printf("next: dccsim serve --lab %s   then   dccsim sr --lab %s --as vlp1 read-firmware EUI%n", dir, dir);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
