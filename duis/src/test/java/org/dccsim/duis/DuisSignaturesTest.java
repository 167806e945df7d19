package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** XMLDSig against DCC Boxed's own material: its signed samples, its test keys and certificates. */
class DuisSignaturesTest {
    private final DuisDocuments docs = DuisDocuments.withoutSchema();

    private static Path boxed(String name) {
        return SharedData.require("reference/duis/boxed-keys").resolve(name);
    }

    private static Path sample(String name) {
        return SharedData.require("reference/duis/samples").resolve(name);
    }

    private DuisSignatures dspTrusted() {
        DuisSignatures s = new DuisSignatures();
        for (String c : new String[] {"dsp-xml-sign-90B3D51F30000002-ds.pem", "dsp-xml-sign-90B3D51F30000002-ds-pre-1.4.1.pem",
            "Z1-accessControlBroker-dSPXmlSign.pem"}) {
            if (Files.exists(boxed(c))) {
                s.trust(JcaPem.readCertificate(boxed(c)));
            }
        }
        return s;
    }

    @Test
    void boxedSignedResponse_verifiesWithTheDspXmlSigningCertificate() throws Exception {
        DuisSignatures s = dspTrusted();
        X509Certificate signer = s.verify(docs.parse(Files.readAllBytes(sample("readfw-response.xml"))));
        assertThat(signer).isNotNull();
        assertThat(s.fallbacks()).as("verified on the profile's own path").isZero();
    }

    /** Every DUIS template, signed here, validates with the JDK's XMLDSig once written and read back. */
    @Test
    void everyTemplateSignedHere_validatesWithTheJdksXmlDsig() throws Exception {
        X509Certificate cert = JcaPem.readCertificate(boxed("xml-sign-90B3D51F30010000-ds.pem"));
        PrivateKey key = JcaPem.readPrivateKey(boxed("xml-sign-90B3D51F30010000-ds.key"));
        DuisSignatures s = new DuisSignatures().trust(cert);
        int n = 0;
        try (var files = Files.list(SharedData.require("reference/duis/templates"))) {
            for (Path f : files.sorted().toList()) {
                Document d = docs.parse(Files.readAllBytes(f));
                s.sign(d, key, cert);
                byte[] bytes = DuisDocuments.serialise(d);
                assertThat(jdkValidates(docs.parse(bytes), cert)).as(f.getFileName().toString()).isTrue();
                assertThat(s.verify(docs.parse(bytes))).isEqualTo(cert);
                n++;
            }
        }
        assertThat(n).isGreaterThan(200);
        assertThat(s.fallbacks()).isZero();
    }

    /** And the other way: the JDK's signatures on the templates verify on the profile's own path. */
    @Test
    void everyTemplateSignedByTheJdk_verifiesWithoutFallingBack() throws Exception {
        X509Certificate cert = JcaPem.readCertificate(boxed("xml-sign-90B3D51F30010000-ds.pem"));
        PrivateKey key = JcaPem.readPrivateKey(boxed("xml-sign-90B3D51F30010000-ds.key"));
        DuisSignatures s = new DuisSignatures().trust(cert);
        try (var files = Files.list(SharedData.require("reference/duis/templates"))) {
            for (Path f : files.sorted().toList()) {
                Document d = docs.parse(Files.readAllBytes(f));
                jdkSign(d, key, cert);
                Document read = docs.parse(serialise(d));
                assertThat(s.verify(read)).as(f.getFileName().toString()).isEqualTo(cert);
                Document tampered = docs.parse(serialise(d));
                tampered.getDocumentElement().setAttribute("schemaVersion", "9.9");
                assertThatThrownBy(() -> s.verify(tampered)).isInstanceOf(DuisException.class);
            }
        }
        assertThat(s.fallbacks()).as("only the tampered copies fell back").isEqualTo(
                Files.list(SharedData.require("reference/duis/templates")).count());
    }

    /** A request built in memory (no xmlns attributes in the DOM) signs so that its written bytes validate. */
    @Test
    void requestBuiltInMemory_signedHere_validatesWithTheJdkFromItsBytes() throws Exception {
        X509Certificate cert = JcaPem.readCertificate(boxed("xml-sign-90B3D51F30010000-ds.pem"));
        PrivateKey key = JcaPem.readPrivateKey(boxed("xml-sign-90B3D51F30010000-ds.key"));
        ServiceRequest r = ServiceRequest.of(new RequestId(org.dccsim.gbcs.Eui64.parse("90B3D51F30010000"),
                org.dccsim.gbcs.Eui64.parse("00DB1234567890A0"), 1000), 1, "4.1.1",
                XmlNode.element("ReadInstantaneousImportRegisters"));
        Document d = r.toDocument();
        new DuisSignatures().sign(d, key, cert);
        assertThat(jdkValidates(docs.parse(DuisDocuments.serialise(d)), cert)).isTrue();
    }

