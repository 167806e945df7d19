package org.dccsim.duis;

/** DCC User roles as DUIS distinguishes them for access control (DUIS-NOTES 1d). */
public enum UserRole {
    /** Import, export or gas supplier. */
    SUPPLIER,
    /** Electricity distributor or gas transporter. */
    NETWORK_OPERATOR,
    /** A VLP controlling assets through SAPCs (BSC P375). */
    LOAD_CONTROLLER,
    /** Any other DCC User, e.g. a VLP reading profiles; the DCC sends its commands as the ACB. */
    OTHER_USER
}
