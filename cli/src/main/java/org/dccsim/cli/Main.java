package org.dccsim.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code dccsim} command. */
@Command(name = "dccsim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A DCC-style GB smart-metering head-end and device simulator.",
        subcommands = {DemoCommand.class, ServeCommand.class, HeadEndCommand.class, DevicesCommand.class, SrCommand.class, DrillCommand.class, KeysCommand.class, GbcsCommand.class,
            AutoComplete.GenerateCompletion.class},
        footer = ExitCodes.HELP + "%nExample:%n  dccsim gbcs decode --keys ../shared/rtds/keystore message.hex%n")
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for unexpected errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'dccsim --help'");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; the entry point for tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // Library logging stays quiet on a terminal (warnings only) unless --verbose asks for more.
        java.util.logging.Logger.getLogger("").setLevel(java.util.Arrays.asList(args).contains("--verbose")
                ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.ALL);
        }
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError u) {
                err.println("dccsim: " + u.getMessage());
                return u.exitCode();
            }
            if (main.verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("dccsim: internal error: " + ex + " (run with --verbose for details)");
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println("dccsim: " + ex.getMessage());
            CommandLine failed = ex.getCommandLine();
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dccsim " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version")};
        }
    }
}
