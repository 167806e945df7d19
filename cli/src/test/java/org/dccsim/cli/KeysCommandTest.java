package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path tmp;

    @Test
    void init_writesAChainFromRootToEveryOrganisationAndDevice_inTheRtdsLayout() throws Exception {
        Path dir = tmp.resolve("pki");
        CliRunner r = CliRunner.run("keys", "init", dir.toString(), "--devices", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 organisations, 2 devices");
        X509Certificate root = JcaPem.readCertificate(dir.resolve("root-ca.pem"));
        X509Certificate issuing = JcaPem.readCertificate(dir.resolve("issuing-ca.pem"));
        root.verify(root.getPublicKey());
        issuing.verify(root.getPublicKey());
        assertThat(issuing.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        for (String stem : new String[] {"90b3d51f30010008-ds", "90b3d51f30010008-ka", "90b3d51f30000002-ds",
            "00db000000010001-ds", "00db000000010002-ka"}) {
            X509Certificate c = JcaPem.readCertificate(dir.resolve(stem + ".pem"));
            assertThatCode(() -> c.verify(issuing.getPublicKey())).as(stem).doesNotThrowAnyException();
            var parsed = SmkiCertificates.parse(c.getEncoded());
            assertThat(parsed.digitalSignature()).as(stem).isEqualTo(stem.endsWith("-ds"));
            assertThat(parsed.keyAgreement()).as(stem).isEqualTo(stem.endsWith("-ka"));
        }
        // The key store reads the layout: the Load Controller's private key matches its certificate.
        DirectoryKeyStore keys = new DirectoryKeyStore(dir);
        Eui64 lc = Eui64.parse("90B3D51F30010008");
        EcKeys.PrivateKey priv = keys.privateKey(lc, KeyUsage.DS).orElseThrow();
        EcKeys.PublicKey pub = keys.publicKey(lc, KeyUsage.DS).orElseThrow();
        byte[] digest = new byte[32];
        assertThat(org.dccsim.gbcs.crypto.Ecdsa.verify(pub, digest, org.dccsim.gbcs.crypto.Ecdsa.sign(priv, digest))).isTrue();
        assertThat(dir.resolve("xml-sign-90B3D51F30010008-ds.key")).exists();
        // Keys name their curve (secp256r1), as DCC's signing tool and OpenSSL expect, instead of spelling it out.
        for (String key : new String[] {"xml-sign-90B3D51F30010008-ds.key", "90b3d51f30010008-ds.key", "00db000000010001-ka.key"}) {
            try (var parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(dir.resolve(key)))) {
                var info = (org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parser.readObject();
                assertThat(info.getPrivateKeyAlgorithm().getParameters()).as(key)
                        .isEqualTo(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
            }
        }
        assertThat(dir.resolve("dsp-xml-sign-90B3D51F30000002-ds.pem")).exists();
        assertThat(Files.readString(dir.resolve("index.txt"))).contains("00DB000000010002  device");
    }

    @Test
    void init_intoANonEmptyDirectory_refusesAndOverwritesNothing() throws Exception {
        Files.writeString(tmp.resolve("precious.key"), "x");
        CliRunner r = CliRunner.run("keys", "init", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("is not empty");
        assertThat(Files.readString(tmp.resolve("precious.key"))).isEqualTo("x");
    }

    @Test
    void init_withBadOptions_exitsTwo() {
        assertThat(CliRunner.run("keys", "init", tmp.resolve("a").toString(), "--devices", "-1").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(CliRunner.run("keys", "init", tmp.resolve("b").toString(), "--first-device", "nope").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }
}
