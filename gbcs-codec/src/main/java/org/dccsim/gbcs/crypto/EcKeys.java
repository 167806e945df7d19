package org.dccsim.gbcs.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * P-256 (prime256v1), the only curve GBCS uses (GBCS 4.2.1), with public and private key types of our own so
 * that private keys never print and every key in the code base is known to be on this curve.
 */
public final class EcKeys {
    /** Bouncy Castle's optimised P-256 arithmetic (SecP256R1Curve), not the generic Fp curve. */
    public static final ECDomainParameters P256;

    static {
        X9ECParameters x9 = CustomNamedCurves.getByName("P-256");
        P256 = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }

    private EcKeys() {
    }

    /** A P-256 public key. Cache one per party: Bouncy Castle keeps precomputed tables on the point. */
    public static final class PublicKey {
        private final ECPublicKeyParameters params;
        /** The native provider's key for the same point, made at first use (see {@link CryptoEngine}). */
        private volatile java.security.PublicKey jca;

        PublicKey(ECPublicKeyParameters params) {
            this.params = params;
        }

        public ECPublicKeyParameters params() {
            return params;
        }

        java.security.PublicKey jca(CryptoEngine engine) {
            java.security.PublicKey k = jca;
            if (k == null) {
                org.bouncycastle.math.ec.ECPoint q = params.getQ().normalize();
                k = engine.publicKey(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                jca = k;
            }
            return k;
        }

        /** Uncompressed SEC1 point, 65 bytes. */
        public byte[] encoded() {
            return params.getQ().getEncoded(false);
        }

        public static PublicKey fromEncoded(byte[] sec1Point) {
            return new PublicKey(new ECPublicKeyParameters(P256.getCurve().decodePoint(sec1Point), P256));
        }

        @Override
        public String toString() {
            return "P-256 public key";
        }
    }

    /** A P-256 private key. Its value is never printed or logged. */
    public static final class PrivateKey {
        private final ECPrivateKeyParameters params;
        /** The native provider's key for the same scalar, made at first use (see {@link CryptoEngine}). */
        private volatile java.security.PrivateKey jca;

        PrivateKey(ECPrivateKeyParameters params) {
            this.params = params;
        }

        ECPrivateKeyParameters params() {
            return params;
        }

        java.security.PrivateKey jca(CryptoEngine engine) {
            java.security.PrivateKey k = jca;
            if (k == null) {
                k = engine.privateKey(params.getD());
                jca = k;
            }
            return k;
        }

        /**
         * d*G by Bouncy Castle's fixed-point comb, the multiplier its own key generator uses: measured on this
         * project's machine at 113-154 us against 255-274 us for the default multiplier with 255-bit scalars.
         * Simulated fleets derive two key pairs per device, which JFR put at 8-14 % of a drill's CPU.
         */
        public PublicKey publicKey() {
            return new PublicKey(new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(P256.getG(), params.getD()).normalize(), P256));
        }

        @Override
        public String toString() {
            return "P-256 private key (redacted)";
        }
    }

    public record KeyPair(PublicKey publicKey, PrivateKey privateKey) {
    }

    /** Re-homes Bouncy Castle key parameters onto our P-256 domain (the custom curve is faster). */
    static PublicKey publicKey(ECPublicKeyParameters p) {
        return new PublicKey(new ECPublicKeyParameters(P256.getCurve().decodePoint(p.getQ().getEncoded(false)), P256));
    }

    static PrivateKey privateKey(ECPrivateKeyParameters p) {
        return privateKey(p.getD());
    }

    static PrivateKey privateKey(BigInteger d) {
        if (d.signum() <= 0 || d.compareTo(P256.getN()) >= 0) {
            throw new IllegalArgumentException("not a P-256 private key");
        }
        return new PrivateKey(new ECPrivateKeyParameters(d, P256));
    }

    /**
     * A key pair derived from a label: d = SHA-256(label) mod (n - 1) + 1. For tests, golden vectors and
     * reproducible simulated fleets only; real keys come from {@link #generate}.
     */
    public static KeyPair deterministic(String label) {
        byte[] seed = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] h = Ecdsa.sha256(seed, 0, seed.length);
        BigInteger d = new BigInteger(1, h).mod(P256.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
        PrivateKey priv = privateKey(d);
        return new KeyPair(priv.publicKey(), priv);
    }

    public static KeyPair generate(SecureRandom random) {
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(P256, random));
        AsymmetricCipherKeyPair kp = gen.generateKeyPair();
        return new KeyPair(new PublicKey((ECPublicKeyParameters) kp.getPublic()),
                new PrivateKey((ECPrivateKeyParameters) kp.getPrivate()));
    }
}
