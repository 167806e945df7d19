package org.dccsim.gbcs.usecase;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.internal.StrictDer;

/**
 * Join and unjoin (GBCS 13.7; DUIS 8.7.x Join Service, 8.8.x Unjoin Service): the DCC tells a device which other
 * HAN device it may talk to locally. ASN.1 DER, as DCC's messages carry them:
 * <pre>
 * JoinDevice ::= SEQUENCE {
 *   joinMethodAndRole     INTEGER,             -- 0 method A initiator (the meter, CS03A1), 1 method A responder
 *                                              --   (the non-meter, CS03A2), 2 method B (CS03B), 3 method C (CS03C)
 *   otherDeviceID         OCTET STRING (8),    -- the other device's EUI-64
 *   otherDeviceType       INTEGER,             -- 0 GSME, 1 ESME, 2 CHF, 3 GPF, 4 HCALCS, 5 PPMID
 *   otherDeviceCertificate Certificate OPTIONAL -- method C only
 * }
 * UnjoinDevice ::= OCTET STRING (8)            -- CS04AC, CS04B: the device to forget
 * Response     ::= INTEGER                     -- 0 success
 * ReadDeviceLog ::= NULL                       -- CS07 (8.9 to a meter)
 * DeviceLog    ::= SEQUENCE { result INTEGER, devices SEQUENCE OF SEQUENCE { deviceID OCTET STRING (8),
 *                  deviceType INTEGER } }     -- the devices joined, as the other-device types above
 * </pre>
 * GBCS 13.7's text is not at hand: the field meanings are read off DCC's RTDS messages (CS03A1 joins an ESME to an
 * HCALCS of type 4; CS03A2 an HCALCS or PPMID to an ESME of type 1; CS03B a GSME to a GPF of type 3; CS03C a GSME and
 * a PPMID, type 0 and 5, with the other's certificate) and are written down in docs/device-sim.md.
 */
public final class JoinService {
    public static final int CS03A1 = 0x000D;
    public static final int CS03A2 = 0x00AB;
    public static final int CS04AC = 0x000F;
    public static final int CS07 = 0x0013;
    /** The response's result for a join or unjoin carried out. */
    public static final int SUCCESS = 0;
    /**
     * A join refused. The one error result DCC's messages show (the RTDS's CS03A1 error response); its meaning in
     * GBCS 13.7 is not at hand, so dccsim's devices answer it for every join they will not make.
     */
    public static final int REFUSED = 3;

    private JoinService() {
    }

    /** GBCS 13.7 join methods, with the part the receiving device plays. */
    public enum Method {
        A_INITIATOR(0), A_RESPONDER(1), B(2), C(3);

        private final int code;

        Method(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Method of(int code) throws GbcsDecodeException {
            for (Method m : values()) {
                if (m.code == code) {
                    return m;
                }
            }
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "no join method " + code);
        }
    }

    /** The other device's type in a join command. */
    public enum DeviceType {
        GSME(0), ESME(1), CHF(2), GPF(3), HCALCS(4), PPMID(5);

        private final int code;

        DeviceType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static DeviceType of(int code) throws GbcsDecodeException {
            for (DeviceType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "no join device type " + code);
        }
    }

    /** A join command's content (without a certificate: methods A and B). */
    public record Join(Method method, Eui64 other, DeviceType otherType) {
        /** The use case: CS03A1 for the meter initiating method A, CS03A2 for the non-meter responding. */
        public int messageCode() {
            return method == Method.A_INITIATOR ? CS03A1 : CS03A2;
        }
    }

    public static byte[] encode(Join j) {
        return der(new DERSequence(new ASN1Encodable[] {new ASN1Integer(j.method().code()), new DEROctetString(j.other().toBytes()),
            new ASN1Integer(j.otherType().code())}));
    }

    public static Join decodeJoin(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(parse(der));
            if (s.size() != 3) {
                throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "a method A or B join has 3 fields, not " + s.size());
            }
            return new Join(Method.of(small(s.getObjectAt(0))), eui(s.getObjectAt(1)), DeviceType.of(small(s.getObjectAt(2))));
        } catch (IOException | IllegalArgumentException e) {
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "not a join command: " + e.getMessage());
        }
    }

    /** An unjoin command's content: the other device's EUI as an OCTET STRING. */
    public static byte[] encodeUnjoin(Eui64 other) {
        return der(new DEROctetString(other.toBytes()));
    }

    public static Eui64 decodeUnjoin(byte[] der) throws GbcsDecodeException {
        try {
            return eui(parse(der));
        } catch (IOException | IllegalArgumentException e) {
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "not an unjoin command: " + e.getMessage());
        }
    }

    /** A join or unjoin response: the result as an INTEGER. */
    public static byte[] encodeResult(int result) {
        return der(new ASN1Integer(result));
    }

    public static int decodeResult(byte[] der) throws GbcsDecodeException {
        try {
            return small(parse(der));
        } catch (IOException | IllegalArgumentException e) {
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "not a join result: " + e.getMessage());
        }
    }

    /** One device in a meter's device log: a device it is joined with. */
    public record Joined(Eui64 device, DeviceType type) {
    }

    /** CS07's command content: NULL. */
    public static byte[] encodeReadDeviceLog() {
        return der(org.bouncycastle.asn1.DERNull.INSTANCE);
    }

    /** CS07's answer: success and the devices joined. */
    public static byte[] encodeDeviceLog(java.util.List<Joined> devices) {
        org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
        for (Joined j : devices) {
            v.add(new DERSequence(new ASN1Encodable[] {new DEROctetString(j.device().toBytes()), new ASN1Integer(j.type().code())}));
        }
        return der(new DERSequence(new ASN1Encodable[] {new ASN1Integer(SUCCESS), new DERSequence(v)}));
    }

    public static java.util.List<Joined> decodeDeviceLog(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(parse(der));
            if (s.size() != 2 || small(s.getObjectAt(0)) != SUCCESS) {
                throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "not a successful device log");
            }
            java.util.List<Joined> out = new java.util.ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(s.getObjectAt(1))) {
                ASN1Sequence d = ASN1Sequence.getInstance(e);
                out.add(new Joined(eui(d.getObjectAt(0)), DeviceType.of(small(d.getObjectAt(1)))));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "not a device log: " + e.getMessage());
        }
    }

    private static Eui64 eui(ASN1Encodable e) {
        byte[] b = ASN1OctetString.getInstance(e).getOctets();
        if (b.length != 8) {
            throw new IllegalArgumentException("a device id is 8 octets, not " + b.length);
        }
        return Eui64.fromBytes(b, 0);
    }

    private static int small(ASN1Encodable e) {
        BigInteger v = ASN1Integer.getInstance(e).getValue();
        if (v.signum() < 0 || v.bitLength() > 15) {
            throw new IllegalArgumentException("integer out of range: " + v);
        }
        return v.intValue();
    }

    /** A join, an unjoin or a device log of 15 devices is a few hundred bytes at most. */
    private static ASN1Primitive parse(byte[] der) throws IOException {
        return StrictDer.parse(der, 4096);
    }

    private static byte[] der(ASN1Encodable e) {
        return StrictDer.encode(e);
    }
}
