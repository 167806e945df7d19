package org.dccsim.gbcs.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;

/**
 * Static-static ECDH on P-256, "C(0e, 2s, ECC CDH)" in GBCS terms (GBCS 4.3.1): Z is the 32-byte big-endian
 * x-coordinate of d*Q. The cofactor of P-256 is 1, so plain ECDH is cofactor ECDH.
 */
public final class Ecdh {
    private Ecdh() {
    }

    public static byte[] sharedSecret(EcKeys.PrivateKey own, EcKeys.PublicKey other) {
        return sharedSecret(CryptoEngine.active(), own, other);
    }

    static byte[] sharedSecret(CryptoEngine engine, EcKeys.PrivateKey own, EcKeys.PublicKey other) {
        if (engine.isNative()) {
            try {
                KeyAgreement ka = KeyAgreement.getInstance("ECDH", engine.provider());
                ka.init(own.jca(engine));
                ka.doPhase(other.jca(engine), true);
                return ka.generateSecret();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the native provider failed an ECDH", e);
            }
        }
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(own.params());
        BigInteger z = agreement.calculateAgreement(other.params());
        byte[] b = z.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }
}
