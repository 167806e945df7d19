package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.usecase.GbcsObjects;

/**
 * Clock (class 8, 0-0:1.0.0.255): time (2), status (4), clock base (9); methods adjust_to_preset_time (4) and
 * preset_adjusting_time (5), as ECS70 uses them. The simulated clock is authoritative, so adjusting it clears
 * any injected skew rather than moving simulated time.
 */
public final class ClockObject extends AttributeStore {

    public ClockObject() {
        super(GbcsObjects.CLASS_CLOCK, GbcsObjects.CLOCK);
        with(4, new Data.Unsigned8(0));
        with(9, new Data.Enumerated(5));
    }

    @Override
    protected AttributeStore newInstance() {
        return new ClockObject();
    }

    @Override
    public AccessResult get(int attribute, Invocation inv) {
        if (attribute == 2) {
            MeteringState d = inv.device();
            return AccessResult.ok(Data.octets(CosemDateTime.ofInstant(d.deviceTime()).toBytes()));
        }
        return super.get(attribute, inv);
    }

    @Override
    public AccessResult action(int method, Data parameter, Invocation inv) {
        if (method == 5) {
            return parameter instanceof Data.Structure s && s.size() == 3 ? AccessResult.OK
                    : AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        if (method == 4) {
            MeteringState d = inv.device();
            inv.onSuccess(d::clearClockSkew);
            return AccessResult.OK;
        }
        return super.action(method, parameter, inv);
    }
}
