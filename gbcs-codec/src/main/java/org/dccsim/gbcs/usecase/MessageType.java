package org.dccsim.gbcs.usecase;

/** GBCS message types as the use-case tables name them. */
public enum MessageType {
    /** SME.C.C: a critical command, signed by the remote party. */
    CRITICAL_COMMAND,
    /** SME.C.NC: a non-critical command, MACed by the ACB only. */
    NON_CRITICAL_COMMAND,
    /** SME.A.C: a critical alert, signed by the device. */
    CRITICAL_ALERT,
    /** SME.A.NC: a non-critical alert, MACed by the device. */
    NON_CRITICAL_ALERT,
    /** The tables available to us do not say. */
    UNKNOWN;

    static MessageType parse(String s) {
        switch (s) {
            case "SME.C.C": return CRITICAL_COMMAND;
            case "SME.C.NC": return NON_CRITICAL_COMMAND;
            case "SME.A.C": return CRITICAL_ALERT;
            case "SME.A.NC": return NON_CRITICAL_ALERT;
            default: return UNKNOWN;
        }
    }
}
