package org.dccsim.gbcs.crypto;

import java.util.Arrays;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.Hex;

/**
 * An encrypted payload as a device returns it from a protected read (Data Protection get_protected_attributes,
 * GBCS 10.x): security control {@code 31}, invocation counter {@code 00000000}, ciphertext, 12-byte tag.
 */
public record ProtectedPayload(byte[] ciphertextAndTag) {
    public ProtectedPayload {
        if (ciphertextAndTag.length < AesGcm.TAG_LENGTH) {
            throw new IllegalArgumentException("a protected payload holds at least its 12-byte tag");
        }
        ciphertextAndTag = ciphertextAndTag.clone();
    }

    @Override
    public byte[] ciphertextAndTag() {
        return ciphertextAndTag.clone();
    }

    public static boolean looksProtected(byte[] octets) {
        return octets.length >= 5 + AesGcm.TAG_LENGTH && (octets[0] & 0xFF) == AesGcm.SECURITY_CONTROL_ENCRYPTED
                && octets[1] == 0 && octets[2] == 0 && octets[3] == 0 && octets[4] == 0;
    }

    public static ProtectedPayload parse(byte[] octets) throws GbcsDecodeException {
        if (!looksProtected(octets)) {
            throw new GbcsDecodeException(Reason.BAD_PROTECTED_PAYLOAD, 0,
                    "expected 31 00000000 then ciphertext and a 12-byte tag");
        }
        return new ProtectedPayload(Arrays.copyOfRange(octets, 5, octets.length));
    }

    public byte[] toOctets() {
        byte[] out = new byte[5 + ciphertextAndTag.length];
        out[0] = (byte) AesGcm.SECURITY_CONTROL_ENCRYPTED;
        System.arraycopy(ciphertextAndTag, 0, out, 5, ciphertextAndTag.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectedPayload p && Arrays.equals(ciphertextAndTag, p.ciphertextAndTag);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertextAndTag);
    }

    @Override
    public String toString() {
        return "ProtectedPayload[" + Hex.encode(ciphertextAndTag) + "]";
    }
}
