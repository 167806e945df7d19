package org.dccsim.duis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A DUIS service request: RequestID, command variant, service reference and variant, and the one body element. The
 * head-end reads one from a parsed document with the fields checked in code (DUIS 1a), whether or not the XSD is
 * also applied; a DCC User writes one with {@link #of} and {@link #toDocument}.
 */
public record ServiceRequest(RequestId requestId, int commandVariant, String serviceReference,
        String serviceReferenceVariant, XmlNode body, String schemaVersion) {

    private static final Pattern SR = Pattern.compile("\\d{1,2}\\.\\d{1,2}");
    private static final Pattern SRV = Pattern.compile("\\d{1,2}\\.\\d{1,2}(\\.\\d{1,2})?");

    /** The schema version dccsim writes (DUIS 5.4, the version of the XSD and the templates). */
    public static final String SCHEMA_VERSION = "5.4";

    /** A request to write: the ServiceReference is the SRV's first two levels (DUIS 1a). */
    public static ServiceRequest of(RequestId id, int commandVariant, String srv, XmlNode body) {
        String[] parts = srv.split("\\.");
        String sr = parts.length > 2 ? parts[0] + "." + parts[1] : srv;
        return new ServiceRequest(id, commandVariant, sr, srv, body, SCHEMA_VERSION);
    }

    /** The unsigned Request document, elements in the XSD's order, as dccsim writes and signs it. */
    public OutgoingDocument toXml() {
        return new OutgoingDocument("sr", DuisDocuments.DUIS_NS, XmlNode.element("Request",
                XmlNode.element("Header", XmlNode.leaf("RequestID", requestId.toString()),
                        XmlNode.leaf("CommandVariant", Integer.toString(commandVariant)),
                        XmlNode.leaf("ServiceReference", serviceReference),
                        XmlNode.leaf("ServiceReferenceVariant", serviceReferenceVariant)),
                XmlNode.element("Body", body)).withAttribute("schemaVersion", schemaVersion));
    }

    /** The unsigned Request document as a DOM. */
    public Document toDocument() {
        return toXml().toDocument();
    }

    /** The same request with another command variant (the critical flow's variant 4, then 5). */
    public ServiceRequest withCommandVariant(int cv) {
        return new ServiceRequest(requestId, cv, serviceReference, serviceReferenceVariant, body, schemaVersion);
    }

    /** The same request with another body (a scheduled request run without its ExecutionDateTime, say). */
    public ServiceRequest withBody(XmlNode newBody) {
        return new ServiceRequest(requestId, commandVariant, serviceReference, serviceReferenceVariant, newBody, schemaVersion);
    }

    public boolean signedPreCommand() {
        return "SignedPreCommand".equals(body.name());
    }

    public static ServiceRequest read(Document doc) throws DuisException {
        Element root = doc.getDocumentElement();
        if (!DuisDocuments.DUIS_NS.equals(root.getNamespaceURI()) || !"Request".equals(root.getLocalName())) {
            throw new DuisException(DuisCodes.E12, "the root element is not a DUIS sr:Request");
        }
        String version = root.getAttribute("schemaVersion");
        if (version.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "sr:Request has no schemaVersion");
        }
        List<Element> parts = elements(root);
        if (parts.size() < 2 || !isDuis(parts.get(0), "Header") || !isDuis(parts.get(1), "Body")) {
            throw new DuisException(DuisCodes.E12, "sr:Request must hold sr:Header then sr:Body");
        }
        for (int i = 2; i < parts.size(); i++) {
            Element e = parts.get(i);
            if (!(DuisDocuments.DSIG_NS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())) || i != 2
                    || parts.size() > 3) {
                throw new DuisException(DuisCodes.E12, "after sr:Body only one ds:Signature may follow");
            }
        }
        XmlNode header = XmlNode.of(parts.get(0));
        RequestId id = RequestId.parse(header.text("RequestID"));
        int cv;
        try {
            cv = Integer.parseInt(header.text("CommandVariant"));
        } catch (NumberFormatException e) {
            throw new DuisException(DuisCodes.E12, "CommandVariant is not a number");
        }
        if (cv < 1 || cv > 9) {
            throw new DuisException(DuisCodes.E12, "CommandVariant " + cv + " is not 1 to 9");
        }
        String sr = header.text("ServiceReference");
        String srv = header.text("ServiceReferenceVariant");
        if (!SR.matcher(sr).matches() || !SRV.matcher(srv).matches() || !(srv.equals(sr) || srv.startsWith(sr + "."))) {
            throw new DuisException(DuisCodes.E12, "ServiceReference " + sr + " and variant " + srv + " do not agree");
        }
        List<Element> bodies = elements(parts.get(1));
        if (bodies.size() != 1 || !DuisDocuments.DUIS_NS.equals(bodies.get(0).getNamespaceURI())) {
            throw new DuisException(DuisCodes.E12, "sr:Body must hold exactly one DUIS element");
        }
        return new ServiceRequest(id, cv, sr, srv, XmlNode.of(bodies.get(0)), version);
    }

    private static boolean isDuis(Element e, String name) {
        return DuisDocuments.DUIS_NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName());
    }

    static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
