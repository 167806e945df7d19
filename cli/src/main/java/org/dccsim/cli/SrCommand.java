package org.dccsim.cli;

import picocli.CommandLine.Command;

/** {@code dccsim sr ...}: DUIS service requests. */
@Command(name = "sr", mixinStandardHelpOptions = true, description = "Work with DUIS service requests.",
        footer = ExitCodes.HELP,
        subcommands = {SrVerbs.ReadProfile.class, SrVerbs.ReadRegisters.class, SrVerbs.ReadFirmware.class,
            SrVerbs.ReadSupply.class, SrVerbs.Cin.class, SrVerbs.ReadAuxConfig.class, SrVerbs.ReadAuxState.class, SrVerbs.Supply.class, SrVerbs.LimitApc.class, SrVerbs.SetAuxState.class, SrVerbs.SetLoadLimit.class, SrVerbs.AuxLoad.class,
            SrVerbs.ReadAlcs.class, SrVerbs.ReadDailyLog.class, SrVerbs.ReadCredentials.class, SrVerbs.InstallLcCredentials.class,
            SrCredentialVerbs.Issue.class, SrCredentialVerbs.Place.class, SrCredentialVerbs.Read.class, SrCredentialVerbs.OptOut.class, SrCredentialVerbs.Handover.class,
            SrVerbs.Send.class, SrVerbs.Commission.class, SrVerbs.ActivateFirmware.class, SrPrepayVerbs.ReadPrepay.class, SrPrepayVerbs.Balance.class, SrPrepayVerbs.EmergencyCredit.class, SrPrepayVerbs.Debt.class, SrPrepayVerbs.Prices.class, SrHanVerbs.Add.class, SrHanVerbs.Remove.class, SrHanVerbs.Read.class, SrHanVerbs.Restore.class, SrHanVerbs.Channel.class, SrHanVerbs.Join.class, SrHanVerbs.Unjoin.class, SrHanVerbs.DeviceLog.class, SrDccServices.Inventory.class, SrDccServices.WanMatrix.class, SrDccServices.Prenotify.class, SrDccServices.SetStatus.class, SrDccServices.Decommission.class, SrDccServices.OptIn.class, SrDccServices.Schedule.class, SrTransformCommand.class, SrSettle.class, SrWatch.class, SrList.class})
final class SrCommand {
    /** Options given before the verb; each verb's own (after it) win. */
    @picocli.CommandLine.Mixin
    SrSession.Options options;
}
