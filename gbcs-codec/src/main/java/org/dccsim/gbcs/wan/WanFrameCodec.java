package org.dccsim.gbcs.wan;

import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.GbcsDecodeException;

/**
 * The body of a WAN frame after its 4-byte length prefix: kind (1) | device EUI-64 (8) | payload. The length
 * prefix itself is handled by the transport (Netty's LengthFieldBasedFrameDecoder), which enforces
 * {@link #MAX_FRAME_BODY} before anything is allocated.
 */
public final class WanFrameCodec {
    /** GBCS messages stay under 64 KiB; a registration carries at most 8,192 EUIs. */
    public static final int MAX_FRAME_BODY = 128 * 1024;
    public static final int HEADER = 9;
    /** How many EUIs one REGISTER frame carries; fleets register in batches. */
    public static final int MAX_EUIS_PER_REGISTER = 8192;

    private WanFrameCodec() {
    }

    public static byte[] encodeBody(WanFrame f) {
        byte[] p = f.payloadView();
        byte[] out = new byte[HEADER + p.length];
        out[0] = (byte) f.kind().code();
        f.device().writeTo(out, 1);
        System.arraycopy(p, 0, out, HEADER, p.length);
        return out;
    }

    public static WanFrame decodeBody(byte[] body) throws GbcsDecodeException {
        if (body.length < HEADER) {
            throw new GbcsDecodeException(Reason.TRUNCATED, 0, "WAN frame shorter than its 9-byte header");
        }
        if (body.length > MAX_FRAME_BODY) {
            throw new GbcsDecodeException(Reason.FRAME_TOO_LARGE, 0, "WAN frame of " + body.length + " bytes");
        }
        WanFrame.Kind kind = WanFrame.Kind.of(body[0] & 0xFF);
        if (kind == null) {
            throw new GbcsDecodeException(Reason.UNEXPECTED_TAG, 0, String.format("unknown WAN frame kind %02X", body[0]));
        }
        byte[] payload = java.util.Arrays.copyOfRange(body, HEADER, body.length);
        if ((kind == WanFrame.Kind.REGISTER || kind == WanFrame.Kind.UNREGISTER) && payload.length % 8 != 0) {
            throw new GbcsDecodeException(Reason.BAD_QUANTITY, HEADER, "registration payload is not whole EUI-64s");
        }
        if (kind == WanFrame.Kind.REGISTER_PROVEN && payload.length % WanRegistration.ENTRY != 0) {
            throw new GbcsDecodeException(Reason.BAD_QUANTITY, HEADER, "proven registration payload is not whole entries");
        }
        if (kind == WanFrame.Kind.CHALLENGE && payload.length != WanRegistration.CHALLENGE_LENGTH) {
            throw new GbcsDecodeException(Reason.BAD_QUANTITY, HEADER, "a challenge is " + WanRegistration.CHALLENGE_LENGTH
                    + " bytes");
        }
        return new WanFrame(kind, Eui64.fromBytes(body, 1), payload);
    }
}
