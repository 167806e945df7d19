package org.dccsim.gbcs.payload;

import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.usecase.PayloadFamily;
import org.dccsim.gbcs.usecase.UseCase;
import org.dccsim.gbcs.usecase.UseCaseRegistry;

/**
 * Picks the payload family by message code first (as the frame carries no family tag) and by the first bytes
 * when the code is unknown or shared by families (GBCS-NOTES a.7: D9/DA/0F DLMS, 01 09 GBZ, 30/02/04/05 DER).
 */
public final class PayloadCodec {
    private PayloadCodec() {
    }

    public static PayloadFamily family(int messageCode, byte[] content) {
        PayloadFamily f = UseCaseRegistry.standard().byMessageCode(messageCode).map(UseCase::payloadFamily)
                .orElse(PayloadFamily.UNKNOWN);
        if (f != PayloadFamily.UNKNOWN) {
            return f;
        }
        if (content.length == 0) {
            return PayloadFamily.UNKNOWN;
        }
        int b0 = content[0] & 0xFF;
        if (b0 == XdlmsApdu.ACCESS_REQUEST || b0 == XdlmsApdu.ACCESS_RESPONSE || b0 == XdlmsApdu.DATA_NOTIFICATION) {
            return PayloadFamily.DLMS;
        }
        if (b0 == 0x01 && content.length > 1 && content[1] == 0x09) {
            return PayloadFamily.GBZ;
        }
        if (b0 == 0x30 || b0 == 0x02 || b0 == 0x04 || b0 == 0x05) {
            return PayloadFamily.ASN1_DER;
        }
        return PayloadFamily.UNKNOWN;
    }

    public static Payload decode(int messageCode, byte[] content) throws GbcsDecodeException {
        switch (family(messageCode, content)) {
            case DLMS:
                return new Payload.Dlms(XdlmsCodec.decode(content));
            case GBZ:
                return new Payload.Gbz(content);
            case ASN1_DER:
                return new Payload.Asn1(content);
            default:
                throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, String.format(
                        "cannot tell the payload family of message code 0x%04X from its content", messageCode));
        }
    }

    public static byte[] encode(Payload payload) {
        if (payload instanceof Payload.Dlms d) {
            return XdlmsCodec.encode(d.apdu());
        }
        if (payload instanceof Payload.Gbz g) {
            return g.bytes();
        }
        return ((Payload.Asn1) payload).bytes();
    }
}
