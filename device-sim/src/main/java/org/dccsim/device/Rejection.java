package org.dccsim.device;

import java.time.Instant;

/**
 * Why a device refused a command before executing it (the security gate, in the order it checks). Rejections
 * change no state; each is kept in the device's security log and counted.
 */
public record Rejection(Instant at, Reason reason, String detail) {
    public enum Reason {
        /** The bytes are not a GBCS message. */
        MALFORMED_FRAME,
        /** Addressed to another device. */
        WRONG_RECIPIENT,
        /** Not a command (CRA flag), or not MACed by the Access Control Broker. */
        NOT_A_COMMAND,
        /** The ACB's MAC does not verify. */
        MAC_FAILED,
        /** The message code is not one this device supports (answered with ECS100 alert 8F85). */
        UNSUPPORTED_MESSAGE_CODE,
        /** The originator is in none of the device's trust anchor cells. */
        UNKNOWN_REMOTE_PARTY,
        /** The originator's role may not send this use case (GBCS section 17). */
        ROLE_NOT_ALLOWED,
        /** A critical command's signature does not verify with the originator's key. */
        SIGNATURE_FAILED,
        /** A replay-protected command whose counter is not above the last one accepted from that party. */
        REPLAYED_COUNTER,
        /** The payload is not a DLMS access-request. */
        MALFORMED_PAYLOAD
    }
}
