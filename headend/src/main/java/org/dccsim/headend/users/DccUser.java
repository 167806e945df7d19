package org.dccsim.headend.users;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;

/**
 * A DCC User: its EUI-64, roles, the certificate it signs DUIS XML with, and where it receives asynchronous
 * responses and alerts (its Receive Response Service; null for users that long-poll instead).
 */
public record DccUser(Eui64 eui, Set<UserRole> roles, X509Certificate xmlSigningCertificate, URI receiveResponseUrl) {
    public DccUser {
        Objects.requireNonNull(eui);
        roles = Set.copyOf(roles);
        Objects.requireNonNull(xmlSigningCertificate);
    }

    public boolean has(UserRole r) {
        return roles.contains(r);
    }
}
