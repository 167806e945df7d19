package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.LoadControllerCredentials;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.srv.Transformer;
import org.junit.jupiter.api.Test;

/**
 * A supplier replaces its own credentials on the ESME (DUIS 6.15.1 for the Supplier, GBCS CS02b 0x0102): once the device
 * confirms, it takes the supplier's critical commands signed with the new key and refuses those signed with the old; a
 * future-dated replacement waits for its time and reports with alert 0x00CB.
 */
class SupplierCredentialsTest {
    private final TestSite t = new TestSite();
    private final SecureRandom random = new SecureRandom();
    private final TestCertificates.Issued ca = TestCertificates.certificateAuthority(BigInteger.TEN, random);
    private final KeyPair newSigning = TestCertificates.newKeyPair(random);
    private final KeyPair newAgreement = TestCertificates.newKeyPair(random);
    private long counter = 3000;

    private String body(String executionDateTime) throws Exception {
        Base64.Encoder b64 = Base64.getEncoder();
        String ds = b64.encodeToString(TestCertificates.issue(TestParties.SUPPLIER, 2, KeyUsage.digitalSignature,
                BigInteger.valueOf(11), newSigning.getPublic(), ca, null).getEncoded());
        String ka = b64.encodeToString(TestCertificates.issue(TestParties.SUPPLIER, 2, KeyUsage.keyAgreement,
                BigInteger.valueOf(12), newAgreement.getPublic(), ca, null).getEncoded());
        return "<sr:UpdateSecurityCredentialsKRP>"
                + (executionDateTime == null ? "" : "<sr:ExecutionDateTime>" + executionDateTime + "</sr:ExecutionDateTime>")
                + "<sr:RemotePartyRole>Supplier</sr:RemotePartyRole><sr:RemotePartyFloorSeqNumber>0</sr:RemotePartyFloorSeqNumber>"
                + "<sr:ReplacementCertificates><sr:SupplierOrNetworkOperatorCertificates><sr:DigitalSigningCertificate>" + ds
                + "</sr:DigitalSigningCertificate><sr:KeyAgreementCertificate>" + ka + "</sr:KeyAgreementCertificate>"
                + "</sr:SupplierOrNetworkOperatorCertificates></sr:ReplacementCertificates><sr:CertificationPathCertificates>"
                + "<sr:Certificate>" + b64.encodeToString(ca.certificate().getEncoded()) + "</sr:Certificate>"
                + "</sr:CertificationPathCertificates><sr:ApplyTimeBasedCPVChecks>true</sr:ApplyTimeBasedCPVChecks>"
                + "</sr:UpdateSecurityCredentialsKRP>";
    }

    /** A critical request as the head-end transforms it, signed with {@code key} (null: the supplier's first key). */
    private byte[] command(String srv, String body, java.security.PrivateKey key) throws Exception {
        String[] p = srv.split("\\.");
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:" + (++counter) + "</sr:RequestID><sr:CommandVariant>4"
                + "</sr:CommandVariant><sr:ServiceReference>" + (p.length > 2 ? p[0] + "." + p[1] : srv)
                + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv + "</sr:ServiceReferenceVariant></sr:Header>"
                + "<sr:Body>" + body + "</sr:Body></sr:Request>";
        Transformer.Transformed out = new Transformer().transform(ServiceRequest.read(DuisDocuments.withoutSchema()
                .parse(xml.getBytes(StandardCharsets.UTF_8))));
        GeneralSigningApdu signed = key == null ? t.security.sign(out.apdu(), TestParties.SUPPLIER)
                : t.security.sign(out.apdu(), SmkiCertificates.fromJca(key));
        return GbcsFrameEncoder.encode(t.security.addMac(signed));
    }

    /** A critical request the device answers only if it trusts the signer's key: 6.24.2, reading its certificate. */
    private boolean answered(java.security.PrivateKey key) throws Exception {
        return answered(t.esme, key);
    }

    private boolean answered(Device device, java.security.PrivateKey key) throws Exception {
        List<Outbound> out = device.receive(command("6.24.2", "<sr:RetrieveDeviceSecurityCredentialsDevice><sr:CredentialType>"
                + "Digital Signature</sr:CredentialType></sr:RetrieveDeviceSecurityCredentialsDevice>", key));
        return !out.isEmpty() && out.get(0).kind() == Outbound.Kind.RESPONSE;
    }

