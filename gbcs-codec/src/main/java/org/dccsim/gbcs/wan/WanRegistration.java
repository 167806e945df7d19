package org.dccsim.gbcs.wan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.Ecdsa;

/**
 * Proof that a link hosts a device (docs/wan-link.md): on connect the head-end sends a random challenge, and the device
 * side registers each device with the device's ECDSA P-256 signature, by its digital-signing key, over
 * {@code "dccsim-wan-register" || challenge || EUI-64}. Only the device's key holder can take its route, so a rogue
 * link cannot hijack the commands meant for it. A REGISTER_PROVEN payload is a run of 72-byte entries: EUI-64 (8),
 * signature r||s (64).
 */
public final class WanRegistration {
    public static final int CHALLENGE_LENGTH = 16;
    public static final int ENTRY = 8 + Ecdsa.SIGNATURE_LENGTH;
    /** Entries per frame: under the frame cap. */
    public static final int MAX_ENTRIES_PER_FRAME = (WanFrameCodec.MAX_FRAME_BODY - WanFrameCodec.HEADER) / ENTRY;
    private static final byte[] CONTEXT = "dccsim-wan-register".getBytes(StandardCharsets.US_ASCII);

    /** One device and its proof. */
    public record Proof(Eui64 device, byte[] signature) {
        public Proof {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    private WanRegistration() {
    }

    /** What a device signs to register on a link with this challenge. */
    public static byte[] signedData(byte[] challenge, Eui64 device) {
        byte[] d = new byte[CONTEXT.length + challenge.length + 8];
        System.arraycopy(CONTEXT, 0, d, 0, CONTEXT.length);
        System.arraycopy(challenge, 0, d, CONTEXT.length, challenge.length);
        device.writeTo(d, CONTEXT.length + challenge.length);
        return d;
    }

    public static Proof prove(byte[] challenge, Eui64 device, EcKeys.PrivateKey key) {
        return new Proof(device, Ecdsa.sign(key, signedData(challenge, device)));
    }

    public static boolean verify(byte[] challenge, Proof p, EcKeys.PublicKey key) {
        byte[] data = signedData(challenge, p.device());
        return Ecdsa.verify(key, data, 0, data.length, p.signature, 0);
    }

    /** REGISTER_PROVEN frames for these proofs, each under the frame cap. */
    public static List<WanFrame> frames(List<Proof> proofs) {
        List<WanFrame> out = new ArrayList<>();
        for (int i = 0; i < proofs.size(); i += MAX_ENTRIES_PER_FRAME) {
            List<Proof> batch = proofs.subList(i, Math.min(proofs.size(), i + MAX_ENTRIES_PER_FRAME));
            byte[] p = new byte[batch.size() * ENTRY];
            for (int k = 0; k < batch.size(); k++) {
                batch.get(k).device().writeTo(p, k * ENTRY);
                System.arraycopy(batch.get(k).signature, 0, p, k * ENTRY + 8, Ecdsa.SIGNATURE_LENGTH);
            }
            out.add(new WanFrame(WanFrame.Kind.REGISTER_PROVEN, WanFrame.LINK, p));
        }
        return out;
    }

    /** The proofs of a REGISTER_PROVEN frame (its length already checked by the codec). */
    public static List<Proof> proofs(WanFrame f) {
        byte[] p = f.payloadView();
        List<Proof> out = new ArrayList<>(p.length / ENTRY);
        for (int i = 0; i + ENTRY <= p.length; i += ENTRY) {
            out.add(new Proof(Eui64.fromBytes(p, i), java.util.Arrays.copyOfRange(p, i + 8, i + ENTRY)));
        }
        return out;
    }
}
