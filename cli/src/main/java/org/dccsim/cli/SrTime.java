package org.dccsim.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times on the command line: an ISO-8601 instant ({@code 2026-06-01T17:00:00Z}, or with an offset), or relative to
 * the head-end's simulated clock, so examples keep working whatever the date: {@code now}, {@code now+2h},
 * {@code +90m}, {@code now-1d}, and {@code 17:00} (the next 17:00 UTC from now; for the end of a period, the next one
 * after its start). Relative times are rounded down to the minute.
 */
final class SrTime {
    private static final Pattern RELATIVE = Pattern.compile("(?:now)?\\s*([+-])\\s*(\\d{1,6})\\s*([smhd])");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})");

    private SrTime() {
    }

    static Instant parse(String option, String text, Supplier<Instant> now) {
        return parse(option, text, now, null);
    }

    /** As {@link #parse(String, String, Supplier)}; a time of day is the next one after {@code after} when given. */
    static Instant parse(String option, String text, Supplier<Instant> now, Instant after) {
        String t = text.trim();
        if (t.equalsIgnoreCase("now")) {
            return now.get().truncatedTo(ChronoUnit.MINUTES);
        }
        Matcher r = RELATIVE.matcher(t.toLowerCase());
        if (r.matches()) {
            long n = Long.parseLong(r.group(2));
            Duration d = switch (r.group(3)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            Instant base = now.get().truncatedTo(ChronoUnit.MINUTES);
            return r.group(1).equals("+") ? base.plus(d) : base.minus(d);
        }
        Matcher c = CLOCK.matcher(t);
        if (c.matches()) {
            int h = Integer.parseInt(c.group(1));
            int m = Integer.parseInt(c.group(2));
            if (h > 23 || m > 59) {
                throw new UserError(ExitCodes.BAD_INPUT, option + " " + text + " is not a time of day");
            }
            Instant n = after != null ? after : now.get();
            Instant today = n.atOffset(ZoneOffset.UTC).toLocalDate().atTime(LocalTime.of(h, m)).toInstant(ZoneOffset.UTC);
            return today.isAfter(n) ? today : today.plus(Duration.ofDays(1));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserError(ExitCodes.BAD_INPUT, option + " " + text + " is not a time: give an instant like "
                    + "2026-06-01T17:00:00Z, or now, now+2h, +90m, 17:00 (UTC, the next one)");
        }
    }
}
