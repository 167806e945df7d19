package org.dccsim.gbcs.payload;

import java.util.Arrays;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.dlms.XdlmsApdu;

/**
 * The content of a GBCS message, by family. DLMS is decoded into xDLMS APDUs; GBZ (ZigBee, for gas devices)
 * and ASN.1 DER (security credentials, firmware) are carried as bytes, since the ESME and SAPC use cases do
 * not need their insides.
 */
public sealed interface Payload {

    record Dlms(XdlmsApdu apdu) implements Payload {
    }

    record Gbz(byte[] bytes) implements Payload {
        public Gbz {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Gbz g && Arrays.equals(bytes, g.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Gbz[" + Hex.encode(bytes) + "]";
        }
    }

    record Asn1(byte[] bytes) implements Payload {
        public Asn1 {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Asn1 a && Arrays.equals(bytes, a.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Asn1[" + Hex.encode(bytes) + "]";
        }
    }
}
