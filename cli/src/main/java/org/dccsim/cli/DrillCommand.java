package org.dccsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dccsim.drill.Drill;
import org.dccsim.drill.DrillReport;
import org.dccsim.drill.HtmlReport;
import org.dccsim.drill.Scenario;
import org.dccsim.drill.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dccsim drill ...}: demand-response drills (module {@code drill}); this is their command line. */
@Command(name = "drill", mixinStandardHelpOptions = true, description = "Demand-response drills against an embedded DCC.",
        subcommands = {DrillCommand.Run.class}, footer = ExitCodes.HELP)
final class DrillCommand {
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a drill: dispatch its APC limits through DUIS, read the meters, settle P375, write a report.",
            footer = ExitCodes.HELP + "%nExamples:%n  dccsim drill run examples/drill-small.yaml%n"
                    + "  dccsim drill run examples/drill-small.yaml --report reports/small.json%n")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        /**
         * Every SAPC a 7.16 of the drill limits, in rounds until 40,000 limits have gone out and the CPU per limit
         * has stopped falling
         * ({@link org.dccsim.drill.Drill#WARM_EVERY_ASSET}): the JIT compiles the critical flow's hot paths, and each
         * device's first contact (its key pairs derived, the ECDH secret of each pair of parties, once for good)
         * happens outside the measured dispatch. The crypto bound counts neither, and a head-end in service has met
         * its devices long before (docs/drill-scenario.md).
         */
        static final int DEFAULT_WARMUP_WITH_BASELINE = org.dccsim.drill.Drill.WARM_EVERY_ASSET;

        @Parameters(index = "0", paramLabel = "SCENARIO",
                description = "The scenario file (YAML or JSON), or a directory holding scenario.yaml.")
        Path file;

        @Option(names = "--html", paramLabel = "FILE",
                description = "Where to write the HTML report (default: the JSON report's name with .html).")
        Path html;

        @Option(names = "--crypto-baseline", description = "After the drill, time the cryptography its confirmed limits "
                + "cost (XML signatures, ECDSA) alone on one thread, and the crypto bound on every core at once, for "
                + "comparison with the end-to-end rate.")
        boolean cryptoBaseline;

        @Option(names = "--warmup", paramLabel = "N", description = "Before the measured dispatch, warm the JIT with N "
                + "7.16s at 100 %% (no restriction) through the same critical flow, for a half hour a day after the drill; "
                + "they count in no figure. Default with --crypto-baseline: every SAPC a 7.16 of the drill limits, in rounds until 40,000 "
                + "limits have gone out and the CPU per limit has stopped falling (at most 100,000), so its ratio is of a warm process that has met every device, as the bound "
                + "assumes; else 0. An explicit N is one round.")
        Integer warmup;

        @Option(names = "--table", description = "Print the P375 power-flow table for every site and half-hour "
                + "(default: only for drills of at most three sites).")
        boolean table;

        @Option(names = "--report", paramLabel = "FILE",
                description = "Where to write the JSON report (default: dccsim-data/drills/SCENARIO.json, SCENARIO being the "
                        + "scenario file's or directory's name).")
        Path report;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Scenario s;
            try {
                s = Scenario.read(file);
            } catch (ScenarioException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
            if (report == null) {
                String name = file.toAbsolutePath().normalize().getFileName().toString();
                report = Path.of("dccsim-data", "drills", name.replaceFirst("\\.(ya?ml|json)$", "") + ".json");
            }
            if (warmup != null && warmup < 0) {
                throw new UserError(ExitCodes.BAD_INPUT, "--warmup takes a number of limits, 0 or more, not " + warmup);
            }
            int warm = warmup != null ? warmup : cryptoBaseline ? DEFAULT_WARMUP_WITH_BASELINE : 0;
            DrillReport result = new Drill(s, file, table, cryptoBaseline, warm, out).run();
            write(result, out);
            int mismatched = result.settlement().mismatchedPeriods();
            if (mismatched > 0) {
                throw new UserError(ExitCodes.CHECK_FAILED, mismatched + " settlement periods do not balance; see " + report);
            }
            int failures = result.assetChecks().failures();
            if (failures > 0) {
                throw new UserError(ExitCodes.CHECK_FAILED, failures + " asset checks failed (an asset's meter disagrees with "
                        + "its state or its SAPC's limit); see 'assetChecks' in " + report);
            }
            return ExitCodes.OK;
        }

        /** --html, or the JSON report's path with .html for its extension. */
        private Path htmlPath() {
            if (html != null) {
                return html;
            }
            String name = report.getFileName().toString();
            String base = name.toLowerCase().endsWith(".json") ? name.substring(0, name.length() - 5) : name;
            return report.resolveSibling(base + ".html");
        }

        /** The JSON report, and the HTML page rendered from the same records (through their JSON). */
        private void write(DrillReport result, PrintWriter out) {
            try {
                Path parent = report.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                json.writeValue(report.toFile(), result);
                Path page = htmlPath();
                Files.writeString(page, HtmlReport.render(json.valueToTree(result)));
                out.printf("report: %s%nhtml report: %s%n", report, page);
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "cannot write the report " + report + ": " + e.getMessage());
            }
            out.flush();
        }
    }
}
