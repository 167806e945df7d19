package org.dccsim.gbcs.frame;

import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.internal.ByteReader;

/**
 * Decodes GBCS Remote Party messages (General-Ciphering MAC header and General-Signing APDU) from bytes.
 *
 * <p>Stateless and thread-safe. It never throws anything but {@link GbcsDecodeException}: every length is
 * checked against the bytes that remain before anything is allocated, and frames over the cap are refused
 * before they are read.
 */
public final class GbcsFrameDecoder {
    /**
     * The default cap. GBCS messages in the RTDS are under 2 KiB; GBCS bounds a message by what a comms hub
     * carries (General Block Transfer splits larger ones), so 64 KiB leaves room without inviting abuse.
     */
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;

    public static final int MAC_HEADER_TAG = 0xDD;
    /** Security control byte of the MAC header: authentication only, security suite 1 (GBCS 4.3.x). */
    public static final int SECURITY_CONTROL_AUTHENTICATED = 0x11;

    private final int maxFrameSize;

    public GbcsFrameDecoder() {
        this(DEFAULT_MAX_FRAME_SIZE);
    }

    public GbcsFrameDecoder(int maxFrameSize) {
        if (maxFrameSize < 32) {
            throw new IllegalArgumentException("frame cap too small: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public GbcsMessage decode(byte[] wire) throws GbcsDecodeException {
        if (wire == null || wire.length == 0) {
            throw new GbcsDecodeException(Reason.TRUNCATED, 0, "empty input");
        }
        if (wire.length > maxFrameSize) {
            throw new GbcsDecodeException(Reason.FRAME_TOO_LARGE, 0,
                    wire.length + " bytes exceeds the cap of " + maxFrameSize);
        }
        int tag = wire[0] & 0xFF;
        if (tag == GeneralSigningApdu.TAG) {
            return new GbcsMessage.Bare(decodeApdu(new ByteReader(wire)));
        }
        if (tag != MAC_HEADER_TAG) {
            throw new GbcsDecodeException(Reason.UNEXPECTED_TAG, 0,
                    String.format("expected DD (MAC header) or DF (General-Signing), found %02X", tag));
        }
        ByteReader r = new ByteReader(wire);
        r.skip(1);
        // GBCS leaves the five General-Ciphering header fields empty and key-info absent (GBCS 4.3.2, RTDS).
        for (int i = 0; i < 6; i++) {
            r.expect(0x00, Reason.UNSUPPORTED_MAC_HEADER, "General-Ciphering header field");
        }
        int lengthAt = r.position();
        int cipheredLength = r.berLength();
        if (cipheredLength > r.remaining()) {
            throw new GbcsDecodeException(Reason.TRUNCATED, lengthAt,
                    "ciphered-content length " + cipheredLength + " but " + r.remaining() + " bytes left");
        }
        if (cipheredLength < r.remaining()) {
            throw new GbcsDecodeException(Reason.TRAILING_BYTES, lengthAt + cipheredLength,
                    (r.remaining() - cipheredLength) + " bytes after the MAC");
        }
        if (cipheredLength < 5 + 1 + GbcsMessage.WithMacHeader.MAC_LENGTH) {
            throw new GbcsDecodeException(Reason.TRUNCATED, lengthAt, "ciphered-content too short for a MAC");
        }
        r.expect(SECURITY_CONTROL_AUTHENTICATED, Reason.UNSUPPORTED_MAC_HEADER, "security control byte");
        for (int i = 0; i < 4; i++) {
            r.expect(0x00, Reason.UNSUPPORTED_MAC_HEADER, "invocation counter");
        }
        int apduStart = r.position();
        int macStart = wire.length - GbcsMessage.WithMacHeader.MAC_LENGTH;
        GeneralSigningApdu apdu = decodeApdu(new ByteReader(wire, apduStart, macStart - apduStart));
        byte[] mac = new byte[GbcsMessage.WithMacHeader.MAC_LENGTH];
        System.arraycopy(wire, macStart, mac, 0, mac.length);
        return new GbcsMessage.WithMacHeader(apdu, mac);
    }

    /** Decodes one General-Signing APDU that must fill the reader exactly. */
    static GeneralSigningApdu decodeApdu(ByteReader r) throws GbcsDecodeException {
        r.expect(GeneralSigningApdu.TAG, Reason.UNEXPECTED_TAG, "General-Signing tag");
        int at = r.position();
        if (r.berLength() != 9) {
            throw new GbcsDecodeException(Reason.BAD_TRANSACTION_ID, at, "transaction-id must be 9 bytes");
        }
        at = r.position();
        CraFlag cra = CraFlag.ofCode(r.u8());
        if (cra == null) {
            throw new GbcsDecodeException(Reason.BAD_TRANSACTION_ID, at, "unknown CRA flag");
        }
        long counter = r.s64();
        Eui64 originator = systemTitle(r);
        Eui64 recipient = systemTitle(r);
        at = r.position();
        int dtLength = r.berLength();
        CosemDateTime dateTime;
        if (dtLength == 0) {
            dateTime = null;
        } else if (dtLength == CosemDateTime.LENGTH) {
            r.require(CosemDateTime.LENGTH);
            dateTime = CosemDateTime.decode(r.array(), r.position());
            r.skip(CosemDateTime.LENGTH);
        } else {
            throw new GbcsDecodeException(Reason.BAD_DATE_TIME, at, "date-time must be absent or 12 bytes");
        }
        OtherInformation otherInformation = otherInformation(r);
        int contentLength = r.berLengthWithin();
        byte[] content = r.bytes(contentLength);
        SignatureField signature;
        if (!r.hasRemaining()) {
            signature = SignatureField.ABSENT;
        } else {
            at = r.position();
            int sigLength = r.berLength();
            if (sigLength == 0) {
                signature = SignatureField.NULL;
            } else if (sigLength == SignatureField.Ecdsa.LENGTH) {
                signature = new SignatureField.Ecdsa(r.bytes(sigLength));
            } else {
                throw new GbcsDecodeException(Reason.BAD_SIGNATURE_FIELD, at,
                        "signature must be absent, null or 64 bytes, not " + sigLength);
            }
        }
        if (r.hasRemaining()) {
            throw new GbcsDecodeException(Reason.TRAILING_BYTES, r.position(),
                    r.remaining() + " bytes after the signature field");
        }
        return new GeneralSigningApdu(cra, counter, originator, recipient, dateTime, otherInformation, content, signature);
    }

    private static Eui64 systemTitle(ByteReader r) throws GbcsDecodeException {
        int at = r.position();
        if (r.berLength() != 8) {
            throw new GbcsDecodeException(Reason.BAD_SYSTEM_TITLE, at, "system title must be 8 bytes");
        }
        r.require(8);
        Eui64 eui = Eui64.fromBytes(r.array(), r.position());
        r.skip(8);
        return eui;
    }

    private static OtherInformation otherInformation(ByteReader r) throws GbcsDecodeException {
        int at = r.position();
        int length = r.berLengthWithin();
        if (length != 2 && length != 10 && length != 18 && length < 26) {
            throw new GbcsDecodeException(Reason.BAD_OTHER_INFORMATION, at,
                    "other-information length " + length + " is not 2, 10, 18, 26 or longer");
        }
        int code = r.u16();
        if (length == 2) {
            return OtherInformation.of(code);
        }
        Eui64 rp = Eui64.fromBytes(r.array(), r.position());
        r.skip(8);
        if (length == 10) {
            return new OtherInformation(code, rp, null, null, null);
        }
        long rpCounter = r.s64();
        if (length == 18) {
            return new OtherInformation(code, rp, rpCounter, null, null);
        }
        if (length == 26) {
            return new OtherInformation(code, rp, rpCounter, r.s64(), null);
        }
        return new OtherInformation(code, rp, rpCounter, null, r.bytes(length - 18));
    }
}
