package org.dccsim.device.cosem;

/** Data-access-result and action-result codes (DLMS Green Book 9.3) that the simulated devices return. */
public final class DataAccessResult {
    public static final int SUCCESS = 0;
    public static final int HARDWARE_FAULT = 1;
    public static final int TEMPORARY_FAILURE = 2;
    public static final int READ_WRITE_DENIED = 3;
    public static final int OBJECT_UNDEFINED = 4;
    public static final int OBJECT_UNAVAILABLE = 11;
    public static final int TYPE_UNMATCHED = 12;
    public static final int SCOPE_OF_ACCESS_VIOLATED = 13;
    /** GBCS break-on-error: every item after a failure returns this (RTDS-verified). */
    public static final int OTHER_REASON = 250;

    private DataAccessResult() {
    }
}
