package org.dccsim.duis;

import org.w3c.dom.Attr;
import org.w3c.dom.Node;

/**
 * What {@link DomWriter} and {@link Canonicaliser} write alike: Canonical XML's escapes (C14N 1.0 section 2.3),
 * which are also well-formed XML that reads back to the same characters, and the test for a namespace
 * declaration among a DOM's attributes.
 */
final class XmlEscapes {
    static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";
    static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

    private XmlEscapes() {
    }

    /**
     * Text content: {@code & < >} and CR (which a reader would otherwise turn into LF). Runs of characters that need
     * no escape are copied in one append: most text is base64 (payloads, certificates, signatures) with none at all.
     */
    static void text(StringBuilder out, String s) {
        escape(out, s, false);
    }

    /** An attribute value: {@code & < "} and TAB, LF, CR (which attribute-value normalisation would turn into spaces). */
    static void attribute(StringBuilder out, String s) {
        escape(out, s, true);
    }

    private static void escape(StringBuilder out, String s, boolean attribute) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            String escape = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '\r' -> "&#xD;";
                case '>' -> attribute ? null : "&gt;";
                case '"' -> attribute ? "&quot;" : null;
                case '\t' -> attribute ? "&#x9;" : null;
                case '\n' -> attribute ? "&#xA;" : null;
                default -> null;
            };
            if (escape != null) {
                out.append(s, run, i).append(escape);
                run = i + 1;
            }
        }
        out.append(s, run, s.length());
    }

    static void processingInstruction(StringBuilder out, Node n) {
        out.append("<?").append(n.getNodeName());
        if (!n.getNodeValue().isEmpty()) {
            out.append(' ').append(n.getNodeValue());
        }
        out.append("?>");
    }

    static boolean isDeclaration(Attr a) {
        return XMLNS_NS.equals(a.getNamespaceURI()) || "xmlns".equals(a.getNodeName()) || a.getNodeName().startsWith("xmlns:");
    }
}
