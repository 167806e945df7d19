package org.dccsim.duis;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dccsim.gbcs.Eui64;

/**
 * A DUIS RequestID, {@code originator:target:counter}: two dashed EUI-64s and a decimal unsigned 64-bit
 * counter that becomes the GBCS originator counter (DUIS 1a).
 */
public record RequestId(Eui64 originator, Eui64 target, long counter) {
    private static final Pattern FORMAT = Pattern.compile(
            "((?:[0-9A-Fa-f]{2}-){7}[0-9A-Fa-f]{2}):((?:[0-9A-Fa-f]{2}-){7}[0-9A-Fa-f]{2}):(0|[1-9][0-9]{0,19})");
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public static RequestId parse(String text) throws DuisException {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new DuisException(DuisCodes.E12, "RequestID '" + text + "' is not originator:target:counter");
        }
        BigInteger counter = new BigInteger(m.group(3));
        if (counter.compareTo(MAX) > 0) {
            throw new DuisException(DuisCodes.E12, "RequestID counter exceeds 64 bits");
        }
        return new RequestId(Eui64.parse(m.group(1)), Eui64.parse(m.group(2)), counter.longValue());
    }

    @Override
    public String toString() {
        return originator.dashed() + ":" + target.dashed() + ":" + Long.toUnsignedString(counter);
    }
}
