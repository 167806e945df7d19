package org.dccsim.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dccsim.device.DeviceType;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.Inbox;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.CertificationRequests;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.usecase.DeviceSecurityCredentials;
import org.dccsim.lab.junit.DccLab;
import org.junit.jupiter.api.Test;

/**
 * A supplier re-keys a SAPC over real HTTP, as GBCS 13.4-13.6 and DUIS lay it out: 6.17 asks the device for a new
 * signing key (its answer, a certification request), SMKI issues the certificate, 6.15.2 places it, and from then on
 * the device signs with the new key: the head-end accepts its next signed answer, SMKI serves the new certificate, and
 * that certificate alone verifies the answer.
 */
@DccLab(sites = 1, vlps = 1, mix = "BATTERY=1")
class DeviceReKeyingTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();

    private HttpResponse<String> smki(EmbeddedDcc dcc, String service, String xml) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dcc.smkiBase() + "/" + service + "?apikey=rekey"))
                .timeout(Duration.ofSeconds(4)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    private static X509Certificate certificate(String base64) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Test
    void supplierReKeysASapc_andTheNewCertificateAloneVerifiesWhatItSignsNext(EmbeddedDcc dcc) throws Exception {
        Eui64 sapc = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.SAPC).findFirst().orElseThrow().eui();
        ClientProfile.Client supplier = dcc.client("supplier");
        GbcsSecurity supplierKeys = new GbcsSecurity(supplier.gbcsKeys());
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), supplier.dspCertificates(), "rekey-test");
        try (Inbox inbox = new Inbox(duis, supplier.identity(), 10)) {
            RequestId issue = duis.submit(supplier.identity(), sapc, "6.17",
                    Bodies.issueSecurityCredentials(Bodies.DIGITAL_SIGNATURE), true, supplierKeys);
            DuisResponse issued = inbox.await(issue, Duration.ofSeconds(20));
            assertThat(issued.code()).isEqualTo(DuisCodes.I0);
            byte[] csr = decoder.decode(issued.content().gbcs().orElseThrow()).apdu().content();
            CertificationRequests.Request request = CertificationRequests.parse(csr);
            assertThat(request.device()).isEqualTo(sapc);

            HttpResponse<String> made = smki(dcc, "issuedevicecertificate", "<DeviceCertificateRequest><CertificationRequest>"
                    + Base64.getEncoder().encodeToString(csr) + "</CertificationRequest></DeviceCertificateRequest>");
            assertThat(made.statusCode()).isEqualTo(200);
            X509Certificate fresh = certificate(field(made.body(), "CertificateBody"));
            fresh.verify(dcc.headEnd().smki().deviceCa().getPublicKey());

            RequestId place = duis.submit(supplier.identity(), sapc, "6.15.2", Bodies.updateDeviceCertificate(fresh.getEncoded()),
                    true, supplierKeys);
            DuisResponse placed = inbox.await(place, Duration.ofSeconds(20));
            assertThat(placed.code()).isEqualTo(DuisCodes.I0);
            assertThat(DeviceSecurityCredentials.decodeResult(decoder.decode(placed.content().gbcs().orElseThrow()).apdu()
                    .content())).isEqualTo(DeviceSecurityCredentials.RESULT_SUCCESS);

            // SMKI now answers a search for the device with the new certificate.
            HttpResponse<String> found = smki(dcc, "certificatesearch", "<CertificateSearchRequest><CertificateSubjectAltName>"
                    + sapc.dashed().toLowerCase(java.util.Locale.ROOT) + "</CertificateSubjectAltName></CertificateSearchRequest>");
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains("<CertificateSerial>" + fresh.getSerialNumber().toString(16) + "</CertificateSerial>");

            // The device's next critical answer, signed with the new key, is accepted by the head-end and verifies with
            // the new certificate alone; the device reports that certificate itself.
            RequestId report = duis.submit(supplier.identity(), sapc, "6.24.2",
                    Bodies.retrieveDeviceCertificate(Bodies.DIGITAL_SIGNATURE), true, supplierKeys);
            DuisResponse reported = inbox.await(report, Duration.ofSeconds(20));
            assertThat(reported.code()).isEqualTo(DuisCodes.I0);
            byte[] signed = reported.content().gbcs().orElseThrow();
            GbcsMessage m = decoder.decode(signed);
            assertThat(m.apdu().content()).isEqualTo(fresh.getEncoded());
            GbcsSecurity fromSmki = new GbcsSecurity(new InMemoryKeyStore().putPublic(sapc, KeyUsage.DS,
                    SmkiCertificates.parse(fresh.getEncoded()).key()));
            assertThat(fromSmki.verifySignature(signed, m)).isEqualTo(Check.VALID);
        }
    }

    /**
     * A supplier cannot make the head-end follow a key of its own choosing: a certificate for the device with a key the
     * device did not make for 6.17 (here one SMKI certified from the supplier's own request naming the device) is E12,
     * and the head-end keeps checking the device with its key.
     */
    @Test
    void placingACertificateForAKeyTheDeviceDidNotMake_isE12(EmbeddedDcc dcc) throws Exception {
        Eui64 esme = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.ESME).findFirst().orElseThrow().eui();
        ClientProfile.Client supplier = dcc.client("supplier");
        byte[] forged = CertificationRequests.build(esme, KeyUsage.DS,
                org.dccsim.gbcs.crypto.EcKeys.generate(new java.security.SecureRandom()));
        HttpResponse<String> made = smki(dcc, "issuedevicecertificate", "<DeviceCertificateRequest><CertificationRequest>"
                + Base64.getEncoder().encodeToString(forged) + "</CertificationRequest></DeviceCertificateRequest>");
        assertThat(made.statusCode()).isEqualTo(200);
        X509Certificate cert = certificate(field(made.body(), "CertificateBody"));
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), supplier.dspCertificates(), "forge-test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> duis.submit(supplier.identity(), esme, "6.15.2",
                Bodies.updateDeviceCertificate(cert.getEncoded()), true, new GbcsSecurity(supplier.gbcsKeys())))
                .isInstanceOf(org.dccsim.duis.client.DuisClientException.class).hasMessageContaining("E12");
        assertThat(dcc.headEnd().security().expectedSigningKeys(esme)).isEmpty();
    }

    @Test
    void smkiRefusesARequestThatDoesNotHoldUp(EmbeddedDcc dcc) throws Exception {
        assertThat(smki(dcc, "issuedevicecertificate", "<DeviceCertificateRequest><CertificationRequest>AAAA"
                + "</CertificationRequest></DeviceCertificateRequest>").statusCode()).isEqualTo(401);
        // A well-made request for a device the head-end does not know.
        byte[] stranger = CertificationRequests.build(Eui64.parse("00DB00000000DEAD"), KeyUsage.DS,
                org.dccsim.gbcs.crypto.EcKeys.generate(new java.security.SecureRandom()));
        assertThat(smki(dcc, "issuedevicecertificate", "<DeviceCertificateRequest><CertificationRequest>"
                + Base64.getEncoder().encodeToString(stranger) + "</CertificationRequest></DeviceCertificateRequest>")
                .statusCode()).isEqualTo(402);
    }
}
