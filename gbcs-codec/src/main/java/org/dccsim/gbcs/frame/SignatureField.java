package org.dccsim.gbcs.frame;

import java.util.Arrays;
import org.dccsim.gbcs.Hex;

/**
 * The signature field that closes a General-Signing APDU: absent (pre-commands as RTDS 4.5.0 writes them), a
 * zero-length "null" signature ({@code 00}: non-critical messages, and pre-commands as DUIS describes them), or
 * {@code 40} followed by a raw 64-byte ECDSA P-256 r||s.
 */
public sealed interface SignatureField {

    /** Bytes this field takes on the wire. */
    int encodedLength();

    Absent ABSENT = new Absent();
    Null NULL = new Null();

    static Ecdsa ecdsa(byte[] rs) {
        return new Ecdsa(rs);
    }

    record Absent() implements SignatureField {
        @Override
        public int encodedLength() {
            return 0;
        }
    }

    record Null() implements SignatureField {
        @Override
        public int encodedLength() {
            return 1;
        }
    }

    record Ecdsa(byte[] rs) implements SignatureField {
        public static final int LENGTH = 64;

        public Ecdsa {
            if (rs == null || rs.length != LENGTH) {
                throw new IllegalArgumentException("an ECDSA P-256 signature is 64 bytes r||s");
            }
            rs = rs.clone();
        }

        @Override
        public byte[] rs() {
            return rs.clone();
        }

        /** The signature bytes without a copy, for encoders in this module. */
        byte[] rawView() {
            return rs;
        }

        @Override
        public int encodedLength() {
            return 1 + LENGTH;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ecdsa e && Arrays.equals(rs, e.rs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(rs);
        }

        @Override
        public String toString() {
            return "Ecdsa[" + Hex.encode(rs) + "]";
        }
    }
}
