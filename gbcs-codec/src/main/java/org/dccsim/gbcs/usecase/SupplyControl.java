package org.dccsim.gbcs.usecase;

import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.Data;

/** ECS42/43/44 Remotely close / open / arm the load switch (SRV 7.1/7.2/7.3, critical, Supplier). */
public record SupplyControl(Action action) implements UseCaseCommand {

    public enum Action {
        ENABLE("ECS42", 0x0033), DISABLE("ECS43", 0x0034), ARM("ECS44", 0x0036);

        final String useCaseId;
        final int script;

        Action(String useCaseId, int script) {
            this.useCaseId = useCaseId;
            this.script = script;
        }

        public int script() {
            return script;
        }
    }

    @Override
    public String useCaseId() {
        return action.useCaseId;
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        return DlmsItems.builder().action(new CosemAttribute(GbcsObjects.CLASS_SCRIPT_TABLE, GbcsObjects.SUPPLY_SCRIPTS, 1),
                new Data.LongUnsigned(action.script)).build();
    }
}
