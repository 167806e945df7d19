package org.dccsim.gbcs.usecase;

import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.internal.StrictDer;
import org.dccsim.gbcs.GbcsDecodeException.Reason;

/**
 * CS02g Update Load Controller Security Credentials: the ASN.1 DER a supplier (0x0126) or the Load
 * Controller itself (0x0125) sends to replace the Load Controller's certificates in a device's trust anchor
 * cell, the device's response, and the future-dated outcome alert (0x0124). Layouts are read from the RTDS
 * (GBCS section 13 is not at hand):
 *
 * <pre>
 * command  SEQUENCE { SEQUENCE { INTEGER 11, [2] { INTEGER authorising role, BIT STRING key usage },
 *                                [3] INTEGER originator counter, [6] { SEQUENCE { INTEGER role, INTEGER floor } } },
 *                     SEQUENCE OF SEQUENCE { Certificate, SEQUENCE { INTEGER role, BIT STRING key usage } },
 *                     SEQUENCE OF Certificate (certification path),
 *                     GeneralizedTime OPTIONAL (execution; 9999-12-31 23:59:59 cancels) }
 * response SEQUENCE { NULL, result }  (immediate)   |   SEQUENCE { NULL }  (future-dated accepted)
 * alert    SEQUENCE { INTEGER 8F66 or 8F67, GeneralizedTime, result }
 * result   SEQUENCE { INTEGER counter, INTEGER 11, SEQUENCE { SEQUENCE { role, floor } },
 *                     SEQUENCE OF SEQUENCE { SEQUENCE { role, usage }, ENUMERATED status,
 *                                            new EUI, new key id, prior EUI, prior key id (OCTET STRING 8 each) } }
 * </pre>
 *
 * The leading INTEGER 11 is the same in every RTDS command; we send 11 and read any value. Where DUIS's
 * ApplyTimeBasedCPVChecks is carried is not visible in the RTDS (every vector has it true), so only true is
 * supported.
 */
public final class LoadControllerCredentials {
    public static final int BY_SUPPLIER = 0x0126;
    public static final int BY_LOAD_CONTROLLER = 0x0125;
    public static final int FUTURE_DATED_ALERT = 0x0124;
    public static final int ROLE_SUPPLIER = 2;
    public static final int ROLE_LOAD_CONTROLLER = 8;
    /** X.509 KeyUsage bits as the RTDS writes them: digitalSignature (bit 0), keyAgreement (bit 4). */
    public static final int USAGE_DIGITAL_SIGNATURE = 0x80;
    public static final int USAGE_KEY_AGREEMENT = 0x08;
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_FAILED = 10;
    static final int COMMAND_TYPE = 11;
    static final Instant CANCEL = Instant.parse("9999-12-31T23:59:59Z");
    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private LoadControllerCredentials() {
    }

    /** A replacement certificate and the role and usage it is for. */
    public record Replacement(byte[] certificate, int role, int usage) {
        public Replacement {
            certificate = certificate.clone();
        }

        @Override
        public byte[] certificate() {
            return certificate.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Replacement r && role == r.role && usage == r.usage && Arrays.equals(certificate, r.certificate);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(certificate) * 31 + role * 7 + usage;
        }
    }

    /** @param execution null for immediate; {@link #CANCEL} to cancel a pending future-dated update */
    public record Command(int authorisingRole, long counter, int remotePartyRole, long floorSeqNumber,
            List<Replacement> replacements, List<byte[]> certificationPath, Instant execution) {
        public Command {
            replacements = List.copyOf(replacements);
            certificationPath = certificationPath.stream().map(byte[]::clone).toList();
        }

        public boolean cancels() {
            return CANCEL.equals(execution);
        }
    }

    /** One credential's outcome. */
    public record Replaced(int role, int usage, int status, Eui64 newParty, byte[] newKeyId, Eui64 priorParty,
            byte[] priorKeyId) {
        public Replaced {
            newKeyId = newKeyId.clone();
            priorKeyId = priorKeyId.clone();
        }
    }

    public record Result(long counter, int remotePartyRole, long floorSeqNumber, List<Replaced> replaced) {
        public Result {
            replaced = List.copyOf(replaced);
        }
    }

