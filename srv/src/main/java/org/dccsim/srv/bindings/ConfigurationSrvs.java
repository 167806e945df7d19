package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.LogRead;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.srv.Srv.FutureDating;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/** DUIS section 6, a device's configuration: reading it (6.2), setting it (6.4 to 6.27), the clock, the logs. */
public final class ConfigurationSrvs {
    private ConfigurationSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("6.2.1", "Read Device Configuration (Voltage)").body("ReadDeviceConfigurationVoltage")
                .useCases("ECS26b", "ECS26k").roles(S, N).reader(Dlms.reads()));
        c.add(Srv.of("6.2.2", "Read Device Configuration (Randomisation)").body("ReadDeviceConfigurationRandomisation")
                .useCases("ECS26c").roles(S, N).reader(Dlms.reads()));
        c.add(Srv.of("6.2.3", "Read Device Configuration (Billing Calendar)").body("ReadDeviceConfigurationBillingCalendar")
                .useCases("ECS26l").roles(S).reader(Dlms.reads()));
        // To a communications hub, ECS26n (its model and firmware identity, the ACB sending it), the current form of
        // GBCS's ECS26i: DCC's templates for the two are the same request.
        c.add(Srv.of("6.2.4", "Read Device Configuration (Identity Exc MPxN)").body("ReadDeviceConfigurationIdentityExcMPxN")
                .useCases("ECS26m", "ECS26n").roles(S, N, O)
                .choice((srv, sr, role, directory) -> isHub(sr, directory) ? "ECS26n" : "ECS26m").reader(Dlms.reads()));
        c.add(Srv.of("6.2.5", "Read Device Configuration (Instantaneous Power Thresholds)")
                .body("ReadDeviceConfigurationInstantaneousPowerThresholds").useCases("ECS26f").roles(S)
                .reader(Dlms.reads()));
        c.add(Srv.of("6.2.7", "Read Device Configuration (MPxN)").body("ReadDeviceConfigurationMPxN").useCases("ECS40")
                .roles(S, N, O).reader(Dlms.reads()));
        c.add(Srv.of("6.2.9", "Read Device Configuration (Payment Mode)").body("ReadDeviceConfigurationPaymentMode")
                .useCases("ECS26j").roles(S).reader(Dlms.reads()));
        // GBCS has one event and alert configuration read per remote party: ECS25r1 for the supplier's, ECS25r2 for the
        // network operator's (DCC's 6.2.10 from a network operator is ECS25r2).
        c.add(Srv.of("6.2.10", "Read Device Configuration (Event And Alert Behaviours)")
                .body("ReadDeviceConfigurationEventAndAlertBehaviours").useCases("ECS25r1", "ECS25r2").roles(S, N)
                .choice((srv, sr, role, directory) -> role == UserRole.NETWORK_OPERATOR ? "ECS25r2" : "ECS25r1").reader(Dlms.reads()));
        c.add(Srv.of("6.4.1", "Update Device Configuration (Load Limiting General Settings)")
                .body("UpdateDeviceConfigurationLoadLimitingGeneralSettings").useCases("ECS28a").roles(S)
                .futureDating(FutureDating.DEVICE).reader(r -> Dlms.of(loadLimitSettings(r.body()))));
        // GBCS ECS28b: reset the load limit counter (register 0-0:94.44.42.255) to zero.
        c.add(Srv.of("6.4.2", "Update Device Configuration (Load Limiting Counter Reset)")
                .body("UpdateDeviceConfigurationLoadLimitingCounterReset").useCases("ECS28b").roles(S)
                .futureDating(FutureDating.DCC).reader(r -> Dlms.of(Dlms.items("ECS28b", i -> Optional.of(new Data.Integer8(0))))));
        // DUIS 6.5: single-phase settings are ECS29a, polyphase ECS29b; with RMSVoltageCountersNotReset, ECS29c and
        // ECS29d, which leave the over and under voltage counters as they are.
        c.add(Srv.of("6.5", "Update Device Configuration (Voltage)").body("UpdateDeviceConfigurationVoltage")
                .useCases("ECS29a", "ECS29b", "ECS29c", "ECS29d").roles(N).futureDating(FutureDating.DCC)
                .choice((srv, sr, role, directory) -> {
                    boolean poly = sr.body().child("PolyPhaseVoltageSettings").isPresent();
                    boolean keep = sr.body().child("RMSVoltageCountersNotReset").isPresent();
                    return poly ? (keep ? "ECS29d" : "ECS29b") : (keep ? "ECS29c" : "ECS29a");
                }).reader(r -> Dlms.of(voltage(r.useCase(), r.body()))));
        // GBCS ECS30 and ECS30a: the billing calendar is the single action schedule 0-0:15.0.0.255's execution times,
        // each a time and a date whose unspecified fields (FF) repeat it. Daily, Weekly (day of week) and Monthly
        // (day of month) are one entry, ECS30; Quarterly, SixMonthly and Yearly are one entry per billing month from
        // the start month, ECS30a (both RTDS-verified: Monthly 1 at 12:00, Quarterly from January).
        c.add(Srv.of("6.8", "Update Device Configuration (Billing Calendar)").body("UpdateDeviceConfigurationBillingCalendar")
                .useCases("ECS30", "ECS30a").roles(S)
                .choice((srv, sr, role, directory) -> Fields.required(sr.body(), "ElectricityBillingCalendar").child("Quarterly")
                        .or(() -> sr.body().child("ElectricityBillingCalendar").flatMap(x -> x.child("SixMonthly")))
                        .or(() -> sr.body().child("ElectricityBillingCalendar").flatMap(x -> x.child("Yearly")))
                        .isPresent() ? "ECS30a" : "ECS30")
                .reader(r -> Dlms.of(new SimpleCommands.AttributeAccess(r.useCase(), DlmsItems.builder()
                        .set(CosemAttribute.of(22, "0-0:15.0.0.255", 4), billingCalendar(r.body())).build()))));
        c.add(Srv.of("6.11", "Synchronise Clock").body("SynchroniseClock").useCases("ECS70").roles(S)
                .reader(ConfigurationSrvs::synchroniseClock));
        // GBCS ECS34: the register monitor's thresholds (0-0:16.0.0.255 attribute 2), low-medium then medium-high, in
        // watts. No RTDS message or DUIS template to check the encoding against.
        c.add(Srv.of("6.12", "Update Device Configuration (Instantaneous Power Threshold)")
                .body("UpdateDeviceConfigurationInstantaneousPowerThreshold").useCases("ECS34").roles(S)
                .futureDating(FutureDating.DCC).reader(r -> {
                    long low = Fields.number(r.body(), "LowMediumPowerThreshold", 0, 0xFFFFFFFFL);
                    long high = Fields.number(r.body(), "MediumHighPowerThreshold", 0, 0xFFFFFFFFL);
                    if (high < low) {
                        throw new DuisException(DuisCodes.E12, "MediumHighPowerThreshold is below LowMediumPowerThreshold");
                    }
                    return Dlms.of(Dlms.items("ECS34", i -> Optional.of(Data.array(new Data.DoubleLongUnsigned(low),
                            new Data.DoubleLongUnsigned(high)))));
                }));
        c.add(Srv.of("6.13", "Read Event Or Security Log").body("ReadEventOrSecurityLog")
                .useCases("ECS35a", "ECS35b", "ECS35f", "ECS35g", "ECS35c", "ECS35d").roles(S, N)
                .choice((srv, sr, role, directory) -> logUseCase(sr.body().text("LogToRead"), role, isHub(sr, directory)))
                .reader(r -> {
                    Instant[] p = Fields.readLogPeriod(r.body());
                    return Dlms.of(new LogRead(r.useCase(), LOGS.get(r.useCase()), p[0], p[1]));
                }));
        c.add(Srv.of("6.14.1", "Update Device Configuration (ALC Descriptions)").body("UpdateDeviceConfigurationALCDescriptions")
                .useCases("ECS46a").roles(S).reader(r -> Dlms.of(descriptions(r.body()))));
        c.add(Srv.of("6.14.2", "Update Device Configuration (ALC Scheduler)").body("UpdateDeviceConfigurationALCScheduler")
                .useCases("ECS46c").roles(S).futureDating(FutureDating.DEVICE).reader(r -> Dlms.of(switchCalendar(r.body()))));
        c.add(Srv.of("6.14.3", "Update Device Configuration (Auxiliary Controller Scheduler)")
                .body("UpdateDeviceConfigurationAuxiliaryControllerScheduler").useCases("ECS46d").roles(S)
                .futureDating(FutureDating.DEVICE).reader(r -> Dlms.of(auxiliaryCalendar(r.body()))));
        // GBCS ECS81: the supply tamper state (0-0:94.44.0.4), true for Locked (RTDS-verified).
        // GBCS ECS37: the configurable maximum demand period is two entries of the schedule 0-0:12.0.0.255, running
        // the maximum demand script table (0-0:10.128.100.255) at StartTime (selector 1) and EndTime (selector 2)
        // every day; GBCS's table gives every other field as a constant (RTDS-verified).
        c.add(Srv.of("6.18.1", "Set Maximum Demand Configurable Time Period").body("SetMaximumDemandConfigurableTimePeriod")
                .useCases("ECS37").roles(N).futureDating(FutureDating.DCC).reader(r -> {
                    XmlNode schedule = Fields.required(r.body(), "MaximumDemandTimePeriodSchedule");
                    byte[] start = Calendars.time(schedule.text("StartTime"), "StartTime");
                    byte[] end = Calendars.time(schedule.text("EndTime"), "EndTime");
                    Data entries = Data.array(maximumDemandEntry(0, 1, start), maximumDemandEntry(1, 2, end));
                    return Dlms.of(Dlms.items("ECS37", i -> Optional.of(entries)));
                }));
        // GBCS ECS57: each maximum demand register named in the body is reset (class 4 method 1 with 0), in the
        // table's order: import, import in the configurable period, export.
        c.add(Srv.of("6.18.2", "Reset Maximum Demand Registers").body("ResetMaximumDemandRegisters").useCases("ECS57")
                .roles(N).futureDating(FutureDating.DCC).reader(r -> {
                    Map<String, String> byObis = Map.of("1-0:1.6.0.255", "MaxDemandActivePowerImportValue",
                            "1-0:1.6.1.255", "MaxDemandConfigTimeActivePowerImportValue",
                            "1-0:2.6.0.255", "MaxDemandActivePowerExportValue");
                    SimpleCommands.AttributeAccess a = Dlms.items("ECS57", i -> r.body().child(
                            byObis.get(i.target().obis().toString())).map(x -> (Data) new Data.Integer8(0)));
                    if (a.fixedItems().size() == 0) {
                        throw new DuisException(DuisCodes.E12, "ResetMaximumDemandRegisters names no register");
                    }
                    return Dlms.of(a);
                }));
        // GBCS ECS39a: the combined MPANs (0-0:94.44.34.11): the import MPAN, then a twin-element ESME's secondary
        // import MPAN, 13 digits each, in one octet-string (RTDS-verified for both).
        c.add(Srv.of("6.20.1", "Set Device Configuration (Import MPxN)").body("SetDeviceConfigurationImportMPxN")
                .useCases("ECS39a").roles(S).futureDating(FutureDating.DCC).reader(r -> {
                    XmlNode mpans = Fields.required(r.body(), "ImportMPANs");
                    byte[] primary = Fields.mpan(mpans, "ImportMPAN");
                    byte[] mpan = mpans.child("SecondaryImportMPAN").isEmpty() ? primary
                            : concat(primary, Fields.mpan(mpans, "SecondaryImportMPAN"));
                    return Dlms.of(Dlms.items("ECS39a", i -> Optional.of(Data.octets(mpan))));
                }));
        // GBCS ECS39b: the export MPAN (1-0:0.0.2.255). DUIS spells the body type SetDeviceConfiguratinExportMPAN.
        // DCC's message (RTDS) goes from the ACB on the export supplier's behalf, as 4.6.2's does.
        c.add(Srv.of("6.20.2", "Set Device Configuration (Export MPAN)").body("SetDeviceConfigurationExportMPAN")
                .useCases("ECS39b").roles(S).futureDating(FutureDating.DCC).sender(Srv.Sender.ACB_ON_BEHALF).reader(r -> {
                    byte[] mpan = Fields.mpan(r.body(), "ExportMPAN");
                    return Dlms.of(Dlms.items("ECS39b", i -> Optional.of(Data.octets(mpan))));
                }));
        c.add(Srv.of("6.25", "Set Electricity Supply Tamper State").body("SetElectricitySupplyTamperState")
                .useCases("ECS81").roles(S).reader(r -> {
                    String state = r.body().text("SupplyTamperState");
                    if (!"Locked".equals(state) && !"Unlocked".equals(state)) {
                        throw new DuisException(DuisCodes.E12, "SupplyTamperState must be Locked or Unlocked");
                    }
                    return Dlms.of(Dlms.items("ECS81", i -> Optional.of(new Data.Bool("Locked".equals(state)))));
                }));
        // GBCS ECS48: the tariff block counter matrix's daily reset is the single action schedule 0-0:15.1.0.255's
        // execution time, 00:00:00 on every day (RTDS-verified). Turning it off is a decision GBCS leaves to section
        // 18.2.1: an empty execution time list, so the schedule never runs.
        c.add(Srv.of("6.26", "Update Device Configuration (daily resetting of Tariff Block Counter Matrix)")
                .body("UpdateDeviceConfigurationDailyResettingOfTariffBlockCounterMatrix").useCases("ECS48").roles(S)
                .reader(r -> {
                    String daily = r.body().text("DailyTariffBlockCounterMatrixReset").trim();
                    if (!daily.equals("true") && !daily.equals("false")) {
                        throw new DuisException(DuisCodes.E12, "DailyTariffBlockCounterMatrixReset must be true or false");
                    }
                    Data times = daily.equals("true") ? Data.array(Data.structure(Data.octets(new byte[4]),
                            Data.octets(new byte[] {-1, -1, -1, -1, -1}))) : Data.array();
                    return Dlms.of(Dlms.items("ECS48", i -> Optional.of(times)));
                }));
        // ECS29e resets phase 1's RMS over and under voltage counters, ECS29f those of all three phases (RTDS-verified).
        c.add(Srv.of("6.27", "Update Device Configuration (RMS Voltage Counter Reset)")
                .body("UpdateDeviceConfigurationRMSVoltageCounterReset").useCases("ECS29e", "ECS29f").roles(N)
                .futureDating(FutureDating.DCC).reader(r -> Dlms.of(Dlms.items(r.useCase(), i -> Optional.of(new Data.Integer8(0))))));
    }

    /** The logs 6.13 reads, by use case (GBCS ECS35a/b/f/g; the ALCS event log is the same object for either reader). */
    /** The logs 6.13 reads; a hub's event and security logs (ECS35c, ECS35d) have the ESME's logical names. */
    static final Map<String, ObisCode> LOGS = Map.of("ECS35a", ObisCode.parse("0-0:99.98.0.255"),
            "ECS35b", ObisCode.parse("0-0:99.98.1.255"), "ECS35f", ObisCode.parse("0-17:99.98.2.255"),
            "ECS35g", ObisCode.parse("0-17:99.98.2.255"), "ECS35c", ObisCode.parse("0-0:99.98.0.255"),
            "ECS35d", ObisCode.parse("0-0:99.98.1.255"));

    /** Whether the request is for a communications hub, as the DCC's inventory types its target. */
    private static boolean isHub(org.dccsim.duis.ServiceRequest sr, org.dccsim.srv.DeviceDirectory directory) {
        return directory != null && directory.deviceType(sr.requestId().target()).map("CHF"::equals).orElse(false);
    }

    /**
     * DUIS LogToRead: Event, Security, or ALCSEvent (ECS35f for a supplier, ECS35g for a network operator); a hub's
     * event and security logs are ECS35c and ECS35d (the ACB sending them), and it has no ALCS log.
     */
    private static String logUseCase(String log, UserRole role, boolean hub) throws DuisException {
        if ("Event".equals(log)) {
            return hub ? "ECS35c" : "ECS35a";
        }
        if ("Security".equals(log)) {
            return hub ? "ECS35d" : "ECS35b";
        }
        if (hub && "ALCSEvent".equals(log)) {
            throw new DuisException(DuisCodes.E12, "a communications hub has no ALCS event log");
        }
        if ("ALCSEvent".equals(log)) {
            return role == UserRole.NETWORK_OPERATOR ? "ECS35g" : "ECS35f";
        }
        throw new DuisException(DuisCodes.E12, "LogToRead must be Event, Security or ALCSEvent, not " + log);
    }

    /**
     * ECS28a (6.4.1): the supply state on reaching the limit (true: disable supply), power threshold, period and
     * restoration period (attribute 4 of 0-0:94.44.0.3 and 0-0:94.44.128.7/6/8), each with its activation time
     * (attribute 6): NOW, the ExecutionDateTime, or NEVER to cancel a pending change.
     */
    private static UseCaseCommand loadLimitSettings(XmlNode body) throws DuisException {
        String state = body.text("LoadLimitSupplyState");
        if (!"Disable".equals(state) && !"Unchanged".equals(state)) {
            throw new DuisException(DuisCodes.E12, "LoadLimitSupplyState must be Disable or Unchanged");
        }
        long threshold = Fields.number(body, "LoadLimitPowerThreshold", 0, 0xFFFFFFFFL);
        long period = Fields.number(body, "LoadLimitPeriod", 0, 0xFFFFFFFFL);
        long restoration = Fields.number(body, "LoadLimitRestorationPeriod", 0, 0xFFFFFFFFL);
        Data activation = Data.octets(Fields.activation(body).toBytes());
        return Dlms.items("ECS28a", item -> {
            if (item.target().id() == 6) {
                return Optional.of(activation);
            }
            // 0-0:94.44.0.3 supply state, 0-0:94.44.128.7 threshold, .128.6 period, .128.8 restoration.
            var o = item.target().obis();
            if (o.e() == 0) {
                return Optional.of(new Data.Bool("Disable".equals(state)));
            }
            return Optional.of(new Data.DoubleLongUnsigned(o.f() == 7 ? threshold : o.f() == 6 ? period : restoration));
        });
    }

    /**
     * ECS29a-d (6.5): the extreme over/under, sag and swell thresholds and periods (0-0:17.0.1-4, attributes 4 and 6),
     * each phase's average RMS measurement period (1-0:x.24.0.255 attribute 4) and over and under thresholds
     * (1-0:x.35.0.4, 1-0:x.31.0.4), and for ECS29a/b resets of the phase's over and under counters (1-0:x.36.0.4,
     * 1-0:x.32.0.4). Phase 1 is OBIS group C 32, 2 is 52, 3 is 72.
     */
    private static UseCaseCommand voltage(String uc, XmlNode body) throws DuisException {
        XmlNode rms = Fields.required(body, "RMSVoltageSettings");
        Map<String, Long> v = new HashMap<>();
        String[][] monitors = {{"1", "RMSExtremeOverVoltage"}, {"2", "RMSExtremeUnderVoltage"}, {"3", "RMSVoltageSag"},
            {"4", "RMSVoltageSwell"}};
        for (String[] m : monitors) {
            v.put("17.0." + m[0] + "/4", Fields.number(rms, m[1] + "Threshold", 0, 0xFFFFFFFFL));
            v.put("17.0." + m[0] + "/6", Fields.number(rms, m[1] + "MeasurementPeriod", 0, 0xFFFFFFFFL));
        }
        List<XmlNode> phases = new ArrayList<>();
        if (uc.equals("ECS29a") || uc.equals("ECS29c")) {
            phases.add(Fields.required(body, "SinglePhaseVoltageSettings"));
        } else {
            Map<Integer, XmlNode> byPhase = new TreeMap<>();
            for (XmlNode p : body.all("PolyPhaseVoltageSettings")) {
                byPhase.put((int) Fields.number(p, "Phase", 1, 3), Fields.required(p, "PhaseVoltageSettings"));
            }
            if (byPhase.size() != 3) {
                throw new DuisException(DuisCodes.E12, "polyphase voltage settings need phases 1, 2 and 3");
            }
            phases.addAll(byPhase.values());
        }
        for (int i = 0; i < phases.size(); i++) {
            XmlNode p = phases.get(i);
            int c = 32 + 20 * i;
            v.put(c + ".24/4", Fields.number(p, "AverageRMSVoltageMeasurementPeriod", 0, 0xFFFFFFFFL));
            v.put(c + ".35/2", Fields.number(p, "AverageRMSOverVoltageThreshold", 0, 0xFFFFFFFFL));
            v.put(c + ".31/2", Fields.number(p, "AverageRMSUnderVoltageThreshold", 0, 0xFFFFFFFFL));
        }
        return Dlms.items(uc, item -> {
            var o = item.target().obis();
            if (item.method()) {
                return Optional.of(new Data.Integer8(0)); // a counter reset: GBCS resets to zero
            }
            String key = (o.a() == 0 ? "17.0." + o.e() : o.c() + "." + o.d()) + "/" + item.target().id();
            return Optional.ofNullable(v.get(key)).map(Data.DoubleLongUnsigned::new);
        });
    }

    /** ECS46a (6.14.1): descriptions 1-5 live in 0-0:94.44.0.11 to .15; only those given are set. */
    private static UseCaseCommand descriptions(XmlNode body) throws DuisException {
        Map<Integer, String> labels = new HashMap<>();
        for (XmlNode d : body.all("ALCSHCALCSDescription")) {
            int i = Fields.attribute(d, "index", 1, 5);
            String text = d.text("SwitchDescription");
            if (text == null || text.length() > 22 || !text.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F)) {
                throw new DuisException(DuisCodes.E12, "SwitchDescription must be up to 22 printable characters");
            }
            labels.put(i, text);
        }
        if (labels.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "UpdateDeviceConfigurationALCDescriptions names no switch");
        }
        return Dlms.items("ECS46a", item -> Optional.ofNullable(labels.get(item.target().obis().f() - 10))
                .map(t -> new Data.VisibleString(t.getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * ECS46d (6.14.3): the auxiliary controllers' calendar. The special days go to the special days table
     * (0-1:11.0.3.255, {index, date, day id}), the schedules to the schedule object (0-1:12.0.2.255), and both get one
     * activation time (attribute 6 of 0-0:94.44.128.26 and .35). The script selector is the 7.13 one with 0x80 added
     * to the level, as all five RTDS ECS46d commands show.
     */
    private static UseCaseCommand auxiliaryCalendar(XmlNode body) throws DuisException {
        List<XmlNode> definitions = Fields.required(body, "AuxiliaryControllerSpecialDayDefinitions")
                .all("AuxiliaryControllerSpecialDayDefinition");
        List<Data> specialDays = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (XmlNode d : definitions) {
            int id = Fields.attribute(d, "identifier", 1, 255);
            ids.add(id);
            specialDays.add(Data.structure(new Data.LongUnsigned(id), Data.octets(Calendars.date(d)), new Data.Unsigned8(id)));
        }
        List<XmlNode> schedules = body.all("AuxiliaryControllerSchedule");
        if (schedules.isEmpty() || schedules.size() > 100) {
            throw new DuisException(DuisCodes.E12, "6.14.3 carries 1 to 100 AuxiliaryControllerSchedule");
        }
        List<Data> entries = new ArrayList<>();
        for (int k = 0; k < schedules.size(); k++) {
            XmlNode sch = schedules.get(k);
            XmlNode action = Fields.required(sch, "AuxiliaryControllerAction");
            int n = Fields.attribute(action, "auxiliaryControllerN", 1, 5);
            int level = (int) Fields.number(action, "CommandedStateLevel", 0, 100);
            AuxiliaryController ac = action.child("InputFromControlledLoad").isPresent() ? AuxiliaryController.input(n)
                    : AuxiliaryController.output(n);
            XmlNode when = Fields.required(sch, "AuxiliaryControllerSchedulePeriodAndTime");
            entries.add(scheduleEntry(k + 1, ac.commandedState(0x80 + level), sch, "identifier", ids, when));
        }
        Data activation = Data.octets(Fields.activation(body).toBytes());
        DlmsItems items = DlmsItems.builder()
                .set(CosemAttribute.of(11, "0-1:11.0.3.255", 2), Data.array(specialDays.toArray(new Data[0])))
                .set(CosemAttribute.of(10, "0-1:12.0.2.255", 2), Data.array(entries.toArray(new Data[0])))
                .set(CosemAttribute.of(9000, "0-0:94.44.128.26", 6), activation)
                .set(CosemAttribute.of(9000, "0-0:94.44.128.35", 6), activation)
                .build();
        return new SimpleCommands.AttributeAccess("ECS46d", items);
    }

    /**
     * ECS46c (6.14.2): the auxiliary load switches' calendar in its older form. Each SwitchTypeAndId n goes to
     * 0-0:94.44.0.(20+n) (eight zero bytes for an ALCS, the HCALCS's EUI-64 for a hot-water controller); the special
     * days and schedules go to the same tables as ECS46d's, a schedule's script selector being the switch number times
     * 256 plus 1 (on) or 2 (off); one activation time for both. Read off the three RTDS ECS46c commands, which this
     * reproduces byte for byte.
     */
    private static UseCaseCommand switchCalendar(XmlNode body) throws DuisException {
        DlmsItems.Builder b = DlmsItems.builder();
        for (XmlNode sw : body.all("SwitchTypeAndId")) {
            int n = Fields.attribute(sw, "index", 1, 5);
            byte[] id = new byte[8];
            Optional<XmlNode> hc = sw.child("HCALCS");
            if (hc.isPresent()) {
                try {
                    id = Eui64.parse(hc.get().text()).toBytes();
                } catch (IllegalArgumentException e) {
                    throw new DuisException(DuisCodes.E12, "HCALCS '" + hc.get().text() + "' is not an EUI-64");
                }
            } else if (sw.child("ALCS").isEmpty()) {
                throw new DuisException(DuisCodes.E12, "SwitchTypeAndId names an ALCS or an HCALCS");
            }
            b.set(CosemAttribute.of(1, "0-0:94.44.0." + (20 + n), 2), Data.octets(id));
        }
        List<Data> specialDays = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (XmlNode d : body.child("ALCSHCALCSSpecialDays").map(x -> x.all("ALCSHCALCSSpecialDay")).orElse(List.of())) {
            int id = Fields.attribute(d, "index", 1, 255);
            ids.add(id);
            specialDays.add(Data.structure(new Data.LongUnsigned(id), Data.octets(Calendars.date(d)), new Data.Unsigned8(id)));
        }
        List<XmlNode> schedules = body.all("ALCSHCALCSConnectionSchedule");
        if (schedules.isEmpty() || schedules.size() > 100) {
            throw new DuisException(DuisCodes.E12, "6.14.2 carries 1 to 100 ALCSHCALCSConnectionSchedule");
        }
        List<Data> entries = new ArrayList<>();
        for (int k = 0; k < schedules.size(); k++) {
            XmlNode sch = schedules.get(k);
            XmlNode action = Fields.required(sch, "ActivateDeactivateSwitch");
            int n = Fields.attribute(action, "index", 1, 5);
            boolean on = action.child("ActivateSwitch").isPresent();
            if (!on && action.child("DeactivateSwitch").isEmpty()) {
                throw new DuisException(DuisCodes.E12, "ActivateDeactivateSwitch holds ActivateSwitch or DeactivateSwitch");
            }
            XmlNode when = Fields.required(sch, "ALCSScheduleDatesAndTime");
            entries.add(scheduleEntry(k + 1, n * 256 + (on ? 1 : 2), sch, "index", ids, when));
        }
        Data activation = Data.octets(Fields.activation(body).toBytes());
        return new SimpleCommands.AttributeAccess("ECS46c", b
                .set(CosemAttribute.of(11, "0-1:11.0.3.255", 2), Data.array(specialDays.toArray(new Data[0])))
                .set(CosemAttribute.of(10, "0-1:12.0.2.255", 2), Data.array(entries.toArray(new Data[0])))
                .set(CosemAttribute.of(9000, "0-0:94.44.128.26", 6), activation)
                .set(CosemAttribute.of(9000, "0-0:94.44.128.35", 6), activation)
                .build());
    }

    /**
     * One entry of the calendar's schedule object: index, enabled, the controllers' script table and the selector,
     * switch time, no validity window, weekdays (Monday first), the special days it applies on (bits in the order the
     * days were defined), begin and end dates.
     */
    private static Data scheduleEntry(int index, int selector, XmlNode schedule, String specialDayAttribute, List<Integer> ids,
            XmlNode when) throws DuisException {
        byte weekdays = Calendars.weekdays(Fields.required(schedule, "DaysOfWeekApplicability"));
        byte[] special = new byte[(ids.size() + 7) / 8];
        for (XmlNode a : schedule.all("SpecialDaysApplicability")) {
            int pos = ids.indexOf(Fields.attribute(a, specialDayAttribute, 1, 255));
            if (pos < 0) {
                throw new DuisException(DuisCodes.E12, "SpecialDaysApplicability names an undefined special day");
            }
            special[pos / 8] |= (byte) (0x80 >>> (pos % 8));
        }
        return Data.structure(new Data.LongUnsigned(index), new Data.Bool(true),
                Data.octets(GbcsObjects.AUX_CONTROLLER_SCRIPTS.toBytes()), new Data.LongUnsigned(selector),
                Data.octets(Calendars.time(when.text("SwitchTime"), "SwitchTime")), new Data.LongUnsigned(0xFFFF),
                new Data.BitString(7, new byte[] {weekdays}), new Data.BitString(ids.size(), special),
                Data.octets(Calendars.date(Fields.required(when, "StartDate"))), Data.octets(Calendars.date(Fields.required(when, "EndDate"))));
    }

    /** The execution times of a DUIS ElectricityBillingCalendar (see 6.8 above). */
    private static Data billingCalendar(XmlNode body) throws DuisException {
        XmlNode cal = Fields.required(body, "ElectricityBillingCalendar");
        byte[] time = Calendars.time(cal.text("BillingTime"), "BillingTime");
        List<Data> entries = new ArrayList<>();
        int[] monthsApart = {3, 6, 12};
        String[] periodic = {"Quarterly", "SixMonthly", "Yearly"};
        if (cal.child("Daily").isPresent()) {
            entries.add(executionTime(time, 0xFF, 0xFF, 0xFF));
        } else if (cal.child("Weekly").isPresent()) {
            entries.add(executionTime(time, 0xFF, 0xFF, (int) Fields.number(cal, "Weekly", 1, 7)));
        } else if (cal.child("Monthly").isPresent()) {
            entries.add(executionTime(time, 0xFF, (int) Fields.number(cal, "Monthly", 1, 28), 0xFF));
        } else {
            for (int k = 0; k < periodic.length; k++) {
                Optional<XmlNode> p = cal.child(periodic[k]);
                if (p.isPresent()) {
                    int day = (int) Fields.number(p.get(), "DayOfMonth", 1, 28);
                    int start = (int) Fields.number(p.get(), "BillingPeriodStartMonth", 1, 12);
                    for (int m = 0; m < 12; m += monthsApart[k]) {
                        entries.add(executionTime(time, (start - 1 + m) % 12 + 1, day, 0xFF));
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "ElectricityBillingCalendar has no Daily, Weekly, Monthly, Quarterly, "
                    + "SixMonthly or Yearly");
        }
        return Data.array(entries.toArray(new Data[0]));
    }

    private static Data executionTime(byte[] time, int month, int day, int dayOfWeek) {
        return Data.structure(Data.octets(time),
                Data.octets(new byte[] {-1, -1, (byte) month, (byte) day, (byte) dayOfWeek}));
    }

    /** GBCS ECS70: the clock set to CurrentDateTime, valid within TolerancePeriod seconds (6.11 and 8.1.1). */
    static Srv.Command synchroniseClock(Srv.Request r) throws DuisException {
        Instant current = Fields.instantInRange(r.body(), "CurrentDateTime");
        long tolerance = Fields.number(r.body(), "TolerancePeriod", 0, 86_400);
        return Dlms.of(new SimpleCommands.SetClock(CosemDateTime.ofInstant(current),
                CosemDateTime.ofInstant(current.plus(Duration.ofSeconds(tolerance)))));
    }

    private static Data maximumDemandEntry(int index, int selector, byte[] time) {
        return Data.structure(new Data.LongUnsigned(index), new Data.Bool(true),
                Data.octets(ObisCode.parse("0-0:10.128.100.255").toBytes()), new Data.LongUnsigned(selector), Data.octets(time),
                new Data.LongUnsigned(0xFFFF), new Data.BitString(7, new byte[] {(byte) 0xFE}), new Data.BitString(0, new byte[0]),
                Data.octets(new byte[] {0, 0, 1, -1, -1}), Data.octets(new byte[] {-1, -1, -1, -1, -1}));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
