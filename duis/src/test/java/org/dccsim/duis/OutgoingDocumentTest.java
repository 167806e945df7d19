package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What OutgoingDocument writes, and what it refuses to write because no reader would take it back. */
class OutgoingDocumentTest {
    private static OutgoingDocument doc(XmlNode body) {
        return new OutgoingDocument("sr", DuisDocuments.DUIS_NS, XmlNode.element("Request", body));
    }

    @Test
    void canonical_declaresThePrefixOnTheRoot_sortsAttributes_andWritesEmptyElementsAsTwoTags() {
        XmlNode body = XmlNode.element("Body", XmlNode.element("Empty"))
                .withAttribute("zeta", "1").withAttribute("alpha", "a\"<&\t");
        String c = new String(doc(body).canonical(), StandardCharsets.UTF_8);
        assertThat(c).isEqualTo("<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\">"
                + "<sr:Body alpha=\"a&quot;&lt;&amp;&#x9;\" zeta=\"1\"><sr:Empty></sr:Empty></sr:Body></sr:Request>");
        assertThat(new String(doc(body).bytes(), StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><sr:Request");
    }

    @Test
    void write_refusesPrefixedOrXmlNames_andCharactersXmlDoesNotAllow() {
        assertThatThrownBy(() -> doc(XmlNode.leaf("x:Body", "t")).canonical())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain XML name");
        assertThatThrownBy(() -> doc(XmlNode.leaf("Body", "t").withAttribute("xmlns", "urn:x")).canonical())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XML's own");
        assertThatThrownBy(() -> doc(XmlNode.leaf("Body", "t").withAttribute("a:b", "1")).canonical())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> doc(XmlNode.leaf("Body", "bell \u0007")).canonical())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0007");
        assertThatThrownBy(() -> doc(XmlNode.leaf("Body", "lone \uD83D")).canonical())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+D83D");
        assertThatThrownBy(() -> doc(XmlNode.leaf("Body", "x").withAttribute("a", "\uFFFE")).canonical())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+FFFE");
        // A whole surrogate pair, TAB, LF and CR are characters XML allows.
        assertThat(doc(XmlNode.leaf("Body", "\uD83D\uDE00 \t\n\r")).canonical()).isNotEmpty();
    }
}
