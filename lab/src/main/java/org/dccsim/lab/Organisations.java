package org.dccsim.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.PemFiles;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.crypto.TestCertificates;

/**
 * The organisations of a test DCC and their credentials: for each, GBCS digital-signing and key-agreement key pairs
 * with SMKI-shaped certificates from a test issuing CA, and a DUIS XML-signing certificate (the DCC's is its DSP
 * XML-signing one, which signs responses). Made in memory from a random source (seeded, for reproducible demos and
 * drills), and written in the RTDS key-store layout by {@link #write}.
 */
public final class Organisations {
    /** Who an organisation is: name, EUI-64, its DUIS roles and its SMKI role code (2 supplier, 8 Load Controller...). */
    public record Spec(String name, Eui64 eui, Set<UserRole> roles, int smkiRole) {
        public Spec {
            roles = Set.copyOf(roles);
        }
    }

    /** An organisation with its DUIS identity (XML-signing key and certificate). */
    public record Member(Spec spec, DuisClient.Identity identity) {
        public Eui64 eui() {
            return spec.eui();
        }

        public String name() {
            return spec.name();
        }
    }

    /** The DCC: Access Control Broker (SMKI role 4), whose DSP XML-signing key signs DUIS responses. */
    public static final Eui64 ACB = Eui64.parse("90B3D51F30000002");
    public static final Eui64 SUPPLIER = Eui64.parse("90B3D51F30010000");
    public static final Eui64 NETWORK_OPERATOR = Eui64.parse("90B3D51F30020000");
    /** The first VLP (Load Controller and Other User); the n-th is this plus n-1. */
    public static final Eui64 FIRST_VLP = Eui64.parse("90B3D51F30010008");

    /** The usual cast: supplier, network operator and {@code vlps} VLPs named vlp1, vlp2, ... (at most 8). */
    public static List<Spec> standard(int vlps) {
        if (vlps < 0 || vlps > 8) {
            throw new IllegalArgumentException("a lab has 0 to 8 VLPs, not " + vlps);
        }
        List<Spec> s = new ArrayList<>();
        s.add(new Spec("supplier", SUPPLIER, Set.of(UserRole.SUPPLIER), 2));
        s.add(new Spec("network-operator", NETWORK_OPERATOR, Set.of(UserRole.NETWORK_OPERATOR), 3));
        for (int i = 1; i <= vlps; i++) {
            s.add(new Spec("vlp" + i, vlp(i), Set.of(UserRole.LOAD_CONTROLLER, UserRole.OTHER_USER),
                    TestCertificates.ROLE_LOAD_CONTROLLER));
        }
        return s;
    }

    /** The n-th VLP's EUI-64 (1-based). */
    public static Eui64 vlp(int n) {
        return Eui64.of(FIRST_VLP.value() + n - 1);
    }

    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private final Map<String, TestCertificates.Issued> files = new LinkedHashMap<>();
    private final List<Member> members = new ArrayList<>();
    private final TestCertificates.Issued root;
    private final TestCertificates.Issued issuing;
    private final DuisClient.Identity dsp;
    private long serial = 1000;

    private Organisations(List<Spec> specs, SecureRandom random) {
        root = TestCertificates.certificateAuthority("00", "ZA", null, next(), random);
        issuing = TestCertificates.certificateAuthority("07", "Z1", root, next(), random);
        files.put("root-ca", root);
        files.put("issuing-ca", issuing);
        gbcsPair(ACB, 4, random);
        TestCertificates.Issued dspXml = TestCertificates.selfSigned(ACB, TestCertificates.ROLE_DSP_XML_SIGN, next(), random);
        files.put("dsp-xml-sign-" + ACB + "-ds", dspXml);
        dsp = new DuisClient.Identity(ACB, dspXml.keys().getPrivate(), dspXml.certificate());
        for (Spec s : specs) {
            gbcsPair(s.eui(), s.smkiRole(), random);
            TestCertificates.Issued xml = TestCertificates.selfSigned(s.eui(), TestCertificates.ROLE_XML_SIGN, next(), random);
            files.put("xml-sign-" + s.eui() + "-ds", xml);
            members.add(new Member(s, new DuisClient.Identity(s.eui(), xml.keys().getPrivate(), xml.certificate())));
        }
    }

    /** Makes the organisations' credentials; a seeded {@code random} makes the same ones every time. */
    public static Organisations generate(List<Spec> specs, SecureRandom random) {
        return new Organisations(specs, random);
    }

    private void gbcsPair(Eui64 eui, int role, SecureRandom random) {
        for (boolean ds : new boolean[] {true, false}) {
            java.security.KeyPair kp = TestCertificates.newKeyPair(random);
            X509Certificate c = TestCertificates.issue(eui, role, ds ? KeyUsage.digitalSignature : KeyUsage.keyAgreement, next(),
                    kp.getPublic(), issuing, null);
            files.put(eui.fileStem() + (ds ? "-ds" : "-ka"), new TestCertificates.Issued(kp, c));
            EcKeys.PrivateKey priv = SmkiCertificates.fromJca(kp.getPrivate());
            keys.putPair(eui, ds ? org.dccsim.gbcs.crypto.KeyUsage.DS : org.dccsim.gbcs.crypto.KeyUsage.KA,
                    new EcKeys.KeyPair(priv.publicKey(), priv));
        }
    }

    private BigInteger next() {
        return BigInteger.valueOf(++serial);
    }

    /** Every organisation's GBCS key pairs (the ACB's included). */
    public InMemoryKeyStore keys() {
        return keys;
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    public Member member(Eui64 eui) {
        return members.stream().filter(m -> m.eui().equals(eui)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(eui + " is not one of these organisations"));
    }

    /** The DSP's XML-signing identity: the head-end signs responses with it. */
    public DuisClient.Identity dsp() {
        return dsp;
    }

    public TestCertificates.Issued issuingCa() {
        return issuing;
    }

    /** An organisation's GBCS certificate (its {@code -ds} or {@code -ka} one), issued by the test issuing CA. */
    public X509Certificate gbcsCertificate(Eui64 eui, org.dccsim.gbcs.crypto.KeyUsage usage) {
        TestCertificates.Issued i = files.get(eui.fileStem() + (usage == org.dccsim.gbcs.crypto.KeyUsage.DS ? "-ds" : "-ka"));
        if (i == null) {
            throw new IllegalArgumentException("no GBCS certificate for " + eui);
        }
        return i.certificate();
    }

    /**
     * Writes every certificate ({@code .pem}) and private key ({@code .key}, owner-only, named curve) in the RTDS key
     * store layout: {@code <eui>-ds|ka}, {@code xml-sign-<EUI>-ds}, {@code dsp-xml-sign-<EUI>-ds} (as DCC Boxed names them), {@code root-ca},
     * {@code issuing-ca}. Returns the file stems written.
     */
    public List<String> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, TestCertificates.Issued> e : files.entrySet()) {
            writeIssued(dir, e.getKey(), e.getValue());
        }
        return List.copyOf(files.keySet());
    }

    /** A certificate and its private key as {@code stem.pem} and {@code stem.key}. */
    public static void writeIssued(Path dir, String stem, TestCertificates.Issued issued) throws IOException {
        try {
            Files.writeString(dir.resolve(stem + ".pem"), PemFiles.pem("CERTIFICATE", issued.certificate().getEncoded()),
                    StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new UncheckedIOException(new IOException("cannot encode " + stem + ": " + e.getMessage(), e));
        }
        PemFiles.writePrivateKey(dir.resolve(stem + ".key"), SmkiCertificates.fromJca(issued.keys().getPrivate()));
    }
}
