package org.dccsim.headend.gateway;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.dccsim.headend.duis.DuisDocuments;
import org.dccsim.headend.xmldsig.DuisSignatures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds the DUIS Response documents the gateway sends (DUIS-NOTES 1b; element order from the XSD) and signs
 * them with the DCC's DSP XML-signing key, so DCC tooling validates them as it validates DCC Boxed's.
 */
public final class DuisResponses {
    private static final String NS = DuisDocuments.DUIS_NS;
    /** The GBCS version pre-commands are given for (DUIS PreCommand/GBCSVersion). */
    public static final String GBCS_VERSION = "4.2";

    private final DuisSignatures signatures;
    private final PrivateKey dspKey;
    private final X509Certificate dspCertificate;

    public DuisResponses(DuisSignatures signatures, PrivateKey dspKey, X509Certificate dspCertificate) {
        this.signatures = signatures;
        this.dspKey = dspKey;
        this.dspCertificate = dspCertificate;
    }

    /** What a ResponseMessage or alert carries. */
    public sealed interface Content {
        /** SR and SRV only: acknowledgements and errors. */
        record Empty(String sr, String srv) implements Content {
        }

        record PreCommand(String sr, String srv, byte[] gbcs) implements Content {
        }

        record GbcsPayload(String sr, String srv, byte[] gbcs) implements Content {
        }

        record DeviceAlert(int alertCode, byte[] gbcs) implements Content {
        }
    }

    public byte[] build(String requestId, String responseId, String code, Instant at, Content content) {
        Document d = DuisDocuments.newDocument();
        Element root = d.createElementNS(NS, "sr:Response");
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:sr", NS);
        root.setAttribute("schemaVersion", "5.4");
        d.appendChild(root);
        Element header = child(d, root, "Header");
        if (requestId != null) {
            text(d, header, "RequestID", requestId);
        }
        if (responseId != null) {
            text(d, header, "ResponseID", responseId);
        }
        text(d, header, "ResponseCode", code);
        text(d, header, "ResponseDateTime", DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS)));
        Element body = child(d, root, "Body");
        Base64.Encoder b64 = Base64.getEncoder();
        if (content instanceof Content.DeviceAlert a) {
            Element m = child(d, body, "DeviceAlertMessage");
            text(d, m, "AlertCode", String.format("%04X", a.alertCode()));
            text(d, m, "GBCSPayload", b64.encodeToString(a.gbcs()));
        } else {
            Element m = child(d, body, "ResponseMessage");
            if (content instanceof Content.Empty e) {
                text(d, m, "ServiceReference", e.sr());
                text(d, m, "ServiceReferenceVariant", e.srv());
            } else if (content instanceof Content.PreCommand p) {
                text(d, m, "ServiceReference", p.sr());
                text(d, m, "ServiceReferenceVariant", p.srv());
                Element pc = child(d, m, "PreCommand");
                text(d, pc, "GBCSVersion", GBCS_VERSION);
                text(d, pc, "GBCSPayload", b64.encodeToString(p.gbcs()));
            } else if (content instanceof Content.GbcsPayload g) {
                text(d, m, "ServiceReference", g.sr());
                text(d, m, "ServiceReferenceVariant", g.srv());
                text(d, m, "GBCSPayload", b64.encodeToString(g.gbcs()));
            }
        }
        signatures.sign(d, dspKey, dspCertificate);
        return serialise(d);
    }

    private static Element child(Document d, Element parent, String name) {
        Element e = d.createElementNS(NS, "sr:" + name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Document d, Element parent, String name, String value) {
        child(d, parent, name).setTextContent(value);
    }

    static byte[] serialise(Document d) {
        return DuisDocuments.serialise(d);
    }
}
