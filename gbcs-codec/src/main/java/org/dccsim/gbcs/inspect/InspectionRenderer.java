package org.dccsim.gbcs.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.payload.Payload;
import org.dccsim.gbcs.usecase.UseCase;

/** An {@link Inspection} as text for people and as a map for JSON. */
public final class InspectionRenderer {
    private InspectionRenderer() {
    }

    public static String text(Inspection in) {
        StringBuilder sb = new StringBuilder();
        GeneralSigningApdu a = in.message().apdu();
        sb.append(String.format("message code  0x%04X %s%n", a.messageCode(),
                in.useCase().map(UseCase::displayName).orElse("(unknown use case)")));
        sb.append("envelope      ").append(in.message() instanceof GbcsMessage.WithMacHeader
                ? "MAC header (General-Ciphering) + General-Signing" : "General-Signing, no MAC header").append('\n');
        sb.append("cra           ").append(a.cra().name().toLowerCase()).append('\n');
        sb.append("counter       ").append(Long.toUnsignedString(a.originatorCounter()))
                .append(String.format(" (0x%016X)%n", a.originatorCounter()));
        sb.append("originator    ").append(a.originator()).append('\n');
        sb.append("recipient     ").append(a.recipient()).append('\n');
        if (a.dateTime() != null) {
            sb.append("date-time     ").append(a.dateTime()).append('\n');
        }
        OtherInformation oi = a.otherInformation();
        if (oi.supplementaryRemotePartyId() != null) {
            sb.append("supp. party   ").append(oi.supplementaryRemotePartyId()).append('\n');
        }
        if (oi.supplementaryRemotePartyCounter() != null) {
            sb.append("supp. counter ").append(Long.toUnsignedString(oi.supplementaryRemotePartyCounter())).append('\n');
        }
        if (oi.supplementaryOriginatorCounter() != null) {
            sb.append("supp. orig.   ").append(Long.toUnsignedString(oi.supplementaryOriginatorCounter())).append('\n');
        }
        if (oi.supplementaryCertificate() != null) {
            sb.append("supp. cert    ").append(oi.supplementaryCertificate().length).append(" bytes\n");
        }
        sb.append("signature     ").append(signatureText(a.signature())).append('\n');
        sb.append("MAC           ").append(checkText(in.mac())).append('\n');
        sb.append("signature ok  ").append(checkText(in.signature())).append('\n');
        sb.append("re-encodes    ").append(in.reencodesExactly() ? "byte-exact" : "DIFFERENT").append('\n');
        sb.append("payload       ").append(a.contentLength()).append(" bytes, ").append(familyName(in.payload())).append('\n');
        if (in.payload() instanceof Payload.Dlms d) {
            DataRenderer.appendApdu(sb, d.apdu(), "  ");
        } else {
            sb.append("  ").append(Hex.encode(a.content())).append('\n');
            credentialDetails(a).forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        for (Inspection.Decryption d : in.decryptions()) {
            sb.append("protected payload: ").append(d.status().name().toLowerCase().replace('_', ' ')).append('\n');
            if (d.plaintext() != null) {
                DataRenderer.appendData(sb, d.plaintext(), "  ");
            }
        }
        return sb.toString();
    }

    public static Map<String, Object> tree(Inspection in) {
        Map<String, Object> m = new LinkedHashMap<>();
        GeneralSigningApdu a = in.message().apdu();
        m.put("messageCode", String.format("%04X", a.messageCode()));
        m.put("useCase", in.useCase().map(UseCase::id).orElse(null));
        m.put("useCaseName", in.useCase().map(UseCase::name).orElse(null));
        m.put("macHeader", in.message() instanceof GbcsMessage.WithMacHeader);
        m.put("cra", a.cra().name().toLowerCase());
        m.put("counter", Long.toUnsignedString(a.originatorCounter()));
        m.put("originator", a.originator().toString());
        m.put("recipient", a.recipient().toString());
        m.put("dateTime", a.dateTime() == null ? null : a.dateTime().toString());
        OtherInformation oi = a.otherInformation();
        if (oi.supplementaryRemotePartyId() != null) {
            m.put("supplementaryRemotePartyId", oi.supplementaryRemotePartyId().toString());
        }
        if (oi.supplementaryRemotePartyCounter() != null) {
            m.put("supplementaryRemotePartyCounter", Long.toUnsignedString(oi.supplementaryRemotePartyCounter()));
        }
        if (oi.supplementaryOriginatorCounter() != null) {
            m.put("supplementaryOriginatorCounter", Long.toUnsignedString(oi.supplementaryOriginatorCounter()));
        }
        m.put("signature", signatureText(a.signature()));
        m.put("macValid", in.mac().asBoolean());
        m.put("signatureValid", in.signature().asBoolean());
        m.put("reencodesExactly", in.reencodesExactly());
        if (in.payload() instanceof Payload.Dlms d) {
            m.put("payload", DataRenderer.apduTree(d.apdu()));
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("family", familyName(in.payload()));
            p.put("hex", Hex.encode(a.content()));
            List<String> details = credentialDetails(a);
            if (!details.isEmpty()) {
                p.put("credentialDetails", details);
            }
            m.put("payload", p);
        }
        if (!in.decryptions().isEmpty()) {
            List<Object> ds = new ArrayList<>();
            for (Inspection.Decryption d : in.decryptions()) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("status", d.status().name().toLowerCase());
                dm.put("plaintext", d.plaintext() == null ? null : DataRenderer.dataTree(d.plaintext()));
                ds.add(dm);
            }
            m.put("decrypted", ds);
        }
        return m;
    }

    /** CS02a/CS02f Provide Security Credentials Details in words: the roles asked, or the cells answered. */
    static List<String> credentialDetails(GeneralSigningApdu a) {
        List<String> out = new ArrayList<>();
        int code = a.messageCode();
        if (code != org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02A
                && code != org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02F) {
            return out;
        }
        try {
            if (a.cra() == org.dccsim.gbcs.frame.CraFlag.COMMAND) {
                var c = org.dccsim.gbcs.usecase.SecurityCredentialDetails.decode(a.content());
                out.add("credential details asked for roles " + c.roles() + " (authorised by role " + c.authorisingRole() + ")");
            } else {
                for (var d : org.dccsim.gbcs.usecase.SecurityCredentialDetails.decodeResponse(a.content())) {
                    out.add("role " + d.role() + ": status " + d.status() + ", floor " + d.floor());
                    for (var c : d.cells()) {
                        out.add("  " + (c.usage() == 0x80 ? "signing" : c.usage() == 0x08 ? "key agreement" : "usage " + c.usage())
                                + (c.index() == 0 ? "" : " #" + c.index()) + ": " + c.party() + " key " + Hex.encode(c.keyId()));
                    }
                }
            }
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            out.add("(not readable as credential details: " + e.getMessage() + ")");
        }
        return out;
    }

    static String familyName(Payload p) {
        if (p instanceof Payload.Dlms) {
            return "DLMS";
        }
        return p instanceof Payload.Gbz ? "GBZ (ZigBee)" : "ASN.1 DER";
    }

    static String signatureText(SignatureField s) {
        if (s instanceof SignatureField.Absent) {
            return "absent";
        }
        return s instanceof SignatureField.Null ? "null" : "ECDSA P-256 " + Hex.encode(((SignatureField.Ecdsa) s).rs());
    }

    static String checkText(Check c) {
        switch (c) {
            case VALID: return "valid";
            case INVALID: return "INVALID";
            default: return "not checked (no MAC/signature, or no keys: use --keys DIR)";
        }
    }
}