    public static byte[] encode(Command c) {
        ASN1EncodableVector header = new ASN1EncodableVector();
        header.add(new ASN1Integer(COMMAND_TYPE));
        header.add(new DERTaggedObject(false, 2, new DERSequence(new ASN1Encodable[] {new ASN1Integer(c.authorisingRole()),
            usage(USAGE_DIGITAL_SIGNATURE)})));
        header.add(new DERTaggedObject(false, 3, new ASN1Integer(unsigned(c.counter()))));
        header.add(new DERTaggedObject(false, 6, new DERSequence(roleAndFloor(c.remotePartyRole(), c.floorSeqNumber()))));
        ASN1EncodableVector reps = new ASN1EncodableVector();
        for (Replacement r : c.replacements()) {
            reps.add(new DERSequence(new ASN1Encodable[] {certificate(r.certificate()),
                new DERSequence(new ASN1Encodable[] {new ASN1Integer(r.role()), usage(r.usage())})}));
        }
        ASN1EncodableVector path = new ASN1EncodableVector();
        for (byte[] cert : c.certificationPath()) {
            path.add(certificate(cert));
        }
        ASN1EncodableVector all = new ASN1EncodableVector();
        all.add(new DERSequence(header));
        all.add(new DERSequence(reps));
        all.add(new DERSequence(path));
        if (c.execution() != null) {
            all.add(new DERGeneralizedTime(GENERALIZED.format(c.execution())));
        }
        return der(new DERSequence(all));
    }

