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
        X509Certificate signer = dspTrusted().verify(docs.parse(Files.readAllBytes(sample("readfw-response.xml"))));
        assertThat(signer).isNotNull();
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
