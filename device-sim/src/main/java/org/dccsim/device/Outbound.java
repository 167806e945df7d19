package org.dccsim.device;

import org.dccsim.gbcs.Eui64;

/** A frame a device sends: a response to a command, or an unsolicited alert. */
public record Outbound(Kind kind, Eui64 device, Eui64 recipient, byte[] frame) {
    public enum Kind { RESPONSE, ALERT }

    public Outbound {
        frame = frame.clone();
    }

    @Override
    public byte[] frame() {
        return frame.clone();
    }
}
