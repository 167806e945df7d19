package org.dccsim.gbcs.frame;

import org.dccsim.gbcs.internal.ByteWriter;

/**
 * Encodes GBCS messages with minimal BER lengths, which is what every RTDS message uses; decoding then encoding
 * a message gives back the same bytes.
 */
public final class GbcsFrameEncoder {
    static final byte[] MAC_HEADER_FIELDS = {(byte) 0xDD, 0, 0, 0, 0, 0, 0};
    static final byte[] SECURITY_HEADER = {0x11, 0, 0, 0, 0};

    private GbcsFrameEncoder() {
    }

    public static byte[] encode(GbcsMessage message) {
        if (message instanceof GbcsMessage.WithMacHeader m) {
            return encodeWithMac(m.apdu(), m.macView());
        }
        return encodeApdu(message.apdu());
    }

    public static byte[] encodeWithMac(GeneralSigningApdu apdu, byte[] mac) {
        int apduLength = apduLength(apdu);
        int ciphered = SECURITY_HEADER.length + apduLength + mac.length;
        ByteWriter w = new ByteWriter(MAC_HEADER_FIELDS.length + 4 + ciphered);
        w.bytes(MAC_HEADER_FIELDS).berLength(ciphered).bytes(SECURITY_HEADER);
        writeApdu(w, apdu);
        w.bytes(mac);
        return w.toByteArray();
    }

    public static byte[] encodeApdu(GeneralSigningApdu apdu) {
        ByteWriter w = new ByteWriter(apduLength(apdu));
        writeApdu(w, apdu);
        return w.toByteArray();
    }

    /**
     * The bytes an ECDSA signature covers: everything after the {@code DF} tag up to the end of the content,
     * leaving out the signature field (GBCS 4.3.3; RTDS-verified).
     */
    public static byte[] signedBytes(GeneralSigningApdu apdu) {
        byte[] all = encodeApdu(apdu.withSignature(SignatureField.ABSENT));
        byte[] out = new byte[all.length - 1];
        System.arraycopy(all, 1, out, 0, out.length);
        return out;
    }

    public static int apduLength(GeneralSigningApdu apdu) {
        int oi = apdu.otherInformation().encodedLength();
        int content = apdu.contentLength();
        return 1 + 10 + 9 + 9 + (apdu.dateTime() == null ? 1 : 13) + ByteWriter.berLengthSize(oi) + oi
                + ByteWriter.berLengthSize(content) + content + apdu.signature().encodedLength();
    }

    static void writeApdu(ByteWriter w, GeneralSigningApdu apdu) {
        w.u8(GeneralSigningApdu.TAG);
        w.u8(9).u8(apdu.cra().code()).u64(apdu.originatorCounter());
        w.u8(8).u64(apdu.originator().value());
        w.u8(8).u64(apdu.recipient().value());
        if (apdu.dateTime() == null) {
            w.u8(0);
        } else {
            w.u8(12).bytes(apdu.dateTime().toBytes());
        }
        OtherInformation oi = apdu.otherInformation();
        w.berLength(oi.encodedLength()).u16(oi.messageCode());
        if (oi.supplementaryRemotePartyId() != null) {
            w.u64(oi.supplementaryRemotePartyId().value());
        }
        if (oi.supplementaryRemotePartyCounter() != null) {
            w.u64(oi.supplementaryRemotePartyCounter());
        }
        if (oi.supplementaryOriginatorCounter() != null) {
            w.u64(oi.supplementaryOriginatorCounter());
        }
        if (oi.supplementaryCertificate() != null) {
            w.bytes(oi.supplementaryCertificate());
        }
        w.berLength(apdu.contentLength()).bytes(apdu.contentView());
        SignatureField sig = apdu.signature();
        if (sig instanceof SignatureField.Null) {
            w.u8(0);
        } else if (sig instanceof SignatureField.Ecdsa e) {
            w.u8(SignatureField.Ecdsa.LENGTH).bytes(e.rawView());
        }
    }
}
