package org.dccsim.gbcs.frame;

import java.util.Arrays;
import java.util.Objects;
import org.dccsim.gbcs.Eui64;

/**
 * The other-information field of the General-Signing APDU. It always starts with the 2-byte Message Code;
 * the longer forms add, in order, the Supplementary Remote Party ID (8), the Supplementary Remote Party
 * Counter (8), and then either the Supplementary Originator Counter (8, the 26-byte form of responses to
 * Unknown Remote Party reads) or the Supplementary Remote Party's key-agreement certificate (DER, URP
 * commands). Lengths 2, 10, 18, 26 and over 26 are the forms GBCS defines.
 */
public record OtherInformation(int messageCode, Eui64 supplementaryRemotePartyId, Long supplementaryRemotePartyCounter,
        Long supplementaryOriginatorCounter, byte[] supplementaryCertificate) {

    public OtherInformation {
        if (messageCode < 0 || messageCode > 0xFFFF) {
            throw new IllegalArgumentException("message code out of range: " + messageCode);
        }
        if (supplementaryRemotePartyCounter != null && supplementaryRemotePartyId == null) {
            throw new IllegalArgumentException("a supplementary counter needs a supplementary remote party id");
        }
        if ((supplementaryOriginatorCounter != null || supplementaryCertificate != null)
                && supplementaryRemotePartyCounter == null) {
            throw new IllegalArgumentException("the 26-byte and certificate forms need a supplementary counter");
        }
        if (supplementaryOriginatorCounter != null && supplementaryCertificate != null) {
            throw new IllegalArgumentException("other-information carries an originator counter or a certificate, not both");
        }
        if (supplementaryCertificate != null) {
            if (supplementaryCertificate.length <= 8) {
                throw new IllegalArgumentException("a supplementary certificate must be longer than 8 bytes");
            }
            supplementaryCertificate = supplementaryCertificate.clone();
        }
    }

    public static OtherInformation of(int messageCode) {
        return new OtherInformation(messageCode, null, null, null, null);
    }

    /** The 18-byte form the ACB uses when it originates a command on behalf of a DCC User. */
    public static OtherInformation onBehalfOf(int messageCode, Eui64 remoteParty, long remotePartyCounter) {
        return new OtherInformation(messageCode, remoteParty, remotePartyCounter, null, null);
    }

    @Override
    public byte[] supplementaryCertificate() {
        return supplementaryCertificate == null ? null : supplementaryCertificate.clone();
    }

    public int encodedLength() {
        int n = 2;
        if (supplementaryRemotePartyId != null) {
            n += 8;
        }
        if (supplementaryRemotePartyCounter != null) {
            n += 8;
        }
        if (supplementaryOriginatorCounter != null) {
            n += 8;
        }
        if (supplementaryCertificate != null) {
            n += supplementaryCertificate.length;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OtherInformation other && messageCode == other.messageCode
                && Objects.equals(supplementaryRemotePartyId, other.supplementaryRemotePartyId)
                && Objects.equals(supplementaryRemotePartyCounter, other.supplementaryRemotePartyCounter)
                && Objects.equals(supplementaryOriginatorCounter, other.supplementaryOriginatorCounter)
                && Arrays.equals(supplementaryCertificate, other.supplementaryCertificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageCode, supplementaryRemotePartyId, supplementaryRemotePartyCounter,
                supplementaryOriginatorCounter) * 31 + Arrays.hashCode(supplementaryCertificate);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("OtherInformation[messageCode=0x%04X", messageCode));
        if (supplementaryRemotePartyId != null) {
            sb.append(", supplementaryRemotePartyId=").append(supplementaryRemotePartyId);
        }
        if (supplementaryRemotePartyCounter != null) {
            sb.append(", supplementaryRemotePartyCounter=").append(Long.toUnsignedString(supplementaryRemotePartyCounter));
        }
        if (supplementaryOriginatorCounter != null) {
            sb.append(", supplementaryOriginatorCounter=").append(Long.toUnsignedString(supplementaryOriginatorCounter));
        }
        if (supplementaryCertificate != null) {
            sb.append(", supplementaryCertificate=").append(supplementaryCertificate.length).append(" bytes");
        }
        return sb.append(']').toString();
    }
}
