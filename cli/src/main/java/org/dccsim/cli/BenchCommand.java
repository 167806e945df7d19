package org.dccsim.cli;

import picocli.CommandLine.Command;

/** {@code dccsim bench ...}: long runs that measure, kept out of the test build (bench/README.md has the JMH ones). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure dccsim: long runs kept out of the tests.",
        footer = ExitCodes.HELP, subcommands = {SoakCommand.class, GbDayCommand.class})
final class BenchCommand {
}