    @Test
    void immediate_replacesTheSuppliersCell_soOnlyTheNewKeySignsCommandsTheDeviceTakes() throws Exception {
        List<Outbound> out = t.esme.receive(command("6.15.1", body(null), null));
        var result = LoadControllerCredentials.decodeResponse(new GbcsFrameDecoder().decode(out.get(0).frame()).apdu()
                .content()).orElseThrow();
        assertThat(result.mode()).isEqualTo(LoadControllerCredentials.MODE_SUPPLIER_BY_SUPPLIER);
        assertThat(result.replaced()).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(LoadControllerCredentials.STATUS_SUCCESS);
            assertThat(r.newParty()).isEqualTo(TestParties.SUPPLIER);
        });
        assertThat(t.esme.trustAnchors().cell(Role.SUPPLIER).orElseThrow().signingKey().encoded())
                .isEqualTo(SmkiCertificates.fromJca(newSigning.getPublic()).encoded());
        assertThat(answered(null)).as("signed with the key it replaced").isFalse();
        assertThat(answered(newSigning.getPrivate())).as("signed with the new key").isTrue();
    }

    @Test
    void futureDated_waitsForItsTime_thenReportsWith00CB() throws Exception {
        Instant at = t.clock.now().plus(Duration.ofHours(2));
        List<Outbound> out = t.esme.receive(command("6.15.1", body(at.toString()), null));
        assertThat(LoadControllerCredentials.decodeResponse(new GbcsFrameDecoder().decode(out.get(0).frame()).apdu().content()))
                .as("accepted for later").isEmpty();
        assertThat(answered(null)).as("the old key still stands").isTrue();
        t.clock.advance(Duration.ofHours(2));
        List<Outbound> alerts = t.esme.poll();
        assertThat(alerts).hasSize(1);
        var alert = new GbcsFrameDecoder().decode(alerts.get(0).frame()).apdu();
        assertThat(alert.messageCode()).isEqualTo(LoadControllerCredentials.CS02B_FUTURE_DATED_ALERT);
        assertThat(alerts.get(0).recipient()).isEqualTo(TestParties.SUPPLIER);
        assertThat(answered(null)).isFalse();
        assertThat(answered(newSigning.getPrivate())).isTrue();
    }

    /**
     * A change of supplier (6.23): the new supplier asks, the DCC's Transitional CoS party signs CS02b 0x0107 with its
     * own counter, and the ESME's supplier cell then holds the new supplier's certificates.
     */
    @Test
    void changeOfSupplier_byTheTransitionalCosParty_putsTheNewSuppliersKeyInTheSupplierCell() throws Exception {
        org.dccsim.gbcs.Eui64 newSupplier = org.dccsim.gbcs.Eui64.parse("90B3D51F30010099");
        KeyPair newSuppliersKey = TestCertificates.newKeyPair(random);
        Base64.Encoder b64 = Base64.getEncoder();
        String ds = b64.encodeToString(TestCertificates.issue(newSupplier, 2, KeyUsage.digitalSignature, BigInteger.valueOf(21),
                newSuppliersKey.getPublic(), ca, null).getEncoded());
        String body = "<sr:UpdateSecurityCredentialsCoS><sr:SupplierFloorSeqNumber>0</sr:SupplierFloorSeqNumber>"
                + "<sr:SupplierReplacementCertificates><sr:DigitalSigningCertificate>" + ds + "</sr:DigitalSigningCertificate>"
                + "</sr:SupplierReplacementCertificates><sr:CertificationPathCertificates><sr:Certificate>"
                + b64.encodeToString(ca.certificate().getEncoded()) + "</sr:Certificate></sr:CertificationPathCertificates>"
                + "<sr:ApplyTimeBasedCPVChecks>true</sr:ApplyTimeBasedCPVChecks><sr:ImportMPxN>1312345678333</sr:ImportMPxN>"
                + "</sr:UpdateSecurityCredentialsCoS>";
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-99:00-DB-12-34-56-78-90-A0:1</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant>"
                + "<sr:ServiceReference>6.23</sr:ServiceReference><sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>"
                + "</sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
        ServiceRequest sr = ServiceRequest.read(DuisDocuments.withoutSchema().parse(xml.getBytes(StandardCharsets.UTF_8)));
        Transformer transformer = new Transformer();
        Transformer.Plan plan = transformer.plan(sr, org.dccsim.duis.UserRole.SUPPLIER);
        assertThat(plan.byAcb()).as("the DCC sends it").isTrue();
        Transformer.Transformed out = transformer.transform(sr, plan, new Transformer.OnBehalf(TestParties.ACB, 7000,
                TestParties.TRANSITIONAL_COS));
        assertThat(out.apdu().originator()).isEqualTo(TestParties.TRANSITIONAL_COS);
        byte[] wire = GbcsFrameEncoder.encode(t.security.addMac(t.security.sign(out.apdu(), TestParties.TRANSITIONAL_COS)));

        List<Outbound> answer = t.esme.receive(wire);
        var result = LoadControllerCredentials.decodeResponse(new GbcsFrameDecoder().decode(answer.get(0).frame()).apdu()
                .content()).orElseThrow();
        assertThat(result.mode()).isEqualTo(LoadControllerCredentials.MODE_SUPPLIER_BY_TRANSITIONAL_COS);
        assertThat(result.replaced()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(LoadControllerCredentials.STATUS_SUCCESS);
            assertThat(r.newParty()).isEqualTo(newSupplier);
            assertThat(r.priorParty()).isEqualTo(TestParties.SUPPLIER);
        });
        assertThat(t.esme.trustAnchors().cell(Role.SUPPLIER).orElseThrow().party()).isEqualTo(newSupplier);
        assertThat(answered(null)).as("the old supplier no longer").isFalse();
    }

    /** A request the DCC's ACB sends in its own name, MACed, as the head-end plans and transforms it. */
    private byte[] fromTheAcb(String srv, String body) throws Exception {
        String[] p = srv.split("\\.");
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:" + (++counter) + "</sr:RequestID><sr:CommandVariant>1"
                + "</sr:CommandVariant><sr:ServiceReference>" + (p.length > 2 ? p[0] + "." + p[1] : srv)
                + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv + "</sr:ServiceReferenceVariant></sr:Header>"
                + "<sr:Body>" + body + "</sr:Body></sr:Request>";
        ServiceRequest sr = ServiceRequest.read(DuisDocuments.withoutSchema().parse(xml.getBytes(StandardCharsets.UTF_8)));
        Transformer transformer = new Transformer();
        Transformer.Plan plan = transformer.plan(sr, org.dccsim.duis.UserRole.SUPPLIER);
        assertThat(plan.byAcb()).as(srv + " goes out from the ACB").isTrue();
        Transformer.Transformed out = transformer.transform(sr, plan, new Transformer.OnBehalf(TestParties.ACB, ++counter));
        return GbcsFrameEncoder.encode(t.security.addMac(out.apdu()));
    }

    private boolean answersTheAcb() throws Exception {
        List<Outbound> out = t.esme.receive(fromTheAcb("6.24.1", "<sr:RetrieveDeviceSecurityCredentialsKRP>"
                + "<sr:RemotePartyRole>Supplier</sr:RemotePartyRole></sr:RetrieveDeviceSecurityCredentialsKRP>"));
        return !out.isEmpty() && out.get(0).kind() == Outbound.Kind.RESPONSE;
    }

    /**
     * 8.5 Service Opt Out: the DCC's ACB hands its own cell to the party the supplier names (CS02b 0x0104, MACed, not
     * signed); the device confirms, and from then on nothing the DCC's ACB MACs is answered, the ACB's own requests
     * and the supplier's alike: the device has left the DCC.
     */
    @Test
    void serviceOptOut_handsTheAcbCellToAnotherParty_andTheDccsAcbIsAnsweredNoMore() throws Exception {
        org.dccsim.gbcs.Eui64 newAcb = org.dccsim.gbcs.Eui64.parse("90B3D51F30000099");
        KeyPair newAcbKey = TestCertificates.newKeyPair(random);
        Base64.Encoder b64 = Base64.getEncoder();
        String ka = b64.encodeToString(TestCertificates.issue(newAcb, 4, KeyUsage.keyAgreement, BigInteger.valueOf(31),
                newAcbKey.getPublic(), ca, null).getEncoded());
        assertThat(answersTheAcb()).as("before").isTrue();
        assertThat(answered(null)).as("the supplier, before").isTrue();
        String body = "<sr:ServiceOptOut><sr:ExecutionDateTime>2015-01-15T00:00:00Z</sr:ExecutionDateTime>"
                + "<sr:ACBFloorSeqNumber>0</sr:ACBFloorSeqNumber><sr:ReplacementCertificates><sr:KeyAgreementCertificate>"
                + ka + "</sr:KeyAgreementCertificate></sr:ReplacementCertificates><sr:CertificationPathCertificates>"
                + "<sr:Certificate>" + b64.encodeToString(ca.certificate().getEncoded()) + "</sr:Certificate>"
                + "</sr:CertificationPathCertificates><sr:ApplyTimeBasedCPVChecks>true</sr:ApplyTimeBasedCPVChecks>"
                + "</sr:ServiceOptOut>";
        byte[] wire = fromTheAcb("8.5", body);
        var apdu = new GbcsFrameDecoder().decode(wire).apdu();
        assertThat(apdu.messageCode()).isEqualTo(LoadControllerCredentials.ACB_BY_ACB);
        assertThat(apdu.signature()).isEqualTo(org.dccsim.gbcs.frame.SignatureField.NULL);

        List<Outbound> answer = t.esme.receive(wire);
        var result = LoadControllerCredentials.decodeResponse(new GbcsFrameDecoder().decode(answer.get(0).frame()).apdu()
                .content()).orElseThrow();
        assertThat(result.mode()).isEqualTo(LoadControllerCredentials.MODE_ACB_BY_ACB);
        assertThat(result.replaced()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(LoadControllerCredentials.STATUS_SUCCESS);
            assertThat(r.newParty()).isEqualTo(newAcb);
            assertThat(r.priorParty()).isEqualTo(TestParties.ACB);
        });
        assertThat(org.dccsim.srv.SrvCatalogue.standard().get("8.5").orElseThrow().statusChange().tookEffect()
                .test(new GbcsFrameDecoder().decode(answer.get(0).frame()).apdu().content()))
                .as("the head-end marks it Withdrawn").isTrue();
        assertThat(t.esme.trustAnchors().cell(Role.ACB).orElseThrow().party()).isEqualTo(newAcb);
        assertThat(answersTheAcb()).as("after").isFalse();
        assertThat(answered(null)).as("the supplier's command, MACed by the DCC's ACB, after").isFalse();
    }

    /**
     * 6.21 Request Handover Of DCC Controlled Device: the ESME's supplier and network operator cells hold the DCC's
     * ACB, so the supplier's own commands go unanswered; the ACB, signing as the supplier cell's holder, hands it to
     * the supplier (CS02b 0x0102 with the ACB's counter), after which the device takes the supplier's commands signed
     * with the key it was given, and still answers the ACB as the ACB. An ESME whose supplier cell the supplier
     * already holds keeps it.
     */
    @Test
    void handover_ofADccControlledEsme_givesTheAcbsSupplierCellToTheSupplier() throws Exception {
        Device dccControlled = Device.esme(TestParties.ESME, t.clock, t.security,
                t.trust.set(Role.SUPPLIER, TestParties.ACB).set(Role.NETWORK_OPERATOR, TestParties.ACB));
        assertThat(answered(dccControlled, null)).as("the supplier, before").isFalse();
        String body = body(null).replace("UpdateSecurityCredentialsKRP", "RequestHandoverOfDCCControlledDevice")
                .replace("<sr:SupplierOrNetworkOperatorCertificates>", "").replace("</sr:SupplierOrNetworkOperatorCertificates>", "");
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:" + (++counter) + "</sr:RequestID><sr:CommandVariant>1"
                + "</sr:CommandVariant><sr:ServiceReference>6.21</sr:ServiceReference><sr:ServiceReferenceVariant>6.21"
                + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
        ServiceRequest sr = ServiceRequest.read(DuisDocuments.withoutSchema().parse(xml.getBytes(StandardCharsets.UTF_8)));
        Transformer transformer = new Transformer();
        Transformer.Plan plan = transformer.plan(sr, org.dccsim.duis.UserRole.SUPPLIER);
        Transformer.Transformed out = transformer.transform(sr, plan, new Transformer.OnBehalf(TestParties.ACB, 8000));
        assertThat(out.apdu().originator()).isEqualTo(TestParties.ACB);
        assertThat(out.apdu().messageCode()).isEqualTo(LoadControllerCredentials.SUPPLIER_BY_SUPPLIER);
        assertThat(out.acbSigns()).as("the ACB signs it, as the cell's holder").isTrue();
        byte[] wire = GbcsFrameEncoder.encode(t.security.addMac(t.security.sign(out.apdu(), TestParties.ACB)));

        assertThat(t.esme.receive(wire)).as("an ESME the supplier holds answers no ACB's handover with success")
                .noneSatisfy(o -> assertThat(LoadControllerCredentials.decodeResponse(new GbcsFrameDecoder().decode(o.frame())
                        .apdu().content()).orElseThrow().replaced()).allMatch(r -> r.status() == LoadControllerCredentials.STATUS_SUCCESS));
        assertThat(t.esme.trustAnchors().cell(Role.SUPPLIER).orElseThrow().party()).isEqualTo(TestParties.SUPPLIER);

        List<Outbound> answer = dccControlled.receive(wire);
        var result = LoadControllerCredentials.decodeResponse(new GbcsFrameDecoder().decode(answer.get(0).frame()).apdu()
                .content()).orElseThrow();
        assertThat(result.replaced()).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(LoadControllerCredentials.STATUS_SUCCESS);
            assertThat(r.newParty()).isEqualTo(TestParties.SUPPLIER);
            assertThat(r.priorParty()).isEqualTo(TestParties.ACB);
        });
        assertThat(dccControlled.trustAnchors().cell(Role.SUPPLIER).orElseThrow().party()).isEqualTo(TestParties.SUPPLIER);
        assertThat(dccControlled.trustAnchors().cell(Role.NETWORK_OPERATOR).orElseThrow().party()).isEqualTo(TestParties.ACB);
        assertThat(answered(dccControlled, newSigning.getPrivate())).as("the supplier, after, with its new key").isTrue();
        assertThat(answered(dccControlled, null)).as("a key the device was not given").isFalse();
    }

    /**
     * The Recovery party's CS02b (0x0108), signed and not MACed: one command replaces the supplier's and the
     * Transitional CoS party's signing keys after a compromise. The device answers every cell's floors and each
     * certificate's status; the supplier's old key no longer signs for it, its new one does; an update queued before
     * the recovery does not undo it at its time; the same command again is a replay. A device whose Recovery cell is
     * empty answers nothing.
     */
    @Test
    void recovery_replacesTheSuppliersAndTheTransitionalCosCellsInOneSignedCommand() throws Exception {
        org.dccsim.gbcs.Eui64 recoveryParty = org.dccsim.gbcs.Eui64.parse("90B3D51F30000001");
        org.dccsim.gbcs.crypto.EcKeys.KeyPair recoveryKey = org.dccsim.gbcs.crypto.EcKeys.deterministic("test-recovery");
        Device esme = Device.esme(TestParties.ESME, t.clock, t.security, t.trust.with(Role.RECOVERY,
                new TrustAnchors.Cell(recoveryParty, recoveryKey.publicKey(), null, null)));
        KeyPair newCosKey = TestCertificates.newKeyPair(random);
        KeyPair recovered = TestCertificates.newKeyPair(random);
        byte[] supplierDs = TestCertificates.issue(TestParties.SUPPLIER, 2, KeyUsage.digitalSignature, BigInteger.valueOf(41),
                recovered.getPublic(), ca, null).getEncoded();
        byte[] cosDs = TestCertificates.issue(TestParties.TRANSITIONAL_COS, 5, KeyUsage.digitalSignature,
                BigInteger.valueOf(42), newCosKey.getPublic(), ca, null).getEncoded();
        var command = new LoadControllerCredentials.Command(LoadControllerCredentials.MODE_RECOVERY, true,
                LoadControllerCredentials.ROLE_RECOVERY, 9000, LoadControllerCredentials.ROLE_RECOVERY, 0, null, List.of(
                        new LoadControllerCredentials.Replacement(supplierDs, 2, LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE),
                        new LoadControllerCredentials.Replacement(cosDs, 5, LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE)),
                List.of(ca.certificate().getEncoded()), null, List.of(new LoadControllerCredentials.Floor(2, 0, null),
                        new LoadControllerCredentials.Floor(5, 0, null)));
        var apdu = new GeneralSigningApdu(org.dccsim.gbcs.frame.CraFlag.COMMAND, 9000, recoveryParty, TestParties.ESME, null,
                org.dccsim.gbcs.frame.OtherInformation.of(LoadControllerCredentials.RECOVERY_ANY_EXCEPT_ROOT),
                LoadControllerCredentials.encode(command), org.dccsim.gbcs.frame.SignatureField.ABSENT);
        byte[] wire = GbcsFrameEncoder.encodeApdu(t.security.sign(apdu, recoveryKey.privateKey()));
        assertThat(answered(esme, null)).as("the supplier's first key, before").isTrue();
        Instant at = t.clock.now().plus(Duration.ofHours(2));
        assertThat(esme.receive(command("6.15.1", body(at.toString()), null))).as("an update queued for later").hasSize(1);

        assertThat(t.esme.receive(wire)).as("a device whose Recovery cell is empty").isEmpty();
        List<Outbound> answer = esme.receive(wire);
        assertThat(answer).hasSize(1);
        var response = new GbcsFrameDecoder().decode(answer.get(0).frame());
        assertThat(t.security.verifySignature(answer.get(0).frame(), response)).isEqualTo(org.dccsim.gbcs.crypto.Check.VALID);
        var result = LoadControllerCredentials.decodeResponse(response.apdu().content()).orElseThrow();
        assertThat(result.mode()).isEqualTo(LoadControllerCredentials.MODE_RECOVERY);
        assertThat(result.remotePartyRole()).isEqualTo(LoadControllerCredentials.ROLE_RECOVERY);
        assertThat(result.moreFloors()).extracting(LoadControllerCredentials.Floor::role).containsExactly(2, 5);
        assertThat(result.replaced()).extracting(LoadControllerCredentials.Replaced::status)
                .containsExactly(LoadControllerCredentials.STATUS_SUCCESS, LoadControllerCredentials.STATUS_SUCCESS);
        assertThat(esme.trustAnchors().cell(Role.TRANSITIONAL_COS).orElseThrow().signingKey()).isNotNull();
        assertThat(answered(esme, recovered.getPrivate())).as("the supplier's recovered key, after").isTrue();
        assertThat(answered(esme, null)).as("the supplier's first key, after").isFalse();

        t.clock.advance(Duration.ofHours(2));
        assertThat(esme.poll()).as("the queued update was dropped").isEmpty();
        assertThat(answered(esme, recovered.getPrivate())).as("the recovered key still stands").isTrue();
        assertThat(esme.receive(wire)).as("the recovery again").isEmpty();
        assertThat(esme.rejections(Rejection.Reason.REPLAYED_COUNTER)).isEqualTo(1);
    }

    @Test
    void fromTheWrongRole_isRefusedByTheHeadEndsTransform() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Transformer().transform(ServiceRequest.read(
                DuisDocuments.withoutSchema().parse(("<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\">"
                        + "<sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1</sr:RequestID>"
                        + "<sr:CommandVariant>4</sr:CommandVariant><sr:ServiceReference>6.15</sr:ServiceReference>"
                        + "<sr:ServiceReferenceVariant>6.15.1</sr:ServiceReferenceVariant></sr:Header><sr:Body>"
                        + body(null).replace(">Supplier<", ">AccessControlBroker<") + "</sr:Body></sr:Request>")
                        .getBytes(StandardCharsets.UTF_8))))).hasMessageContaining("not supported");
    }
}
