package org.dccsim.gbcs.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dccsim.gbcs.Eui64;

/**
 * Test-PKI certificates in the shape of SMKI organisation certificates (DUIS-NOTES 1a): P-256, subject
 * {@code OU=<role code in hex>} and {@code x500UniqueIdentifier=<EUI>}, issued by a CA key. For parties the DCC
 * Boxed material has no key for (the Load Controller's XML-signing key) and for fresh test PKIs.
 */
public final class TestCertificates {
    /** SMKI role codes (DUIS-NOTES 1a). */
    public static final int ROLE_LOAD_CONTROLLER = 8;
    public static final int ROLE_XML_SIGN = 135;
    public static final int ROLE_DSP_XML_SIGN = 137;

    private TestCertificates() {
    }

    public record Issued(KeyPair keys, X509Certificate certificate) {
        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    public static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", JcaPem.BC);
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation failed", e);
        }
    }

    /** A self-signed organisation certificate for {@code eui} with SMKI role {@code role}. */
    public static Issued selfSigned(Eui64 eui, int role, BigInteger serial, SecureRandom random) {
        KeyPair kp = newKeyPair(random);
        return new Issued(kp, issue(eui, role, KeyUsage.digitalSignature, serial, kp.getPublic(), null, kp.getPrivate()));
    }

    /** A test issuing CA (role 7), self-signed. */
    public static Issued certificateAuthority(BigInteger serial, SecureRandom random) {
        return certificateAuthority("07", "Z9", null, serial, random);
    }

    /**
     * A test CA named like the SMKI's (OU a role code, CN a short name: the root "00"/"ZA", issuing CAs
     * "07"/"Z1"), issued by {@code parent}, or self-signed when it is null.
     */
    public static Issued certificateAuthority(String ou, String cn, Issued parent, BigInteger serial, SecureRandom random) {
        KeyPair kp = newKeyPair(random);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.OU, ou).addRDN(BCStyle.CN, cn).build();
        X500Name issuer = parent == null ? name : X500Name.getInstance(parent.certificate().getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
        try {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(parent == null ? 1 : 0));
            java.security.PrivateKey signer = parent == null ? kp.getPrivate() : parent.keys().getPrivate();
            return new Issued(kp, new JcaX509CertificateConverter().setProvider(JcaPem.BC).getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(JcaPem.BC).build(signer))));
        } catch (GeneralSecurityException | OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("issuing a test CA failed", e);
        }
    }

    /** An organisation certificate for {@code eui}'s {@code key}, issued by {@code ca} (or self-signed if null). */
    public static X509Certificate issue(Eui64 eui, int role, int keyUsage, BigInteger serial, java.security.PublicKey key,
            Issued ca, java.security.PrivateKey selfSigningKey) {
        // A negative role: a device certificate, which names no organisation role.
        X500NameBuilder names = new X500NameBuilder(BCStyle.INSTANCE);
        if (role >= 0) {
            names.addRDN(BCStyle.OU, String.format("%02X", role));
        }
        X500Name subject = names.addRDN(BCStyle.UNIQUE_IDENTIFIER, new org.bouncycastle.asn1.DERBitString(eui.toBytes())).build();
        X500Name issuer = ca == null ? subject : X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, key);
        try {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            byte[] keyId = java.util.Arrays.copyOf(Ecdsa.sha256(key.getEncoded(), 0, key.getEncoded().length), 8);
            b.addExtension(Extension.subjectKeyIdentifier, false, new org.bouncycastle.asn1.x509.SubjectKeyIdentifier(keyId));
            java.security.PrivateKey signer = ca == null ? selfSigningKey : ca.keys().getPrivate();
            return new JcaX509CertificateConverter().setProvider(JcaPem.BC).getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(JcaPem.BC).build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("issuing a test certificate failed", e);
        }
    }
}
