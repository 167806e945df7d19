package org.dccsim.gbcs;

import java.util.Locale;

/**
 * An EUI-64 Entity Identifier: the GBCS system title of a device or a remote party.
 *
 * <p>Written as 16 upper-case hex digits ({@code 00DB1234567890A0}); {@link #parse} also takes the dashed
 * form DUIS uses ({@code 00-DB-12-34-56-78-90-A0}) and lower case.
 */
public record Eui64(long value) implements Comparable<Eui64> {

    /**
     * The 64 bits mixed (MurmurHash3's finaliser), not the record's {@code Long.hashCode}: fleets number their
     * devices from bases that differ only in the high half ({@code 00DB1000...}, {@code 00DB2000...}), and folding
     * the halves together gave runs of consecutive and colliding hash codes, so a million devices in one
     * {@code Set.copyOf} (linear probing) took many minutes instead of a fraction of a second.
     */
    @Override
    public int hashCode() {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h ^ (int) (h >>> 32);
    }

    public static Eui64 of(long value) {
        return new Eui64(value);
    }

    /** Parses 16 hex digits, optionally separated by '-' or ':' between bytes. */
    public static Eui64 parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("EUI-64 is missing");
        }
        String digits = text.trim().replace("-", "").replace(":", "");
        if (digits.length() != 16) {
            throw new IllegalArgumentException("EUI-64 must be 16 hex digits, got '" + text + "'");
        }
        long v = 0;
        for (int i = 0; i < 16; i++) {
            int d = Hex.digit(digits.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("EUI-64 must be 16 hex digits, got '" + text + "'");
            }
            v = (v << 4) | d;
        }
        return new Eui64(v);
    }

    public static Eui64 fromBytes(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return new Eui64(v);
    }

    public byte[] toBytes() {
        byte[] b = new byte[8];
        writeTo(b, 0);
        return b;
    }

    public void writeTo(byte[] b, int offset) {
        for (int i = 7; i >= 0; i--) {
            b[offset + 7 - i] = (byte) (value >>> (8 * i));
        }
    }

    /** The dashed form used in DUIS RequestIDs: {@code 90-B3-D5-1F-30-01-00-00}. */
    public String dashed() {
        String h = toString();
        StringBuilder sb = new StringBuilder(23);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                sb.append('-');
            }
            sb.append(h, i, i + 2);
        }
        return sb.toString();
    }

    /** Lower-case hex, the form of the RTDS keystore file names. */
    public String fileStem() {
        return toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Sixteen upper-case hex digits. Written out by hand: request IDs, journal records and counters format EUIs on
     * every message, and String.format measured 2 % of a drill's CPU.
     */
    @Override
    public String toString() {
        char[] c = new char[16];
        for (int i = 15; i >= 0; i--) {
            c[15 - i] = HEX[(int) (value >>> (4 * i)) & 0xF];
        }
        return new String(c);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public int compareTo(Eui64 o) {
        return Long.compareUnsigned(value, o.value);
    }
}
