package org.dccsim.headend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisSignatures;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.poll.PollRequest;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.SimulatedDeviceKeyStore;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.headend.server.HeadEndServer;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The head-end and a device simulator with the RTDS identities, over real loopback HTTP and TCP, with real
 * signatures: a supplier reads a half-hour profile; the Load Controller limits an APC through the critical flow
 * with its own GBCS signature and receives the response, 8F86 and 8F87; and the gateway refuses a wrong role,
 * a replayed counter, a tampered signature, an XXE payload, an unknown device and the wrong URL.
 */
class HeadEndIntegrationTest {
    static final Eui64 SUPPLIER = Eui64.parse("90B3D51F30010000");
    static final Eui64 NETWORK_OPERATOR = Eui64.parse("90B3D51F30020000");
    static final Eui64 LOAD_CONTROLLER = Eui64.parse("90B3D51F30010008");
    static final Eui64 ESME = Eui64.parse("00DB1234567890A0");
    static final Eui64 SAPC = Eui64.parse("00DB1234567890A6");
    static final Eui64 CHF = Eui64.parse("00DB1234567890A2");
    /** A second VLP, whose Load Controller credentials the supplier installs on the SAPC. */
    static final Eui64 LOAD_CONTROLLER_2 = Eui64.parse("90B3D51F30010009");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T16:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final DuisDocuments docs = DuisDocuments.withoutSchema();
    private DuisDocuments schema;
    private GbcsSecurity security;
    private DuisSignatures signer = new DuisSignatures();
    private DuisSignatures responseVerifier = new DuisSignatures();
    private X509Certificate supplierCert;
    private PrivateKey supplierKey;
    private TestCertificates.Issued lcXml;
    private TestCertificates.Issued lc2Xml;
    private TestCertificates.Issued ca;
    private java.security.KeyPair lc2Ds;
    private java.security.KeyPair lc2Ka;
    private HeadEndServer server;
    private CommsHubLink link;
    private Fleet fleet;
    private String base;
    private long counter = System.currentTimeMillis();

    @BeforeEach
    void start() throws Exception {
        Path boxed = SharedData.require("reference/duis/boxed-keys");
        schema = DuisDocuments.withSchema(SharedData.require("reference/duis/duis-schema-v5.4.xsd"));
        SecureRandom rnd = new SecureRandom();
        ca = TestCertificates.certificateAuthority(BigInteger.valueOf(7000), rnd);
        lc2Ds = TestCertificates.newKeyPair(rnd);
        lc2Ka = TestCertificates.newKeyPair(rnd);
        lc2Xml = TestCertificates.selfSigned(LOAD_CONTROLLER_2, TestCertificates.ROLE_XML_SIGN, BigInteger.valueOf(880009), rnd);
        // The second VLP's GBCS keys: its signing pair (this test signs for it too) and its KA public key.
        org.dccsim.gbcs.crypto.InMemoryKeyStore lc2Keys = new org.dccsim.gbcs.crypto.InMemoryKeyStore()
                .putPair(LOAD_CONTROLLER_2, org.dccsim.gbcs.crypto.KeyUsage.DS, new org.dccsim.gbcs.crypto.EcKeys.KeyPair(
                        org.dccsim.gbcs.crypto.SmkiCertificates.fromJca(lc2Ds.getPublic()),
                        org.dccsim.gbcs.crypto.SmkiCertificates.fromJca(lc2Ds.getPrivate())))
                .putPublic(LOAD_CONTROLLER_2, org.dccsim.gbcs.crypto.KeyUsage.KA,
                        org.dccsim.gbcs.crypto.SmkiCertificates.fromJca(lc2Ka.getPublic()));
        security = new GbcsSecurity(new org.dccsim.gbcs.crypto.LayeredKeyStore(lc2Keys, new SimulatedDeviceKeyStore(
                new DirectoryKeyStore(SharedData.rtdsKeystore()), Set.of(ESME, SAPC), "it-devices")));
        supplierCert = JcaPem.readCertificate(boxed.resolve("xml-sign-90B3D51F30010000-ds.pem"));
        supplierKey = JcaPem.readPrivateKey(boxed.resolve("xml-sign-90B3D51F30010000-ds.key"));
        // DCC Boxed ships no XML-signing key for the Load Controller; issue one.
        lcXml = TestCertificates.selfSigned(LOAD_CONTROLLER, TestCertificates.ROLE_XML_SIGN, BigInteger.valueOf(880008),
                new SecureRandom());
        X509Certificate dspCert = JcaPem.readCertificate(boxed.resolve("dsp-xml-sign-90B3D51F30000002-ds.pem"));
        PrivateKey dspKey = JcaPem.readPrivateKey(boxed.resolve("dsp-xml-sign-90B3D51F30000002-ds.key"));
        responseVerifier.trust(dspCert);
        this.dspKey = dspKey;
        this.dspCert = dspCert;
        startHeadEndAndDevices(null);
    }

    private PrivateKey dspKey;
    private X509Certificate dspCert;

    /** The head-end (on {@code journal}, or in memory when null) and the RTDS devices dialling it. */
    private void startHeadEndAndDevices(org.dccsim.headend.journal.Journal journal) throws Exception {
        HeadEndServer.Builder b = HeadEndServer.builder().security(security).dsp(dspKey, dspCert)
                .user(new DccUser(SUPPLIER, Set.of(UserRole.SUPPLIER), supplierCert, null))
                .user(new DccUser(LOAD_CONTROLLER, Set.of(UserRole.LOAD_CONTROLLER), lcXml.certificate(), null))
                .user(new DccUser(LOAD_CONTROLLER_2, Set.of(UserRole.LOAD_CONTROLLER), lc2Xml.certificate(), null))
                .device(new DeviceRecord(ESME, DeviceRecord.Type.ESME, SUPPLIER, NETWORK_OPERATOR, Set.of()))
                .device(new DeviceRecord(SAPC, DeviceRecord.Type.SAPC, SUPPLIER, NETWORK_OPERATOR,
                        Set.of(LOAD_CONTROLLER, LOAD_CONTROLLER_2)))
                // The site's communications hub, in the inventory only (the serviceD tests need no simulated hub).
                .device(new DeviceRecord(CHF, DeviceRecord.Type.CHF, SUPPLIER, NETWORK_OPERATOR, Set.of()))
                // The DCC's ACB certificates, which 8.6 hands out.
                .organisationCertificate(JcaPem.readCertificate(SharedData.rtdsKeystore().resolve("90b3d51f30000002-ds.pem")))
                .organisationCertificate(JcaPem.readCertificate(SharedData.rtdsKeystore().resolve("90b3d51f30000002-ka.pem")))
                .clock(clock).deviceTimeout(Duration.ofSeconds(3)).bind("127.0.0.1").duisPort(0).wanPort(0).requestLog(false);
        if (journal != null) {
            b.journal(journal);
        }
        server = b.start();
        base = server.duisBase();
        int wanPort = server.wanPort();
        fleet = Fleet.build(Fleet.rtdsSpec(), clock, security);
        link = new CommsHubLink(fleet, "127.0.0.1", wanPort, fleet.faults(), Duration.ofMillis(50)).start();
        assertThat(link.awaitConnected(Duration.ofSeconds(10))).isTrue();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!server.connected(SAPC) || !server.connected(ESME)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @AfterEach
    void stop() {
        // Null when start() was skipped because ../shared is absent.
        if (link != null) {
            link.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String request(Eui64 from, Eui64 to, long c, int cv, String sr, String srv, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\""
                + " schemaVersion=\"5.4\"><sr:Header><sr:RequestID>" + from.dashed() + ":" + to.dashed() + ":" + c
                + "</sr:RequestID><sr:CommandVariant>" + cv + "</sr:CommandVariant><sr:ServiceReference>" + sr
                + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv + "</sr:ServiceReferenceVariant></sr:Header>"
                + "<sr:Body>" + body + "</sr:Body></sr:Request>";
    }

    private byte[] signed(String xml, PrivateKey key, X509Certificate cert) throws Exception {
        Document d = docs.parse(xml.getBytes(StandardCharsets.UTF_8));
        signer.sign(d, key, cert);
        return DuisDocuments.serialise(d);
    }

    private Document post(String service, byte[] body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/" + service))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        Document d = schema.parse(r.body()); // every response is valid DUIS 5.4
        responseVerifier.verify(d);
        return d;
    }

    private static String field(Document d, String localName) {
        var nl = d.getElementsByTagNameNS(DuisDocuments.DUIS_NS, localName);
        return nl.getLength() == 0 ? null : nl.item(0).getTextContent().trim();
    }

    private Document poll(Eui64 user, PrivateKey key, X509Certificate cert) throws Exception {
        String xml = "<dccsim:Poll xmlns:dccsim=\"" + PollRequest.NS + "\" user=\"" + user.dashed() + "\" sent=\""
                + Instant.now() + "\" nonce=\"n" + System.nanoTime() + "\" wait=\"10\"/>";
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + PollRequest.PATH))
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed(xml, key, cert))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("poll for " + user).isEqualTo(200);
        Document d = schema.parse(r.body());
        responseVerifier.verify(d);
        return d;
    }

