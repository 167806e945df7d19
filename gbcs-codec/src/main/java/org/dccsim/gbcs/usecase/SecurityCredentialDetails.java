package org.dccsim.gbcs.usecase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;

/**
 * CS02a and CS02f Provide Security Credentials Details (SRV 6.24.1): which parties, and which of their keys, a
 * device's trust anchor cells hold for the roles asked. The MAC variants come from the Access Control Broker.
 * Layouts read from the RTDS (CS02aMAC, CS02fMAC):
 *
 * <pre>
 * command  SEQUENCE { SEQUENCE { INTEGER authorising role, BIT STRING key usage },  -- the ACB (4), key agreement
 *                     SEQUENCE OF INTEGER role }
 * response SEQUENCE OF SEQUENCE { INTEGER role, ENUMERATED status, INTEGER floor sequence number,
 *                                 SEQUENCE OF SEQUENCE { BIT STRING key usage, INTEGER cell index OPTIONAL (absent: 0),
 *                                                        OCTET STRING party (8), OCTET STRING key id (8) } }
 * </pre>
 *
 * Role numbers as the RTDS shows them: supplier 2, network operator 3, access control broker 4, load controller 8.
 */
public final class SecurityCredentialDetails {
    public static final int CS02A = 0x0008;
    public static final int CS02F = 0x011B;
    public static final int ROLE_SUPPLIER = 2;
    public static final int ROLE_NETWORK_OPERATOR = 3;
    public static final int ROLE_ACCESS_CONTROL_BROKER = 4;
    public static final int ROLE_LOAD_CONTROLLER = 8;
    public static final int STATUS_SUCCESS = 0;
    /**
     * The role has no cell on this device: 25, as the RTDS's ESME answers for the WAN provider's cell, which an ESME
     * does not hold (CS02aSignature ERROR). A role entry with any status but success carries no floor and no cells.
     */
    public static final int STATUS_NO_CELL = 0x19;
    private static final int MAX_ROLES = 16;
    private static final int MAX_CELLS = 8;

    private SecurityCredentialDetails() {
    }

    public record Command(int authorisingRole, int authorisingUsage, List<Integer> roles) {
        public Command {
            roles = List.copyOf(roles);
        }
    }

    public record Cell(int usage, int index, Eui64 party, byte[] keyId) {
        public Cell {
            keyId = keyId.clone();
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }
    }

    public record RoleDetails(int role, int status, long floor, List<Cell> cells) {
        public RoleDetails {
            cells = List.copyOf(cells);
        }
    }

    public static byte[] encode(Command c) {
        ASN1EncodableVector roles = new ASN1EncodableVector();
        c.roles().forEach(r -> roles.add(new ASN1Integer(r)));
        return der(new DERSequence(new ASN1Encodable[] {
            new DERSequence(new ASN1Encodable[] {new ASN1Integer(c.authorisingRole()), usage(c.authorisingUsage())}),
            new DERSequence(roles)}));
    }

