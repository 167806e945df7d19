package org.dccsim.gbcs.usecase;

import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;

/**
 * ECS47a Set Auxiliary Controller [n] State (SRV 7.13, critical, Supplier): an ALCS on/off (state 0 or 100) or
 * an APC proportional level, with an optional setting period.
 */
public record SetAuxiliaryControllerState(AuxiliaryController controller, int state, CosemDateTime start,
        CosemDateTime end) implements UseCaseCommand {

    public SetAuxiliaryControllerState {
        if (state < 0 || state > 100) {
            throw new IllegalArgumentException("a commanded state is 0 to 100: " + state);
        }
        if ((start == null) != (end == null)) {
            throw new IllegalArgumentException("a setting period has a start and an end, or neither");
        }
    }

    @Override
    public String useCaseId() {
        return "ECS47a";
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        DlmsItems.Builder b = DlmsItems.builder();
        if (start != null) {
            b.set(GbcsObjects.auxControllerPeriod(controller.number(), 1), Data.octets(start.toBytes()));
            b.set(GbcsObjects.auxControllerPeriod(controller.number(), 2), Data.octets(end.toBytes()));
        }
        return b.action(new CosemAttribute(GbcsObjects.CLASS_SCRIPT_TABLE, GbcsObjects.AUX_CONTROLLER_SCRIPTS, 1),
                new Data.LongUnsigned(controller.commandedState(state))).build();
    }
}
