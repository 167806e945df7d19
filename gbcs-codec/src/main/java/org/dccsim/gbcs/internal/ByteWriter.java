package org.dccsim.gbcs.internal;

import java.util.Arrays;

/** A growable byte buffer for encoders. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public int size() {
        return size;
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u32(long v) {
        ensure(4);
        for (int i = 3; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public ByteWriter u64(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Minimal BER definite length. */
    public ByteWriter berLength(int len) {
        if (len < 0) {
            throw new IllegalArgumentException("negative length " + len);
        }
        if (len < 0x80) {
            return u8(len);
        }
        if (len < 0x100) {
            return u8(0x81).u8(len);
        }
        if (len < 0x10000) {
            return u8(0x82).u16(len);
        }
        if (len < 0x1000000) {
            return u8(0x83).u8(len >>> 16).u16(len & 0xFFFF);
        }
        throw new IllegalArgumentException("length " + len + " too large for GBCS");
    }

    public static int berLengthSize(int len) {
        return len < 0x80 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 4;
    }

    /** Length-prefixed bytes (an octet-string body). */
    public ByteWriter lengthPrefixed(byte[] b) {
        berLength(b.length);
        return bytes(b);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
