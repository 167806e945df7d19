package org.dccsim.gbcs.frame;

import java.util.Arrays;
import java.util.Objects;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.dlms.CosemDateTime;

/**
 * The General-Signing APDU (tag {@code DF}), which GBCS calls the Grouping Header plus its content: the
 * transaction-id (CRA flag and the originator counter), originator and recipient system titles, an optional
 * date-time (present only in some responses), other-information (message code and supplementary fields), the
 * content (a DLMS APDU, a GBZ payload or ASN.1 DER) and the signature field.
 */
public record GeneralSigningApdu(CraFlag cra, long originatorCounter, Eui64 originator, Eui64 recipient,
        CosemDateTime dateTime, OtherInformation otherInformation, byte[] content, SignatureField signature) {

    public static final int TAG = 0xDF;

    public GeneralSigningApdu {
        Objects.requireNonNull(cra, "cra");
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(otherInformation, "otherInformation");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signature, "signature");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content without a copy; frame encoders and decoders in this module only. */
    byte[] contentView() {
        return content;
    }

    public int messageCode() {
        return otherInformation.messageCode();
    }

    public int contentLength() {
        return content.length;
    }

    /** The xDLMS invoke-id GBCS uses: the low 24 bits of the originator counter. */
    public int invokeId() {
        return (int) (originatorCounter & 0xFFFFFF);
    }

    public GeneralSigningApdu withSignature(SignatureField newSignature) {
        return new GeneralSigningApdu(cra, originatorCounter, originator, recipient, dateTime, otherInformation,
                content, newSignature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneralSigningApdu g && cra == g.cra && originatorCounter == g.originatorCounter
                && originator.equals(g.originator) && recipient.equals(g.recipient)
                && Objects.equals(dateTime, g.dateTime) && otherInformation.equals(g.otherInformation)
                && Arrays.equals(content, g.content) && signature.equals(g.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cra, originatorCounter, originator, recipient, dateTime, otherInformation, signature) * 31
                + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "GeneralSigningApdu[cra=" + cra + ", counter=" + Long.toUnsignedString(originatorCounter)
                + ", originator=" + originator + ", recipient=" + recipient + ", dateTime=" + dateTime + ", "
                + otherInformation + ", content=" + Hex.encode(content) + ", signature=" + signature + "]";
    }
}
