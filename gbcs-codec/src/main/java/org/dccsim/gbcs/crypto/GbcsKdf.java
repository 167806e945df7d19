package org.dccsim.gbcs.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.dccsim.gbcs.Eui64;

/**
 * The GBCS key derivation (GBCS 4.3.2; NIST SP 800-56A single-step concatenation KDF, one SHA-256 block):
 * {@code key = SHA-256(00000001 || Z || OtherInfo)[0..16)} with the 33-byte OtherInfo
 * {@code AlgorithmID(7) || originator(8) || 09 || flag || counter(8) || recipient(8)}.
 */
public final class GbcsKdf {
    /**
     * AlgorithmID bytes exactly as the RTDS verifies them: OID arc 2.16.756.6.8.3.0 (note 6, not the DLMS-UA
     * 5); copied, never derived from an OID table.
     */
    static final byte[] ALGORITHM_ID = {0x60, (byte) 0x85, 0x74, 0x06, 0x08, 0x03, 0x00};

    /** KDF flag values: the CRA flag for MACs, 4 for payload encryption. */
    public static final int FLAG_COMMAND = 1;
    public static final int FLAG_RESPONSE = 2;
    public static final int FLAG_ALERT = 3;
    public static final int FLAG_ENCRYPTION = 4;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    });

    private GbcsKdf() {
    }

    public static byte[] deriveKey(byte[] z, Eui64 originator, int flag, long counter, Eui64 recipient) {
        byte[] input = new byte[4 + 32 + 33];
        input[3] = 1;
        System.arraycopy(z, 0, input, 4, 32);
        int p = 36;
        System.arraycopy(ALGORITHM_ID, 0, input, p, ALGORITHM_ID.length);
        p += ALGORITHM_ID.length;
        originator.writeTo(input, p);
        p += 8;
        input[p++] = 9;
        input[p++] = (byte) flag;
        for (int i = 7; i >= 0; i--) {
            input[p++] = (byte) (counter >>> (8 * i));
        }
        recipient.writeTo(input, p);
        byte[] digest = SHA256.get().digest(input);
        byte[] key = new byte[16];
        System.arraycopy(digest, 0, key, 0, 16);
        return key;
    }
}