    public static Command decode(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence all = ASN1Sequence.getInstance(parse(der));
            ASN1Sequence header = ASN1Sequence.getInstance(all.getObjectAt(0));
            ASN1Sequence auth = ASN1Sequence.getInstance((ASN1TaggedObject) header.getObjectAt(1), false);
            long counter = ASN1Integer.getInstance((ASN1TaggedObject) header.getObjectAt(2), false).getValue().longValue();
            ASN1Sequence rf = ASN1Sequence.getInstance(ASN1Sequence.getInstance((ASN1TaggedObject) header.getObjectAt(3), false)
                    .getObjectAt(0));
            List<Replacement> reps = new ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(all.getObjectAt(1))) {
                ASN1Sequence r = ASN1Sequence.getInstance(e);
                ASN1Sequence ru = ASN1Sequence.getInstance(r.getObjectAt(1));
                reps.add(new Replacement(r.getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER),
                        ASN1Integer.getInstance(ru.getObjectAt(0)).intValueExact(), usageOf(ru.getObjectAt(1))));
            }
            List<byte[]> path = new ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(all.getObjectAt(2))) {
                path.add(e.toASN1Primitive().getEncoded(ASN1Encoding.DER));
            }
            Instant execution = null;
            if (all.size() > 3) {
                execution = ASN1GeneralizedTime.getInstance(all.getObjectAt(3)).getDate().toInstant();
            }
            return new Command(ASN1Integer.getInstance(auth.getObjectAt(0)).intValueExact(), counter,
                    ASN1Integer.getInstance(rf.getObjectAt(0)).intValueExact(), ASN1Integer.getInstance(rf.getObjectAt(1))
                            .longValueExact(), reps, path, execution);
        } catch (IOException | RuntimeException | ParseException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a CS02g credential update: " + e.getMessage());
        }
    }

    /** The immediate response: {@code SEQUENCE { NULL, result }}. */
    public static byte[] encodeResponse(Result r) {
        return der(new DERSequence(new ASN1Encodable[] {DERNull.INSTANCE, result(r)}));
    }

    /** A future-dated update accepted (or cancelled): {@code SEQUENCE { NULL }}. */
    public static byte[] encodeAccepted() {
        return der(new DERSequence(DERNull.INSTANCE));
    }

    /** The outcome alert of a future-dated update (message code 0x0124). */
    public static byte[] encodeAlert(boolean success, Instant executed, Result r) {
        return der(new DERSequence(new ASN1Encodable[] {new ASN1Integer(success ? 0x8F66 : 0x8F67),
            new DERGeneralizedTime(GENERALIZED.format(executed)), result(r)}));
    }

    private static DERSequence result(Result r) {
        ASN1EncodableVector entries = new ASN1EncodableVector();
        for (Replaced x : r.replaced()) {
            entries.add(new DERSequence(new ASN1Encodable[] {
                new DERSequence(new ASN1Encodable[] {new ASN1Integer(x.role()), usage(x.usage())}),
                new ASN1Enumerated(x.status()), new DEROctetString(x.newParty().toBytes()), new DEROctetString(x.newKeyId()),
                new DEROctetString(x.priorParty().toBytes()), new DEROctetString(x.priorKeyId())}));
        }
        return new DERSequence(new ASN1Encodable[] {new ASN1Integer(unsigned(r.counter())), new ASN1Integer(COMMAND_TYPE),
            new DERSequence(roleAndFloor(r.remotePartyRole(), r.floorSeqNumber())), new DERSequence(entries)});
    }

    /** Reads an immediate response's result; empty for a future-dated acceptance. */
    public static java.util.Optional<Result> decodeResponse(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(parse(der));
            if (s.size() < 2) {
                return java.util.Optional.empty();
            }
            ASN1Sequence r = ASN1Sequence.getInstance(s.getObjectAt(1));
            ASN1Sequence rf = ASN1Sequence.getInstance(ASN1Sequence.getInstance(r.getObjectAt(2)).getObjectAt(0));
            List<Replaced> out = new ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(r.getObjectAt(3))) {
                ASN1Sequence x = ASN1Sequence.getInstance(e);
                ASN1Sequence ru = ASN1Sequence.getInstance(x.getObjectAt(0));
                out.add(new Replaced(ASN1Integer.getInstance(ru.getObjectAt(0)).intValueExact(), usageOf(ru.getObjectAt(1)),
                        ASN1Enumerated.getInstance(x.getObjectAt(1)).intValueExact(), eui(x.getObjectAt(2)),
                        ASN1OctetString.getInstance(x.getObjectAt(3)).getOctets(), eui(x.getObjectAt(4)),
                        ASN1OctetString.getInstance(x.getObjectAt(5)).getOctets()));
            }
            return java.util.Optional.of(new Result(ASN1Integer.getInstance(r.getObjectAt(0)).getValue().longValue(),
                    ASN1Integer.getInstance(rf.getObjectAt(0)).intValueExact(), ASN1Integer.getInstance(rf.getObjectAt(1))
                            .longValueExact(), out));
        } catch (IOException | RuntimeException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a CS02g response: " + e.getMessage());
        }
    }

    private static java.math.BigInteger unsigned(long v) {
        return new java.math.BigInteger(Long.toUnsignedString(v));
    }

    private static Eui64 eui(ASN1Encodable e) {
        byte[] b = ASN1OctetString.getInstance(e).getOctets();
        if (b.length != 8) {
            throw new IllegalArgumentException("an EUI-64 is 8 bytes");
        }
        return Eui64.fromBytes(b, 0);
    }

    private static ASN1Encodable[] roleAndFloor(int role, long floor) {
        return new ASN1Encodable[] {new DERSequence(new ASN1Encodable[] {new ASN1Integer(role), new ASN1Integer(floor)})};
    }

    private static DERBitString usage(int bits) {
        int unused = Integer.numberOfTrailingZeros(bits);
        return new DERBitString(new byte[] {(byte) bits}, unused);
    }

    private static int usageOf(ASN1Encodable e) {
        byte[] b = DERBitString.getInstance(e).getBytes();
        return b.length == 0 ? 0 : b[0] & 0xFF;
    }

    private static ASN1Primitive certificate(byte[] der) {
        try {
            return parse(der);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a DER certificate", e);
        }
    }

    /** A CS02g payload carries certificates: 64 KiB is far above any real one. */
    private static ASN1Primitive parse(byte[] der) throws IOException {
        return StrictDer.parse(der, 64 * 1024);
    }

    private static byte[] der(ASN1Encodable e) {
        return StrictDer.encode(e);
    }
}
