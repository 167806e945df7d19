package org.dccsim.gbcs.crypto;

import java.io.IOException;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.dccsim.gbcs.Eui64;

/**
 * The certificate signing request a device makes when told to issue new security credentials (GBCS 13.4, CS02c): PKCS#10
 * with an empty subject, the new P-256 public key, and an extensionRequest for the key usage (critical) and the
 * device's hardwareModuleName (critical) that its certificate will carry; signed with the new private key, which
 * proves the device holds it. This is the shape of the RTDS's CS02c response.
 */
public final class CertificationRequests {
    private CertificationRequests() {
    }

    /** What a request asks for, once its self-signature has been checked. */
    public record Request(Eui64 device, KeyUsage usage, EcKeys.PublicKey key) {
    }

    /** A device's request for a certificate on {@code keys}' public key, signed with its private key. */
    public static byte[] build(Eui64 device, KeyUsage usage, EcKeys.KeyPair keys) {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(SmkiCertificates.toJca(keys.publicKey()).getEncoded());
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(bits(usage)));
            ext.addExtension(Extension.subjectAlternativeName, true, TestCertificates.hardwareModuleName(device));
            PKCS10CertificationRequestBuilder b = new PKCS10CertificationRequestBuilder(new X500Name(new RDN[0]), spki);
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            return b.build(TestCertificates.deterministicSigner(keys.privateKey())).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("encoding a certification request failed", e);
        }
    }

    /**
     * Reads a device's request: its signature must verify with the key it carries, it must name one device by
     * hardwareModuleName and ask for exactly one of digitalSignature or keyAgreement.
     *
     * @throws KeyStoreException with the reason when it does not
     */
    public static Request parse(byte[] der) {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new KeyStoreException("not a PKCS#10 certification request");
        }
        try {
            if (!(PublicKeyFactory.createKey(csr.getSubjectPublicKeyInfo()) instanceof ECPublicKeyParameters ec)) {
                throw new KeyStoreException("the request's key is not EC");
            }
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(JcaPem.BC)
                    .build(csr.getSubjectPublicKeyInfo()))) {
                throw new KeyStoreException("the request's signature does not verify with the key it carries");
            }
            Extensions ext = csr.getRequestedExtensions();
            if (ext == null) {
                throw new KeyStoreException("the request asks for no extensions (key usage, hardwareModuleName)");
            }
            org.bouncycastle.asn1.x509.KeyUsage ku = org.bouncycastle.asn1.x509.KeyUsage.fromExtensions(ext);
            KeyUsage usage = ku == null ? null
                    : ku.hasUsages(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature)
                            && !ku.hasUsages(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement) ? KeyUsage.DS
                    : ku.hasUsages(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement)
                            && !ku.hasUsages(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature) ? KeyUsage.KA : null;
            if (usage == null) {
                throw new KeyStoreException("the request must ask for digitalSignature or keyAgreement, one of them");
            }
            Eui64 device = deviceOf(GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName));
            return new Request(device, usage, EcKeys.publicKey(ec));
        } catch (KeyStoreException e) {
            throw e;
        } catch (IOException | OperatorCreationException | PKCSException | RuntimeException e) {
            // Bouncy Castle answers some malformed structures (a repeated extension, a primitive where a constructed
            // tag belongs) with unchecked exceptions: a hostile request gets the same typed refusal as any other.
            throw new KeyStoreException("unreadable certification request: " + e.getMessage());
        }
    }

    static int bits(KeyUsage usage) {
        return usage == KeyUsage.DS ? org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
                : org.bouncycastle.asn1.x509.KeyUsage.keyAgreement;
    }

    private static Eui64 deviceOf(GeneralNames names) {
        Eui64 device = SmkiCertificates.deviceEui(names);
        if (device == null) {
            throw new KeyStoreException("the request names no device (no hardwareModuleName with an 8-byte serial)");
        }
        return device;
    }
}
