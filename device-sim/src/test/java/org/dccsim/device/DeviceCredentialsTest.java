package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.dccsim.clock.ManualClock;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.gbcs.crypto.CertificationRequests;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.DeviceCertificateAuthority;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.DeviceSecurityCredentials;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.srv.Transformer;
import org.junit.jupiter.api.Test;

/**
 * A device's own signing credentials from DUIS bodies through the head-end's transform to the ESME: 6.17 (CS02c) makes a
 * key and a certification request, 6.15.2 (CS02d) places the certificate the device CA issued for it, 6.24.2 (CS02e)
 * reports it; the answer to CS02d is signed with the old key and everything after with the new one.
 */
class DeviceCredentialsTest {
    private final DeviceCertificateAuthority ca = DeviceCertificateAuthority.fromSecret("device-credentials-test");
    private final GbcsSecurity security = TestParties.security().withDeviceCertificates(ca);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final TrustAnchors trust = new TrustAnchors().set(Role.SUPPLIER, TestParties.SUPPLIER)
            .set(Role.NETWORK_OPERATOR, TestParties.NETWORK_OPERATOR).set(Role.ACB, TestParties.ACB);
    private final Device esme = Device.esme(TestParties.ESME, clock, security, trust);
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private long counter = 2000;

    /** The request as the head-end transforms it, signed by the supplier and MACed: each of these is critical. */
    private byte[] command(String srv, String body) throws Exception {
        String[] parts = srv.split("\\.");
        String reference = parts.length > 2 ? parts[0] + "." + parts[1] : srv;
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:" + (++counter) + "</sr:RequestID><sr:CommandVariant>4"
                + "</sr:CommandVariant><sr:ServiceReference>" + reference + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>"
                + body + "</sr:Body></sr:Request>";
        Transformer.Transformed out = new Transformer().transform(ServiceRequest.read(DuisDocuments.withoutSchema()
                .parse(xml.getBytes(StandardCharsets.UTF_8))));
        GeneralSigningApdu signed = security.sign(out.apdu(), TestParties.SUPPLIER);
        return GbcsFrameEncoder.encode(security.addMac(signed));
    }

    private static String credentialType(String element, String type) {
        return "<sr:" + element + "><sr:CredentialType>" + type + "</sr:CredentialType></sr:" + element + ">";
    }

    private static String placing(byte[] certificate) {
        return "<sr:UpdateSecurityCredentialsDevice><sr:DeviceCertificate>" + Base64.getEncoder().encodeToString(certificate)
                + "</sr:DeviceCertificate></sr:UpdateSecurityCredentialsDevice>";
    }

    /** The one response the device sends, decoded, with the raw frame for signature checks. */
    private record Answer(byte[] wire, GbcsMessage message) {
        byte[] content() {
            return message.apdu().content();
        }
    }

    private Answer send(byte[] command) throws Exception {
        List<Outbound> out = esme.receive(command);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo(Outbound.Kind.RESPONSE);
        return new Answer(out.get(0).frame(), decoder.decode(out.get(0).frame()));
    }

    private EcKeys.PublicKey factoryKey() {
        return security.keyStore().publicKey(TestParties.ESME, KeyUsage.DS).orElseThrow();
    }

    @Test
    void reKey_issuePlaceReport_theNewKeySignsEverythingAfterThePlacementsAnswer() throws Exception {
        Answer issued = send(command("6.17", credentialType("IssueSecurityCredentials", "Digital Signature")));
        assertThat(security.verifySignature(issued.wire(), issued.message())).isEqualTo(Check.VALID);
        CertificationRequests.Request csr = CertificationRequests.parse(issued.content());
        assertThat(csr.device()).isEqualTo(TestParties.ESME);
        assertThat(csr.usage()).isEqualTo(KeyUsage.DS);
        assertThat(csr.key().encoded()).isNotEqualTo(factoryKey().encoded());

        byte[] certificate = DeviceCertificateAuthority.encoded(ca.issue(issued.content()));
        Answer placed = send(command("6.15.2", placing(certificate)));
        assertThat(DeviceSecurityCredentials.decodeResult(placed.content())).isEqualTo(DeviceSecurityCredentials.RESULT_SUCCESS);
        assertThat(security.verifySignature(placed.wire(), placed.message()))
                .as("the placement's answer is signed with the key its sender knows").isEqualTo(Check.VALID);

        Answer reported = send(command("6.24.2", credentialType("RetrieveDeviceSecurityCredentialsDevice", "Digital Signature")));
        assertThat(reported.content()).isEqualTo(certificate);
        assertThat(security.verifySignature(reported.wire(), reported.message(), csr.key())).isEqualTo(Check.VALID);
        assertThat(security.verifySignature(reported.wire(), reported.message()))
                .as("no longer the key it was made with").isEqualTo(Check.INVALID);
        assertThat(esme.signingKey().orElseThrow().publicKey().encoded()).isEqualTo(csr.key().encoded());
    }

