package org.dccsim.gbcs.dlms;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;

/**
 * The 12-byte COSEM date-time (DLMS Blue Book 4.1.6.1), which GBCS always carries as an octet-string(12): year
 * (2), month, day-of-month, day-of-week, hour, minute, second, hundredths, deviation (int16, 0x8000 = not
 * specified) and clock status. Every byte is kept, so wildcards (0xFF, 0xFFFF) and the GBCS NOW and NEVER
 * patterns round-trip exactly.
 */
public record CosemDateTime(int year, int month, int day, int dayOfWeek, int hour, int minute, int second,
        int hundredths, int deviation, int clockStatus) {

    public static final int LENGTH = 12;
    public static final int DEVIATION_NOT_SPECIFIED = 0x8000;
    public static final int NOT_SPECIFIED = 0xFF;

    /** All zero with deviation unspecified: GBCS "execute now" when used as an activation time. */
    public static final CosemDateTime NOW = new CosemDateTime(0, 0, 0, 0, 0, 0, 0, 0, DEVIATION_NOT_SPECIFIED, 0xFF);
    /** All 0xFF: GBCS "never", cancels a pending future-dated activation (ECS46c/46d). */
    public static final CosemDateTime NEVER = new CosemDateTime(0xFFFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            DEVIATION_NOT_SPECIFIED, 0xFF);

    public static CosemDateTime decode(byte[] b, int off) throws GbcsDecodeException {
        if (b.length - off < LENGTH) {
            throw new GbcsDecodeException(Reason.BAD_DATE_TIME, off, "date-time needs 12 bytes");
        }
        return new CosemDateTime(((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF), b[off + 2] & 0xFF, b[off + 3] & 0xFF,
                b[off + 4] & 0xFF, b[off + 5] & 0xFF, b[off + 6] & 0xFF, b[off + 7] & 0xFF, b[off + 8] & 0xFF,
                ((b[off + 9] & 0xFF) << 8) | (b[off + 10] & 0xFF), b[off + 11] & 0xFF);
    }

    public static CosemDateTime of(byte[] twelveBytes) throws GbcsDecodeException {
        if (twelveBytes.length != LENGTH) {
            throw new GbcsDecodeException(Reason.BAD_DATE_TIME, 0, "date-time needs 12 bytes, got " + twelveBytes.length);
        }
        return decode(twelveBytes, 0);
    }

    /**
     * A UTC instant written the way the RTDS devices write one: day-of-week, deviation and clock status all
     * "not specified" (0xFF, 0x8000, 0xFF).
     */
    public static CosemDateTime ofInstant(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return new CosemDateTime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), NOT_SPECIFIED, t.getHour(),
                t.getMinute(), t.getSecond(), t.getNano() / 10_000_000, DEVIATION_NOT_SPECIFIED, NOT_SPECIFIED);
    }

    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) (year >>> 8);
        b[1] = (byte) year;
        b[2] = (byte) month;
        b[3] = (byte) day;
        b[4] = (byte) dayOfWeek;
        b[5] = (byte) hour;
        b[6] = (byte) minute;
        b[7] = (byte) second;
        b[8] = (byte) hundredths;
        b[9] = (byte) (deviation >>> 8);
        b[10] = (byte) deviation;
        b[11] = (byte) clockStatus;
        return b;
    }

    public boolean isNow() {
        return equals(NOW);
    }

    public boolean isNever() {
        return year == 0xFFFF && month == 0xFF && day == 0xFF && hour == 0xFF;
    }

    /**
     * The instant this names, read as UTC. GBCS devices keep UTC and write the deviation as "not specified"; a
     * specified deviation is ignored here rather than guessed at. Empty for NOW, NEVER and wildcard patterns.
     */
    public Optional<Instant> toInstant() {
        if (year == 0xFFFF || year == 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23
                || minute > 59 || second > 59) {
            return Optional.empty();
        }
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second,
                    hundredths == 0xFF ? 0 : Math.min(hundredths, 99) * 10_000_000);
            return Optional.of(t.toInstant(ZoneOffset.UTC));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        if (isNow()) {
            return "NOW";
        }
        if (isNever()) {
            return "NEVER";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(year == 0xFFFF ? "****" : String.format(Locale.ROOT, "%04d", year)).append('-')
                .append(two(month)).append('-').append(two(day)).append('T').append(two(hour)).append(':')
                .append(two(minute)).append(':').append(two(second));
        if (hundredths != 0 && hundredths != 0xFF) {
            sb.append('.').append(two(hundredths));
        }
        if (deviation == DEVIATION_NOT_SPECIFIED) {
            sb.append('Z');
        } else {
            sb.append(String.format(Locale.ROOT, " dev=%d", (short) deviation));
        }
        if (dayOfWeek >= 1 && dayOfWeek <= 7) {
            sb.append(' ').append(DayOfWeek.of(dayOfWeek).name(), 0, 3);
        }
        return sb.toString();
    }

    private static String two(int v) {
        return v == 0xFF ? "**" : String.format(Locale.ROOT, "%02d", v);
    }
}
