package org.dccsim.duis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * An immutable DUIS element: local name, attributes, text and child elements. The head-end reads request bodies as
 * XmlNodes; clients write them as XmlNodes ({@link #element}, {@link #leaf}), and {@link #writeTo} puts one into a
 * document in the DUIS namespace: nobody builds DUIS XML by concatenating strings.
 */
public record XmlNode(String name, Map<String, String> attributes, String text, List<XmlNode> children) {
    public XmlNode {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
        text = text == null ? "" : text;
    }

    /** An element with children (and no text). */
    public static XmlNode element(String name, XmlNode... children) {
        return new XmlNode(name, Map.of(), "", List.of(children));
    }

    /** An element with children (and no text). */
    public static XmlNode element(String name, List<XmlNode> children) {
        return new XmlNode(name, Map.of(), "", children);
    }

    /** An element holding text. */
    public static XmlNode leaf(String name, String text) {
        return new XmlNode(name, Map.of(), text, List.of());
    }

    /** This element with one more attribute (attributes keep their order). */
    public XmlNode withAttribute(String attribute, String value) {
        Map<String, String> a = new LinkedHashMap<>(attributes);
        a.put(attribute, value);
        return new XmlNode(name, a, text, children);
    }

    /** This element with {@code child} added first (DUIS puts ExecutionDateTime before the body's other fields). */
    public XmlNode withFirst(XmlNode child) {
        List<XmlNode> c = new ArrayList<>(children.size() + 1);
        c.add(child);
        c.addAll(children);
        return new XmlNode(name, attributes, text, c);
    }

    /** This element with {@code child} added last. */
    public XmlNode withChild(XmlNode child) {
        List<XmlNode> c = new ArrayList<>(children);
        c.add(child);
        return new XmlNode(name, attributes, text, c);
    }

    /**
     * Reads a DOM element. Iterative, not recursive, so no document can exhaust the stack; DuisDocuments refuses
     * documents nested deeper than {@link DuisDocuments#MAX_DEPTH} before anything reads them.
     */
    public static XmlNode of(Element root) {
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        stack.push(new Frame(root));
        XmlNode done = null;
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            Node n = f.next;
            if (n == null) {
                stack.pop();
                done = new XmlNode(f.element.getLocalName(), attributesOf(f.element), f.text.toString().trim(), f.kids);
                if (!stack.isEmpty()) {
                    stack.peek().kids.add(done);
                }
                continue;
            }
            f.next = n.getNextSibling();
            if (n instanceof Element c) {
                stack.push(new Frame(c));
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                f.text.append(n.getNodeValue());
            }
        }
        return done;
    }

    /** An element being read: its children so far, its text so far, and the next DOM node to look at. */
    private static final class Frame {
        final Element element;
        final List<XmlNode> kids = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        Node next;

        Frame(Element element) {
            this.element = element;
            this.next = element.getFirstChild();
        }
    }

    private static Map<String, String> attributesOf(Element e) {
        Map<String, String> attrs = new LinkedHashMap<>();
        NamedNodeMap nm = e.getAttributes();
        for (int i = 0; i < nm.getLength(); i++) {
            Node a = nm.item(i);
            if (!"xmlns".equals(a.getPrefix()) && !"xmlns".equals(a.getNodeName())) {
                attrs.put(a.getLocalName() == null ? a.getNodeName() : a.getLocalName(), a.getNodeValue());
            }
        }
        return attrs;
    }

    /**
     * Appends this element, in the DUIS namespace with the {@code sr} prefix, to {@code parent}; attributes are
     * unqualified, as the DUIS schema has them. Nesting is bounded by what a client builds, so recursion is fine here.
     */
    public Element writeTo(Document d, Node parent) {
        Element e = d.createElementNS(DuisDocuments.DUIS_NS, "sr:" + name);
        attributes.forEach(e::setAttribute);
        if (!text.isEmpty()) {
            e.setTextContent(text);
        }
        for (XmlNode c : children) {
            c.writeTo(d, e);
        }
        parent.appendChild(e);
        return e;
    }

    public Optional<XmlNode> child(String localName) {
        // A loop, not a stream: every message reads a dozen children, and the stream's set-up cost more than the search.
        for (XmlNode c : children) {
            if (c.name.equals(localName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public List<XmlNode> all(String localName) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(localName)) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** The text of a required child, or an E12 naming it. */
    public String text(String localName) throws DuisException {
        return child(localName).map(XmlNode::text)
                .orElseThrow(() -> new DuisException(DuisCodes.E12, name + " has no " + localName));
    }

    public Optional<String> attribute(String localName) {
        return Optional.ofNullable(attributes.get(localName));
    }

    /** This element without its children of that name. */
    public XmlNode without(String localName) {
        return new XmlNode(name, attributes, text, children.stream().filter(c -> !c.name.equals(localName)).toList());
    }
}
