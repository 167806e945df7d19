package org.dccsim.device.cosem;

import java.time.Duration;
import java.util.function.Supplier;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.usecase.GbcsObjects;

/**
 * Clock (class 8, 0-0:1.0.0.255): time (2), status (4), clock base (9); methods adjust_to_preset_time (4) and
 * preset_adjusting_time (5), as ECS70 uses them. The simulated clock is authoritative, so adjusting it
 * records the request and clears any injected skew rather than moving simulated time.
 */
public final class ClockObject extends AttributeStore {
    private final Supplier<java.time.Instant> deviceTime;
    private volatile Duration skew = Duration.ZERO;

    public ClockObject(Supplier<java.time.Instant> simTime) {
        super(GbcsObjects.CLASS_CLOCK, GbcsObjects.CLOCK);
        this.deviceTime = simTime;
        with(4, new Data.Unsigned8(0));
        with(9, new Data.Enumerated(5));
    }

    public void skew(Duration d) {
        skew = d;
    }

    public java.time.Instant time() {
        return deviceTime.get().plus(skew);
    }

    @Override
    public AccessResult get(int attribute, Invocation inv) {
        if (attribute == 2) {
            return AccessResult.ok(Data.octets(CosemDateTime.ofInstant(time()).toBytes()));
        }
        return super.get(attribute, inv);
    }

    @Override
    public AccessResult action(int method, Data parameter, Invocation inv) {
        if (method == 5) {
            if (parameter instanceof Data.Structure s && s.size() == 3) {
                inv.stage(CosemObject.key(classId(), obis()), parameter);
                return AccessResult.OK;
            }
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        if (method == 4) {
            skew = Duration.ZERO;
            return AccessResult.OK;
        }
        return super.action(method, parameter, inv);
    }
}
