package org.dccsim.cli;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.dccsim.device.DeviceType;
import org.dccsim.device.SmartDevice;
import org.dccsim.device.clock.SimClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DerivedKeyStore;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.LayeredKeyStore;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.headend.duis.DuisDocuments;
import org.dccsim.headend.gateway.Delivery;
import org.dccsim.headend.gateway.DuisHttpServer;
import org.dccsim.headend.gateway.DuisResponses;
import org.dccsim.headend.gateway.HeadEnd;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.headend.users.Registry;
import org.dccsim.headend.users.UserRole;
import org.dccsim.headend.wan.DeviceRouter;
import org.dccsim.headend.xmldsig.DuisSignatures;

/**
 * A whole DCC on loopback in this process, for the demo and the drills: a test PKI derived from a seed label,
 * a head-end (DUIS over HTTP, WAN over TCP) whose registry holds a supplier and a VLP's Load Controller, and a
 * fleet connected to it through a comms-hub link. Users talk to it only through {@link DuisClient}, as a real
 * DCC User would.
 */
final class EmbeddedDcc implements AutoCloseable {
    static final Eui64 ACB = Eui64.parse("90B3D51F30000002");
    static final Eui64 SUPPLIER = Eui64.parse("90B3D51F30010000");
    static final Eui64 VLP = Eui64.parse("90B3D51F30010008");
    /** A second VLP, a different DCC User with its own credentials, for sites whose assets two VLPs control. */
    static final Eui64 VLP2 = Eui64.parse("90B3D51F30010009");

    final GbcsSecurity security;
    final Fleet fleet;
    final DuisClient client;
    final DuisClient.Identity supplier;
    final DuisClient.Identity vlp;
    final DuisClient.Identity vlp2;
    final TestCertificates.Issued ca;
    final String duisBase;
    final int wanPort;
    private final DeviceRouter router;
    private final DuisHttpServer http;
    private final CommsHubLink link;
    private long counter = System.currentTimeMillis() * 1000;

    /**
     * @param label         seeds every key (organisations' GBCS keys, devices' keys)
     * @param random        seeded generator for the XML-signing certificates and the CA
     * @param deviceTimeout how long the head-end waits for a device before answering E21
     */
    EmbeddedDcc(String label, SecureRandom random, FleetSpec spec, SimClock clock, Duration deviceTimeout) throws Exception {
        InMemoryKeyStore orgs = new InMemoryKeyStore();
        for (Eui64 p : List.of(ACB, SUPPLIER, VLP, VLP2)) {
            for (KeyUsage u : KeyUsage.values()) {
                orgs.putPair(p, u, EcKeys.deterministic(label + "/" + p + "/" + u.fileTag()));
            }
        }
        TestCertificates.Issued supplierXml = TestCertificates.selfSigned(SUPPLIER, TestCertificates.ROLE_XML_SIGN,
                BigInteger.valueOf(101), random);
        TestCertificates.Issued vlpXml = TestCertificates.selfSigned(VLP, TestCertificates.ROLE_XML_SIGN, BigInteger.valueOf(102),
                random);
        TestCertificates.Issued dsp = TestCertificates.selfSigned(ACB, TestCertificates.ROLE_DSP_XML_SIGN, BigInteger.valueOf(103),
                random);
        TestCertificates.Issued vlp2Xml = TestCertificates.selfSigned(VLP2, TestCertificates.ROLE_XML_SIGN, BigInteger.valueOf(104),
                random);
        ca = TestCertificates.certificateAuthority(BigInteger.valueOf(100), random);
        supplier = new DuisClient.Identity(SUPPLIER, supplierXml.keys().getPrivate(), supplierXml.certificate());
        vlp = new DuisClient.Identity(VLP, vlpXml.keys().getPrivate(), vlpXml.certificate());
        vlp2 = new DuisClient.Identity(VLP2, vlp2Xml.keys().getPrivate(), vlp2Xml.certificate());
        // Organisations' keys are held here; devices' keys are derived from the label (EUIs starting 00).
        security = new GbcsSecurity(new LayeredKeyStore(orgs, new DerivedKeyStore(label + "/devices",
                e -> (e.value() >>> 56) == 0x00)), ACB);
        fleet = Fleet.build(spec, clock, security);
        Registry registry = new Registry()
                .add(new DccUser(SUPPLIER, Set.of(UserRole.SUPPLIER), supplierXml.certificate(), null))
                .add(new DccUser(VLP, Set.of(UserRole.LOAD_CONTROLLER, UserRole.OTHER_USER), vlpXml.certificate(), null))
                .add(new DccUser(VLP2, Set.of(UserRole.LOAD_CONTROLLER, UserRole.OTHER_USER), vlp2Xml.certificate(), null));
        for (SmartDevice d : fleet.devices()) {
            registry.add(new DeviceRecord(d.eui(), d.type() == DeviceType.ESME ? DeviceRecord.Type.ESME : DeviceRecord.Type.SAPC,
                    SUPPLIER, null, Set.of(loadControllerOf(d))));
        }
        router = new DeviceRouter();
        Journal journal = Journal.inMemory();
        DuisSignatures gatewaySignatures = new DuisSignatures();
        HeadEnd headEnd = new HeadEnd(registry, security, DuisDocuments.withoutSchema(), gatewaySignatures,
                new DuisResponses(new DuisSignatures(), dsp.keys().getPrivate(), dsp.certificate()), router,
                new Delivery(journal), deviceTimeout, journal);
        http = new DuisHttpServer(headEnd, gatewaySignatures, 2);
        CommsHubLink started = null;
        try {
            wanPort = router.server().start("127.0.0.1", 0);
            duisBase = "http://127.0.0.1:" + http.start("127.0.0.1", 0);
            client = new DuisClient(duisBase, dsp.certificate());
            started = new CommsHubLink(fleet, "127.0.0.1", wanPort, fleet.faults(), Duration.ofMillis(50)).start();
            started.awaitConnected(Duration.ofSeconds(10));
        } catch (Exception | Error e) {
            if (started != null) {
                started.close();
            }
            http.close();
            router.server().close();
            throw e;
        }
        link = started;
    }

