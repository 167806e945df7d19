package org.dccsim.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.users.DeviceRecord;

/**
 * The head-end's inventory entries for a fleet: each site's boundary ESME and communications hub, and each SAPC with the Load Controller of
 * its asset (the asset's own, else the fleet's, else {@code defaultLoadController}), all with the fleet's supplier and
 * network operator. One place, so a lab, {@code serve --fleet} and the embedded DCC agree.
 */
public final class Inventory {
    private Inventory() {
    }

    public static List<DeviceRecord> of(FleetSpec spec, Eui64 defaultLoadController) throws FleetSpecException {
        FleetSpec.Trust t = spec.trust() == null ? Fleet.RTDS_TRUST : spec.trust();
        Eui64 supplier = t.supplier() == null ? null : parse(t.supplier(), "trust.supplier");
        Eui64 no = t.networkOperator() == null ? null : parse(t.networkOperator(), "trust.networkOperator");
        Eui64 fleetLc = t.loadController() == null ? defaultLoadController : parse(t.loadController(), "trust.loadController");
        List<DeviceRecord> out = new ArrayList<>();
        for (FleetSpec.SiteSpec s : Fleet.sites(spec)) {
            out.add(new DeviceRecord(parse(s.esme(), "site " + s.id() + " esme"), DeviceRecord.Type.ESME, supplier, no, Set.of()));
            if (s.commsHub() != null) {
                // The hub answers to the site's supplier and network operator, as its ESME does.
                out.add(new DeviceRecord(parse(s.commsHub().eui(), "site " + s.id() + " commsHub"), DeviceRecord.Type.CHF,
                        supplier, no, Set.of()));
            }
            for (FleetSpec.AssetSpec a : s.assets() == null ? List.<FleetSpec.AssetSpec>of() : s.assets()) {
                Eui64 lc = a.loadController() != null ? parse(a.loadController(), "asset " + a.sapc() + " loadController") : fleetLc;
                out.add(new DeviceRecord(parse(a.sapc(), "site " + s.id() + " sapc"), DeviceRecord.Type.SAPC, supplier, no,
                        lc == null ? Set.of() : Set.of(lc)));
            }
        }
        return out;
    }

    private static Eui64 parse(String text, String where) throws FleetSpecException {
        try {
            return Eui64.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FleetSpecException(where + ": " + e.getMessage());
        }
    }
}
