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

    /** Text content: {@code & < >} and CR (which a reader would otherwise turn into LF). */
    static void text(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '\r': out.append("&#xD;"); break;
                default: out.append(c);
            }
        }
    }

    /** An attribute value: {@code & < "} and TAB, LF, CR (which attribute-value normalisation would turn into spaces). */
    static void attribute(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '"': out.append("&quot;"); break;
                case '\t': out.append("&#x9;"); break;
                case '\n': out.append("&#xA;"); break;
                case '\r': out.append("&#xD;"); break;
                default: out.append(c);
            }
        }
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
