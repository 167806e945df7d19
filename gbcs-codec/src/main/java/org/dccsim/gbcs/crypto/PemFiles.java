package org.dccsim.gbcs.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Writes keys in the formats the RTDS keystore uses: SubjectPublicKeyInfo (or a certificate) in {@code .pem},
 * unencrypted PKCS#8 in {@code .key}, the curve named (secp256r1). Private key files are created readable by their owner
 * only. This class and {@link JcaPem} are the only places key material is written or read.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /**
     * P-256 by name (the secp256r1 OID): DCC's signing tool, OpenSSL's defaults and most tools expect named curves and
     * refuse keys whose curve is spelled out as explicit parameters.
     */
    private static final org.bouncycastle.crypto.params.ECNamedDomainParameters NAMED_P256 =
            new org.bouncycastle.crypto.params.ECNamedDomainParameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1,
                    EcKeys.P256);

    public static String publicKeyPem(EcKeys.PublicKey key) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    new org.bouncycastle.crypto.params.ECPublicKeyParameters(key.params().getQ(), NAMED_P256));
            return pem("PUBLIC KEY", info.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        StringWriter sw = new StringWriter();
        try (PemWriter w = new PemWriter(sw)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    public static void writePublicKey(Path file, EcKeys.PublicKey key) throws IOException {
        Files.writeString(file, publicKeyPem(key), StandardCharsets.US_ASCII);
    }

    /**
     * A private key as PKCS#8 DER, for state that must keep it (a device's own key after CS02d, in its state file).
     * Never log what this returns.
     */
    public static byte[] privateKeyInfo(EcKeys.PrivateKey key) {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(
                    new org.bouncycastle.crypto.params.ECPrivateKeyParameters(key.params().getD(), NAMED_P256)).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #privateKeyInfo} wrote; a KeyStoreException if it is not a P-256 private key. */
    public static EcKeys.PrivateKey privateKeyFromInfo(byte[] pkcs8) {
        try {
            if (!(org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(pkcs8)
                    instanceof org.bouncycastle.crypto.params.ECPrivateKeyParameters ec)) {
                throw new KeyStoreException("not an EC private key");
            }
            return EcKeys.privateKey(ec);
        } catch (IOException | RuntimeException e) {
            throw new KeyStoreException("unreadable private key");
        }
    }

    public static void writePrivateKey(Path file, EcKeys.PrivateKey key) throws IOException {
        String text = pem("PRIVATE KEY", privateKeyInfo(key));
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
