package org.dccsim.drill;

import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.payload.Payload;
import org.dccsim.gbcs.usecase.HalfHourProfile;

/** Half-hour profiles out of decoded 4.8.x answers, and the arithmetic the P375 tables share. */
public final class ProfileReads {
    private ProfileReads() {
    }

    /**
     * The profile in an answer: from the decrypted payload (the import profile is encrypted for the requester,
     * GBCS 7.2.4) or the plain one (export); null if the answer holds no readable profile.
     */
    public static HalfHourProfile of(Inspection in) {
        try {
            if (!in.decryptions().isEmpty() && in.decryptions().get(0).plaintext() != null) {
                return HalfHourProfile.parse(in.decryptions().get(0).plaintext());
            }
            if (in.payload() instanceof Payload.Dlms d && d.apdu() instanceof XdlmsApdu.AccessResponse r) {
                return HalfHourProfile.parse(r.data().get(0));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * Net import (Wh; import positive, the convention of settlement and of every dccsim table) of half-hour {@code idx}
     * from an array of n imports followed by n exports.
     */
    public static long netImport(long[] importsThenExports, int idx) {
        int n = importsThenExports.length / 2;
        return importsThenExports[idx] - importsThenExports[n + idx];
    }

    /** Two consecutive windows' [imports..., exports...] as one window's. */
    public static long[] join(long[] first, long[] second) {
        int a = first.length / 2;
        int b = second.length / 2;
        long[] out = new long[2 * (a + b)];
        System.arraycopy(first, 0, out, 0, a);
        System.arraycopy(second, 0, out, a, b);
        System.arraycopy(first, a, out, a + b, a);
        System.arraycopy(second, b, out, 2 * a + b, b);
        return out;
    }
}
