package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.S;

import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS section 8, a device's life, where it reaches the device: 8.1.1 Commission Device is GBCS ECS70, the clock set as
 * 6.11 sets it; the head-end marks the device Commissioned when it answers. The inventory's own services (8.2 to 8.4)
 * are the head-end's, on serviceD.
 */
public final class LifecycleSrvs {
    private LifecycleSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("8.1.1", "Commission Device").body("CommissionDeviceSynchroniseClock").useCases("ECS70").roles(S)
                .reader(ConfigurationSrvs::synchroniseClock));
    }
}
