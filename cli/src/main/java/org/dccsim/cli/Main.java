package org.dccsim.cli;

import java.io.PrintWriter;
import org.dccsim.gbcs.crypto.CryptoEngine;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code dccsim} command. */
@Command(name = "dccsim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A DCC-style GB smart-metering head-end and device simulator.",
        subcommands = {DemoCommand.class, LabCommand.class, ServeCommand.class, HeadEndCommand.class, DevicesCommand.class, SrCommand.class, AdminCommand.class, DrillCommand.class, BenchCommand.class, KeysCommand.class, GbcsCommand.class,
            AutoComplete.GenerateCompletion.class},
        footer = ExitCodes.HELP + "%nExample:%n  dccsim gbcs decode --keys ../shared/rtds/keystore message.hex%n")
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for unexpected errors.")
    boolean verbose;

    @Option(names = "--crypto", scope = CommandLine.ScopeType.INHERIT, paramLabel = "ENGINE",
            description = "Who does the elliptic-curve cryptography: auto (the default: AWS-LC through Amazon Corretto "
                    + "Crypto Provider where it loads, else Bouncy Castle), native or bc. Also DCCSIM_CRYPTO.")
    String crypto;

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
        java.util.Optional<String> transport = org.dccsim.wan.NettyTransport.configurationProblem();
        if (transport.isPresent()) {
            err.println("dccsim: " + transport.get());
            return ExitCodes.BAD_INPUT;
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
        cl.setExecutionStrategy(parseResult -> {
            // The engine is chosen once per process; choose it now, so a bad --crypto is a usage error, not a
            // failure in the middle of a command, and every command's banner can name it.
            try {
                if (main.crypto != null) {
                    CryptoEngine.request(main.crypto);
                }
                CryptoEngine.active();
            } catch (IllegalArgumentException e) {
                err.println("dccsim: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cl.execute(args);
    }

    /** The Maven version and the commit the build came from (dccsim-version.properties, filled in by the build). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (var in = Main.class.getResourceAsStream("/dccsim-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            String version = filled(p.getProperty("version"), "unknown version");
            String commit = filled(p.getProperty("commit"), null);
            String at = filled(p.getProperty("commitTime"), null);
            String built = commit == null ? "commit unknown (built outside a git checkout)"
                    : "commit " + commit + ("true".equals(p.getProperty("dirty")) ? " with uncommitted changes" : "")
                            + (at == null ? "" : " of " + at);
            return new String[] {"dccsim " + version + ", " + built,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                "crypto: " + CryptoEngine.active().description(),
                "network I/O: " + org.dccsim.wan.NettyTransport.description()};
        }

        /** A property the build filled in, or the fallback where it left the placeholder. */
        private static String filled(String value, String fallback) {
            return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
        }
    }
}
