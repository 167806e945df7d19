package org.dccsim.gbcs.usecase;

/**
 * ECS17b Read ESME Energy Registers (Import Energy) (SRV 4.1.1): a protected read of the import register
 * collection (active and reactive import, with scalers and units).
 */
public record ReadImportRegisters() implements UseCaseCommand {
    @Override
    public String useCaseId() {
        return "ECS17b";
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        return DlmsItems.builder().action(ProtectedReads.method(GbcsObjects.PROTECTION_IMPORT_REGISTERS),
                ProtectedReads.parameter(GbcsObjects.CLASS_DATA, GbcsObjects.IMPORT_REGISTER_COLLECTION, 2, null, null, ctx))
                .build();
    }
}
