package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/** DUIS section 11, firmware: reading the version any party may. */
public final class FirmwareSrvs {
    private FirmwareSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("11.2", "Read Firmware Version").body("ReadFirmwareVersion").useCases("ECS52").roles(S, N, O)
                .futureDating(Srv.FutureDating.DCC).reader(r -> Dlms.of(new SimpleCommands.ReadFirmwareVersion())));
    }
}
