package org.dccsim.gbcs.frame;

import java.util.Arrays;
import java.util.Objects;
import org.dccsim.gbcs.Hex;

/**
 * A GBCS Remote Party message on the wire: a General-Signing APDU, either wrapped in the General-Ciphering MAC
 * header (commands, non-critical responses and alerts) or bare (pre-commands, signed responses, critical
 * alerts, and the few commands GBCS sends without a MAC).
 */
public sealed interface GbcsMessage {

    GeneralSigningApdu apdu();

    default int messageCode() {
        return apdu().messageCode();
    }

    /** {@code DD} MAC header + APDU + 12-byte MAC. */
    record WithMacHeader(GeneralSigningApdu apdu, byte[] mac) implements GbcsMessage {
        public static final int MAC_LENGTH = 12;

        public WithMacHeader {
            Objects.requireNonNull(apdu, "apdu");
            if (mac == null || mac.length != MAC_LENGTH) {
                throw new IllegalArgumentException("a GBCS MAC is 12 bytes");
            }
            mac = mac.clone();
        }

        @Override
        public byte[] mac() {
            return mac.clone();
        }

        byte[] macView() {
            return mac;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WithMacHeader w && apdu.equals(w.apdu) && Arrays.equals(mac, w.mac);
        }

        @Override
        public int hashCode() {
            return apdu.hashCode() * 31 + Arrays.hashCode(mac);
        }

        @Override
        public String toString() {
            return "WithMacHeader[" + apdu + ", mac=" + Hex.encode(mac) + "]";
        }
    }

    /** The bare General-Signing APDU. */
    record Bare(GeneralSigningApdu apdu) implements GbcsMessage {
        public Bare {
            Objects.requireNonNull(apdu, "apdu");
        }
    }
}
