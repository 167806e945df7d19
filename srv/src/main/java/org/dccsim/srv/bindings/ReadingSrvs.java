package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import java.time.Instant;
import org.dccsim.gbcs.usecase.ReadDailyReadLog;
import org.dccsim.gbcs.usecase.ReadImportRegisters;
import org.dccsim.gbcs.usecase.ReadPrepaymentDailyReadLog;
import org.dccsim.gbcs.usecase.ReadProfile;
import org.dccsim.srv.Srv.FutureDating;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/** DUIS section 4, reading a meter: registers, profiles and logs. */
public final class ReadingSrvs {
    private ReadingSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("4.1.1", "Read Instantaneous Import Registers").body("ReadInstantaneousImportRegisters")
                .useCases("ECS17b").roles(S, N).futureDating(FutureDating.DCC)
                .reader(r -> Dlms.of(new ReadImportRegisters())));
        c.add(Srv.of("4.1.2", "Read Instantaneous Import TOU Matrices").body("ReadInstantaneousImportTOUMatrices")
                .useCases("ECS17d").roles(S, N).futureDating(FutureDating.DCC).reader(Dlms.protectedRead()));
        c.add(Srv.of("4.1.3", "Read Instantaneous Import TOU With Blocks Matrices")
                .body("ReadInstantaneousImportTOUWithBlocksMatrices").useCases("ECS17e").roles(S, N)
                .futureDating(FutureDating.DCC).reader(Dlms.protectedRead()));
        // GBCS's table lists the active and the reactive export register, values and scalers; so does DCC's command.
        c.add(Srv.of("4.2", "Read Instantaneous Export Registers").body("ReadInstantaneousExportRegisters")
                .useCases("ECS17a").roles(S, N).futureDating(FutureDating.DCC).reader(Dlms.reads()));
        c.add(Srv.of("4.3", "Read Instantaneous Prepay Values").body("ReadInstantaneousPrepayValues").useCases("ECS19")
                .roles(S).futureDating(FutureDating.DCC).reader(Dlms.tableRead(false)));
        c.add(Srv.of("4.4.2", "Retrieve Change Of Mode / Tariff Triggered Billing Data Log")
                .body("RetrieveCoMOrTariffTriggeredBillingDataLog").useCases("ECS20b").roles(S)
                .futureDating(FutureDating.DCC).urpCredentials().reader(Dlms.tableRead(true)));
        // ECS20c: the register and the prepayment billing data logs in one protected read (TableRead says why).
        c.add(Srv.of("4.4.3", "Retrieve Billing Calendar Triggered Billing Data Log")
                .body("RetrieveBillingCalendarTriggeredBillingDataLog").useCases("ECS20c").roles(S)
                .futureDating(FutureDating.DCC).urpCredentials().reader(Dlms.tableRead(true)));
        c.add(Srv.of("4.4.4", "Retrieve Billing Data Log (Payment Based Debt Payments)")
                .body("RetrieveBillingDataLogDebtPayments").useCases("ECS20a").roles(S).futureDating(FutureDating.DCC)
                .reader(Dlms.tableRead(true)));
        c.add(Srv.of("4.4.5", "Retrieve Billing Data Log (Prepayment Credits)")
                .body("RetrieveBillingDataLogPrepaymentCredits").useCases("ECS20d").roles(S).futureDating(FutureDating.DCC)
                .reader(Dlms.tableRead(true)));
        c.add(Srv.of("4.6.1", "Retrieve Import Daily Read Log").body("RetrieveImportDailyReadLog").useCases("ECS21a")
                .roles(S).futureDating(FutureDating.DCC).urpCredentials().reader(Dlms.tableRead(true)));
        // DCC's 4.6.2 (RTDS ECS21c) goes to the ESME from the ACB on the export supplier's behalf.
        c.add(Srv.of("4.6.2", "Retrieve Export Daily Read Log").body("RetrieveExportDailyReadLog").useCases("ECS21c")
                .roles(S).futureDating(FutureDating.DCC).sender(Srv.Sender.ACB_ON_BEHALF).reader(Dlms.tableRead(true)));
        c.add(Srv.of("4.8.1", "Read Active Import Profile Data").body("ReadActiveImportProfileData").useCases("ECS22b")
                .roles(S, N, O).futureDating(FutureDating.DCC).urpCredentials()
                .reader(r -> profile(ReadProfile.Kind.ACTIVE_IMPORT, Fields.readLogPeriod(r.body()))));
        c.add(Srv.of("4.8.2", "Read Reactive Import Profile Data").body("ReadReactiveImportProfileData").useCases("ECS22c")
                .roles(S, N, O).futureDating(FutureDating.DCC)
                .reader(r -> profile(ReadProfile.Kind.REACTIVE_IMPORT, Fields.readLogPeriod(r.body()))));
        c.add(Srv.of("4.8.3", "Read Export Profile Data").body("ReadExportProfileData").useCases("ECS22a")
                .roles(S, N, O).futureDating(FutureDating.DCC)
                .reader(r -> profile(ReadProfile.Kind.ACTIVE_EXPORT, Fields.readLogPeriod(r.body()))));
        // ECS23 is the single-phase read; ECS23b, a polyphase meter's, needs the meter's variant from the inventory,
        // which dccsim's devices (all single-phase) do not record: 4.10 goes out as ECS23.
        c.add(Srv.of("4.10", "Read Network Data").body("ReadNetworkData").useCases("ECS23").roles(S, N)
                .futureDating(FutureDating.DCC).urpCredentials().reader(Dlms.tableRead(true)));
        c.add(Srv.of("4.11.1", "Read Tariff (Primary Element)").body("ReadTariffPrimaryElement").useCases("ECS24")
                .roles(S, O).reader(Dlms.tableRead(false)));
        c.add(Srv.of("4.11.2", "Read Tariff (Secondary Element)").body("ReadTariffSecondaryElement").useCases("ECS24b")
                .roles(S, O).reader(Dlms.tableRead(false)));
        c.add(Srv.of("4.12.1", "Read Maximum Demand Import Registers").body("ReadMaximumDemandImportRegisters")
                .useCases("ECS18b").roles(S, N).futureDating(FutureDating.DCC).reader(Dlms.tableRead(false)));
        c.add(Srv.of("4.12.2", "Read Maximum Demand Export Registers").body("ReadMaximumDemandExportRegisters")
                .useCases("ECS18a").roles(S, N).futureDating(FutureDating.DCC).reader(Dlms.tableRead(false)));
        c.add(Srv.of("4.13", "Read Prepayment Configuration").body("ReadPrepaymentConfiguration").useCases("ECS26a")
                .roles(S).futureDating(FutureDating.DCC).reader(Dlms.reads()));
        c.add(Srv.of("4.14", "Read Prepayment Daily Read Log").body("ReadPrepaymentDailyReadLog").useCases("ECS21b")
                .roles(S, O).futureDating(FutureDating.DCC).urpCredentials().reader(r -> {
                    Instant[] p = Fields.readLogPeriod(r.body());
                    return Dlms.of(ReadPrepaymentDailyReadLog.between(p[0], p[1]));
                }));
        c.add(Srv.of("4.15", "Read Load Limit Data").body("ReadLoadLimitData").useCases("ECS27").roles(S, N)
                .futureDating(FutureDating.DCC).reader(Dlms.tableRead(false)));
        c.add(Srv.of("4.16", "Read Active Power Import").body("ReadActivePowerImport").useCases("ECS17c").roles(S, N)
                .reader(Dlms.reads()));
        c.add(Srv.of("4.17", "Retrieve Daily Consumption Log").body("RetrieveDailyConsumptionLog").useCases("ECS66")
                .roles(S, N, O).futureDating(FutureDating.DCC).urpCredentials().reader(r -> {
                    Instant[] p = Fields.readLogPeriod(r.body());
                    return Dlms.of(ReadDailyReadLog.between(p[0], p[1]));
                }));
        c.add(Srv.of("4.18", "Read Meter Balance").body("ReadMeterBalance").useCases("ECS82").roles(S)
                .futureDating(FutureDating.DCC).reader(Dlms.tableRead(false)));
    }

    private static Srv.Command profile(ReadProfile.Kind kind, Instant[] period) {
        return Dlms.of(new ReadProfile(kind, period[0], period[1]));
    }
}
