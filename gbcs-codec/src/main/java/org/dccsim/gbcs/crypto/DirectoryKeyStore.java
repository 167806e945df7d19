package org.dccsim.gbcs.crypto;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.dccsim.gbcs.Eui64;

/**
 * Keys in a directory laid out like the RTDS keystore: {@code <eui>-ds.pem} and {@code <eui>-ka.pem} (an X.509
 * certificate or a bare public key) and {@code <eui>-ds.key} / {@code <eui>-ka.key} (PKCS#8 or SEC1 private
 * keys), with the EUI-64 in lower-case hex. Files are read on first use and the key objects cached.
 */
public final class DirectoryKeyStore implements GbcsKeyStore {
    private record Slot(Eui64 party, KeyUsage usage) {
    }

    private final Path dir;
    private final Map<Slot, Optional<EcKeys.PublicKey>> publicKeys = new ConcurrentHashMap<>();
    private final Map<Slot, Optional<EcKeys.PrivateKey>> privateKeys = new ConcurrentHashMap<>();

    public DirectoryKeyStore(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KeyStoreException("key directory " + dir + " does not exist");
        }
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    public Path file(Eui64 party, KeyUsage usage, boolean privateKey) {
        return dir.resolve(party.fileStem() + "-" + usage.fileTag() + (privateKey ? ".key" : ".pem"));
    }

    @Override
    public Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage) {
        return publicKeys.computeIfAbsent(new Slot(party, usage), s -> {
            Path pem = file(party, usage, false);
            if (Files.isRegularFile(pem)) {
                return Optional.of(readPublicKey(pem));
            }
            // A private key alone still gives the public half.
            return privateKey(party, usage).map(EcKeys.PrivateKey::publicKey);
        });
    }

    @Override
    public Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage) {
        return privateKeys.computeIfAbsent(new Slot(party, usage), s -> {
            Path key = file(party, usage, true);
            return Files.isRegularFile(key) ? Optional.of(readPrivateKey(key)) : Optional.empty();
        });
    }

    /** Reads a certificate or SubjectPublicKeyInfo PEM file. */
    public static EcKeys.PublicKey readPublicKey(Path pem) {
        Object o = readPem(pem);
        SubjectPublicKeyInfo info;
        if (o instanceof X509CertificateHolder cert) {
            info = cert.getSubjectPublicKeyInfo();
        } else if (o instanceof SubjectPublicKeyInfo spki) {
            info = spki;
        } else {
            throw new KeyStoreException(pem + " holds no certificate or public key");
        }
        try {
            AsymmetricKeyParameter k = PublicKeyFactory.createKey(info);
            if (!(k instanceof ECPublicKeyParameters ec)) {
                throw new KeyStoreException(pem + " is not an EC public key");
            }
            return EcKeys.publicKey(ec);
        } catch (IOException | RuntimeException e) {
            throw new KeyStoreException(pem + " holds an unreadable public key: " + e.getMessage());
        }
    }

    public static EcKeys.PrivateKey readPrivateKey(Path keyFile) {
        Object o = readPem(keyFile);
        PrivateKeyInfo info;
        if (o instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (o instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else {
            throw new KeyStoreException(keyFile + " holds no unencrypted private key");
        }
        try {
            AsymmetricKeyParameter k = PrivateKeyFactory.createKey(info);
            if (!(k instanceof ECPrivateKeyParameters ec)) {
                throw new KeyStoreException(keyFile + " is not an EC private key");
            }
            return EcKeys.privateKey(ec);
        } catch (IOException | RuntimeException e) {
            // The message deliberately names the file only, never key material.
            throw new KeyStoreException(keyFile + " holds an unreadable private key");
        }
    }

    private static Object readPem(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            if (o == null) {
                throw new KeyStoreException(file + " holds no PEM object");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyStoreException kse) {
                throw kse;
            }
            throw new KeyStoreException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
