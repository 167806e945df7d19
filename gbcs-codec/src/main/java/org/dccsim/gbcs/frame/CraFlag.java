package org.dccsim.gbcs.frame;

/** The first byte of the General-Signing transaction-id: what kind of message this is (GBCS 7.2.x). */
public enum CraFlag {
    COMMAND(1), RESPONSE(2), ALERT(3);

    private final int code;

    CraFlag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Returns null for an unknown code; the decoder turns that into a typed error. */
    public static CraFlag ofCode(int code) {
        switch (code) {
            case 1: return COMMAND;
            case 2: return RESPONSE;
            case 3: return ALERT;
            default: return null;
        }
    }
}
