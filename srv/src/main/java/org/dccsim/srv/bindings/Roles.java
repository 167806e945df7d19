package org.dccsim.srv.bindings;

import org.dccsim.duis.UserRole;

/** The role sets DUIS's request matrix gives SRVs (DUIS-NOTES 1d): suppliers of any commodity count as SUPPLIER. */
final class Roles {
    static final UserRole S = UserRole.SUPPLIER;
    static final UserRole N = UserRole.NETWORK_OPERATOR;
    static final UserRole O = UserRole.OTHER_USER;
    static final UserRole LC = UserRole.LOAD_CONTROLLER;

    private Roles() {
    }
}
