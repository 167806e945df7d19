package org.dccsim.device;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.usecase.Role;

/**
 * The remote parties a device trusts and in which role (GBCS trust anchor cells): one party per role, with the
 * signing and key-agreement keys its certificates carried when they were installed by CS02b/CS02g (null when
 * the cell was provisioned from the fleet's key store). Immutable: devices of a fleet share one set until an
 * update gives a device its own.
 */
public final class TrustAnchors {
    /** One cell: the party, and the keys installed with it (null: use the key store's). */
    public record Cell(Eui64 party, EcKeys.PublicKey signingKey, EcKeys.PublicKey keyAgreementKey, byte[] signingKeyId) {
        public Cell {
            signingKeyId = signingKeyId == null ? null : signingKeyId.clone();
        }

        @Override
        public byte[] signingKeyId() {
            return signingKeyId == null ? null : signingKeyId.clone();
        }
    }

    private final Map<Role, Cell> cells;

    public TrustAnchors() {
        this(new EnumMap<>(Role.class));
    }

    private TrustAnchors(Map<Role, Cell> cells) {
        this.cells = cells;
    }

    /** A copy with the role's cell holding {@code party} (keys from the key store). */
    public TrustAnchors set(Role role, Eui64 party) {
        return with(role, new Cell(party, null, null, null));
    }

    public TrustAnchors with(Role role, Cell cell) {
        Map<Role, Cell> m = new EnumMap<>(Role.class);
        m.putAll(cells);
        m.put(role, cell);
        return new TrustAnchors(m);
    }

    public Optional<Eui64> party(Role role) {
        return cell(role).map(Cell::party);
    }

    public Optional<Cell> cell(Role role) {
        return Optional.ofNullable(cells.get(role));
    }

    public Optional<Role> roleOf(Eui64 party) {
        for (Map.Entry<Role, Cell> e : cells.entrySet()) {
            if (e.getValue().party().equals(party)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * Every role whose cell holds {@code party}, in role order: more than one where a DCC-controlled device's supplier
     * or network operator cell holds the DCC's ACB (DUIS 6.21).
     */
    public List<Role> rolesOf(Eui64 party) {
        List<Role> roles = new ArrayList<>(2);
        cells.forEach((role, cell) -> {
            if (cell.party().equals(party)) {
                roles.add(role);
            }
        });
        return roles;
    }

    public Map<Role, Eui64> cells() {
        Map<Role, Eui64> m = new EnumMap<>(Role.class);
        cells.forEach((k, v) -> m.put(k, v.party()));
        return m;
    }
}
