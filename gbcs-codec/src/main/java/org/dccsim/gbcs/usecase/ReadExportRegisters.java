package org.dccsim.gbcs.usecase;

import org.dccsim.gbcs.dlms.CosemAttribute;

/** ECS17a Read ESME Energy Registers (Export Energy) (SRV 4.2): the active export register's value and scaler-unit. */
public record ReadExportRegisters() implements UseCaseCommand {
    @Override
    public String useCaseId() {
        return "ECS17a";
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        return DlmsItems.builder()
                .get(new CosemAttribute(GbcsObjects.CLASS_REGISTER, GbcsObjects.ACTIVE_EXPORT_REGISTER, 2))
                .get(new CosemAttribute(GbcsObjects.CLASS_REGISTER, GbcsObjects.ACTIVE_EXPORT_REGISTER, 3))
                .build();
    }
}
