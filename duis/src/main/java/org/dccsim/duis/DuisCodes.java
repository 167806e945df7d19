package org.dccsim.duis;

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
    /** The device's status (SMI status, DUIS 8.x: pending, decommissioned, ...) does not allow the request. */
    public static final String E5 = "E5";
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

    /** What a code means, in a few words, for people reading a refusal. */
    public static String meaning(String code) {
        return switch (code == null ? "" : code) {
            case I0 -> "success";
            case I99 -> "accepted; the device's answer follows";
            case E1 -> "invalid user or user role";
            case E2 -> "this role may not send this service request";
            case E4 -> "this user is not authorised for this device";
            case E5 -> "the device's status does not allow this request";
            case E11 -> "the service request does not apply to this device type";
            case E12 -> "invalid request";
            case E13 -> "the request was sent to the wrong web service";
            case E19 -> "no such device";
            case E20 -> "the DCC cannot communicate with the device";
            case E21 -> "no response from the device";
            default -> "an unknown response code";
        };
    }

    private DuisCodes() {
    }
}
