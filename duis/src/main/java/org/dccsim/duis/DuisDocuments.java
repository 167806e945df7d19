package org.dccsim.duis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

/**
 * Parses DUIS XML as hostile input (with Woodstox, into a DOM: {@link StaxDomReader}): no DOCTYPE (so no entities,
 * internal or external, and no XXE), no XInclude, no network access, a size cap, a depth cap, namespaces on. Optionally validates against the DUIS XSD, which is loaded
 * from a local directory with its imports resolved locally (the XMLDSig schema import is served by our own
 * lax stand-in).
 */
public final class DuisDocuments {
    /** Requests above this size are refused unread; the largest DUIS templates are a few KiB. */
    public static final int MAX_DOCUMENT_BYTES = 512 * 1024;
    /**
     * Elements nested deeper than this are refused: the deepest DUIS body (6.14.3's schedules) is under ten levels,
     * and nothing downstream need then guard its own stack against a hostile document.
     */
    public static final int MAX_DEPTH = 64;
    public static final String DUIS_NS = "http://www.dccinterface.co.uk/ServiceUserGateway";
    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    private static final DocumentBuilderFactory FACTORY = secureFactory();
    /**
     * A builder per thread, for empty documents (parsing is StaxDomReader's): the factory's newDocumentBuilder needs
     * a lock that every gateway worker contended for.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(() -> {
        try {
            synchronized (FACTORY) {
                return FACTORY.newDocumentBuilder();
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the hardened XML parser cannot be built", e);
        }
    });
    private final Schema schema;

    private DuisDocuments(Schema schema) {
        this.schema = schema;
    }

    /** Well-formedness and the checks in code only. */
    public static DuisDocuments withoutSchema() {
        return new DuisDocuments(null);
    }

    /**
     * With XSD validation: {@code xsd} is the DUIS schema file; its MMC import is looked for beside it as
     * {@code mmc-schema-v5.4.xsd} or under the name the schema gives.
     */
    public static DuisDocuments withSchema(Path xsd) throws IOException {
        if (!Files.isRegularFile(xsd)) {
            throw new IOException("DUIS schema " + xsd + " not found");
        }
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            sf.setResourceResolver(new LocalImports(xsd.getParent()));
            return new DuisDocuments(sf.newSchema(new StreamSource(xsd.toFile())));
        } catch (SAXException e) {
            throw new IOException("cannot load the DUIS schema " + xsd + ": " + e.getMessage(), e);
        }
    }

    public boolean validatesSchema() {
        return schema != null;
    }

    private static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** Parses (and, with a schema, validates) a DUIS document; every failure is a DuisException. */
    public Document parse(byte[] xml) throws DuisException {
        if (xml.length > MAX_DOCUMENT_BYTES) {
            throw new DuisException(DuisCodes.E12, "document of " + xml.length + " bytes exceeds " + MAX_DOCUMENT_BYTES);
        }
        Document doc = StaxDomReader.read(xml, newDocument());
        if (schema != null) {
            try {
                Validator v = schema.newValidator();
                v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                v.setErrorHandler(null);
                v.validate(new DOMSource(doc));
            } catch (SAXException | IOException e) {
                throw new DuisException(DuisCodes.E12, "not valid against the DUIS schema: " + oneLine(e.getMessage()));
            }
        }
        return doc;
    }

    /** An empty namespace-aware document, to build a message in. */
    public static Document newDocument() {
        return BUILDERS.get().newDocument();
    }

    /** A document as UTF-8 bytes, with an XML declaration (see {@link DomWriter}). */
    public static byte[] serialise(Document d) {
        return DomWriter.write(d);
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    /** Resolves the schema's imports from the local directory, never the network. */
    private static final class LocalImports implements LSResourceResolver {
        private final Path dir;

        LocalImports(Path dir) {
            this.dir = dir;
        }

        @Override
        public LSInput resolveResource(String type, String namespace, String publicId, String systemId, String baseUri) {
            InputStream in;
            try {
                if (DSIG_NS.equals(namespace)) {
                    in = DuisDocuments.class.getResourceAsStream("xmldsig-signature-lax.xsd");
                } else if ("http://www.dccinterface.co.uk/ResponseAndAlert".equals(namespace)) {
                    Path p = dir.resolve("mmc-schema-v5.4.xsd");
                    if (!Files.exists(p) && systemId != null) {
                        p = dir.resolve(systemId);
                    }
                    in = Files.newInputStream(p);
                } else {
                    return null;
                }
            } catch (IOException e) {
                return null;
            }
            return new Input(in, publicId, systemId, baseUri);
        }
    }

    private record Input(InputStream stream, String publicId, String systemId, String baseUri) implements LSInput {
        public java.io.Reader getCharacterStream() {
            return null;
        }

        public void setCharacterStream(java.io.Reader r) {
        }

        public InputStream getByteStream() {
            return stream;
        }

        public void setByteStream(InputStream s) {
        }

        public String getStringData() {
            return null;
        }

        public void setStringData(String s) {
        }

        public String getSystemId() {
            return systemId;
        }

        public void setSystemId(String s) {
        }

        public String getPublicId() {
            return publicId;
        }

        public void setPublicId(String s) {
        }

        public String getBaseURI() {
            return baseUri;
        }

        public void setBaseURI(String s) {
        }

        public String getEncoding() {
            return null;
        }

        public void setEncoding(String s) {
        }

        public boolean getCertifiedText() {
            return false;
        }

        public void setCertifiedText(boolean b) {
        }
    }
}
