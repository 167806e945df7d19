package org.dccsim.headend.duis;

/**
 * DUIS response codes the gateway uses (DUIS response codes table; meanings per DUIS-NOTES 1b). Schema and
 * signature failures have no dedicated code in the material at hand; DCC Boxed's tooling treats both as
 * invalid requests, and we answer them with E12 ("invalid request") after logging the precise reason.
 */
public final class DuisCodes {
    /** Success, with the result. */
    public static final String I0 = "I0";
    /** Accepted; the device's answer follows asynchronously. */
    public static final String I99 = "I99";
    /** Invalid user or user role. */
    public static final String E1 = "E1";
    /** The role may not send this service reference. */
    public static final String E2 = "E2";
    /** The role is not authorised for this device. */
    public static final String E4 = "E4";
    /** The service request is not compatible with the device type. */
    public static final String E11 = "E11";
    /** Invalid request, or invalid request / command variant combination. */
    public static final String E12 = "E12";
    /** The request type is not valid for the URL it was sent to. */
    public static final String E13 = "E13";
    /** The device does not exist. */
    public static final String E19 = "E19";
    /** The DCC cannot communicate with the device. */
    public static final String E20 = "E20";
    /** No response from the device. */
    public static final String E21 = "E21";

    private DuisCodes() {
    }
}
