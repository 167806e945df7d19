package org.dccsim.duis;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.w3c.dom.Document;

/**
 * A document dccsim writes (a DUIS Request or Response, a poll): every element in one namespace under one prefix,
 * declared on the root, attributes unqualified. Such a document is written straight from its {@link XmlNode}s in
 * Canonical XML 1.0 form (W3C C14N 1.0 sections 2.2 and 2.3: the one declaration on the root, attributes sorted by
 * name, empty elements as start and end tags, Canonical XML's escapes), so that the bytes sent, less the XML
 * declaration and the signature, are the very octets the enveloped signature's digest covers (DUIS-NOTES 1a). Signing
 * it ({@link DuisSignatures#sign(OutgoingDocument, java.security.PrivateKey, java.security.cert.X509Certificate)})
 * needs no DOM, no canonicalisation walk and no serialiser: those measured about a tenth of a 2,000-SAPC drill's CPU
 * (async-profiler, 2026-12-05), for documents whose every byte dccsim chooses.
 *
 * <p>Documents read from elsewhere (DCC Boxed's templates, a user's file) are DOMs, signed and canonicalised as such.
 */
public record OutgoingDocument(String prefix, String namespace, XmlNode root) {
    static final byte[] DECLARATION =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>".getBytes(StandardCharsets.US_ASCII);

    public OutgoingDocument {
        if (prefix == null || prefix.isEmpty() || namespace == null || namespace.isEmpty() || root == null) {
            throw new IllegalArgumentException("an outgoing document needs a prefix, a namespace and a root element");
        }
    }

    /** The canonical form of the whole document (no signature), as UTF-8. */
    public byte[] canonical() {
        return canonicalText().getBytes(StandardCharsets.UTF_8);
    }

    String canonicalText() {
        StringBuilder out = new StringBuilder(2048);
        writeElement(out, root, true);
        return out.toString();
    }

    /** The length of the root's end tag, which ends the canonical text. */
    int rootEndTagLength() {
        return prefix.length() + root.name().length() + 4;
    }

    /** The unsigned document as sent: the XML declaration, then its canonical form. */
    public byte[] bytes() {
        return withDeclaration(canonical());
    }

    /** The unsigned document as a DOM, for callers that sign or edit DOMs (tests, templates). */
    public Document toDocument() {
        try {
            return DuisDocuments.withoutSchema().parse(bytes());
        } catch (DuisException e) {
            throw new IllegalStateException("dccsim wrote a document it cannot read: " + e.getMessage(), e);
        }
    }

    static byte[] withDeclaration(byte[] body) {
        byte[] all = new byte[DECLARATION.length + body.length];
        System.arraycopy(DECLARATION, 0, all, 0, DECLARATION.length);
        System.arraycopy(body, 0, all, DECLARATION.length, body.length);
        return all;
    }

    /**
     * Writes {@code e} and its descendants. Nesting is bounded by what dccsim builds, so recursion is fine here.
     *
     * @throws IllegalArgumentException for a name that is not a plain unprefixed XML name (the canonical attribute order
     *                                  and the one namespace declaration rest on that), or text holding a character XML
     *                                  1.0 does not allow (section 2.2): no reader, a verifier's included, would take it
     */
    private void writeElement(StringBuilder out, XmlNode e, boolean isRoot) {
        checkName(e.name());
        out.append('<').append(prefix).append(':').append(e.name());
        if (isRoot) {
            out.append(" xmlns:").append(prefix).append("=\"");
            XmlEscapes.attribute(out, namespace);
            out.append('"');
        }
        Map<String, String> attributes = e.attributes();
        if (!attributes.isEmpty()) {
            // Unqualified attributes all have the empty namespace URI, so C14N's order is by local name.
            for (Map.Entry<String, String> a : (attributes.size() == 1 ? attributes : new TreeMap<>(attributes)).entrySet()) {
                checkName(a.getKey());
                if (a.getKey().regionMatches(true, 0, "xml", 0, 3)) {
                    throw new IllegalArgumentException("attribute " + a.getKey() + ": names beginning with xml are XML's own");
                }
                checkCharacters(a.getValue());
                out.append(' ').append(a.getKey()).append("=\"");
                XmlEscapes.attribute(out, a.getValue());
                out.append('"');
            }
        }
        out.append('>');
        if (!e.text().isEmpty()) {
            checkCharacters(e.text());
            XmlEscapes.text(out, e.text());
        }
        for (XmlNode c : e.children()) {
            writeElement(out, c, false);
        }
        out.append("</").append(prefix).append(':').append(e.name()).append('>');
    }

    /** A name of ASCII letters, digits, '.', '-' and '_', not starting with a digit, '.' or '-': DUIS's names are. */
    private static void checkName(String name) {
        boolean ok = !name.isEmpty();
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
        }
        if (!ok) {
            throw new IllegalArgumentException("\"" + name + "\" is not a plain XML name");
        }
    }

    /** XML 1.0's Char production: TAB, LF, CR, U+0020 to U+D7FF, U+E000 to U+FFFD, and whole surrogate pairs. */
    private static void checkCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                i++;
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!ok) {
                throw new IllegalArgumentException(String.format("character U+%04X is not allowed in XML 1.0", (int) c));
            }
        }
    }
}
