package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The serialiser must give back, on reading, the document it was given: the same infoset (DOM isEqualNode), and
 * so the same canonical form, so that a signature made on the DOM verifies on the bytes.
 */
class DomWriterTest {
    private final DuisDocuments docs = DuisDocuments.withoutSchema();

    private Document roundTrip(Document d) throws DuisException {
        return docs.parse(DuisDocuments.serialise(d));
    }

    @Test
    void serialise_startsWithTheDeclarationAndWritesEmptyElementsShort() throws Exception {
        Document d = docs.parse("<a xmlns=\"urn:x\"><b/><c>t</c></a>".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(DuisDocuments.serialise(d), StandardCharsets.UTF_8))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><a xmlns=\"urn:x\"><b/><c>t</c></a>");
    }

    @Test
    void serialise_escapesTextAndAttributesSoTheyReadBackTheSame() throws Exception {
        Document d = DuisDocuments.newDocument();
        Element root = d.createElementNS(DuisDocuments.DUIS_NS, "sr:Request");
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:sr", DuisDocuments.DUIS_NS);
        root.setAttributeNS(null, "note", "a \"quoted\" <tag> & tab\tnewline\ncr\r end");
        d.appendChild(root);
        Element text = d.createElementNS(DuisDocuments.DUIS_NS, "sr:Text");
        text.setTextContent("1 < 2 && 3 > 2 ]]> \r\n £ € 𝄞");
        root.appendChild(text);
        root.appendChild(d.createComment(" a comment "));
        Document back = roundTrip(d);
        assertThat(back.getDocumentElement().getAttribute("note")).isEqualTo("a \"quoted\" <tag> & tab\tnewline\ncr\r end");
        assertThat(back.getDocumentElement().getFirstChild().getTextContent()).isEqualTo("1 < 2 && 3 > 2 ]]> \r\n £ € 𝄞");
        assertThat(back.isEqualNode(d)).isTrue();
    }

    @Test
    void serialise_declaresPrefixesTheDomUsesWithoutDeclaring() throws Exception {
        Document d = DuisDocuments.newDocument();
        Element root = d.createElementNS(DuisDocuments.DUIS_NS, "sr:Request");
        d.appendChild(root);
        Element inner = d.createElementNS("urn:other", "o:Inner");
        inner.setAttributeNS("urn:attr", "at:flag", "1");
        root.appendChild(inner);
        Element plain = d.createElementNS(null, "plain");
        inner.appendChild(plain);
        Document back = roundTrip(d);
        Element r = back.getDocumentElement();
        assertThat(r.getNamespaceURI()).isEqualTo(DuisDocuments.DUIS_NS);
        Element i = (Element) r.getFirstChild();
        assertThat(i.getNamespaceURI()).isEqualTo("urn:other");
        assertThat(i.getAttributeNS("urn:attr", "flag")).isEqualTo("1");
        assertThat(i.getFirstChild().getNamespaceURI()).isNull();
    }

    @Test
    void signedRequest_verifiesAfterSerialiseAndParse() throws Exception {
        TestCertificates.Issued id = TestCertificates.selfSigned(Eui64.parse("90B3D51F30010008"), TestCertificates.ROLE_XML_SIGN,
                BigInteger.valueOf(77), new SecureRandom());
        ServiceRequest request = ServiceRequest.of(new RequestId(Eui64.parse("90B3D51F30010008"), Eui64.parse("00DB1234567890A6"), 5),
                4, "7.16", Bodies.limitApcLevel(1, Instant.parse("2026-06-01T17:00:00Z"), Instant.parse("2026-06-01T19:00:00Z"), 40));
        Document d = request.toDocument();
        DuisSignatures signatures = new DuisSignatures().trust(id.certificate());
        signatures.sign(d, id.keys().getPrivate(), id.certificate());
        Document back = roundTrip(d);
        assertThat(signatures.verify(back).getSerialNumber()).isEqualTo(BigInteger.valueOf(77));
        assertThat(DuisDocuments.serialise(back)).isEqualTo(DuisDocuments.serialise(d));
    }

    @Test
    void duisTemplates_readBackAsTheSameDocument() throws Exception {
        Path dir = SharedData.require("reference/duis/templates");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            Document d = docs.parse(Files.readAllBytes(f));
            assertThat(roundTrip(d).isEqualNode(d)).as(f.getFileName().toString()).isTrue();
        }
    }
}