    public static Command decode(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence top = ASN1Sequence.getInstance(read(der));
            ASN1Sequence auth = ASN1Sequence.getInstance(top.getObjectAt(0));
            ASN1Sequence rs = ASN1Sequence.getInstance(top.getObjectAt(1));
            if (top.size() != 2 || rs.size() > MAX_ROLES) {
                throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a credential details command");
            }
            List<Integer> roles = new ArrayList<>();
            for (ASN1Encodable r : rs) {
                roles.add(ASN1Integer.getInstance(r).intValueExact());
            }
            return new Command(ASN1Integer.getInstance(auth.getObjectAt(0)).intValueExact(),
                    usageOf(org.bouncycastle.asn1.ASN1BitString.getInstance(auth.getObjectAt(1))), roles);
        } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "credential details command: " + e.getMessage());
        }
    }

    public static byte[] encodeResponse(List<RoleDetails> details) {
        ASN1EncodableVector all = new ASN1EncodableVector();
        for (RoleDetails d : details) {
            ASN1EncodableVector cells = new ASN1EncodableVector();
            for (Cell c : d.cells()) {
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(usage(c.usage()));
                if (c.index() != 0) {
                    v.add(new ASN1Integer(c.index()));
                }
                v.add(new DEROctetString(c.party().toBytes()));
                v.add(new DEROctetString(c.keyId()));
                cells.add(new DERSequence(v));
            }
            all.add(d.status() == STATUS_SUCCESS
                    ? new DERSequence(new ASN1Encodable[] {new ASN1Integer(d.role()), new ASN1Enumerated(d.status()),
                        new ASN1Integer(d.floor()), new DERSequence(cells)})
                    : new DERSequence(new ASN1Encodable[] {new ASN1Integer(d.role()), new ASN1Enumerated(d.status())}));
        }
        // The RTDS devices write an outer length of 128 or more in the two-byte long form (82 LL LL) even when one
        // byte would do: BER, not DER; a shorter one in the short form (RTDS CS02a/CS02f answers). Written the same way
        // here, so our responses match theirs byte for byte.
        byte[] inner = der(new DERSequence(all));
        int headerLength = inner[1] >= 0 ? 2 : 2 + (inner[1] & 0x7F);
        int length = inner.length - headerLength;
        if (length < 0x80) {
            return inner;
        }
        byte[] out = new byte[4 + length];
        out[0] = 0x30;
        out[1] = (byte) 0x82;
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        System.arraycopy(inner, headerLength, out, 4, length);
        return out;
    }

    public static List<RoleDetails> decodeResponse(byte[] der) throws GbcsDecodeException {
        try {
            List<RoleDetails> out = new ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(read(der))) {
                ASN1Sequence d = ASN1Sequence.getInstance(e);
                List<Cell> cells = new ArrayList<>();
                if (d.size() == 2) {
                    // A refused role: its status alone.
                    out.add(new RoleDetails(ASN1Integer.getInstance(d.getObjectAt(0)).intValueExact(),
                            ASN1Enumerated.getInstance(d.getObjectAt(1)).intValueExact(), 0, cells));
                    continue;
                }
                ASN1Sequence cs = ASN1Sequence.getInstance(d.getObjectAt(3));
                if (cs.size() > MAX_CELLS) {
                    throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "too many cells");
                }
                for (ASN1Encodable ce : cs) {
                    ASN1Sequence c = ASN1Sequence.getInstance(ce);
                    int i = 1;
                    int index = 0;
                    if (c.size() == 4) {
                        index = ASN1Integer.getInstance(c.getObjectAt(i++)).intValueExact();
                    }
                    cells.add(new Cell(usageOf(org.bouncycastle.asn1.ASN1BitString.getInstance(c.getObjectAt(0))), index,
                            Eui64.fromBytes(ASN1OctetString.getInstance(c.getObjectAt(i)).getOctets(), 0),
                            ASN1OctetString.getInstance(c.getObjectAt(i + 1)).getOctets()));
                }
                out.add(new RoleDetails(ASN1Integer.getInstance(d.getObjectAt(0)).intValueExact(),
                        ASN1Enumerated.getInstance(d.getObjectAt(1)).intValueExact(),
                        ASN1Integer.getInstance(d.getObjectAt(2)).longValueExact(), cells));
            }
            return out;
        } catch (IllegalArgumentException | ArithmeticException | ClassCastException | IndexOutOfBoundsException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "credential details response: " + e.getMessage());
        }
    }

    /** X.509 key usage as the RTDS writes it: digitalSignature 0x80 (7 unused bits), keyAgreement 0x08 (3). */
    private static DERBitString usage(int bits) {
        return new DERBitString(new byte[] {(byte) bits}, Integer.numberOfTrailingZeros(bits & 0xFF));
    }

    private static int usageOf(org.bouncycastle.asn1.ASN1BitString b) {
        byte[] bytes = b.getBytes();
        return bytes.length == 0 ? 0 : bytes[0] & 0xFF;
    }

    private static ASN1Primitive read(byte[] der) throws GbcsDecodeException {
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not ASN.1 DER");
        }
    }

    private static byte[] der(ASN1Primitive p) {
        try {
            return p.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
