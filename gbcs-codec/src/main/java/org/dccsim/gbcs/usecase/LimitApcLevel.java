package org.dccsim.gbcs.usecase;

import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;

/**
 * ECS47e Limit APC [n] Level (SRV 7.16, critical, Load Controller only): for controller n, an optional limit
 * period (start and end date-times, end after start and at most 24 hours later, checked by the device) and the
 * limit level in percent, executed through the APC limit script table.
 */
public record LimitApcLevel(AuxiliaryController controller, int level, CosemDateTime start, CosemDateTime end)
        implements UseCaseCommand {

    public LimitApcLevel {
        if (level < 0 || level > 100) {
            throw new IllegalArgumentException("an APC level is a percentage, 0 to 100: " + level);
        }
        if ((start == null) != (end == null)) {
            throw new IllegalArgumentException("a limit period has a start and an end, or neither");
        }
    }

    @Override
    public String useCaseId() {
        return "ECS47e";
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        DlmsItems.Builder b = DlmsItems.builder();
        if (start != null) {
            b.set(GbcsObjects.auxControllerPeriod(controller.number(), 3), Data.octets(start.toBytes()));
            b.set(GbcsObjects.auxControllerPeriod(controller.number(), 4), Data.octets(end.toBytes()));
        }
        return b.action(new CosemAttribute(GbcsObjects.CLASS_SCRIPT_TABLE, GbcsObjects.APC_LIMIT_SCRIPTS, 1),
                new Data.LongUnsigned(controller.commandedState(level))).build();
    }
}
