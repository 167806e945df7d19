package org.dccsim.gbcs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The two engines must be interchangeable: a signature made by one verifies with the other, ECDH agrees, and the
 * DER conversion the native path needs survives r and s with leading zero bytes and high bits. The native half
 * runs where the provider loads (Linux x86-64, as on CI); elsewhere it is skipped with the provider's reason.
 */
class CryptoEngineTest {
    private static final CryptoEngine BC = CryptoEngine.choose("bc");

    private static CryptoEngine nativeEngine() {
        CryptoEngine auto = CryptoEngine.choose("auto");
        assumeTrue(auto.isNative(), "the native provider does not load on this platform: " + auto.description());
        return CryptoEngine.choose("native");
    }

    @Test
    void choose_unknownName_isRefusedWithTheChoices() {
        assertThatThrownBy(() -> CryptoEngine.choose("openssl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, native or bc");
    }

    @Test
    void choose_bc_isBouncyCastleAndSaysSo() {
        assertThat(BC.isNative()).isFalse();
        assertThat(BC.description()).startsWith("Bouncy Castle");
    }

    @Test
    void active_isWhatThePropertyAsks() {
        String asked = System.getProperty(CryptoEngine.PROPERTY, "auto");
        CryptoEngine active = CryptoEngine.active();
        if (asked.equals("bc")) {
            assertThat(active.isNative()).isFalse();
        } else if (asked.equals("native")) {
            assertThat(active.isNative()).isTrue();
        }
        assertThat(active.description()).isNotBlank();
    }

    @Test
    void signatures_madeByEitherEngine_verifyWithTheOther() {
        CryptoEngine nat = nativeEngine();
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            EcKeys.KeyPair k = EcKeys.deterministic("engine-test/" + i);
            byte[] data = new byte[1 + random.nextInt(300)];
            random.nextBytes(data);
            byte[] byNative = Ecdsa.sign(nat, k.privateKey(), data, 0, data.length);
            byte[] byBc = Ecdsa.sign(BC, k.privateKey(), data, 0, data.length);
            assertThat(Ecdsa.verify(BC, k.publicKey(), data, 0, data.length, byNative, 0)).as("native -> bc, %d", i).isTrue();
            assertThat(Ecdsa.verify(nat, k.publicKey(), data, 0, data.length, byBc, 0)).as("bc -> native, %d", i).isTrue();
            data[0] ^= 1;
            assertThat(Ecdsa.verify(nat, k.publicKey(), data, 0, data.length, byBc, 0)).as("tampered, %d", i).isFalse();
        }
    }

    @Test
    void nativeVerify_hostileSignatures_areFalseNotExceptions() {
        CryptoEngine nat = nativeEngine();
        EcKeys.KeyPair k = EcKeys.deterministic("engine-test/hostile");
        byte[] data = "payload".getBytes(StandardCharsets.US_ASCII);
        assertThat(Ecdsa.verify(nat, k.publicKey(), data, 0, data.length, new byte[64], 0)).isFalse();
        byte[] ones = new byte[64];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(Ecdsa.verify(nat, k.publicKey(), data, 0, data.length, ones, 0)).isFalse();
        assertThat(Ecdsa.verify(nat, k.publicKey(), data, 0, data.length, new byte[63], 0)).isFalse();
        assertThat(Ecdsa.verify(nat, k.publicKey(), data, 0, data.length, new byte[64], -1)).isFalse();
    }

    @Test
    void derConversion_roundTripsLeadingZerosAndHighBits() {
        byte[][] cases = new byte[4][64];
        cases[1][0] = (byte) 0x80;
        cases[1][32] = (byte) 0xFF;
        cases[2][31] = 1;
        cases[2][63] = 1;
        java.util.Arrays.fill(cases[3], 0, 5, (byte) 0);
        cases[3][5] = (byte) 0x90;
        cases[3][40] = 0x7F;
        for (byte[] raw : cases) {
            assertThat(Ecdsa.derToRaw(Ecdsa.rawToDer(raw, 0))).isEqualTo(raw);
        }
    }

    @Test
    void ecdh_bothEnginesAgree() {
        CryptoEngine nat = nativeEngine();
        EcKeys.KeyPair a = EcKeys.deterministic("engine-test/a");
        EcKeys.KeyPair b = EcKeys.deterministic("engine-test/b");
        byte[] z = Ecdh.sharedSecret(BC, a.privateKey(), b.publicKey());
        assertThat(Ecdh.sharedSecret(nat, a.privateKey(), b.publicKey())).isEqualTo(z);
        assertThat(Ecdh.sharedSecret(nat, b.privateKey(), a.publicKey())).isEqualTo(z);
    }

    @Test
    void jcaKeys_areConvertedOnce_andAConvertedKeyIsItself() throws Exception {
        CryptoEngine nat = nativeEngine();
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC", JcaPem.BC);
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair bcKeys = g.generateKeyPair();
        java.security.PublicKey converted = nat.forVerifying(bcKeys.getPublic());
        assertThat(converted).isNotSameAs(bcKeys.getPublic());
        assertThat(nat.forVerifying(bcKeys.getPublic())).isSameAs(converted);
        assertThat(nat.forVerifying(converted)).isSameAs(converted);
        java.security.PrivateKey signing = nat.forSigning(bcKeys.getPrivate());
        assertThat(nat.forSigning(signing)).isSameAs(signing);
        assertThat(BC.forSigning(bcKeys.getPrivate())).isSameAs(bcKeys.getPrivate());
    }

    @Test
    void signDeterministic_isTheSameEveryTime_whateverTheEngine() {
        EcKeys.KeyPair k = EcKeys.deterministic("engine-test/rfc6979");
        byte[] data = "reproducible".getBytes(StandardCharsets.US_ASCII);
        assertThat(Ecdsa.signDeterministic(k.privateKey(), data, 0, data.length))
                .isEqualTo(Ecdsa.signDeterministic(k.privateKey(), data, 0, data.length))
                .isEqualTo(Ecdsa.sign(BC, k.privateKey(), data, 0, data.length));
    }
}