    @Test
    void report_beforeAnyReKeying_isTheDeviceCasCertificateForTheKeyTheDeviceWasMadeWith() throws Exception {
        Answer reported = send(command("6.24.2", credentialType("RetrieveDeviceSecurityCredentialsDevice", "Digital Signature")));
        assertThat(reported.content()).isEqualTo(ca.issueEncoded(TestParties.ESME, KeyUsage.DS, factoryKey()));
        assertThat(SmkiCertificates.signedBy(reported.content(), DeviceCertificateAuthority.encoded(ca.certificate()))).isTrue();
        SmkiCertificates.Parsed parsed = SmkiCertificates.parse(reported.content());
        assertThat(parsed.party()).isEqualTo(TestParties.ESME);
        assertThat(parsed.digitalSignature()).isTrue();
    }

    @Test
    void place_aCertificateForAKeyTheDeviceDidNotMake_isRefusedWith3_andTheOldKeyStays() throws Exception {
        send(command("6.17", credentialType("IssueSecurityCredentials", "Digital Signature")));
        EcKeys.KeyPair stranger = EcKeys.generate(new SecureRandom());
        byte[] foreign = ca.issueEncoded(TestParties.ESME, KeyUsage.DS, stranger.publicKey());
        Answer placed = send(command("6.15.2", placing(foreign)));
        assertThat(DeviceSecurityCredentials.decodeResult(placed.content())).isEqualTo(DeviceSecurityCredentials.RESULT_REFUSED);
        Answer reported = send(command("6.24.2", credentialType("RetrieveDeviceSecurityCredentialsDevice", "Digital Signature")));
        assertThat(security.verifySignature(reported.wire(), reported.message())).isEqualTo(Check.VALID);
    }

    @Test
    void place_withoutAnIssueFirst_isRefusedWith3() throws Exception {
        byte[] own = ca.issueEncoded(TestParties.ESME, KeyUsage.DS, factoryKey());
        Answer placed = send(command("6.15.2", placing(own)));
        assertThat(DeviceSecurityCredentials.decodeResult(placed.content())).isEqualTo(DeviceSecurityCredentials.RESULT_REFUSED);
    }

    @Test
    void keyAgreement_isRefusedWith3_forIssueAndReport() throws Exception {
        Answer issued = send(command("6.17", credentialType("IssueSecurityCredentials", "Key Agreement")));
        assertThat(DeviceSecurityCredentials.decodeResult(issued.content())).isEqualTo(DeviceSecurityCredentials.RESULT_REFUSED);
        Answer reported = send(command("6.24.2", credentialType("RetrieveDeviceSecurityCredentialsDevice", "Key Agreement")));
        assertThat(DeviceSecurityCredentials.decodeResult(reported.content())).isEqualTo(DeviceSecurityCredentials.RESULT_REFUSED);
    }

    @Test
    void restart_withSavedState_keepsSigningWithThePlacedKey() throws Exception {
        Answer issued = send(command("6.17", credentialType("IssueSecurityCredentials", "Digital Signature")));
        byte[] certificate = DeviceCertificateAuthority.encoded(ca.issue(issued.content()));
        send(command("6.15.2", placing(certificate)));
        DeviceState saved = esme.snapshot();
        assertThat(saved.ownKey().toString()).doesNotContain(saved.ownKey().privateKey());

        Device restarted = Device.esme(TestParties.ESME, clock, security, trust);
        restarted.restore(saved);
        assertThat(restarted.signingKey().orElseThrow().publicKey().encoded())
                .isEqualTo(CertificationRequests.parse(issued.content()).key().encoded());
        List<Outbound> out = restarted.receive(command("6.24.2",
                credentialType("RetrieveDeviceSecurityCredentialsDevice", "Digital Signature")));
        assertThat(decoder.decode(out.get(0).frame()).apdu().content()).isEqualTo(certificate);
    }

    @Test
    void restart_betweenIssueAndPlace_keepsThePendingKey_soThePlacementStillSucceeds() throws Exception {
        Answer issued = send(command("6.17", credentialType("IssueSecurityCredentials", "Digital Signature")));
        Device restarted = Device.esme(TestParties.ESME, clock, security, trust);
        restarted.restore(esme.snapshot());
        byte[] certificate = DeviceCertificateAuthority.encoded(ca.issue(issued.content()));
        List<Outbound> out = restarted.receive(command("6.15.2", placing(certificate)));
        assertThat(DeviceSecurityCredentials.decodeResult(decoder.decode(out.get(0).frame()).apdu().content()))
                .isEqualTo(DeviceSecurityCredentials.RESULT_SUCCESS);
    }
}
