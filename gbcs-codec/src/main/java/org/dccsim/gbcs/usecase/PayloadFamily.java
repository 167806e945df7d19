package org.dccsim.gbcs.usecase;

/** How a message's content is encoded; GBCS names no family in the frame, so it follows from the message code. */
public enum PayloadFamily {
    DLMS, GBZ, ASN1_DER,
    /** Not known from the message code; the first bytes decide. */
    UNKNOWN
}
