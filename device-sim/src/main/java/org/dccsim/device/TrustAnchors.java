package org.dccsim.device;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.usecase.Role;

/**
 * The remote parties a device trusts and in which role (GBCS 4.x trust anchor cells): one party per role,
 * replaced by CS02b (supplier, network operator, ...) or CS02g (Load Controller).
 */
public final class TrustAnchors {
    private final Map<Role, Eui64> cells = new ConcurrentHashMap<>();

    public TrustAnchors set(Role role, Eui64 party) {
        cells.put(role, party);
        return this;
    }

    public Optional<Eui64> party(Role role) {
        return Optional.ofNullable(cells.get(role));
    }

    public Optional<Role> roleOf(Eui64 party) {
        for (Map.Entry<Role, Eui64> e : cells.entrySet()) {
            if (e.getValue().equals(party)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    public Map<Role, Eui64> cells() {
        return Map.copyOf(cells);
    }
}
