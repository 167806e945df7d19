package org.dccsim.cli;

/** Process exit codes of every dccsim command; printed in {@code dccsim --help}. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A message did not decode, or a MAC or signature did not verify. */
    public static final int CHECK_FAILED = 1;
    /** Bad input: unknown command or option, a malformed argument, an unreadable file. */
    public static final int BAD_INPUT = 2;
    /** The head-end refused the service request; the message names its DUIS code. */
    public static final int REFUSED = 3;
    /** The device answered, but not with success. */
    public static final int DEVICE_ERROR = 4;
    /** No answer in time (from the head-end, or the device: DUIS E21). */
    public static final int TIMEOUT = 5;
    /** The head-end could not be reached. */
    public static final int UNREACHABLE = 6;
    /** Anything we did not foresee; run with --verbose to see why. */
    public static final int INTERNAL_ERROR = 70;

    public static final String HELP = "%nExit codes:%n"
            + "  0   success%n"
            + "  1   a message did not decode, or a MAC or signature did not verify%n"
            + "  2   bad input: unknown command or option, malformed argument, unreadable file%n"
            + "  3   the head-end refused a service request (its DUIS code is printed)%n"
            + "  4   the device did not carry out the command%n"
            + "  5   no answer in time%n"
            + "  6   the head-end could not be reached%n"
            + "  70  internal error (run with --verbose for details)%n";

    private ExitCodes() {
    }
}
