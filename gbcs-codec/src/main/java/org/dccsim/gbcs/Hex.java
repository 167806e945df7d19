package org.dccsim.gbcs;

/** Hex text to bytes and back; tolerant of white space, strict about everything else. */
public final class Hex {
    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(byte[] bytes, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xFF;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0F];
        }
        return new String(out);
    }

    /**
     * Decodes hex digits, skipping white space (RTDS files wrap lines) and an optional {@code 0x} prefix.
     *
     * @throws GbcsDecodeException with {@link GbcsDecodeException.Reason#BAD_HEX} naming the character offset
     */
    public static byte[] decode(CharSequence text) throws GbcsDecodeException {
        int start = 0;
        int n = text.length();
        while (start < n && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start + 1 < n && text.charAt(start) == '0' && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
            start += 2;
        }
        int digits = 0;
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (digit(c) < 0) {
                throw new GbcsDecodeException(GbcsDecodeException.Reason.BAD_HEX, i, "'" + c + "' is not a hex digit");
            }
            digits++;
        }
        if ((digits & 1) != 0) {
            throw new GbcsDecodeException(GbcsDecodeException.Reason.BAD_HEX, n, "odd number of hex digits");
        }
        byte[] out = new byte[digits / 2];
        int k = 0;
        int hi = -1;
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            int d = digit(c);
            if (hi < 0) {
                hi = d;
            } else {
                out[k++] = (byte) ((hi << 4) | d);
                hi = -1;
            }
        }
        return out;
    }

    /**
     * An ASCII hex digit's value, or -1. Not Character.digit, which also takes other scripts' digits (Arabic-Indic,
     * fullwidth): hex in GBCS, DUIS and RTDS files is ASCII, and anything else is bad input.
     */
    public static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** For constants in code and tests: throws IllegalArgumentException on bad input. */
    public static byte[] of(String text) {
        try {
            return decode(text);
        } catch (GbcsDecodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
