package org.dccsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dccsim sr list}: the SRVs dccsim supports, from the SRV catalogue. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the SRVs dccsim supports (head-end and devices): use cases, roles, flow and the sr verb for each.",
        footer = ExitCodes.HELP + "%nExamples:%n  dccsim sr list%n  dccsim sr list --markdown > docs/srv-coverage.md%n")
final class SrList implements Callable<Integer> {
    @Option(names = "--markdown", description = "The coverage table of docs/srv-coverage.md, with the evidence from "
            + "../shared (templates transformed byte for byte, RTDS commands the devices answer).")
    boolean markdown;

    @Option(names = "--shared", paramLabel = "DIR", description = "RTDS and DCC Boxed material to count the evidence from "
            + "(default: ../shared beside the repository).")
    Path shared;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (markdown) {
            Path dir = shared != null ? shared : DccsimHome.defaultShared();
            if (!Files.isDirectory(dir)) {
                throw new UserError(ExitCodes.BAD_INPUT, "--shared " + dir + ": no such directory (the evidence columns "
                        + "are counted from it)");
            }
            spec.commandLine().getOut().print(SrvCoverage.markdown(dir));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Map<String, List<String>> verbs = SrvCoverage.verbs();
        var out = spec.commandLine().getOut();
        out.printf("%-7s %-61s %-13s %s%n", "SRV", "name", "flow", "sr verb");
        for (Srv s : SrvCatalogue.standard().all()) {
            out.printf("%-7s %-61s %-13s %s%n", s.variant(), s.name(), s.critical() ? "critical" : "non-critical",
                    String.join(", ", verbs.getOrDefault(s.variant(), List.of("send"))));
        }
        out.printf("%d SRVs; send any of them as a DUIS document with dccsim sr send REQUEST.xml%n", SrvCatalogue.standard().size());
        return ExitCodes.OK;
    }
}
