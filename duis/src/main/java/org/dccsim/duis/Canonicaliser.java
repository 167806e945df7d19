package org.dccsim.duis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The two canonicalisations DUIS's one XML-signature profile needs (DUIS-NOTES 1a), over a DOM, without comments:
 * <ul>
 *   <li>{@link #document}: Canonical XML 1.0 (W3C, 2001) of a whole document less one element, which is what an
 *       enveloped-signature transform followed by the default canonicalisation gives the Reference's digest;</li>
 *   <li>{@link #exclusive}: Exclusive XML Canonicalization 1.0 of one element's subtree, no InclusiveNamespaces,
 *       which is what SignedInfo is signed as.</li>
 * </ul>
 * Namespace declarations are taken from xmlns attributes, plus, for a DOM built with createElementNS alone, the
 * declarations {@link DomWriter} writes for prefixes used but not declared, so that the canonical form of a DOM
 * signed in memory is the canonical form of the bytes written from it.
 *
 * <p>Rules (C14N 1.0 sections 2.2, 2.3; Exc-C14N section 3): namespace declarations first, sorted by prefix with
 * the default first, then attributes sorted by namespace URI and local name; empty elements as start and end
 * tags; text escapes {@code & < >} and CR, attribute values {@code & < "} and TAB, LF, CR; comments left out;
 * processing instructions outside the document element get a line feed on the side facing it. Iterative.
 */
final class Canonicaliser {
    private static final Comparator<Attr> ATTRIBUTE_ORDER = Comparator
            .comparing((Attr a) -> a.getNamespaceURI() == null ? "" : a.getNamespaceURI())
            .thenComparing(a -> a.getLocalName() == null ? a.getNodeName() : a.getLocalName());

    /** A scope with no declarations: most DUIS elements declare nothing and render nothing. */
    private static final Map<String, String> NONE = Map.of();
    /**
     * The output buffer, one per thread and reused: a canonical form is written and turned into bytes before the next
     * starts on the same thread. A builder grown past {@link #KEPT_CAPACITY} by a large document is not kept.
     */
    private static final ThreadLocal<StringBuilder> BUFFERS = ThreadLocal.withInitial(() -> new StringBuilder(4096));
    private static final int KEPT_CAPACITY = 256 * 1024;

    private final StringBuilder out;
    private final boolean exclusive;

    private Canonicaliser(boolean exclusive) {
        this.exclusive = exclusive;
        StringBuilder b = BUFFERS.get();
        if (b.capacity() > KEPT_CAPACITY) {
            b = new StringBuilder(4096);
            BUFFERS.set(b);
        }
        b.setLength(0);
        this.out = b;
    }

    /** Canonical XML 1.0 of {@code d}, leaving out {@code omit}'s subtree (null: nothing). */
    static byte[] document(Document d, Element omit) {
        Canonicaliser c = new Canonicaliser(false);
        boolean afterRoot = false;
        for (Node n = d.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                c.subtree((Element) n, omit);
                afterRoot = true;
            } else if (n.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
                if (afterRoot) {
                    c.out.append('\n');
                }
                XmlEscapes.processingInstruction(c.out, n);
                if (!afterRoot) {
                    c.out.append('\n');
                }
            }
        }
        return c.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Exclusive XML Canonicalization 1.0 of {@code apex} and its descendants. */
    static byte[] exclusive(Element apex) {
        Canonicaliser c = new Canonicaliser(true);
        c.subtree(apex, null);
        return c.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Walks a subtree. Two scopes are kept per open element: the namespaces declared in the document (as
     * {@link DomWriter} would write them) and the namespaces the canonical form has rendered.
     */
    private void subtree(Element top, Element omit) {
        List<Map<String, String>> declared = new ArrayList<>();
        List<Map<String, String>> rendered = new ArrayList<>();
        Node n = top;
        while (n != null) {
            boolean descend = false;
            if (n.getNodeType() == Node.ELEMENT_NODE && n != omit) {
                open((Element) n, declared, rendered);
                descend = n.getFirstChild() != null;
                if (!descend) {
                    close((Element) n, declared, rendered);
                }
            } else if (n != omit) {
                leaf(n);
            }
            if (descend) {
                n = n.getFirstChild();
                continue;
            }
            while (n != top && n.getNextSibling() == null) {
                n = n.getParentNode();
                close((Element) n, declared, rendered);
            }
            n = n == top ? null : n.getNextSibling();
        }
    }

    private void open(Element e, List<Map<String, String>> declared, List<Map<String, String>> rendered) {
        NamedNodeMap attrs = e.getAttributes();
        int count = attrs.getLength();
        Map<String, String> decl = NONE;
        List<Attr> plain = null;
        for (int i = 0; i < count; i++) {
            Attr a = (Attr) attrs.item(i);
            if (XmlEscapes.isDeclaration(a)) {
                if (decl == NONE) {
                    decl = new HashMap<>(4);
                }
                decl.put(a.getPrefix() == null ? "" : a.getLocalName(), a.getValue());
            } else {
                if (plain == null) {
                    plain = new ArrayList<>(count);
                }
                plain.add(a);
            }
        }
        declared.add(decl);
        int top = declared.size() - 1;
        // A prefix the DOM uses without declaring is declared here, as DomWriter writes it.
        implicit(declared, top, e.getPrefix(), e.getNamespaceURI());
        if (plain != null) {
            for (Attr a : plain) {
                if (a.getPrefix() != null && a.getNamespaceURI() != null && !XmlEscapes.XML_NS.equals(a.getNamespaceURI())) {
                    implicit(declared, top, a.getPrefix(), a.getNamespaceURI());
                }
            }
        }

        Map<String, String> render;
        if (exclusive) {
            // Only the namespaces this element and its attributes visibly use (Exc-C14N 3, "visibly utilizes").
            String p = e.getPrefix() == null ? "" : e.getPrefix();
            render = new TreeMap<>();
            render.put(p, lookup(declared, p));
            if (plain != null) {
                for (Attr a : plain) {
                    if (a.getPrefix() != null && !"xml".equals(a.getPrefix())) {
                        render.put(a.getPrefix(), lookup(declared, a.getPrefix()));
                    }
                }
            }
        } else {
            // Every namespace in scope (C14N 2.3), less those unchanged from the output parent, dropped below. The
            // walk renders whole subtrees (the omitted element's is left out whole), so every element's output parent
            // is its parent, which rendered its whole scope: what can differ is only what this element declares.
            Map<String, String> here = declared.get(top);
            render = here.size() <= 1 ? here : new TreeMap<>(here);
        }
        Map<String, String> now = NONE;
        out.append('<').append(e.getNodeName());
        for (Map.Entry<String, String> ns : render.entrySet()) {
            String prefix = ns.getKey();
            String uri = ns.getValue() == null ? "" : ns.getValue();
            if ("xml".equals(prefix)) {
                continue;
            }
            String above = lookup(rendered, prefix);
            if (uri.equals(above == null ? "" : above)) {
                continue; // already rendered by an output ancestor, or an empty default with none above
            }
            if (now == NONE) {
                now = new HashMap<>(4);
            }
            now.put(prefix, uri);
            out.append(prefix.isEmpty() ? " xmlns=\"" : " xmlns:" + prefix + "=\"");
            XmlEscapes.attribute(out, uri);
            out.append('"');
        }
        rendered.add(now);
        if (plain != null) {
            if (plain.size() > 1) {
                plain.sort(ATTRIBUTE_ORDER);
            }
            for (Attr a : plain) {
                out.append(' ').append(a.getNodeName()).append("=\"");
                XmlEscapes.attribute(out, a.getValue());
                out.append('"');
            }
        }
        out.append('>');
    }

    private static void implicit(List<Map<String, String>> declared, int top, String prefix, String uri) {
        String p = prefix == null ? "" : prefix;
        String u = uri == null ? "" : uri;
        String inScope = lookup(declared, p);
        if (u.equals(inScope) || (p.isEmpty() && u.isEmpty() && inScope == null)) {
            return;
        }
        Map<String, String> decl = declared.get(top);
        if (decl == NONE) {
            decl = new HashMap<>(4);
            declared.set(top, decl);
        }
        decl.put(p, u);
    }

    private void close(Element e, List<Map<String, String>> declared, List<Map<String, String>> rendered) {
        out.append("</").append(e.getNodeName()).append('>');
        declared.remove(declared.size() - 1);
        rendered.remove(rendered.size() - 1);
    }

    private static String lookup(List<Map<String, String>> scopes, String prefix) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            String u = scopes.get(i).get(prefix);
            if (u != null) {
                return u;
            }
        }
        return null;
    }


    private void leaf(Node n) {
        switch (n.getNodeType()) {
            case Node.TEXT_NODE:
            case Node.CDATA_SECTION_NODE:
                XmlEscapes.text(out, n.getNodeValue());
                break;
            case Node.PROCESSING_INSTRUCTION_NODE:
                XmlEscapes.processingInstruction(out, n);
                break;
            default:
                break; // comments are left out (the "without comments" forms)
        }
    }



}
