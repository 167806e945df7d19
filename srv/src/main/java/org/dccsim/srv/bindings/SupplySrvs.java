package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.S;

import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.gbcs.usecase.SupplyControl;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/** DUIS 7.1 to 7.4: the ESME's supply switch. */
public final class SupplySrvs {
    private SupplySrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("7.1", "Enable Supply").body("EnableSupply").useCases("ECS42").roles(S)
                .reader(r -> Dlms.of(new SupplyControl(SupplyControl.Action.ENABLE))));
        c.add(Srv.of("7.2", "Disable Supply").body("DisableSupply").useCases("ECS43").roles(S)
                .reader(r -> Dlms.of(new SupplyControl(SupplyControl.Action.DISABLE))));
        c.add(Srv.of("7.3", "Arm Supply").body("ArmSupply").useCases("ECS44").roles(S)
                .reader(r -> Dlms.of(new SupplyControl(SupplyControl.Action.ARM))));
        c.add(Srv.of("7.4", "Read Supply Status").body("ReadSupplyStatus").useCases("ECS45").roles(S, N)
                .reader(r -> Dlms.of(new SimpleCommands.ReadSupplyState())));
    }
}