    private static byte[] gbcs(Document d) {
        return Base64.getMimeDecoder().decode(field(d, "GBCSPayload"));
    }

    @Test
    void supplierReadsAHalfHourProfile_I99ThenI0WithTheDecryptableProfile() throws Exception {
        clock.set(Instant.parse("2026-06-01T20:00:00Z"));
        String body = "<sr:ReadActiveImportProfileData><sr:ReadLogPeriod><sr:StartDateTime>2026-06-01T16:00:00Z"
                + "</sr:StartDateTime><sr:EndDateTime>2026-06-01T18:00:00Z</sr:EndDateTime></sr:ReadLogPeriod>"
                + "</sr:ReadActiveImportProfileData>";
        Document ack = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.8", "4.8.1", body), supplierKey,
                supplierCert));
        assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
        Document result = poll(SUPPLIER, supplierKey, supplierCert);
        assertThat(field(result, "ResponseCode")).isEqualTo("I0");
        assertThat(field(result, "ResponseID")).isEqualTo(ESME.dashed() + ":" + SUPPLIER.dashed() + ":" + counter);
        Inspection in = new MessageInspector(new GbcsFrameDecoder(), security).inspect(gbcs(result));
        assertThat(in.mac()).isEqualTo(Check.VALID);
        HalfHourProfile profile = HalfHourProfile.parse(in.decryptions().get(0).plaintext());
        assertThat(profile.entries()).hasSize(5);
    }

    /**
     * DUIS future dated by the DSP: acknowledged at once, nothing sent until its time on the simulated clock (the one
     * the devices share), then answered as usual.
     */
    @Test
    void aFutureDatedRead_isAcknowledgedAtOnce_heldByTheDcc_andAnsweredAtItsSimulatedTime() throws Exception {
        clock.set(Instant.parse("2026-06-01T20:00:00Z"));
        Instant at = clock.now().plus(Duration.ofHours(1));
        String period = "<sr:ReadLogPeriod><sr:StartDateTime>2026-06-01T16:00:00Z</sr:StartDateTime><sr:EndDateTime>"
                + "2026-06-01T18:00:00Z</sr:EndDateTime></sr:ReadLogPeriod>";
        Document ack = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.8", "4.8.1",
                "<sr:ReadActiveImportProfileData><sr:ExecutionDateTime>" + at + "</sr:ExecutionDateTime>" + period
                        + "</sr:ReadActiveImportProfileData>"), supplierKey, supplierCert));
        assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
        Thread.sleep(300);
        assertThat(server.pendingCommands()).as("held by the DCC, not sent yet").isZero();
        assertThat(server.headEnd().scheduledRequests()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(59));
        Thread.sleep(300);
        assertThat(server.headEnd().scheduledRequests()).as("a minute early: still held").isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        Document result = poll(SUPPLIER, supplierKey, supplierCert);
        assertThat(server.headEnd().scheduledRequests()).isZero();
        assertThat(field(result, "ResponseCode")).isEqualTo("I0");
        assertThat(field(result, "RequestID")).endsWith(":" + counter);
        Inspection in = new MessageInspector(new GbcsFrameDecoder(), security).inspect(gbcs(result));
        assertThat(HalfHourProfile.parse(in.decryptions().get(0).plaintext()).entries()).hasSize(5);
        Document tooFar = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.8", "4.8.1",
                "<sr:ReadActiveImportProfileData><sr:ExecutionDateTime>" + clock.now().plus(Duration.ofDays(31))
                        + "</sr:ExecutionDateTime>" + period + "</sr:ReadActiveImportProfileData>"), supplierKey, supplierCert));
        assertThat(field(tooFar, "ResponseCode")).isEqualTo("E12");
    }

    /**
     * ECS22a (export profile) accepts only the Network Operator and the ACB (GBCS section 17 tables) while DUIS
     * offers 4.8.3 to suppliers, so the DCC sends it as the ACB on the supplier's behalf and answers the supplier.
     */
    @Test
    void supplierReadsTheExportProfile_sentByTheAcbOnItsBehalf_andReceivesTheProfile() throws Exception {
        clock.set(Instant.parse("2026-06-01T20:00:00Z"));
        String body = "<sr:ReadExportProfileData><sr:ReadLogPeriod><sr:StartDateTime>2026-06-01T16:00:00Z"
                + "</sr:StartDateTime><sr:EndDateTime>2026-06-01T18:00:00Z</sr:EndDateTime></sr:ReadLogPeriod>"
                + "</sr:ReadExportProfileData>";
        Document ack = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.8", "4.8.3", body), supplierKey,
                supplierCert));
        assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
        Document result = poll(SUPPLIER, supplierKey, supplierCert);
        assertThat(field(result, "ResponseCode")).isEqualTo("I0");
        assertThat(field(result, "ResponseID")).isEqualTo(ESME.dashed() + ":" + SUPPLIER.dashed() + ":" + counter);
        GbcsMessage response = new GbcsFrameDecoder().decode(gbcs(result));
        assertThat(response.apdu().recipient()).isEqualTo(security.accessControlBroker());
        Inspection in = new MessageInspector(new GbcsFrameDecoder(), security).inspect(gbcs(result));
        assertThat(in.mac()).isEqualTo(Check.VALID);
        var apdu = (org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponse) ((org.dccsim.gbcs.payload.Payload.Dlms) in.payload()).apdu();
        assertThat(HalfHourProfile.parse(apdu.data().get(0)).entries()).hasSize(5);
    }

    @Test
    void loadControllerLimitsAnApc_throughTheCriticalFlow_andReceives8F86And8F87() throws Exception {
        String body = "<sr:LimitAPCLevel auxiliaryControllerN=\"1\"><sr:StartDateTime>2026-06-01T16:00:00Z</sr:StartDateTime>"
                + "<sr:EndDateTime>2026-06-01T18:00:00Z</sr:EndDateTime><sr:CommandedStateLevel>20</sr:CommandedStateLevel>"
                + "</sr:LimitAPCLevel>";
        long c = ++counter;
        PrivateKey lcKey = lcXml.keys().getPrivate();
        Document transformed = post("serviceT", signed(request(LOAD_CONTROLLER, SAPC, c, 4, "7.16", "7.16", body), lcKey,
                lcXml.certificate()));
        assertThat(field(transformed, "ResponseCode")).isEqualTo("I0");
        byte[] preCommand = gbcs(transformed);
        GbcsMessage pc = new GbcsFrameDecoder().decode(preCommand);
        byte[] signedPre = GbcsFrameEncoder.encodeApdu(security.sign(pc.apdu(), LOAD_CONTROLLER));
        String send = "<sr:SignedPreCommand><sr:GBCSPayload>" + Base64.getEncoder().encodeToString(signedPre)
                + "</sr:GBCSPayload></sr:SignedPreCommand>";
        Document ack = post("serviceS", signed(request(LOAD_CONTROLLER, SAPC, c, 5, "7.16", "7.16", send), lcKey,
                lcXml.certificate()));
        assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            Document d = poll(LOAD_CONTROLLER, lcKey, lcXml.certificate());
            byte[] payload = gbcs(d);
            GbcsMessage m = new GbcsFrameDecoder().decode(payload);
            assertThat(security.verifySignature(payload, m)).isEqualTo(Check.VALID);
            if (field(d, "AlertCode") != null) {
                seen.add(field(d, "AlertCode"));
                assertThat(DeviceAlerts.parse(m.apdu()).orElseThrow()).isInstanceOf(DeviceAlert.ApcLimitProcessed.class);
            } else {
                seen.add("response");
                assertThat(field(d, "ResponseCode")).isEqualTo("I0");
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("response", "8F86");
        clock.set(Instant.parse("2026-06-01T18:00:00Z"));
        Document ended = poll(LOAD_CONTROLLER, lcKey, lcXml.certificate());
        assertThat(field(ended, "AlertCode")).isEqualTo("8F87");
    }

    /** Transform, sign with the originator's GBCS key, send: the critical flow, answered I99. */
    private void critical(Eui64 from, PrivateKey xmlKey, X509Certificate xmlCert, Eui64 to, String sr, String srv, String body)
            throws Exception {
        long c = ++counter;
        Document t = post("serviceT", signed(request(from, to, c, 4, sr, srv, body), xmlKey, xmlCert));
        assertThat(field(t, "ResponseCode")).as(field(t, "ResponseCode")).isEqualTo("I0");
        GbcsMessage pc = new GbcsFrameDecoder().decode(gbcs(t));
        byte[] signedPre = GbcsFrameEncoder.encodeApdu(security.sign(pc.apdu(), from));
        String send = "<sr:SignedPreCommand><sr:GBCSPayload>" + Base64.getEncoder().encodeToString(signedPre)
                + "</sr:GBCSPayload></sr:SignedPreCommand>";
        assertThat(field(post("serviceS", signed(request(from, to, c, 5, sr, srv, send), xmlKey, xmlCert)), "ResponseCode"))
                .isEqualTo("I99");
    }

    @Test
    void supplierInstallsASecondLoadController_whichThenLimitsTheApcWhileTheFirstIsRefused() throws Exception {
        Base64.Encoder b64 = Base64.getEncoder();
        X509Certificate dsCert = TestCertificates.issue(LOAD_CONTROLLER_2, 8, org.bouncycastle.asn1.x509.KeyUsage.digitalSignature,
                BigInteger.valueOf(9001), lc2Ds.getPublic(), ca, null);
        X509Certificate kaCert = TestCertificates.issue(LOAD_CONTROLLER_2, 8, org.bouncycastle.asn1.x509.KeyUsage.keyAgreement,
                BigInteger.valueOf(9002), lc2Ka.getPublic(), ca, null);
        String install = "<sr:UpdateSecurityCredentialsKRP><sr:RemotePartyRole>LoadController</sr:RemotePartyRole>"
                + "<sr:RemotePartyFloorSeqNumber>0</sr:RemotePartyFloorSeqNumber><sr:ReplacementCertificates>"
                + "<sr:SupplierOrNetworkOperatorCertificates><sr:DigitalSigningCertificate>" + b64.encodeToString(dsCert.getEncoded())
                + "</sr:DigitalSigningCertificate><sr:KeyAgreementCertificate>" + b64.encodeToString(kaCert.getEncoded())
                + "</sr:KeyAgreementCertificate></sr:SupplierOrNetworkOperatorCertificates></sr:ReplacementCertificates>"
                + "<sr:CertificationPathCertificates><sr:Certificate>" + b64.encodeToString(ca.certificate().getEncoded())
                + "</sr:Certificate></sr:CertificationPathCertificates><sr:ApplyTimeBasedCPVChecks>true"
                + "</sr:ApplyTimeBasedCPVChecks></sr:UpdateSecurityCredentialsKRP>";
        // The supplier's GBCS signing key is the RTDS keystore's 90b3d51f30010000-ds.key.
        critical(SUPPLIER, supplierKey, supplierCert, SAPC, "6.15", "6.15.1", install);
        Document installed = poll(SUPPLIER, supplierKey, supplierCert);
        assertThat(field(installed, "ResponseCode")).isEqualTo("I0");
        byte[] response = gbcs(installed);
        GbcsMessage m = new GbcsFrameDecoder().decode(response);
        assertThat(security.verifySignature(response, m)).isEqualTo(Check.VALID);
        var result = org.dccsim.gbcs.usecase.LoadControllerCredentials.decodeResponse(m.apdu().content()).orElseThrow();
        assertThat(result.replaced()).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isZero();
            assertThat(r.newParty()).isEqualTo(LOAD_CONTROLLER_2);
        });

        String limit = "<sr:LimitAPCLevel auxiliaryControllerN=\"1\"><sr:StartDateTime>2026-06-01T16:00:00Z</sr:StartDateTime>"
                + "<sr:EndDateTime>2026-06-01T17:00:00Z</sr:EndDateTime><sr:CommandedStateLevel>0</sr:CommandedStateLevel>"
                + "</sr:LimitAPCLevel>";
        critical(LOAD_CONTROLLER_2, lc2Xml.keys().getPrivate(), lc2Xml.certificate(), SAPC, "7.16", "7.16", limit);
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            Document d = poll(LOAD_CONTROLLER_2, lc2Xml.keys().getPrivate(), lc2Xml.certificate());
            got.add(field(d, "AlertCode") != null ? field(d, "AlertCode") : field(d, "ResponseCode"));
        }
        assertThat(got).containsExactlyInAnyOrder("I0", "8F86");
        // 6.24.1: the supplier asks which Load Controller the SAPC now trusts (CS02f, sent and MACed by the ACB).
        Document ack = post("serviceS", signed(request(SUPPLIER, SAPC, ++counter, 1, "6.24", "6.24.1",
                "<sr:RetrieveDeviceSecurityCredentialsKRP><sr:RemotePartyRole>Supplier</sr:RemotePartyRole>"
                        + "<sr:RemotePartyRole>LoadController</sr:RemotePartyRole></sr:RetrieveDeviceSecurityCredentialsKRP>"),
                supplierKey, supplierCert));
        assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
        Document details = poll(SUPPLIER, supplierKey, supplierCert);
        assertThat(field(details, "ResponseCode")).isEqualTo("I0");
        GbcsMessage dm = new GbcsFrameDecoder().decode(gbcs(details));
        assertThat(dm.apdu().messageCode()).isEqualTo(org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02F);
        var cells = org.dccsim.gbcs.usecase.SecurityCredentialDetails.decodeResponse(dm.apdu().content());
        assertThat(cells).extracting(c -> c.role()).containsExactly(2, 8);
        assertThat(cells.get(0).cells().get(0).party()).isEqualTo(SUPPLIER);
        assertThat(cells.get(1).cells()).allSatisfy(c -> assertThat(c.party()).isEqualTo(LOAD_CONTROLLER_2));
        // The signing key's identifier is the one the installed certificate carries.
        assertThat(cells.get(1).cells().get(0).keyId()).isEqualTo(
                org.dccsim.gbcs.crypto.SmkiCertificates.parse(dsCert.getEncoded()).keyId());

        // The first Load Controller's cell was replaced: the SAPC no longer answers it (E21 after the timeout).
        critical(LOAD_CONTROLLER, lcXml.keys().getPrivate(), lcXml.certificate(), SAPC, "7.16", "7.16", limit);
        assertThat(field(poll(LOAD_CONTROLLER, lcXml.keys().getPrivate(), lcXml.certificate()), "ResponseCode")).isEqualTo("E21");
    }

    /**
     * A read with KAPublicSecurityCredentials (GBCS Unknown Remote Party) must carry the requester's own
     * key-agreement certificate: another party's is refused before anything is sent. (The whole URP read runs end
     * to end in the cli's P375ReferenceSiteTest: the RTDS devices here hold no KA private key of their own.)
     */
    @Test
    void readWithSomeoneElsesKaCertificate_isRefusedWithE12() throws Exception {
        Eui64 otherUser = Eui64.parse("90B3D51F300300AA"); // no keys for it in the RTDS keystore
        SecureRandom rnd = new SecureRandom();
        TestCertificates.Issued ouXml = TestCertificates.selfSigned(otherUser, TestCertificates.ROLE_XML_SIGN,
                BigInteger.valueOf(880030), rnd);
        server.addUser(new DccUser(otherUser, Set.of(UserRole.OTHER_USER), ouXml.certificate(), null));
        X509Certificate someoneElses = TestCertificates.issue(SUPPLIER, 2, org.bouncycastle.asn1.x509.KeyUsage.keyAgreement,
                BigInteger.valueOf(880032), TestCertificates.newKeyPair(rnd).getPublic(), ca, null);
        Document refused = post("serviceS", signed(request(otherUser, ESME, ++counter, 1, "4.8", "4.8.1",
                "<sr:ReadActiveImportProfileData><sr:ReadLogPeriod><sr:StartDateTime>2026-06-01T16:00:00Z</sr:StartDateTime>"
                        + "<sr:EndDateTime>2026-06-01T18:00:00Z</sr:EndDateTime></sr:ReadLogPeriod><sr:KAPublicSecurityCredentials>"
                        + Base64.getEncoder().encodeToString(someoneElses.getEncoded()) + "</sr:KAPublicSecurityCredentials>"
                        + "</sr:ReadActiveImportProfileData>"), ouXml.keys().getPrivate(), ouXml.certificate()));
        assertThat(field(refused, "ResponseCode")).isEqualTo("E12");
        assertThat(server.pendingCommands()).isZero();
    }

    /**
     * DUIS 9.1: an Other User asks for a Customer Identification Number; the ACB sends the DCC's four digits to the
     * ESME (ECS50), and the answer, a CINMessage valid by the XSD, carries the ESME's response and the same digits the
     * ESME now shows, for each of two requests.
     */
    @Test
    void otherUserRequestsACustomerIdentificationNumber_andGetsTheDigitsTheEsmeNowHolds() throws Exception {
        Eui64 otherUser = Eui64.parse("90B3D51F300300AB");
        TestCertificates.Issued ouXml = TestCertificates.selfSigned(otherUser, TestCertificates.ROLE_XML_SIGN,
                BigInteger.valueOf(880040), new SecureRandom());
        server.addUser(new DccUser(otherUser, Set.of(UserRole.OTHER_USER), ouXml.certificate(), null));
        for (int i = 0; i < 2; i++) {
            Document ack = post("serviceS", signed(request(otherUser, ESME, ++counter, 1, "9.1", "9.1",
                    "<sr:RequestCustomerIdentificationNumber/>"), ouXml.keys().getPrivate(), ouXml.certificate()));
            assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
            Document answer = poll(otherUser, ouXml.keys().getPrivate(), ouXml.certificate());
            assertThat(field(answer, "ResponseCode")).isEqualTo("I0");
            String cin = field(answer, "CustomerIdentificationNumber");
            assertThat(cin).matches("[0-9]{4}");
            GeneralSigningApdu response = new GbcsFrameDecoder().decode(gbcs(answer)).apdu();
            assertThat(response.messageCode()).isEqualTo(0x0058);
            var r = (org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponse) org.dccsim.gbcs.dlms.XdlmsCodec.decode(response.content());
            assertThat(r.results().get(0).result()).isZero();
            org.dccsim.gbcs.dlms.Data shown = fleet.device(ESME).orElseThrow()
                    .object(1, org.dccsim.gbcs.dlms.ObisCode.parse("0-3:96.13.1.255"))
                    .map(o -> ((org.dccsim.device.cosem.AttributeStore) o).value(2)).orElseThrow();
            assertThat(new String(((org.dccsim.gbcs.dlms.Data.OctetString) shown).value(), StandardCharsets.US_ASCII))
                    .as("the digits on the ESME").isEqualTo(cin);
        }
        // A supplier may not ask (DUIS 9.1: Other Users only).
        Document refused = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "9.1", "9.1",
                "<sr:RequestCustomerIdentificationNumber/>"), supplierKey, supplierCert));
        assertThat(field(refused, "ResponseCode")).isNotEqualTo("I99");
    }

    /** Every item of a device's answer succeeded (DLMS data-access-result 0); returns the answer. */
    private org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponse allItemsSucceeded(Document d) throws Exception {
        assertThat(field(d, "ResponseCode")).isEqualTo("I0");
        byte[] response = gbcs(d);
        Inspection in = new MessageInspector(new GbcsFrameDecoder(), security).inspect(response);
        assertThat(in.mac() == Check.VALID || in.signature() == Check.VALID).isTrue();
        var r = (org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponse) ((org.dccsim.gbcs.payload.Payload.Dlms) in.payload()).apdu();
        assertThat(r.results()).extracting(org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponseSpecification::result)
                .isNotEmpty().containsOnly(0);
        return r;
    }

    @Test
    void supplierConfiguresLoadLimitingAndAuxiliaryLoads_andReadsTheLabelsBack() throws Exception {
        critical(SUPPLIER, supplierKey, supplierCert, ESME, "6.4", "6.4.1",
                "<sr:UpdateDeviceConfigurationLoadLimitingGeneralSettings><sr:LoadLimitPeriod>300</sr:LoadLimitPeriod>"
                        + "<sr:LoadLimitPowerThreshold>6900</sr:LoadLimitPowerThreshold><sr:LoadLimitRestorationPeriod>30"
                        + "</sr:LoadLimitRestorationPeriod><sr:LoadLimitSupplyState>Disable</sr:LoadLimitSupplyState>"
                        + "</sr:UpdateDeviceConfigurationLoadLimitingGeneralSettings>");
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).results()).hasSize(8);
        critical(SUPPLIER, supplierKey, supplierCert, ESME, "6.14", "6.14.1",
                "<sr:UpdateDeviceConfigurationALCDescriptions><sr:ALCSHCALCSDescription index=\"2\"><sr:SwitchDescription>"
                        + "Immersion</sr:SwitchDescription></sr:ALCSHCALCSDescription></sr:UpdateDeviceConfigurationALCDescriptions>");
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).results()).hasSize(1);
        // 6.14.3: the calendar of the DUIS template (ten schedules, three special days), to the SAPC.
        String template = Files.readString(SharedData.require("reference/duis/templates")
                .resolve("ECS46d_6.14.3_IMMEDIATE_APC_OUTPUT_SUCCESS_REQUEST_DUIS.XML"));
        String calendar = template.substring(template.indexOf("<sr:UpdateDeviceConfigurationAuxiliaryControllerScheduler>"),
                template.indexOf("</sr:Body>"));
        critical(SUPPLIER, supplierKey, supplierCert, SAPC, "6.14", "6.14.3", calendar);
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).results()).hasSize(4);
        // 6.14.2: the older switch calendar of its template (two switches, six schedules, four special days), to the ESME.
        String older = Files.readString(SharedData.require("reference/duis/templates")
                .resolve("ECS46c_6.14.2_IMMEDIATE_SOME_OPTIONALS_SUCCESS_REQUEST_DUIS.XML"));
        critical(SUPPLIER, supplierKey, supplierCert, ESME, "6.14", "6.14.2", older.substring(
                older.indexOf("<sr:UpdateDeviceConfigurationALCScheduler>"), older.indexOf("</sr:Body>")));
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).results()).hasSize(6);
        critical(SUPPLIER, supplierKey, supplierCert, ESME, "7.5", "7.5",
                "<sr:ActivateAuxiliaryLoad><sr:ActivateALCSHCALCS index=\"2\"><sr:Duration>30</sr:Duration>"
                        + "</sr:ActivateALCSHCALCS></sr:ActivateAuxiliaryLoad>");
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).results()).hasSize(2);
        for (String[] nc : new String[][] {{"6.4", "6.4.2", "<sr:UpdateDeviceConfigurationLoadLimitingCounterReset/>"},
            {"7.9", "7.9", "<sr:AddAuxiliaryLoadToBoostButton>" + "<sr:AddToBoostButton index=\"1\">true</sr:AddToBoostButton>"
                    + "<sr:AddToBoostButton index=\"2\">false</sr:AddToBoostButton><sr:AddToBoostButton index=\"3\">false"
                    + "</sr:AddToBoostButton><sr:AddToBoostButton index=\"4\">false</sr:AddToBoostButton>"
                    + "<sr:AddToBoostButton index=\"5\">false</sr:AddToBoostButton></sr:AddAuxiliaryLoadToBoostButton>"}}) {
            Document ack = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, nc[0], nc[1], nc[2]), supplierKey,
                    supplierCert));
            assertThat(field(ack, "ResponseCode")).as(nc[1]).isEqualTo("I99");
            allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert));
        }
        // 6.12 then 6.2.5: the power thresholds set and read back.
        Document set = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "6.12", "6.12",
                "<sr:UpdateDeviceConfigurationInstantaneousPowerThreshold><sr:LowMediumPowerThreshold>2000"
                        + "</sr:LowMediumPowerThreshold><sr:MediumHighPowerThreshold>7000</sr:MediumHighPowerThreshold>"
                        + "</sr:UpdateDeviceConfigurationInstantaneousPowerThreshold>"), supplierKey, supplierCert));
        assertThat(field(set, "ResponseCode")).isEqualTo("I99");
        allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert));
        assertThat(field(post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "6.2", "6.2.5",
                "<sr:ReadDeviceConfigurationInstantaneousPowerThresholds/>"), supplierKey, supplierCert)), "ResponseCode")).isEqualTo("I99");
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).data().get(0)).isEqualTo(
                org.dccsim.gbcs.dlms.Data.array(new org.dccsim.gbcs.dlms.Data.DoubleLongUnsigned(2000),
                        new org.dccsim.gbcs.dlms.Data.DoubleLongUnsigned(7000)));
        // SRVs bound from GBCS's table alone: 6.20.1 sets the import MPAN, which 6.2.7 then reads back; 3.4, 3.1,
        // 4.15 and 4.12.1 (ECS18b, which neither the RTDS nor the templates show) reach the device and every item
        // succeeds.
        for (String[] nc : new String[][] {{"6.20", "6.20.1", "<sr:SetDeviceConfigurationImportMPxN><sr:ImportMPANs>"
                + "<sr:ImportMPAN>1900012345678</sr:ImportMPAN></sr:ImportMPANs></sr:SetDeviceConfigurationImportMPxN>"},
            {"3.4", "3.4", "<sr:UpdateSupplierName><sr:SupplierName>Volt Co</sr:SupplierName>"
                    + "<sr:SupplierTelephoneNumber>0800 123 456</sr:SupplierTelephoneNumber></sr:UpdateSupplierName>"},
            {"3.1", "3.1", "<sr:DisplayMessage><sr:SupplierMessage>Hello</sr:SupplierMessage></sr:DisplayMessage>"},
            {"4.15", "4.15", "<sr:ReadLoadLimitData/>"},
            {"4.12", "4.12.1", "<sr:ReadMaximumDemandImportRegisters/>"}}) {
            Document ack = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, nc[0], nc[1], nc[2]), supplierKey,
                    supplierCert));
            assertThat(field(ack, "ResponseCode")).as(nc[1]).isEqualTo("I99");
            assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).results()).as(nc[1]).isNotEmpty();
        }
        Document mpxn = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "6.2", "6.2.7",
                "<sr:ReadDeviceConfigurationMPxN/>"), supplierKey, supplierCert));
        assertThat(field(mpxn, "ResponseCode")).isEqualTo("I99");
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).data().get(0)).isEqualTo(
                org.dccsim.gbcs.dlms.Data.octets("1900012345678".getBytes(StandardCharsets.US_ASCII)));
        // A body that breaks a field's rule is refused before it reaches the device.
        Document bad = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "6.20", "6.20.1",
                "<sr:SetDeviceConfigurationImportMPxN><sr:ImportMPANs><sr:ImportMPAN>19000123</sr:ImportMPAN>"
                        + "</sr:ImportMPANs></sr:SetDeviceConfigurationImportMPxN>"), supplierKey, supplierCert));
        assertThat(field(bad, "ResponseCode")).isEqualTo("E12");
        for (String[] read : new String[][] {{"6.2", "6.2.7", "<sr:ReadDeviceConfigurationMPxN/>", "2"},
            {"6.2", "6.2.10", "<sr:ReadDeviceConfigurationEventAndAlertBehaviours/>", "4"}}) {
            Document a = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, read[0], read[1], read[2]), supplierKey,
                    supplierCert));
            assertThat(field(a, "ResponseCode")).as(read[1]).isEqualTo("I99");
            assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).data()).as(read[1])
                    .hasSize(Integer.parseInt(read[3]));
        }
        Document ack = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "7.7", "7.7", "<sr:ReadALCSData/>"),
                supplierKey, supplierCert));
        assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
        var read = allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert));
        assertThat(read.data()).hasSize(17);
        // Item 1 is switch 2's description (0-0:94.44.0.12), as 6.14.1 set it.
        assertThat(read.data().get(1)).isEqualTo(new org.dccsim.gbcs.dlms.Data.VisibleString(
                "Immersion".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void supplierSwitchesTheEsmeToPrepayment_andReadsTheModeAndChargesBack() throws Exception {
        Document before = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "6.2", "6.2.9",
                "<sr:ReadDeviceConfigurationPaymentMode/>"), supplierKey, supplierCert));
        assertThat(field(before, "ResponseCode")).isEqualTo("I99");
        org.dccsim.gbcs.dlms.Data credit = org.dccsim.gbcs.dlms.Data.structure(new org.dccsim.gbcs.dlms.Data.Enumerated(1),
                new org.dccsim.gbcs.dlms.Data.Enumerated(2));
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).data()).containsExactly(credit);
        critical(SUPPLIER, supplierKey, supplierCert, ESME, "1.6", "1.6", "<sr:UpdatePaymentMode><sr:Prepayment>"
                + "<sr:SuspendDebtDisabled>true</sr:SuspendDebtDisabled><sr:SuspendDebtEmergency>true</sr:SuspendDebtEmergency>"
                + "<sr:DisablementThreshold>-1000</sr:DisablementThreshold></sr:Prepayment></sr:UpdatePaymentMode>");
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).results()).hasSize(5);
        post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "6.2", "6.2.9",
                "<sr:ReadDeviceConfigurationPaymentMode/>"), supplierKey, supplierCert));
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).data()).containsExactly(
                org.dccsim.gbcs.dlms.Data.structure(new org.dccsim.gbcs.dlms.Data.Enumerated(2),
                        new org.dccsim.gbcs.dlms.Data.Enumerated(2)));
        // 4.13 reports the credit-charge configuration now in force: prepayment, both suspensions (13 rows, as DCC's).
        post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.13", "4.13", "<sr:ReadPrepaymentConfiguration/>"),
                supplierKey, supplierCert));
        assertThat(allItemsSucceeded(poll(SUPPLIER, supplierKey, supplierCert)).data())
                .anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(org.dccsim.gbcs.dlms.Data.Array.class,
                        a -> assertThat(a.elements()).hasSize(13).allSatisfy(row -> assertThat(
                                ((org.dccsim.gbcs.dlms.Data.Structure) row).get(2))
                                .isInstanceOf(org.dccsim.gbcs.dlms.Data.BitString.class))));
    }

    @Test
    void supplierSetsConfiguration_throughTheCriticalFlow_andTheResponseArrivesAtItsReceiveResponseService()
            throws Exception {
        // The supplier's Receive Response Service: a real HTTP endpoint on loopback, as Node-RED runs one.
        java.util.concurrent.LinkedBlockingQueue<byte[]> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer rrs = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        rrs.createContext("/smartdcc/duis", ex -> {
            received.add(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        rrs.start();
        try {
            server.registry().add(new DccUser(SUPPLIER, Set.of(UserRole.SUPPLIER), supplierCert,
                    URI.create("http://127.0.0.1:" + rrs.getAddress().getPort() + "/smartdcc/duis")));
            critical(SUPPLIER, supplierKey, supplierCert, ESME, "7.12", "7.12",
                    "<sr:SetRandomisedOffsetLimit><sr:RandomisedOffsetLimit>600</sr:RandomisedOffsetLimit>"
                            + "</sr:SetRandomisedOffsetLimit>");
            byte[] xml = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(xml).as("a response POSTed to the supplier's RRS").isNotNull();
            Document d = schema.parse(xml);
            responseVerifier.verify(d);
            assertThat(field(d, "ResponseCode")).isEqualTo("I0");
            byte[] response = gbcs(d);
            GbcsMessage m = new GbcsFrameDecoder().decode(response);
            assertThat(security.verifySignature(response, m)).isEqualTo(Check.VALID);
            var r = (org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponse) org.dccsim.gbcs.dlms.XdlmsCodec.decode(m.apdu().content());
            assertThat(r.results()).extracting(org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponseSpecification::result)
                    .containsExactly(0);
        } finally {
            rrs.stop(0);
        }
    }

    @Test
    void refusals_carryTheirDuisCodesAndExecuteNothing() throws Exception {
        String limit = "<sr:LimitAPCLevel auxiliaryControllerN=\"1\"><sr:StartDateTime>2026-06-01T16:00:00Z</sr:StartDateTime>"
                + "<sr:EndDateTime>2026-06-01T18:00:00Z</sr:EndDateTime><sr:CommandedStateLevel>20</sr:CommandedStateLevel>"
                + "</sr:LimitAPCLevel>";
        // The supplier may not limit an APC (7.16 is the Load Controller's).
        assertThat(field(post("serviceT", signed(request(SUPPLIER, SAPC, ++counter, 4, "7.16", "7.16", limit), supplierKey,
                supplierCert)), "ResponseCode")).isEqualTo("E2");
        // The same request twice: the counter is not above the last accepted.
        byte[] read = signed(request(SUPPLIER, ESME, ++counter, 1, "11.2", "11.2", "<sr:ReadFirmwareVersion/>"),
                supplierKey, supplierCert);
        assertThat(field(post("serviceS", read), "ResponseCode")).isEqualTo("I99");
        assertThat(field(post("serviceS", read), "ResponseCode")).isEqualTo("E12");
        // A tampered signature.
        String tampered = new String(signed(request(SUPPLIER, ESME, ++counter, 1, "11.2", "11.2", "<sr:ReadFirmwareVersion/>"),
                supplierKey, supplierCert), StandardCharsets.UTF_8).replace("11.2</sr:ServiceReferenceVariant>",
                "7.4</sr:ServiceReferenceVariant>").replace("<sr:ServiceReference>11.2", "<sr:ServiceReference>7.4");
        assertThat(field(post("serviceS", tampered.getBytes(StandardCharsets.UTF_8)), "ResponseCode")).isEqualTo("E12");
        // XXE (DCC Boxed's sample): refused before anything is resolved, as HTTP 400 since no SR can be read.
        byte[] xxe = Files.readAllBytes(SharedData.require("reference/duis/samples/duis-xxe.xml"));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/serviceS"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(xxe)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .statusCode()).isEqualTo(400);
        // An unknown device, and a critical SR sent to the wrong web service.
        assertThat(field(post("serviceS", signed(request(SUPPLIER, Eui64.parse("00DB000000000099"), ++counter, 1, "11.2",
                "11.2", "<sr:ReadFirmwareVersion/>"), supplierKey, supplierCert)), "ResponseCode")).isEqualTo("E19");
        assertThat(field(post("serviceS", signed(request(LOAD_CONTROLLER, SAPC, ++counter, 4, "7.16", "7.16", limit),
                lcXml.keys().getPrivate(), lcXml.certificate())), "ResponseCode")).isEqualTo("E13");
        // Nothing reached the SAPC's APC.
        assertThat(link.commandsReceived()).isEqualTo(1); // the one firmware read
    }

    /** The DCC's own EUI, the target of every non-device request (DUIS templates). */
    static final Eui64 DCC = Eui64.parse("90B3D51F30000002");

    private Document nonDevice(String srv, String body) throws Exception {
        String sr = srv.chars().filter(ch -> ch == '.').count() == 2 ? srv.substring(0, srv.lastIndexOf('.')) : srv;
        return post("serviceD", signed(request(SUPPLIER, DCC, ++counter, 8, sr, srv, body), supplierKey, supplierCert));
    }

    private void restartOn(org.dccsim.headend.journal.Journal journal) throws Exception {
        link.close();
        server.close();
        startHeadEndAndDevices(journal);
    }

    @Test
    void dailyDspSchedule_deliversOneProfilePerSimulatedDayForAWeek_acrossAHeadEndRestart(@org.junit.jupiter.api.io.TempDir
            Path dir) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        restartOn(org.dccsim.headend.journal.Journal.open(file));
        // 5.1: every day at 01:00 UTC, the previous day's half-hours of active import (4.8.1, ECS22b).
        Document created = nonDevice("5.1", "<sr:CreateSchedule><sr:ScheduleFrequency>Daily</sr:ScheduleFrequency>"
                + "<sr:ScheduleStartDate>2026-06-02</sr:ScheduleStartDate><sr:ScheduleExecutionStartTime>01:00:00Z"
                + "</sr:ScheduleExecutionStartTime><sr:DSPScheduledServiceReference>4.8</sr:DSPScheduledServiceReference>"
                + "<sr:DSPScheduledServiceReferenceVariant>4.8.1</sr:DSPScheduledServiceReferenceVariant><sr:DeviceID>"
                + ESME.dashed() + "</sr:DeviceID><sr:DSPReadActiveImportProfileData><sr:StartDateOffset>-1"
                + "</sr:StartDateOffset><sr:StartTime>00:00:00Z</sr:StartTime><sr:EndDateOffset>-1</sr:EndDateOffset>"
                + "<sr:EndTime>23:30:00Z</sr:EndTime></sr:DSPReadActiveImportProfileData></sr:CreateSchedule>");
        assertThat(field(created, "ResponseCode")).isEqualTo("I0");
        String id = field(created, "DSPScheduleID");
        assertThat(id).isNotBlank();
        Document read = nonDevice("5.2", "<sr:ReadSchedule><sr:DSPScheduleID>" + id + "</sr:DSPScheduleID></sr:ReadSchedule>");
        assertThat(field(read, "ScheduleFrequency")).isEqualTo("Daily");
        assertThat(field(read, "DSPScheduledServiceReferenceVariant")).isEqualTo("4.8.1");
        for (int day = 1; day <= 7; day++) {
            if (day == 4) {
                restartOn(org.dccsim.headend.journal.Journal.open(file)); // the schedule lives in the journal
            }
            clock.set(Instant.parse("2026-06-01T01:00:00Z").plus(Duration.ofDays(day)).plusSeconds(30));
            Document answer = poll(SUPPLIER, supplierKey, supplierCert);
            assertThat(field(answer, "ResponseCode")).as("day " + day).isEqualTo("I0");
            assertThat(field(answer, "DSPScheduleID")).as("day " + day).isEqualTo(id);
            assertThat(field(answer, "ServiceReferenceVariant")).isEqualTo("4.8.1");
            Inspection in = new MessageInspector(new GbcsFrameDecoder(), security).inspect(gbcs(answer));
            assertThat(in.mac()).isEqualTo(Check.VALID);
            // The previous day's 48 half-hours, decrypted with the supplier's key.
            assertThat(HalfHourProfile.parse(in.decryptions().get(0).plaintext()).entries()).as("day " + day).hasSize(48);
        }
        // 5.3 deletes it: the next day brings nothing.
        Document deleted = nonDevice("5.3", "<sr:DeleteSchedule><sr:DSPScheduleID>" + id + "</sr:DSPScheduleID></sr:DeleteSchedule>");
        assertThat(field(deleted, "ResponseCode")).isEqualTo("I99");
        clock.set(Instant.parse("2026-06-09T01:00:30Z"));
        Thread.sleep(300);
        assertThat(server.headEnd().delivery().held(SUPPLIER)).isZero();
        assertThat(field(nonDevice("5.2", "<sr:ReadSchedule><sr:DSPScheduleID>" + id + "</sr:DSPScheduleID></sr:ReadSchedule>"),
                "ResponseCode")).isEqualTo("E12");
    }

    /**
     * DUIS 12.1 on serviceD: the WAN matrix for an address, valid by the XSD (every answer here is schema-checked), in
     * the postcode area's region; a UPRN is answered for region Unknown; a postcode that is not one is E12.
     */
    @Test
    void wanMatrix_answersCoverageInThePostcodesRegion_andRefusesANonPostcode() throws Exception {
        Document manchester = nonDevice("12.1", "<sr:RequestWANMatrix><sr:PartialAddress><sr:PostCode>M22 0RR</sr:PostCode>"
                + "<sr:AddressIdentifier>Threapwood Road</sr:AddressIdentifier></sr:PartialAddress></sr:RequestWANMatrix>");
        assertThat(field(manchester, "ResponseCode")).isEqualTo("I0");
        assertThat(field(manchester, "CSPRegion")).isEqualTo("North");
        assertThat(field(manchester, "CoverageAvailability")).isEqualTo("true");
        assertThat(field(manchester, "PostCode")).as("the request echoed").isEqualTo("M22 0RR");
        Document brighton = nonDevice("12.1", "<sr:RequestWANMatrix><sr:PartialAddress><sr:PostCode>BN1 1AA</sr:PostCode>"
                + "<sr:AddressIdentifier>1</sr:AddressIdentifier></sr:PartialAddress></sr:RequestWANMatrix>");
        assertThat(field(brighton, "CSPRegion")).isEqualTo("South");
        assertThat(field(nonDevice("12.1", "<sr:RequestWANMatrix><sr:UPRN>10023456789</sr:UPRN></sr:RequestWANMatrix>"),
                "CSPRegion")).isEqualTo("Unknown");
        Document refused = nonDevice("12.1", "<sr:RequestWANMatrix><sr:PartialAddress><sr:PostCode>NOWHERE</sr:PostCode>"
                + "<sr:AddressIdentifier>x</sr:AddressIdentifier></sr:PartialAddress></sr:RequestWANMatrix>");
        assertThat(field(refused, "ResponseCode")).isEqualTo("E12");
    }

    /**
     * 8.5 then 8.6 over real HTTP: the DCC's ACB hands its cell on the ESME to the supplier's chosen party; once the
     * ESME confirms it is Withdrawn and requests to it are refused E5; 8.6 opts it back in, answering with the DCC's
     * ACB certificates, and it is InstalledNotCommissioned.
     */
    @Test
    void serviceOptOutThenOptIn_withdrawsTheEsme_thenGivesBackTheAcbsCertificates() throws Exception {
        Eui64 otherAcb = Eui64.parse("90B3D51F30000099");
        Base64.Encoder b64 = Base64.getEncoder();
        X509Certificate ka = TestCertificates.issue(otherAcb, 4, org.bouncycastle.asn1.x509.KeyUsage.keyAgreement,
                BigInteger.valueOf(9101), TestCertificates.newKeyPair(new SecureRandom()).getPublic(), ca, null);
        String optOut = "<sr:ServiceOptOut><sr:ExecutionDateTime>2026-06-01T15:00:00Z</sr:ExecutionDateTime>"
                + "<sr:ACBFloorSeqNumber>0</sr:ACBFloorSeqNumber><sr:ReplacementCertificates><sr:KeyAgreementCertificate>"
                + b64.encodeToString(ka.getEncoded()) + "</sr:KeyAgreementCertificate></sr:ReplacementCertificates>"
                + "<sr:CertificationPathCertificates><sr:Certificate>" + b64.encodeToString(ca.certificate().getEncoded())
                + "</sr:Certificate></sr:CertificationPathCertificates><sr:ApplyTimeBasedCPVChecks>true"
                + "</sr:ApplyTimeBasedCPVChecks></sr:ServiceOptOut>";
        Document ack = post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "8.5", "8.5", optOut), supplierKey,
                supplierCert));
        assertThat(field(ack, "ResponseCode")).isEqualTo("I99");
        Document answered = poll(SUPPLIER, supplierKey, supplierCert);
        assertThat(field(answered, "ResponseCode")).isEqualTo("I0");
        GbcsMessage m = new GbcsFrameDecoder().decode(gbcs(answered));
        assertThat(m.apdu().messageCode()).isEqualTo(org.dccsim.gbcs.usecase.LoadControllerCredentials.ACB_BY_ACB);
        var result = org.dccsim.gbcs.usecase.LoadControllerCredentials.decodeResponse(m.apdu().content()).orElseThrow();
        assertThat(result.replaced()).singleElement().satisfies(r -> assertThat(r.newParty()).isEqualTo(otherAcb));
        String inventory = "<sr:ReadInventory><sr:DeviceID>" + ESME.dashed() + "</sr:DeviceID></sr:ReadInventory>";
        assertThat(field(nonDevice("8.2", inventory), "DeviceStatus")).isEqualTo("Withdrawn");
        String registers = "<sr:ReadInstantaneousImportRegisters/>";
        assertThat(field(post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.1", "4.1.1", registers), supplierKey,
                supplierCert)), "ResponseCode")).isEqualTo("E5");

        String optIn = "<sr:ServiceOptIn><sr:DeviceID>%s</sr:DeviceID><sr:DeviceType>%s</sr:DeviceType><sr:MPxNs>"
                + "<sr:ImportMPxN>1312345678111</sr:ImportMPxN></sr:MPxNs><sr:OptInDate>2026-06-02</sr:OptInDate>"
                + "</sr:ServiceOptIn>";
        assertThat(field(nonDevice("8.6", String.format(optIn, ESME.dashed(), "HCALCS")), "ResponseCode")).isEqualTo("E12");
        assertThat(field(nonDevice("8.6", String.format(optIn, SAPC.dashed(), "HCALCS")), "ResponseCode"))
                .as("not opted out").isEqualTo("E5");
        Document in = nonDevice("8.6", String.format(optIn, ESME.dashed(), "ESME"));
        assertThat(field(in, "ResponseCode")).isEqualTo("I0");
        assertThat(field(in, "DeviceID")).isEqualTo(ESME.dashed());
        assertThat(Base64.getMimeDecoder().decode(field(in, "DSPBrokerSecurityCredentialsKeyAgreement"))).isEqualTo(
                JcaPem.readCertificate(SharedData.rtdsKeystore().resolve("90b3d51f30000002-ka.pem")).getEncoded());
        assertThat(Base64.getMimeDecoder().decode(field(in, "DSPBrokerSecurityCredentialsDigitalSigning"))).isEqualTo(
                JcaPem.readCertificate(SharedData.rtdsKeystore().resolve("90b3d51f30000002-ds.pem")).getEncoded());
        assertThat(field(nonDevice("8.2", inventory), "DeviceStatus")).isEqualTo("InstalledNotCommissioned");
    }

    @Test
    void readInventoryAndDecommission_overServiceD_theDecommissionedMeterRefusesRequestsWithE5() throws Exception {
        Document inv = nonDevice("8.2", "<sr:ReadInventory><sr:DeviceID>" + SAPC.dashed() + "</sr:DeviceID></sr:ReadInventory>");
        assertThat(field(inv, "ResponseCode")).isEqualTo("I0");
        assertThat(field(inv, "DeviceID")).isEqualTo(SAPC.dashed());
        assertThat(field(inv, "DeviceStatus")).isEqualTo("Commissioned");
        assertThat(field(nonDevice("8.2", "<sr:ReadInventory><sr:DeviceID>00-DB-12-34-56-78-90-FF</sr:DeviceID>"
                + "</sr:ReadInventory>"), "ResponseCode")).isEqualTo("E19");
        // 8.4 takes the ESME back to installed-not-commissioned: reads are refused (E5) until 8.1.1 commissions it.
        Document update = nonDevice("8.4", "<sr:UpdateInventory><sr:DeviceID>" + ESME.dashed() + "</sr:DeviceID>"
                + "<sr:UpdateDeviceStatusExceptCH>InstalledNotCommissioned</sr:UpdateDeviceStatusExceptCH></sr:UpdateInventory>");
        assertThat(field(update, "ResponseCode")).isEqualTo("I99");
        String registers = "<sr:ReadInstantaneousImportRegisters/>";
        assertThat(field(post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.1", "4.1.1", registers), supplierKey,
                supplierCert)), "ResponseCode")).isEqualTo("E5");
        critical(SUPPLIER, supplierKey, supplierCert, ESME, "8.1", "8.1.1", "<sr:CommissionDeviceSynchroniseClock>"
                + "<sr:CurrentDateTime>2026-06-01T16:00:00Z</sr:CurrentDateTime><sr:TolerancePeriod>60</sr:TolerancePeriod>"
                + "</sr:CommissionDeviceSynchroniseClock>");
        Document commissioned = poll(SUPPLIER, supplierKey, supplierCert);
        assertThat(field(commissioned, "ResponseCode")).isEqualTo("I0");
        assertThat(field(nonDevice("8.2", "<sr:ReadInventory><sr:DeviceID>" + ESME.dashed() + "</sr:DeviceID></sr:ReadInventory>"),
                "DeviceStatus")).isEqualTo("Commissioned");
        // 8.13: the ESME's signed answer, as if it had come back through a hand-held terminal, is accepted; with one
        // byte of its content changed its signature fails (E12); bytes that are not GBCS are E12 too.
        byte[] answer = Base64.getMimeDecoder().decode(field(commissioned, "GBCSPayload"));
        String local = "<sr:ReturnLocalCommandResponse><sr:DeviceGBCSResponse>%s</sr:DeviceGBCSResponse>"
                + "</sr:ReturnLocalCommandResponse>";
        assertThat(field(nonDevice("8.13", String.format(local, Base64.getEncoder().encodeToString(answer))), "ResponseCode"))
                .isEqualTo("I99");
        byte[] forged = answer.clone();
        forged[forged.length - 70] ^= 0x01;
        assertThat(field(nonDevice("8.13", String.format(local, Base64.getEncoder().encodeToString(forged))), "ResponseCode"))
                .isEqualTo("E12");
        assertThat(field(nonDevice("8.13", String.format(local, "AAECAwQ=")), "ResponseCode")).isEqualTo("E12");
        assertThat(field(post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.1", "4.1.1", registers), supplierKey,
                supplierCert)), "ResponseCode")).isEqualTo("I99");
        assertThat(field(poll(SUPPLIER, supplierKey, supplierCert), "ResponseCode")).isEqualTo("I0");
        // 8.3: decommissioned, for good.
        assertThat(field(nonDevice("8.3", "<sr:DecommissionDevice><sr:DeviceID>" + ESME.dashed() + "</sr:DeviceID>"
                + "</sr:DecommissionDevice>"), "ResponseCode")).isEqualTo("I99");
        assertThat(field(post("serviceS", signed(request(SUPPLIER, ESME, ++counter, 1, "4.1", "4.1.1", registers), supplierKey,
                supplierCert)), "ResponseCode")).isEqualTo("E5");
        assertThat(field(nonDevice("8.2", "<sr:ReadInventory><sr:DeviceID>" + ESME.dashed() + "</sr:DeviceID></sr:ReadInventory>"),
                "DeviceStatus")).isEqualTo("Decommissioned");
        // 8.14.x concern communications hubs: returned faulty (8.14.3), the hub is Withdrawn; an ESME is not a hub (E11).
        String faultReturn = "<sr:DeviceID>%s</sr:DeviceID><sr:CHFFaultReturnType>Fault identified prior to installation"
                + "</sr:CHFFaultReturnType><sr:OtherDeviceID>" + ESME.dashed() + "</sr:OtherDeviceID><sr:CHFConnectionMethod>"
                + "Hot-shoe</sr:CHFConnectionMethod><sr:CHFFaultReason>Damaged case</sr:CHFFaultReason>";
        assertThat(field(nonDevice("8.14.3", "<sr:CHFFaultReturn>" + String.format(faultReturn, SAPC.dashed())
                + "</sr:CHFFaultReturn>"), "ResponseCode")).isEqualTo("E11");
        assertThat(field(nonDevice("8.14.3", "<sr:CHFFaultReturn>" + String.format(faultReturn, CHF.dashed())
                + "</sr:CHFFaultReturn>"), "ResponseCode")).isEqualTo("I99");
        assertThat(field(nonDevice("8.2", "<sr:ReadInventory><sr:DeviceID>" + CHF.dashed() + "</sr:DeviceID></sr:ReadInventory>"),
                "DeviceStatus")).isEqualTo("Withdrawn");
        // A non-device SRV on serviceS is the wrong URL (E13); one dccsim lacks is E12.
        assertThat(field(post("serviceS", signed(request(SUPPLIER, DCC, ++counter, 8, "8.2", "8.2", "<sr:ReadInventory>"
                + "<sr:DeviceID>" + SAPC.dashed() + "</sr:DeviceID></sr:ReadInventory>"), supplierKey, supplierCert)),
                "ResponseCode")).isEqualTo("E13");
        assertThat(field(nonDevice("12.1", "<sr:RequestWANMatrix><sr:PostCode>AB1 2CD</sr:PostCode></sr:RequestWANMatrix>"),
                "ResponseCode")).isEqualTo("E12");
    }
}
