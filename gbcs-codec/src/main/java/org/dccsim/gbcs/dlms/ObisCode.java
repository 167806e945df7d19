package org.dccsim.gbcs.dlms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A six-byte OBIS code (IEC 62056-6-1), written {@code A-B:C.D.E.F}, e.g. {@code 1-0:1.8.0.255}. */
public record ObisCode(int a, int b, int c, int d, int e, int f) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,3})-(\\d{1,3}):(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public ObisCode {
        for (int v : new int[] {a, b, c, d, e, f}) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("OBIS value groups are bytes: " + v);
            }
        }
    }

    public static ObisCode fromBytes(byte[] x, int off) {
        return new ObisCode(x[off] & 0xFF, x[off + 1] & 0xFF, x[off + 2] & 0xFF, x[off + 3] & 0xFF, x[off + 4] & 0xFF,
                x[off + 5] & 0xFF);
    }

    public static ObisCode parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an OBIS code (A-B:C.D.E.F): '" + text + "'");
        }
        return new ObisCode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
    }

    public byte[] toBytes() {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) e, (byte) f};
    }

    @Override
    public String toString() {
        return a + "-" + b + ":" + c + "." + d + "." + e + "." + f;
    }
}
