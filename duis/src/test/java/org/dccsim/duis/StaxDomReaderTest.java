package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The Woodstox-fed DOM against the JDK's own DOM parser: what Canonical XML makes of each must be the same bytes. */
class StaxDomReaderTest {
    /** Everything a signer's tool may put in a document: prefixes, default namespaces, CDATA, comments, PIs, refs. */
    private static final String TRICKY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
            + "<!-- before the root -->\n"
            + "<?pi-before   some data ?>\n"
            + "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\" xmlns=\"urn:default\"\r\n"
            + "    b=\"2\" a=\"line&#xA;feed\ttab &amp; &lt; &quot;\" sr:q=\"x\">\r\n"
            + "  <inner xmlns=\"\" xmlns:other=\"urn:other\" other:at=\"v\">text &amp; more&#xD;<![CDATA[<raw> & ]]>tail</inner>\r\n"
            + "  <!-- a comment -->\n"
            + "  <?target data?>\n"
            + "  <sr:Empty/><sr:Unicode>£ € \uD83D\uDE00 caf\u00e9</sr:Unicode>\n"
            + "</sr:Request>\n"
            + "<!-- after -->\n";

    private static Document xerces(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Document read(String xml) throws DuisException {
        return DuisDocuments.withoutSchema().parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_trickyDocument_canonicalisesAsTheJdkParsersDom() throws Exception {
        Document ours = read(TRICKY);
        Document jdk = xerces(TRICKY);
        assertThat(new String(Canonicaliser.document(ours, null), StandardCharsets.UTF_8))
                .isEqualTo(new String(Canonicaliser.document(jdk, null), StandardCharsets.UTF_8))
                // A literal tab in an attribute is normalised to a space (XML 1.0 3.3.3); C14N drops comments.
                .contains("a=\"line&#xA;feed tab &amp; &lt; &quot;\"", "&#xD;&lt;raw&gt; &amp; tail", "<?target data?>",
                        "<?pi-before some data ?>")
                .doesNotContain("comment");
        assertThat(ours.getDocumentElement().getChildNodes().item(3).getNodeValue()).isEqualTo(" a comment ");
        assertThat(ours.getStrictErrorChecking()).as("later edits are checked again").isTrue();
        Element inner = (Element) ours.getElementsByTagNameNS(null, "inner").item(0);
        assertThat(inner.getAttributeNS("urn:other", "at")).isEqualTo("v");
        assertThat(inner.getNamespaceURI()).isNull();
        assertThat(ours.getDocumentElement().getAttributeNS(DuisDocuments.DUIS_NS, "q")).isEqualTo("x");
        assertThat(Canonicaliser.exclusive(inner)).isEqualTo(Canonicaliser.exclusive(
                (Element) jdk.getElementsByTagNameNS(null, "inner").item(0)));
    }

    @Test
    void read_aDocumentNestedPastTheCap_isRefusedWhileReading() {
        String deep = "<a>".repeat(DuisDocuments.MAX_DEPTH + 1) + "</a>".repeat(DuisDocuments.MAX_DEPTH + 1);
        assertThatThrownBy(() -> read(deep)).isInstanceOf(DuisException.class)
                .hasMessageContaining("nested deeper than " + DuisDocuments.MAX_DEPTH);
        String atTheCap = "<a>".repeat(DuisDocuments.MAX_DEPTH) + "</a>".repeat(DuisDocuments.MAX_DEPTH);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> read(atTheCap))).isNull();
    }

    @Test
    void read_undeclaredEntityOrBrokenMarkup_isE12NotAnException() {
        for (String bad : new String[] {"<a>&nbsp;</a>", "<a><b></a>", "<a", "", "<a/><b/>", "<a x='1' x='2'/>",
                "<p:a/>", "<a>\u0000</a>", "<?xml version=\"1.0\" encoding=\"no-such\"?><a/>"}) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(DuisException.class)
                    .hasMessageContaining("not well-formed");
        }
    }
}