    /**
     * A document dccsim writes is signed straight to bytes, no DOM: the JDK's XMLDSig validates them, the profile's own
     * path verifies them without falling back, and text and attributes needing every Canonical XML escape (C14N 1.0
     * section 2.3), non-ASCII included, come through unchanged. Tampering with one character of the body fails.
     */
    @Test
    void outgoingDocument_signedWithoutADom_validatesWithTheJdk_andReadsBackTheSame() throws Exception {
        X509Certificate cert = JcaPem.readCertificate(boxed("xml-sign-90B3D51F30010000-ds.pem"));
        PrivateKey key = JcaPem.readPrivateKey(boxed("xml-sign-90B3D51F30010000-ds.key"));
        String awkward = "a & b < c > d \" ' \t tab, \r CR, \n LF, \u00e9\u20ac\uD83D\uDE00";
        XmlNode body = XmlNode.element("UpdateSiteDetails", XmlNode.leaf("Note", awkward),
                XmlNode.element("Empty"), XmlNode.leaf("Attr", "x").withAttribute("zeta", awkward).withAttribute("alpha", "1"));
        ServiceRequest r = ServiceRequest.of(new RequestId(org.dccsim.gbcs.Eui64.parse("90B3D51F30010000"),
                org.dccsim.gbcs.Eui64.parse("00DB1234567890A0"), 1000), 1, "4.1.1", body);
        DuisSignatures s = new DuisSignatures().trust(cert);
        byte[] bytes = s.sign(r.toXml(), key, cert);

        assertThat(jdkValidates(docs.parse(bytes), cert)).isTrue();
        assertThat(s.verify(docs.parse(bytes))).isEqualTo(cert);
        assertThat(s.fallbacks()).isZero();
        ServiceRequest back = ServiceRequest.read(docs.parse(bytes));
        assertThat(back.requestId()).isEqualTo(r.requestId());
        XmlNode readBody = back.body();
        // Text is read trimmed (XmlNode.of), so compare the awkward middle; attribute values keep every character.
        assertThat(readBody.text("Note")).isEqualTo(awkward.trim());
        assertThat(readBody.child("Attr").orElseThrow().attribute("zeta")).contains(awkward);
        assertThat(readBody.child("Attr").orElseThrow().attribute("alpha")).contains("1");

        // The same request signed through a DOM carries the same digest: both are over the same canonical document.
        Document viaDom = r.toDocument();
        s.sign(viaDom, key, cert);
        assertThat(digestValue(docs.parse(DuisDocuments.serialise(viaDom)))).isEqualTo(digestValue(docs.parse(bytes)));

        byte[] tampered = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace("<sr:CommandVariant>1<",
                "<sr:CommandVariant>2<").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> s.verify(docs.parse(tampered))).isInstanceOf(DuisException.class);
    }

    private static String digestValue(Document d) {
        return d.getElementsByTagNameNS(DuisDocuments.DSIG_NS, "DigestValue").item(0).getTextContent();
    }

    /**
     * Namespace scoping the templates do not exercise: a default namespace changed and undeclared below the root, a
     * prefix redeclared to another URI and back, a redundant redeclaration, prefixed attributes. The canonical forms
     * (C14N 1.0 for the digest, exclusive for SignedInfo) must be the JDK's, or its validation fails.
     */
    @Test
    void nestedNamespaceDeclarations_signedHere_validateWithTheJdk() throws Exception {
        X509Certificate cert = JcaPem.readCertificate(boxed("xml-sign-90B3D51F30010000-ds.pem"));
        PrivateKey key = JcaPem.readPrivateKey(boxed("xml-sign-90B3D51F30010000-ds.key"));
        String xml = "<sr:Request xmlns:sr=\"urn:a\" xmlns:x=\"urn:x\" x:z=\"1\" b=\"2\" a=\"3\">"
                + "<Body xmlns=\"urn:default\"><Inner><Plain xmlns=\"\"><p:Deep xmlns:p=\"urn:p\" p:q=\"4\"/></Plain></Inner>"
                + "<sr:Again xmlns:sr=\"urn:a\"><x:Other xmlns:x=\"urn:other\"><x:Back xmlns:x=\"urn:x\">t &amp; &lt;</x:Back>"
                + "</x:Other></sr:Again></Body><Empty/></sr:Request>";
        Document d = docs.parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DuisSignatures s = new DuisSignatures().trust(cert);
        s.sign(d, key, cert);
        byte[] bytes = DuisDocuments.serialise(d);
        assertThat(jdkValidates(docs.parse(bytes), cert)).isTrue();
        assertThat(s.verify(docs.parse(bytes))).isEqualTo(cert);
        assertThat(s.fallbacks()).isZero();
        Document tampered = docs.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                .replace("xmlns=\"\"", "xmlns=\"urn:moved\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> s.verify(tampered)).isInstanceOf(DuisException.class);
    }

    private static boolean jdkValidates(Document d, X509Certificate cert) throws Exception {
        org.w3c.dom.Element sig = (org.w3c.dom.Element) d.getElementsByTagNameNS(DuisDocuments.DSIG_NS, "Signature").item(0);
        javax.xml.crypto.dsig.dom.DOMValidateContext ctx = new javax.xml.crypto.dsig.dom.DOMValidateContext(
                javax.xml.crypto.KeySelector.singletonKeySelector(cert.getPublicKey()), sig);
        ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        ctx.setProperty("org.jcp.xml.dsig.internal.dom.SignatureProvider", JcaPem.BC);
        return javax.xml.crypto.dsig.XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(ctx).validate(ctx);
    }

    /** The JDK's XMLDSig making DUIS's profile, as DuisSignatures did before it signed on its own. */
    private static void jdkSign(Document d, PrivateKey key, X509Certificate cert) throws Exception {
        var f = javax.xml.crypto.dsig.XMLSignatureFactory.getInstance("DOM");
        var old = d.getElementsByTagNameNS(DuisDocuments.DSIG_NS, "Signature");
        for (int i = old.getLength() - 1; i >= 0; i--) {
            old.item(i).getParentNode().removeChild(old.item(i));
        }
        var ref = f.newReference("", f.newDigestMethod(javax.xml.crypto.dsig.DigestMethod.SHA256, null),
                java.util.List.of(f.newTransform(javax.xml.crypto.dsig.Transform.ENVELOPED,
                        (javax.xml.crypto.dsig.spec.TransformParameterSpec) null)), null, null);
        var si = f.newSignedInfo(f.newCanonicalizationMethod(javax.xml.crypto.dsig.CanonicalizationMethod.EXCLUSIVE,
                (javax.xml.crypto.dsig.spec.C14NMethodParameterSpec) null),
                f.newSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", null), java.util.List.of(ref));
        var kif = f.getKeyInfoFactory();
        var ki = kif.newKeyInfo(java.util.List.of(kif.newX509Data(java.util.List.of(
                kif.newX509IssuerSerial(cert.getIssuerX500Principal().getName(), cert.getSerialNumber())))));
        var ctx = new javax.xml.crypto.dsig.dom.DOMSignContext(key, d.getDocumentElement());
        ctx.setDefaultNamespacePrefix("ds");
        ctx.setProperty("org.jcp.xml.dsig.internal.dom.SignatureProvider", JcaPem.BC);
        f.newXMLSignature(si, ki).sign(ctx);
    }

    @Test
    void boxedBadSamples_areRefused() throws Exception {
        DuisSignatures s = dspTrusted();
        for (String bad : new String[] {"readfw-response-badsignature.xml", "readfw-response-no-signature.xml",
            "readfw-response-nonexist-serial.xml"}) {
            Document d = docs.parse(Files.readAllBytes(sample(bad)));
            assertThatThrownBy(() -> s.verify(d)).as(bad).isInstanceOf(DuisException.class);
        }
    }

    @Test
    void templateSignedWithTheSupplierXmlKey_verifiesAndFailsOnceTampered() throws Exception {
        X509Certificate cert = JcaPem.readCertificate(boxed("xml-sign-90B3D51F30010000-ds.pem"));
        PrivateKey key = JcaPem.readPrivateKey(boxed("xml-sign-90B3D51F30010000-ds.key"));
        Path template = SharedData.require("reference/duis/templates/ECS22b_4.8.1_SINGLE_SUCCESS_REQUEST_DUIS.XML");
        Document d = docs.parse(Files.readAllBytes(template));
        DuisSignatures s = new DuisSignatures().trust(cert);
        s.sign(d, key, cert);
        byte[] signed = serialise(d);
        assertThat(s.verify(docs.parse(signed)).getSerialNumber()).isEqualTo(cert.getSerialNumber());
        String tampered = new String(signed, java.nio.charset.StandardCharsets.UTF_8).replace(":1002<", ":1003<");
        assertThat(tampered).isNotEqualTo(new String(signed, java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> s.verify(docs.parse(tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isInstanceOf(DuisException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> new DuisSignatures().verify(docs.parse(signed)))
                .isInstanceOf(DuisException.class).hasMessageContaining("no trusted XML-signing certificate");
    }

    static byte[] serialise(Document d) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(d), new StreamResult(out));
        return out.toByteArray();
    }
}
