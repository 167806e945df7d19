package org.dccsim.gbcs.frame;

import org.dccsim.gbcs.internal.ByteWriter;

/**
 * Where the parts of an encoded message lie, so MACs and signatures can be checked over the received bytes
 * without re-encoding. Because the decoder accepts only minimal lengths, the layout follows from the decoded
 * message alone.
 *
 * @param apduOffset   first byte of the General-Signing APDU (its {@code DF} tag)
 * @param apduLength   the APDU through the end of its signature field (the MAC's AAD after the 6-byte prefix)
 * @param signedLength bytes covered by an ECDSA signature, starting at {@code apduOffset + 1}
 * @param macOffset    first byte of the 12-byte MAC, or -1 without a MAC header
 */
public record FrameLayout(int apduOffset, int apduLength, int signedLength, int macOffset) {

    public static FrameLayout of(GbcsMessage message) {
        GeneralSigningApdu apdu = message.apdu();
        int apduLength = GbcsFrameEncoder.apduLength(apdu);
        int signedLength = apduLength - 1 - apdu.signature().encodedLength();
        if (message instanceof GbcsMessage.WithMacHeader) {
            int ciphered = GbcsFrameEncoder.SECURITY_HEADER.length + apduLength + GbcsMessage.WithMacHeader.MAC_LENGTH;
            int apduOffset = GbcsFrameEncoder.MAC_HEADER_FIELDS.length + ByteWriter.berLengthSize(ciphered)
                    + GbcsFrameEncoder.SECURITY_HEADER.length;
            return new FrameLayout(apduOffset, apduLength, signedLength, apduOffset + apduLength);
        }
        return new FrameLayout(0, apduLength, signedLength, -1);
    }

    public int signedOffset() {
        return apduOffset + 1;
    }
}
