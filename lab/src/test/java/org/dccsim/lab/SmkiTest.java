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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.lab.junit.DccLab;
import org.junit.jupiter.api.Test;

/**
 * The head-end's SMKI over real HTTP, called as DCC's key-store client calls DCC Boxed's (plain XML, the apikey query
 * parameter, EUIs as a1-a2-...-a8): search by organisation and by device, retrieve by serial, and verify a device's
 * signed response and alert with nothing but the certificate SMKI gave.
 */
@DccLab(sites = 1, vlps = 1, mix = "BATTERY=1")
class SmkiTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(EmbeddedDcc dcc, String service, String xml) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dcc.smkiBase() + "/" + service + "?apikey=u3bg9gt38htd0j2"))
                .timeout(Duration.ofSeconds(4)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String dashed(Eui64 e) {
        return e.dashed().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String[]> results(String body) {
        List<String[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("<Result>(.*?)</Result>").matcher(body);
        while (m.find()) {
            out.add(new String[] {field(m.group(1), "CertificateSerial"), field(m.group(1), "CertificateUsage"),
                field(m.group(1), "CertificateStatus"), field(m.group(1), "CertificateRole")});
        }
        return out;
    }

    private static String field(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    private X509Certificate retrieve(EmbeddedDcc dcc, String serial) throws Exception {
        HttpResponse<String> r = post(dcc, "retrievecertificate", "<CertificateDataRequest><CertificateSerial>" + serial
                + "</CertificateSerial></CertificateDataRequest>");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/xml");
        byte[] der = Base64.getDecoder().decode(field(r.body(), "CertificateBody"));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    @Test
    void organisations_areFoundByEui_withTheirRoles(EmbeddedDcc dcc) throws Exception {
        ClientProfile.Client supplier = dcc.client("supplier");
        HttpResponse<String> r = post(dcc, "certificatesearch", "<CertificateSearchRequest><CertificateSubjectName>"
                + dashed(supplier.eui()) + "</CertificateSubjectName></CertificateSearchRequest>");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String[]> found = results(r.body());
        assertThat(found).anySatisfy(x -> {
            assertThat(x[3]).as("role").isEqualTo("135");
            assertThat(x[2]).isEqualTo("I");
        });
        String[] xmlSigning = found.stream().filter(x -> "135".equals(x[3])).findFirst().orElseThrow();
        X509Certificate c = retrieve(dcc, xmlSigning[0]);
        assertThat(c).isEqualTo(supplier.identity().xmlCertificate());
    }

    @Test
    void aDevicesCertificates_verifyItsSignedResponseAndAlert(EmbeddedDcc dcc) throws Exception {
        Eui64 sapc = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.SAPC).findFirst().orElseThrow().eui();
        HttpResponse<String> r = post(dcc, "certificatesearch", "<CertificateSearchRequest><CertificateSubjectAltName>"
                + dashed(sapc) + "</CertificateSubjectAltName></CertificateSearchRequest>");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(field(r.body(), "CertificateSubjectAltName")).isEqualTo(dashed(sapc));
        List<String[]> found = results(r.body());
        assertThat(found).extracting(x -> x[1]).containsExactlyInAnyOrder("DS", "KA");
        String dsSerial = found.stream().filter(x -> x[1].equals("DS")).findFirst().orElseThrow()[0];
        X509Certificate ds = retrieve(dcc, dsSerial);
        ds.verify(dcc.headEnd().smki().deviceCa().getPublicKey());
        SmkiCertificates.Parsed parsed = SmkiCertificates.parse(ds.getEncoded());
        assertThat(parsed.party()).isEqualTo(sapc);
        assertThat(parsed.digitalSignature()).isTrue();

        // The VLP limits the SAPC; its critical response and its 8F86 are signed by the device.
        ClientProfile.Client vlp = dcc.client("vlp1");
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), vlp.dspCertificates(), "smki-test");
        try (Inbox inbox = new Inbox(duis, vlp.identity(), 10)) {
            Instant from = dcc.now();
            RequestId id = duis.submit(vlp.identity(), sapc, "7.16", Bodies.limitApcLevel(1, from, from.plus(Duration.ofHours(1)),
                    40), true, new GbcsSecurity(vlp.gbcsKeys()));
            DuisResponse answer = inbox.await(id, Duration.ofSeconds(20));
            assertThat(answer.code()).isEqualTo(DuisCodes.I0);
            List<DuisResponse> alerts = inbox.awaitAlerts(sapc, 1, Duration.ofSeconds(10));
            assertThat(alerts).isNotEmpty();
            // Nothing but the certificate from SMKI: a key store holding only its public key.
            GbcsSecurity fromSmki = new GbcsSecurity(new InMemoryKeyStore().putPublic(sapc, org.dccsim.gbcs.crypto.KeyUsage.DS,
                    parsed.key()));
            for (byte[] signed : List.of(answer.content().gbcs().orElseThrow(), alerts.get(0).content().gbcs().orElseThrow())) {
                GbcsMessage m = new GbcsFrameDecoder().decode(signed);
                assertThat(fromSmki.verifySignature(signed, m)).isEqualTo(Check.VALID);
            }
        }
    }

    @Test
    void nothingFound_isA402_andBadRequestsA401(EmbeddedDcc dcc) throws Exception {
        assertThat(post(dcc, "certificatesearch", "<CertificateSearchRequest><CertificateSubjectAltName>00-db-00-00-de-ad-be-ef"
                + "</CertificateSubjectAltName></CertificateSearchRequest>").statusCode()).isEqualTo(402);
        assertThat(post(dcc, "certificatesearch", "<CertificateSearchRequest><CertificateSubjectAltName>not-an-eui"
                + "</CertificateSubjectAltName></CertificateSearchRequest>").statusCode()).isEqualTo(401);
        assertThat(post(dcc, "certificatesearch", "<CertificateSearchRequest/>").statusCode()).isEqualTo(401);
        assertThat(post(dcc, "retrievecertificate", "<CertificateDataRequest><CertificateSerial>abc123"
                + "</CertificateSerial></CertificateDataRequest>").statusCode()).isEqualTo(402);
        assertThat(post(dcc, "retrievecertificate", "<CertificateDataRequest><CertificateSerial>-5"
                + "</CertificateSerial></CertificateDataRequest>").statusCode()).isEqualTo(401);
        assertThat(post(dcc, "certificatesearch", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")
                .statusCode()).isEqualTo(401);
    }
}
