package org.dccsim.headend.gateway;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.dccsim.headend.users.UserRole;

/**
 * Which user roles may send each supported SRV (DUIS-NOTES 1d, from the DUIS request matrix; 7.16 Limit APC
 * Level to the Load Controller, inferred from the templates as the notes say). Suppliers of any commodity
 * count as SUPPLIER, distributors and transporters as NETWORK_OPERATOR.
 */
public final class AccessRules {
    private static final Set<UserRole> S = EnumSet.of(UserRole.SUPPLIER);
    private static final Set<UserRole> SN = EnumSet.of(UserRole.SUPPLIER, UserRole.NETWORK_OPERATOR);
    private static final Set<UserRole> SNO = EnumSet.of(UserRole.SUPPLIER, UserRole.NETWORK_OPERATOR, UserRole.OTHER_USER);
    private static final Set<UserRole> N = EnumSet.of(UserRole.NETWORK_OPERATOR);
    private static final Set<UserRole> SO = EnumSet.of(UserRole.SUPPLIER, UserRole.OTHER_USER);

    static final Map<String, Set<UserRole>> ROLES = Map.ofEntries(
            Map.entry("4.1.1", SN), Map.entry("4.2", SN), Map.entry("4.8.1", SNO), Map.entry("4.8.2", SNO),
            Map.entry("4.8.3", SNO), Map.entry("4.17", SNO),
            Map.entry("6.2.1", SN), Map.entry("6.2.2", SN), Map.entry("6.2.3", SN), Map.entry("6.2.4", SN),
            Map.entry("6.2.5", SN), Map.entry("6.2.9", SN), Map.entry("6.11", S),
            Map.entry("7.1", S), Map.entry("7.2", S), Map.entry("7.3", S), Map.entry("7.4", SNO), Map.entry("7.12", S),
            Map.entry("7.13", S), Map.entry("7.14", SNO), Map.entry("7.15", SNO),
            Map.entry("7.16", EnumSet.of(UserRole.LOAD_CONTROLLER)), Map.entry("11.2", SNO),
            Map.entry("6.15.1", S),
            Map.entry("6.4.1", S), Map.entry("6.4.2", S), Map.entry("6.5", N), Map.entry("6.14.1", S),
            Map.entry("7.5", S), Map.entry("7.6", S), Map.entry("7.7", SNO), Map.entry("7.9", S), Map.entry("7.10", S),
            Map.entry("7.11", SO), Map.entry("4.14", SO), Map.entry("6.2.7", SN), Map.entry("6.2.10", SN),
            Map.entry("6.14.3", S), Map.entry("6.14.2", S), Map.entry("6.24.1", SN), Map.entry("6.12", S));

    /** The roles that may send an SRV; empty for an SRV dccsim does not support. */
    public static Set<UserRole> roles(String srv) {
        return ROLES.getOrDefault(srv, Set.of());
    }

    private AccessRules() {
    }
}
