package org.dccsim.gbcs.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;

/**
 * Static-static ECDH on P-256, "C(0e, 2s, ECC CDH)" in GBCS terms (GBCS 4.3.1): Z is the 32-byte big-endian
 * x-coordinate of d*Q. The cofactor of P-256 is 1, so plain ECDH is cofactor ECDH.
 */
public final class Ecdh {
    private Ecdh() {
    }

    public static byte[] sharedSecret(EcKeys.PrivateKey own, EcKeys.PublicKey other) {
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
