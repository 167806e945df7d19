package org.dccsim.cli;

/** HOST:PORT from the command line. */
record HostPort(String host, int port) {
    static HostPort parse(String text, String option) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UserError(ExitCodes.BAD_INPUT, option + " must be HOST:PORT, not '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserError(ExitCodes.BAD_INPUT, option + ": '" + text.substring(colon + 1) + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new UserError(ExitCodes.BAD_INPUT, option + ": port must be 1 to 65535");
        }
        return new HostPort(text.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
