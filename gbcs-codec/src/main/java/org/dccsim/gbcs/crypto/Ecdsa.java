package org.dccsim.gbcs.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * ECDSA P-256 with SHA-256, signatures as raw r||s (64 bytes), as GBCS carries them (GBCS 4.3.3).
 *
 * <p>The {@link CryptoEngine} does the curve arithmetic: AWS-LC where it loads, else Bouncy Castle (measured 12x
 * faster verify than SunEC on this machine), with the JDK's SHA-256 (4x faster than BC's). On Bouncy Castle,
 * signing uses RFC 6979 deterministic nonces; the native provider draws them at random, as a device would.
 * {@link #signDeterministic} always uses RFC 6979, for golden vectors that must reproduce exactly.
 */
public final class Ecdsa {
    public static final int SIGNATURE_LENGTH = 64;
    private static final String ALGORITHM = "SHA256withECDSA";
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    });

    /**
     * A Signature object per thread, for the provider it was made for: Signature.getInstance walks the provider
     * lists on every call, which cost the drill as much as a tenth of a native verification. A Signature is
     * re-initialised with its key before each use, so one object serves every key in turn.
     */
    private record CachedSignature(java.security.Provider provider, Signature signature) {
    }

    private static final ThreadLocal<CachedSignature> SIGNATURE = new ThreadLocal<>();

    private Ecdsa() {
    }

    private static Signature signature(CryptoEngine engine) throws GeneralSecurityException {
        CachedSignature cached = SIGNATURE.get();
        if (cached == null || cached.provider() != engine.provider()) {
            cached = new CachedSignature(engine.provider(), Signature.getInstance(ALGORITHM, engine.provider()));
            SIGNATURE.set(cached);
        }
        return cached.signature();
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest md = SHA256.get();
        md.update(data, offset, length);
        return md.digest();
    }

    public static byte[] sign(EcKeys.PrivateKey key, byte[] data) {
        return sign(key, data, 0, data.length);
    }

    public static byte[] sign(EcKeys.PrivateKey key, byte[] data, int offset, int length) {
        return sign(CryptoEngine.active(), key, data, offset, length);
    }

    static byte[] sign(CryptoEngine engine, EcKeys.PrivateKey key, byte[] data, int offset, int length) {
        if (engine.isNative()) {
            try {
                Signature s = signature(engine);
                s.initSign(key.jca(engine));
                s.update(data, offset, length);
                return derToRaw(s.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the native provider failed to sign", e);
            }
        }
        return signDeterministic(key, data, offset, length);
    }

    /** RFC 6979 deterministic signing with Bouncy Castle, whatever the engine: the same bytes every time. */
    public static byte[] signDeterministic(EcKeys.PrivateKey key, byte[] data, int offset, int length) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key.params());
        BigInteger[] rs = signer.generateSignature(sha256(data, offset, length));
        byte[] out = new byte[SIGNATURE_LENGTH];
        put32(rs[0], out, 0);
        put32(rs[1], out, 32);
        return out;
    }

    public static boolean verify(EcKeys.PublicKey key, byte[] data, byte[] signature) {
        return verify(key, data, 0, data.length, signature, 0);
    }

    /** Verifies a raw r||s signature found at {@code signature[sigOffset..sigOffset+64)}. */
    public static boolean verify(EcKeys.PublicKey key, byte[] data, int offset, int length, byte[] signature, int sigOffset) {
        return verify(CryptoEngine.active(), key, data, offset, length, signature, sigOffset);
    }

    static boolean verify(CryptoEngine engine, EcKeys.PublicKey key, byte[] data, int offset, int length, byte[] signature,
            int sigOffset) {
        if (signature == null || sigOffset < 0 || signature.length - sigOffset < SIGNATURE_LENGTH) {
            return false;
        }
        if (engine.isNative()) {
            try {
                Signature v = signature(engine);
                v.initVerify(key.jca(engine));
                v.update(data, offset, length);
                return v.verify(rawToDer(signature, sigOffset));
            } catch (GeneralSecurityException | RuntimeException e) {
                return false; // a malformed signature from hostile input
            }
        }
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, sigOffset, sigOffset + 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, sigOffset + 32, sigOffset + 64));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key.params());
        try {
            return verifier.verifySignature(sha256(data, offset, length), r, s);
        } catch (RuntimeException e) {
            return false; // out-of-range r or s from hostile input
        }
    }

    /**
     * ECDSA P-256/SHA-256 with a JCA private key (an XML-signing key read from PEM), raw r||s out, by the
     * {@link CryptoEngine}'s provider on a key converted once for it.
     */
    public static byte[] sign(java.security.PrivateKey key, byte[] data) {
        CryptoEngine engine = CryptoEngine.active();
        try {
            Signature s = signature(engine);
            s.initSign(engine.forSigning(key));
            s.update(data);
            return derToRaw(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a " + key.getAlgorithm() + " key failed", e);
        }
    }

    /** Verifies a raw r||s signature with a JCA public key (a certificate's); false for anything malformed. */
    public static boolean verify(java.security.PublicKey key, byte[] data, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        CryptoEngine engine = CryptoEngine.active();
        try {
            Signature v = signature(engine);
            v.initVerify(engine.forVerifying(key));
            v.update(data);
            return v.verify(rawToDer(signature, 0));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * JCA providers speak DER (SEQUENCE of two INTEGERs, X9.62); GBCS carries r||s. Both integers are below the
     * 256-bit group order, so every length fits in one byte.
     */
    static byte[] rawToDer(byte[] raw, int offset) {
        byte[] r = derInteger(raw, offset);
        byte[] s = derInteger(raw, offset + 32);
        byte[] out = new byte[2 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (r.length + s.length);
        System.arraycopy(r, 0, out, 2, r.length);
        System.arraycopy(s, 0, out, 2 + r.length, s.length);
        return out;
    }

    private static byte[] derInteger(byte[] raw, int offset) {
        int start = offset;
        while (start < offset + 31 && raw[start] == 0) {
            start++;
        }
        int len = offset + 32 - start;
        boolean pad = (raw[start] & 0x80) != 0;
        byte[] out = new byte[2 + len + (pad ? 1 : 0)];
        out[0] = 0x02;
        out[1] = (byte) (len + (pad ? 1 : 0));
        System.arraycopy(raw, start, out, pad ? 3 : 2, len);
        return out;
    }

    /** The provider's own DER signature, as r||s. */
    static byte[] derToRaw(byte[] der) {
        byte[] out = new byte[SIGNATURE_LENGTH];
        int rLen = der[3];
        int sAt = 4 + rLen;
        int sLen = der[sAt + 1];
        copyInteger(der, 4, rLen, out, 0);
        copyInteger(der, sAt + 2, sLen, out, 32);
        return out;
    }

    private static void copyInteger(byte[] der, int at, int len, byte[] out, int outOffset) {
        int n = Math.min(len, 32);
        System.arraycopy(der, at + len - n, out, outOffset + 32 - n, n);
    }

    private static void put32(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, offset + 32 - n, n);
    }
}
