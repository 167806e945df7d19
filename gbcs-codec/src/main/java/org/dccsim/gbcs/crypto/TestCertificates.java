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

    /**
     * A CA whose key is given (a device CA derived from a head-end's secret, say, so that it is the same after a restart),
     * self-signed, named like the SMKI's (OU a role code, CN a short name); signed with RFC 6979 nonces, so the same key
     * gives the same certificate bytes in every process.
     */
    public static Issued certificateAuthority(String ou, String cn, KeyPair keys, BigInteger serial) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.OU, ou).addRDN(BCStyle.CN, cn).build();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial, Date.from(DEVICE_VALID_FROM),
                Date.from(DEVICE_VALID_TO), name, keys.getPublic());
        try {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            return new Issued(keys, new JcaX509CertificateConverter().setProvider(JcaPem.BC).getCertificate(
                    b.build(deterministicSigner(SmkiCertificates.fromJca(keys.getPrivate())))));
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("issuing a CA failed", e);
        }
    }

    /** Device certificates are valid from 2020 to the end of 2099 (a device keeps its certificates for its life). */
    static final Instant DEVICE_VALID_FROM = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant DEVICE_VALID_TO = Instant.parse("2099-12-31T23:59:59Z");
    /** The hwType of dccsim's devices' hardwareModuleName (RFC 4108): an arbitrary manufacturer OID of ours. */
    static final org.bouncycastle.asn1.ASN1ObjectIdentifier DCCSIM_HW_TYPE =
            new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1.1");

    /**
     * An SMKI device certificate (GBCS 4.x, as DCC's key-store client reads them): an empty subject, the device's EUI-64
     * as the hwSerialNum of an otherName hardwareModuleName (1.3.6.1.5.5.7.8.4) in subjectAltName, and a key usage of
     * digitalSignature or keyAgreement. Signed with RFC 6979 nonces: the head-end's SMKI and a device that hold the same
     * CA key issue the same bytes, so the certificate a device reports (CS02e) is the one SMKI serves.
     */
    public static X509Certificate issueDevice(Eui64 eui, int keyUsage, BigInteger serial, java.security.PublicKey key, Issued ca) {
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(DEVICE_VALID_FROM),
                Date.from(DEVICE_VALID_TO), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), key);
        try {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.subjectAlternativeName, true, hardwareModuleName(eui));
            byte[] keyId = java.util.Arrays.copyOf(Ecdsa.sha256(key.getEncoded(), 0, key.getEncoded().length), 8);
            b.addExtension(Extension.subjectKeyIdentifier, false, new org.bouncycastle.asn1.x509.SubjectKeyIdentifier(keyId));
            return new JcaX509CertificateConverter().setProvider(JcaPem.BC).getCertificate(
                    b.build(deterministicSigner(SmkiCertificates.fromJca(ca.keys().getPrivate()))));
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("issuing a device certificate failed", e);
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

    /** A device's subjectAltName: an otherName hardwareModuleName (RFC 4108) whose hwSerialNum is its EUI-64. */
    static org.bouncycastle.asn1.x509.GeneralNames hardwareModuleName(Eui64 eui) {
        org.bouncycastle.asn1.DERSequence module = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            DCCSIM_HW_TYPE, new org.bouncycastle.asn1.DEROctetString(eui.toBytes())});
        org.bouncycastle.asn1.DERSequence otherName = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.4"),
            new org.bouncycastle.asn1.DERTaggedObject(true, 0, module)});
        return new org.bouncycastle.asn1.x509.GeneralNames(
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.otherName, otherName));
    }

    /** ecdsa-with-SHA256 over what is written to it, with RFC 6979 nonces: the same bytes for the same content. */
    static org.bouncycastle.operator.ContentSigner deterministicSigner(EcKeys.PrivateKey key) {
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream(512);
        return new org.bouncycastle.operator.ContentSigner() {
            @Override
            public org.bouncycastle.asn1.x509.AlgorithmIdentifier getAlgorithmIdentifier() {
                return new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256);
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return content;
            }

            @Override
            public byte[] getSignature() {
                byte[] tbs = content.toByteArray();
                return Ecdsa.rawToDer(Ecdsa.signDeterministic(key, tbs, 0, tbs.length), 0);
            }
        };
    }
}
