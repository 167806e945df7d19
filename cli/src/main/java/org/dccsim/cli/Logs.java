package org.dccsim.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging for the long-running commands: one line per record on standard error ({@code 15:23:03.848 INFO  request ...}),
 * dccsim's own loggers at the level asked for, libraries' at WARNING so that Netty and the JDK stay quiet.
 */
final class Logs {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    /**
     * Held here: java.util.logging keeps loggers only weakly, so a level set on one nobody holds is lost at the next
     * garbage collection, and its children fall back to the root's WARNING (the request log went quiet that way).
     */
    private static final Logger LIBRARY = Logger.getLogger("org.dccsim");
    private static final Logger OPERATOR = Logger.getLogger("dccsim");

    private Logs() {
    }

    static void configure(String level) {
        Level dccsim = switch (level == null ? "info" : level.toLowerCase()) {
            case "off" -> Level.OFF;
            case "warning", "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug", "fine" -> Level.FINE;
            default -> throw new UserError(ExitCodes.BAD_INPUT, "--log-level must be off, warning, info or debug, not " + level);
        };
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(Level.ALL);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                if (r.getThrown() != null && dccsim.intValue() <= Level.FINE.intValue()) {
                    msg += " (" + r.getThrown() + ")";
                }
                return TIME.format(r.getInstant()) + " " + String.format("%-7s", r.getLevel().getName()) + " " + msg
                        + System.lineSeparator();
            }
        });
        root.addHandler(h);
        root.setLevel(Level.WARNING);
        LIBRARY.setLevel(dccsim.intValue() < Level.INFO.intValue() ? dccsim : dccsim == Level.OFF ? Level.OFF : Level.WARNING);
        OPERATOR.setLevel(dccsim);
    }

}
