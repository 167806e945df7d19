package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.S;

import java.util.Optional;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS section 1, tariffs. The tariff and price updates (1.1, 1.2) are not here yet: docs/headend.md says why; the
 * meter balance (1.5) lives with the prepayment account in {@link PrepaymentSrvs}.
 */
public final class TariffSrvs {
    private TariffSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        // GBCS ECS05: the tariff block counter matrix is reset by running script 99 of the tariff script table
        // (0-0:10.0.100.255, class 9 method 1), a constant of GBCS's table.
        c.add(Srv.of("1.7", "Reset Tariff Block Counter Matrix").body("ResetTariffBlockCounterMatrix").useCases("ECS05")
                .roles(S).reader(r -> Dlms.of(Dlms.items("ECS05", i -> Optional.of(new Data.LongUnsigned(99))))));
    }
}
