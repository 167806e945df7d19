package org.dccsim.gbcs.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dccsim.gbcs.Eui64;

/**
 * AES-128-GCM as GBCS uses it (GBCS 4.3.2; RTDS-verified): IV = originator system title || invocation counter
 * (always 0); tags truncated to 12 bytes, keeping the most significant bytes, which is what a 96-bit GCM tag
 * length gives. The JDK's implementation is used: measured 3-20x faster than Bouncy Castle's here.
 */
public final class AesGcm {
    public static final int TAG_LENGTH = 12;
    /** AAD prefix of a MAC: security control byte 0x11 and five zero bytes (RTDS-verified constant). */
    static final byte[] MAC_AAD_PREFIX = {0x11, 0, 0, 0, 0, 0};
    /** Security control byte of an encrypted payload (authenticated encryption, suite 1); also its AAD. */
    public static final int SECURITY_CONTROL_ENCRYPTED = 0x31;

    private static final class Holder {
        Cipher cipher;
        byte[] lastEncryptKey;
        byte[] lastEncryptIv;
    }

    private static final ThreadLocal<Holder> CIPHER = ThreadLocal.withInitial(() -> {
        Holder h = new Holder();
        h.cipher = newCipher();
        return h;
    });

    private AesGcm() {
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM missing from the JDK", e);
        }
    }

    public static byte[] iv(Eui64 originator) {
        byte[] iv = new byte[12];
        originator.writeTo(iv, 0);
        return iv;
    }

    /**
     * Encrypt-mode cipher. GBCS IVs repeat per originator and only the key changes per message, so the JDK's
     * guard against reusing a key and IV fires when the same message is MACed twice; a fresh Cipher then
     * computes the same (deterministic) tag.
     */
    private static Cipher encryptCipher(byte[] key, byte[] iv) throws GeneralSecurityException {
        Holder h = CIPHER.get();
        if (Arrays.equals(key, h.lastEncryptKey) && Arrays.equals(iv, h.lastEncryptIv)) {
            h.cipher = newCipher();
        }
        h.cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
        h.lastEncryptKey = key;
        h.lastEncryptIv = iv;
        return h.cipher;
    }

    private static Cipher decryptCipher(byte[] key, byte[] iv) throws GeneralSecurityException {
        Cipher c = CIPHER.get().cipher;
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
        return c;
    }

    /** The 12-byte MAC: GMAC over {@code 11 00 00 00 00 00 || aad[offset..offset+length)}. */
    public static byte[] mac(byte[] key, byte[] iv, byte[] aad, int offset, int length) {
        try {
            Cipher c = encryptCipher(key, iv);
            c.updateAAD(MAC_AAD_PREFIX);
            c.updateAAD(aad, offset, length);
            return c.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Checks a 12-byte MAC without allocating the expected one (decrypt mode verifies the truncated tag). */
    public static boolean verifyMac(byte[] key, byte[] iv, byte[] aad, int offset, int length, byte[] mac, int macOffset) {
        try {
            Cipher c = decryptCipher(key, iv);
            c.updateAAD(MAC_AAD_PREFIX);
            c.updateAAD(aad, offset, length);
            c.doFinal(mac, macOffset, TAG_LENGTH);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Ciphertext || 12-byte tag, with the single-byte AAD {@code 31}. */
    public static byte[] encrypt(byte[] key, byte[] iv, byte[] plaintext) {
        try {
            Cipher c = encryptCipher(key, iv);
            c.updateAAD(new byte[] {(byte) SECURITY_CONTROL_ENCRYPTED});
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** The plaintext, or null when the tag does not verify. */
    public static byte[] decrypt(byte[] key, byte[] iv, byte[] ciphertextAndTag, int offset, int length) {
        try {
            Cipher c = decryptCipher(key, iv);
            c.updateAAD(new byte[] {(byte) SECURITY_CONTROL_ENCRYPTED});
            return c.doFinal(ciphertextAndTag, offset, length);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
