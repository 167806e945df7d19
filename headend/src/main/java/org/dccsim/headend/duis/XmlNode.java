package org.dccsim.headend.duis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** An immutable copy of a DUIS body element: local name, attributes, text and child elements. */
public record XmlNode(String name, Map<String, String> attributes, String text, List<XmlNode> children) {
    public XmlNode {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
    }

    public static XmlNode of(Element e) {
        Map<String, String> attrs = new LinkedHashMap<>();
        NamedNodeMap nm = e.getAttributes();
        for (int i = 0; i < nm.getLength(); i++) {
            Node a = nm.item(i);
            if (!"xmlns".equals(a.getPrefix()) && !"xmlns".equals(a.getNodeName())) {
                attrs.put(a.getLocalName() == null ? a.getNodeName() : a.getLocalName(), a.getNodeValue());
            }
        }
        List<XmlNode> kids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                kids.add(of(c));
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            }
        }
        return new XmlNode(e.getLocalName(), attrs, text.toString().trim(), kids);
    }

    public Optional<XmlNode> child(String localName) {
        return children.stream().filter(c -> c.name.equals(localName)).findFirst();
    }

    public List<XmlNode> all(String localName) {
        return children.stream().filter(c -> c.name.equals(localName)).toList();
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
