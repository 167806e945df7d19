package org.dccsim.gbcs.internal;

import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;

/**
 * A bounds-checked cursor over a byte array. Every read checks what remains first, so a hostile length field
 * can never cause an allocation larger than the input that is actually there.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    public byte[] array() {
        return buf;
    }

    public void require(int n) throws GbcsDecodeException {
        if (n < 0 || n > limit - pos) {
            throw new GbcsDecodeException(Reason.TRUNCATED, pos, "need " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    public int peek() throws GbcsDecodeException {
        require(1);
        return buf[pos] & 0xFF;
    }

    public int u8() throws GbcsDecodeException {
        require(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() throws GbcsDecodeException {
        require(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int s32() throws GbcsDecodeException {
        require(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long u32() throws GbcsDecodeException {
        return s32() & 0xFFFFFFFFL;
    }

    public long s64() throws GbcsDecodeException {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    public byte[] bytes(int n) throws GbcsDecodeException {
        require(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) throws GbcsDecodeException {
        require(n);
        pos += n;
    }

    public void expect(int value, Reason reason, String what) throws GbcsDecodeException {
        int at = pos;
        int v = u8();
        if (v != value) {
            throw new GbcsDecodeException(reason, at,
                    String.format("%s: expected %02X, found %02X", what, value, v));
        }
    }

    /**
     * A BER definite length (GBCS uses it for every frame length and A-XDR uses it for every quantity). Only
     * the minimal form is accepted: every RTDS message uses it, and accepting one encoding per value keeps
     * decode-then-encode byte-exact.
     */
    public int berLength() throws GbcsDecodeException {
        int at = pos;
        int first = u8();
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7F;
        if (n == 0 || n > 3) {
            throw new GbcsDecodeException(Reason.BAD_LENGTH, at, String.format("length form %02X not supported", first));
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8();
        }
        if (v < 0x80 || (n >= 2 && v < 0x100) || (n == 3 && v < 0x10000)) {
            throw new GbcsDecodeException(Reason.BAD_LENGTH, at, "length " + v + " not in its minimal form");
        }
        return v;
    }

    /** A length that must also fit in what remains: the guard against allocation from a length field. */
    public int berLengthWithin() throws GbcsDecodeException {
        int at = pos;
        int v = berLength();
        if (v > remaining()) {
            throw new GbcsDecodeException(Reason.TRUNCATED, at, "length " + v + " but " + remaining() + " bytes left");
        }
        return v;
    }
}
