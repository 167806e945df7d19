package org.dccsim.gbcs.usecase;

/**
 * Remote party roles (GBCS section 17 access control; SMKI organisation certificate role codes, written in the
 * OU of RTDS certificates).
 */
public enum Role {
    RECOVERY(1), SUPPLIER(2), NETWORK_OPERATOR(3), ACB(4), TRANSITIONAL_COS(5), WAN_PROVIDER(6),
    /** Not in an SMKI certificate; a DUIS user role only. */
    OTHER_USER(-1),
    LOAD_CONTROLLER(8);

    private final int smkiCode;

    Role(int smkiCode) {
        this.smkiCode = smkiCode;
    }

    /** The role code in SMKI organisation certificates, or -1 where the role has none. */
    public int smkiCode() {
        return smkiCode;
    }
}
