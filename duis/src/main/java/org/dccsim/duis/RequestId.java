package org.dccsim.duis;

import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;

/**
 * A DUIS RequestID, {@code originator:target:counter}: two dashed EUI-64s and a decimal unsigned 64-bit
 * counter that becomes the GBCS originator counter (DUIS 1a).
 */
public record RequestId(Eui64 originator, Eui64 target, long counter) {
    private static final String MAX_COUNTER = "18446744073709551615";

    /**
     * Parses {@code originator:target:counter}: each EUI-64 as eight dashed pairs of hex digits, the counter in
     * decimal without leading zeros and at most 2^64 - 1. Read by hand rather than with a regular expression: the
     * head-end parses every request's ID, and a matcher cost more than the rest of the request's header.
     */
    public static RequestId parse(String text) throws DuisException {
        String t = text == null ? "" : text.trim();
        // 23 characters per dashed EUI-64, a colon after each, then 1 to 20 digits.
        int digits = t.length() - 48;
        if (digits < 1 || digits > 20 || t.charAt(23) != ':' || t.charAt(47) != ':') {
            throw malformed(text);
        }
        long originator = dashedEui(t, 0, text);
        long target = dashedEui(t, 24, text);
        String counter = t.substring(48);
        for (int i = 0; i < counter.length(); i++) {
            char c = counter.charAt(i);
            if (c < '0' || c > '9' || i == 0 && c == '0' && counter.length() > 1) {
                throw malformed(text);
            }
        }
        if (counter.length() == 20 && counter.compareTo(MAX_COUNTER) > 0) {
            throw new DuisException(DuisCodes.E12, "RequestID counter exceeds 64 bits");
        }
        return new RequestId(new Eui64(originator), new Eui64(target), Long.parseUnsignedLong(counter));
    }

    private static DuisException malformed(String text) {
        return new DuisException(DuisCodes.E12, "RequestID '" + text + "' is not originator:target:counter");
    }

    /** The EUI-64 written {@code XX-XX-...-XX} at {@code at}. */
    private static long dashedEui(String t, int at, String text) throws DuisException {
        long v = 0;
        for (int pair = 0; pair < 8; pair++) {
            int i = at + pair * 3;
            if (pair > 0 && t.charAt(i - 1) != '-') {
                throw malformed(text);
            }
            int hi = Hex.digit(t.charAt(i));
            int lo = Hex.digit(t.charAt(i + 1));
            if (hi < 0 || lo < 0) {
                throw malformed(text);
            }
            v = v << 8 | hi << 4 | lo;
        }
        return v;
    }

    @Override
    public String toString() {
        return originator.dashed() + ":" + target.dashed() + ":" + Long.toUnsignedString(counter);
    }
}
