package org.dccsim.gbcs.wan;

import java.util.Arrays;
import java.util.Objects;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;

/**
 * One frame of dccsim's WAN link between the head-end and device simulators (docs/wan-link.md): a kind, the
 * device EUI-64 it concerns (zero for link-level frames) and a payload (GBCS bytes, or EUIs when registering).
 */
public record WanFrame(Kind kind, Eui64 device, byte[] payload) {

    public enum Kind {
        /** Device side to head-end: the payload lists EUI-64s this link now hosts (8 bytes each). */
        REGISTER(0x01),
        /** Device side to head-end: EUI-64s this link no longer hosts. */
        UNREGISTER(0x02),
        /** Head-end to device side, on connect: a random challenge the devices sign to register. */
        CHALLENGE(0x03),
        /**
         * Device side to head-end: EUI-64s this link hosts, each with the device's ECDSA signature over the link's
         * challenge ({@link WanRegistration}), 72 bytes each.
         */
        REGISTER_PROVEN(0x04),
        /** Head-end to device: a GBCS command. */
        COMMAND(0x10),
        /** Device to head-end: a GBCS response. */
        RESPONSE(0x11),
        /** Device to head-end: a GBCS alert. */
        ALERT(0x12),
        /** Either way: liveness; answered with PONG. */
        PING(0x20),
        PONG(0x21),
        /** Either way: a UTF-8 reason before closing the link. */
        ERROR(0x7F);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    public static final Eui64 LINK = Eui64.of(0);

    public WanFrame {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(device);
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadView() {
        return payload;
    }

    public static WanFrame register(java.util.Collection<Eui64> euis) {
        byte[] p = new byte[euis.size() * 8];
        int i = 0;
        for (Eui64 e : euis) {
            e.writeTo(p, i);
            i += 8;
        }
        return new WanFrame(Kind.REGISTER, LINK, p);
    }

    /** The EUIs of a REGISTER or UNREGISTER payload. */
    public java.util.List<Eui64> euis() {
        java.util.List<Eui64> out = new java.util.ArrayList<>(payload.length / 8);
        for (int i = 0; i + 8 <= payload.length; i += 8) {
            out.add(Eui64.fromBytes(payload, i));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WanFrame f && kind == f.kind && device.equals(f.device) && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, device) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "WanFrame[" + kind + " " + device + " " + (payload.length > 32 ? payload.length + " bytes" : Hex.encode(payload)) + "]";
    }
}