    /**
     * The Load Controller the DCC's inventory associates with a device (DUIS E4 refuses any other): the one the
     * device trusts, or, for a device that trusts none yet (its credentials come later by CS02g), the first VLP.
     */
    static Eui64 loadControllerOf(SmartDevice d) {
        return d.trustAnchors().party(org.dccsim.gbcs.usecase.Role.LOAD_CONTROLLER).orElse(VLP);
    }

    /**
     * An organisation's key-agreement certificate, issued by the embedded CA for its KA key (role 7, Other User):
     * what a VLP puts in a read's KAPublicSecurityCredentials to have the data encrypted for itself.
     */
    byte[] kaCertificate(Eui64 party) throws java.security.cert.CertificateEncodingException {
        var ka = security.keyStore().publicKey(party, KeyUsage.KA).orElseThrow();
        return TestCertificates.issue(party, 7, org.bouncycastle.asn1.x509.KeyUsage.keyAgreement,
                BigInteger.valueOf(200 + (party.value() & 0xFF)), org.dccsim.gbcs.crypto.SmkiCertificates.toJca(ka), ca, null)
                .getEncoded();
    }

    /** The DUIS identity of one of the embedded DCC's Load Controllers. */
    DuisClient.Identity loadController(Eui64 eui) {
        if (eui.equals(VLP2)) {
            return vlp2;
        }
        if (eui.equals(VLP)) {
            return vlp;
        }
        throw new IllegalArgumentException(eui + " is not one of the embedded DCC's Load Controllers");
    }

    /** Waits until {@code n} devices have registered on the WAN (offline ones never do). */
    void awaitDevices(int n, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (router.server().connectedDevices() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    synchronized long nextCounter() {
        return ++counter;
    }

    /** The critical flow as {@code who} (see {@link DuisClient#sendCritical}); returns the RequestID. */
    String critical(DuisClient.Identity who, Eui64 device, String srv, String body) throws Exception {
        long c = nextCounter();
        client.sendCritical(who, device, c, srv, body, security);
        return DuisClient.requestId(who.eui(), device, c);
    }

    /** A non-critical request (variant 1) as {@code who}; returns its RequestID. */
    String request(DuisClient.Identity who, Eui64 device, String srv, String body) throws Exception {
        long c = nextCounter();
        client.sendNonCritical(who, device, c, srv, body);
        return DuisClient.requestId(who.eui(), device, c);
    }

    @Override
    public void close() {
        link.close();
        http.close();
        router.server().close();
    }
}
