package org.dccsim.cli;

import picocli.CommandLine.Command;

/** {@code dccsim gbcs ...}: work with GBCS messages directly. */
@Command(name = "gbcs", mixinStandardHelpOptions = true, description = "Decode and check GBCS messages.",
        subcommands = {GbcsDecodeCommand.class})
final class GbcsCommand {
}
