package org.dccsim.gbcs.crypto;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.dccsim.gbcs.Eui64;

/**
 * Reads what a device needs from an SMKI organisation certificate (GBCS 4.x; DUIS-NOTES 1a): the party's
 * EUI-64 (subject x500UniqueIdentifier), its key identifier (8-byte SubjectKeyIdentifier), its P-256 public
 * key and key usage, and whether an issuer's certificate signed it.
 */
public final class SmkiCertificates {
    private SmkiCertificates() {
    }

    public record Parsed(Eui64 party, byte[] keyId, EcKeys.PublicKey key, int keyUsage) {
        public Parsed {
            keyId = keyId.clone();
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }

        public boolean digitalSignature() {
            return (keyUsage & KeyUsage.digitalSignature) != 0;
        }

        public boolean keyAgreement() {
            return (keyUsage & KeyUsage.keyAgreement) != 0;
        }
    }

    public static Parsed parse(byte[] der) {
        try {
            X509CertificateHolder h = new X509CertificateHolder(der);
            Eui64 party = null;
            for (RDN rdn : h.getSubject().getRDNs(BCStyle.UNIQUE_IDENTIFIER)) {
                party = euiOf(rdn.getFirst().getValue());
            }
            if (party == null) {
                party = deviceEui(h);
            }
            if (party == null) {
                throw new KeyStoreException("certificate names no EUI-64 (no x500UniqueIdentifier, no hardwareModuleName)");
            }
            SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(h.getExtensions());
            byte[] keyId = ski == null ? new byte[8] : ski.getKeyIdentifier();
            KeyUsage ku = KeyUsage.fromExtensions(h.getExtensions());
            int usage = ku == null ? 0 : ku.getBytes().length == 0 ? 0 : ku.getBytes()[0] & 0xFF;
            if (!(PublicKeyFactory.createKey(h.getSubjectPublicKeyInfo()) instanceof ECPublicKeyParameters ec)) {
                throw new KeyStoreException("certificate key is not EC");
            }
            return new Parsed(party, keyId, EcKeys.publicKey(ec), usage);
        } catch (KeyStoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle answers some malformed structures (an otherName of the wrong shape, a primitive where a
            // constructed tag belongs) with unchecked exceptions: a hostile certificate gets the typed refusal.
            throw new KeyStoreException("unreadable certificate: " + e.getMessage());
        }
    }

    /** A device certificate's EUI-64: the hwSerialNum of an otherName hardwareModuleName in subjectAltName; or null. */
    private static Eui64 deviceEui(X509CertificateHolder h) {
        return deviceEui(org.bouncycastle.asn1.x509.GeneralNames.fromExtensions(h.getExtensions(),
                org.bouncycastle.asn1.x509.Extension.subjectAlternativeName));
    }

    /** The device a subjectAltName names: the hwSerialNum of its otherName hardwareModuleName; or null. */
    static Eui64 deviceEui(org.bouncycastle.asn1.x509.GeneralNames names) {
        if (names == null) {
            return null;
        }
        for (org.bouncycastle.asn1.x509.GeneralName n : names.getNames()) {
            if (n.getTagNo() != org.bouncycastle.asn1.x509.GeneralName.otherName) {
                continue;
            }
            org.bouncycastle.asn1.ASN1Sequence other = org.bouncycastle.asn1.ASN1Sequence.getInstance(n.getName());
            if (!"1.3.6.1.5.5.7.8.4".equals(org.bouncycastle.asn1.ASN1ObjectIdentifier.getInstance(other.getObjectAt(0)).getId())) {
                continue;
            }
            org.bouncycastle.asn1.ASN1Sequence module = org.bouncycastle.asn1.ASN1Sequence.getInstance(
                    org.bouncycastle.asn1.ASN1TaggedObject.getInstance(other.getObjectAt(1)).getExplicitBaseObject());
            byte[] serial = org.bouncycastle.asn1.ASN1OctetString.getInstance(module.getObjectAt(1)).getOctets();
            if (serial.length == 8) {
                return Eui64.fromBytes(serial, 0);
            }
        }
        return null;
    }

    private static Eui64 euiOf(ASN1Encodable v) {
        ASN1Primitive p = v.toASN1Primitive();
        byte[] b;
        if (p instanceof DERBitString bits) {
            b = bits.getBytes();
        } else if (p instanceof ASN1String s) {
            return Eui64.parse(s.getString());
        } else {
            throw new KeyStoreException("x500UniqueIdentifier is neither a bit string nor text");
        }
        if (b.length < 8) {
            throw new KeyStoreException("x500UniqueIdentifier holds fewer than 8 bytes");
        }
        return Eui64.fromBytes(b, b.length - 8);
    }

    /** Whether {@code issuerDer}'s key signed {@code der}. */
    public static boolean signedBy(byte[] der, byte[] issuerDer) {
        try {
            X509CertificateHolder cert = new X509CertificateHolder(der);
            X509CertificateHolder issuer = new X509CertificateHolder(issuerDer);
            return cert.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(JcaPem.BC).build(issuer));
        } catch (IOException | OperatorCreationException | CertException | java.security.cert.CertificateException
                | RuntimeException e) {
            return false;
        }
    }

    /** A JCA public key (from a certificate, or Bouncy Castle's JCA) as the codec's P-256 key. */
    public static EcKeys.PublicKey fromJca(java.security.PublicKey key) {
        try {
            if (!(PublicKeyFactory.createKey(key.getEncoded()) instanceof ECPublicKeyParameters ec)) {
                throw new KeyStoreException("not an EC public key");
            }
            return EcKeys.publicKey(ec);
        } catch (IOException e) {
            throw new KeyStoreException("unreadable public key");
        }
    }

    /**
     * The codec's P-256 public key as a JCA key (to put it in a certificate), the curve named by its OID: X.509 parsers
     * (the JDK's, Node's, OpenSSL's) refuse a key whose curve is spelled out as explicit parameters.
     */
    public static java.security.PublicKey toJca(EcKeys.PublicKey key) {
        try {
            byte[] spki = org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    new ECPublicKeyParameters(key.params().getQ(), new org.bouncycastle.crypto.params.ECNamedDomainParameters(
                            org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1, EcKeys.P256))).getEncoded();
            return java.security.KeyFactory.getInstance("EC", JcaPem.BC).generatePublic(
                    new java.security.spec.X509EncodedKeySpec(spki));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new KeyStoreException("cannot convert a public key: " + e.getMessage());
        }
    }

    /** A JCA private key as the codec's P-256 key. */
    public static EcKeys.PrivateKey fromJca(java.security.PrivateKey key) {
        try {
            if (!(org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(key.getEncoded())
                    instanceof org.bouncycastle.crypto.params.ECPrivateKeyParameters ec)) {
                throw new KeyStoreException("not an EC private key");
            }
            return EcKeys.privateKey(ec);
        } catch (IOException e) {
            throw new KeyStoreException("unreadable private key");
        }
    }
}
