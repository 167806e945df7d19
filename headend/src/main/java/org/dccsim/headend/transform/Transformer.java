package org.dccsim.headend.transform;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.MessageType;
import org.dccsim.gbcs.usecase.ReadDailyReadLog;
import org.dccsim.gbcs.usecase.ReadExportRegisters;
import org.dccsim.gbcs.usecase.ReadImportRegisters;
import org.dccsim.gbcs.usecase.ReadProfile;
import org.dccsim.gbcs.usecase.SetAuxiliaryControllerState;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.gbcs.usecase.SupplyControl;
import org.dccsim.gbcs.usecase.UseCase;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.dccsim.gbcs.usecase.UseCaseItems;

/**
 * Turns a DUIS service request into the GBCS command of its use case (DUIS-NOTES 1d; RTDS-verified by the
 * transform parity test): the General-Signing APDU, a pre-command for critical use cases (to be signed by the
 * user) or a command with the null signature for the ACB to MAC.
 *
 * <p>Where one SRV covers several use cases (6.2.1 is ECS26b for single-phase and ECS26k for polyphase
 * meters), the device's variant picks one; without it the first listed is used.
 */
public final class Transformer {
    /** SRV to use case(s), first the default. Only the SRVs listed are supported; others are refused with E12. */
    static final Map<String, List<String>> SRVS = Map.ofEntries(
            Map.entry("4.1.1", List.of("ECS17b")), Map.entry("4.2", List.of("ECS17a")),
            Map.entry("4.8.1", List.of("ECS22b")), Map.entry("4.8.2", List.of("ECS22c")),
            Map.entry("4.8.3", List.of("ECS22a")), Map.entry("4.17", List.of("ECS66")),
            Map.entry("6.2.1", List.of("ECS26b", "ECS26k")), Map.entry("6.2.2", List.of("ECS26c")),
            Map.entry("6.2.3", List.of("ECS26l")), Map.entry("6.2.4", List.of("ECS26m")),
            Map.entry("6.2.5", List.of("ECS26f")), Map.entry("6.2.9", List.of("ECS26j")),
            Map.entry("6.11", List.of("ECS70")),
            Map.entry("7.1", List.of("ECS42")), Map.entry("7.2", List.of("ECS43")), Map.entry("7.3", List.of("ECS44")),
            Map.entry("7.4", List.of("ECS45")), Map.entry("7.12", List.of("ECS38")),
            Map.entry("7.13", List.of("ECS47a")), Map.entry("7.14", List.of("ECS61d")), Map.entry("7.15", List.of("ECS61e")),
            Map.entry("7.16", List.of("ECS47e")), Map.entry("11.2", List.of("ECS52")), Map.entry("6.15.1", List.of("CS02g")),
            Map.entry("6.4.1", List.of("ECS28a")), Map.entry("6.4.2", List.of("ECS28b")),
            Map.entry("6.5", List.of("ECS29a", "ECS29b", "ECS29d")), Map.entry("6.14.1", List.of("ECS46a")),
            Map.entry("7.5", List.of("ECS47Activate")), Map.entry("7.6", List.of("ECS47Deactivate")),
            Map.entry("7.7", List.of("ECS61a")), Map.entry("7.9", List.of("ECS62Add")),
            Map.entry("7.10", List.of("ECS62Remove")), Map.entry("7.11", List.of("ECS61c")),
            Map.entry("4.14", List.of("ECS21b")), Map.entry("6.2.7", List.of("ECS40")),
            Map.entry("6.2.10", List.of("ECS25r1", "ECS25r2")), Map.entry("6.14.3", List.of("ECS46d")),
            Map.entry("6.14.2", List.of("ECS46c")),
            Map.entry("6.24.1", List.of("CS02fMAC", "CS02aMAC")), Map.entry("6.12", List.of("ECS34")));

    /**
     * The GBCS use case (as the registry names it) behind a variant name: the RTDS and the DUIS templates tell
     * ECS47's activate and deactivate, and ECS62's add and remove, apart by name; GBCS has one use case each.
     */
    public static String registryId(String useCase) {
        if (useCase.startsWith("CS02") && useCase.endsWith("MAC")) {
            return useCase.substring(0, useCase.length() - 3);
        }
        if (useCase.startsWith("ECS47") && !useCase.equals("ECS47a") && !useCase.equals("ECS47e")) {
            return "ECS47";
        }
        return useCase.startsWith("ECS62") ? "ECS62" : useCase;
    }

    /**
     * Whether a user sends this SRV through the critical flow (transform, sign, send): its use case is critical,
     * unless the ACB sends it MACed in its own name (6.24.1's CS02a/CS02f).
     */
    public static boolean critical(String srv) {
        List<String> ucs = useCases(srv);
        if (ucs.isEmpty() || (ucs.get(0).startsWith("CS02") && ucs.get(0).endsWith("MAC"))) {
            return false;
        }
        return org.dccsim.gbcs.usecase.UseCaseRegistry.standard().byId(registryId(ucs.get(0)))
                .map(u -> u.critical()).orElse(false);
    }

    /**
     * The use case a request is for: the SRV's only one, or for 6.5 the one its body asks for (DUIS 6.5:
     * single-phase settings are ECS29a; polyphase ECS29b, or ECS29d with RMSVoltageCountersNotReset).
     */
    public static String useCaseFor(ServiceRequest sr) {
        List<String> ucs = useCases(sr.serviceReferenceVariant());
        if (sr.serviceReferenceVariant().equals("6.5")) {
            if (sr.body().child("PolyPhaseVoltageSettings").isEmpty()) {
                return "ECS29a";
            }
            return sr.body().child("RMSVoltageCountersNotReset").isPresent() ? "ECS29d" : "ECS29b";
        }
        return ucs.isEmpty() ? null : ucs.get(0);
    }

    /**
     * The result: the use case and its APDU (signature field absent for a pre-command, null otherwise), and the
     * typed DLMS command it came from (null for ASN.1 use cases such as CS02g).
     */
    public record Transformed(UseCase useCase, GeneralSigningApdu apdu, UseCaseCommand command, boolean macOnly) {
        public Transformed(UseCase useCase, GeneralSigningApdu apdu, UseCaseCommand command) {
            this(useCase, apdu, command, false);
        }

        /** Critical (the user signs it, variant 4 then 5), unless it goes out MACed only by the ACB (CS02a/f). */
        public boolean critical() {
            return useCase.messageType() == MessageType.CRITICAL_COMMAND && !macOnly;
        }
    }

    public static boolean supports(String srv) {
        return SRVS.containsKey(srv);
    }

    public static List<String> useCases(String srv) {
        return SRVS.getOrDefault(srv, List.of());
    }

    /**
     * The DCC sending a command itself, as the Access Control Broker, on behalf of the user: for users whose
     * role the device does not hold (an Other User, such as a VLP reading profiles). The command carries the
     * ACB's own counter, and other-information names the user and its RequestID counter (GBCS-NOTES a.3).
     */
    public record OnBehalf(org.dccsim.gbcs.Eui64 acb, long acbCounter) {
    }

    public Transformed transform(ServiceRequest sr) throws DuisException {
        return transform(sr, null, null);
    }

    public Transformed transform(ServiceRequest sr, String useCaseId) throws DuisException {
        return transform(sr, useCaseId, null);
    }

    /**
     * @param useCaseId which of the SRV's use cases, for SRVs with several; null for the default
     * @param onBehalf  non-null to send as the ACB on the user's behalf
     */
    public Transformed transform(ServiceRequest sr, String useCaseId, OnBehalf onBehalf) throws DuisException {
        List<String> ucs = SRVS.get(sr.serviceReferenceVariant());
        if (ucs == null) {
            throw new DuisException(DuisCodes.E12, "SRV " + sr.serviceReferenceVariant() + " is not supported by dccsim");
        }
        String uc = useCaseId == null ? ucs.get(0) : useCaseId;
        if (!ucs.contains(uc)) {
            throw new DuisException(DuisCodes.E12, uc + " is not a use case of SRV " + sr.serviceReferenceVariant());
        }
        if (uc.equals("CS02g")) {
            return credentials(sr);
        }
        if (uc.equals("CS02aMAC") || uc.equals("CS02fMAC")) {
            return credentialDetails(sr, uc, onBehalf);
        }
        UseCaseCommand cmd = command(uc, sr.body());
        byte[] urp = unknownRemoteParty(sr);
        if (urp != null && onBehalf == null) {
            throw new DuisException(DuisCodes.E12, "a read with KAPublicSecurityCredentials goes out as the ACB");
        }
        CommandContext ctx = onBehalf == null
                ? new CommandContext(sr.requestId().originator(), sr.requestId().target(), sr.requestId().counter())
                : new CommandContext(onBehalf.acb(), sr.requestId().target(), onBehalf.acbCounter(),
                        new org.dccsim.gbcs.frame.OtherInformation(0, sr.requestId().originator(), sr.requestId().counter(),
                                null, urp));
        return new Transformed(cmd.useCase(), UseCaseCommands.build(cmd, ctx), cmd);
    }

    /**
     * The user's key-agreement certificate from a read's KAPublicSecurityCredentials (DUIS
     * ReadLogFutureDatableAndURPCredentials), or null: with it the DCC sends the read as the ACB with the
     * certificate in other-information, and the device encrypts the data for that key (Unknown Remote Party).
     * The certificate must be a key-agreement certificate of the request's originator.
     */
    public static byte[] unknownRemoteParty(ServiceRequest sr) throws DuisException {
        Optional<XmlNode> c = sr.body().child("KAPublicSecurityCredentials");
        if (c.isEmpty()) {
            return null;
        }
        byte[] der = base64(c.get());
        org.dccsim.gbcs.crypto.SmkiCertificates.Parsed p;
        try {
            p = org.dccsim.gbcs.crypto.SmkiCertificates.parse(der);
        } catch (RuntimeException e) {
            throw new DuisException(DuisCodes.E12, "KAPublicSecurityCredentials is not a readable SMKI certificate");
        }
        if (!p.keyAgreement() || !p.party().equals(sr.requestId().originator())) {
            throw new DuisException(DuisCodes.E12, "KAPublicSecurityCredentials must be " + sr.requestId().originator()
                    + "'s key agreement certificate");
        }
        return der;
    }

    private static UseCaseCommand command(String uc, XmlNode body) throws DuisException {
        if (uc.equals("ECS28a")) {
            return loadLimitSettings(body); // takes ExecutionDateTime into its DLMS items
        }
        if (uc.equals("ECS46d")) {
            return auxiliaryCalendar(body); // likewise
        }
        if (uc.equals("ECS46c")) {
            return switchCalendar(body); // likewise
        }
        if (body.child("ExecutionDateTime").isPresent()) {
            throw new DuisException(DuisCodes.E12, "future-dated (ExecutionDateTime) requests are not supported by dccsim yet");
        }
        switch (uc) {
            case "ECS17b":
                return new ReadImportRegisters();
            case "ECS17a":
                return new ReadExportRegisters();
            case "ECS22b":
            case "ECS22c":
            case "ECS22a": {
                ReadProfile.Kind kind = uc.equals("ECS22b") ? ReadProfile.Kind.ACTIVE_IMPORT
                        : uc.equals("ECS22c") ? ReadProfile.Kind.REACTIVE_IMPORT : ReadProfile.Kind.ACTIVE_EXPORT;
                Instant[] period = readLogPeriod(body);
                return new ReadProfile(kind, period[0], period[1]);
            }
            case "ECS21b": {
                Instant[] period = readLogPeriod(body);
                return org.dccsim.gbcs.usecase.ReadPrepaymentDailyReadLog.between(period[0], period[1]);
            }
            case "ECS66": {
                Instant[] period = readLogPeriod(body);
                return ReadDailyReadLog.between(period[0], period[1]);
            }
            case "ECS70": {
                Instant current = instant(body, "CurrentDateTime");
                long tolerance = number(body, "TolerancePeriod", 0, 86_400);
                return new SimpleCommands.SetClock(CosemDateTime.ofInstant(current),
                        CosemDateTime.ofInstant(current.plus(Duration.ofSeconds(tolerance))));
            }
            case "ECS42":
                return new SupplyControl(SupplyControl.Action.ENABLE);
            case "ECS43":
                return new SupplyControl(SupplyControl.Action.DISABLE);
            case "ECS44":
                return new SupplyControl(SupplyControl.Action.ARM);
            case "ECS45":
                return new SimpleCommands.ReadSupplyState();
            case "ECS52":
                return new SimpleCommands.ReadFirmwareVersion();
            case "ECS38":
                return new SimpleCommands.SetRandomisedOffsetLimit((int) number(body, "RandomisedOffsetLimit", 0, 1799));
            case "ECS61d":
                return new SimpleCommands.ReadAuxiliaryControllerConfiguration();
            case "ECS61e":
                return new SimpleCommands.ReadAuxiliaryControllerOperationalData();
            case "ECS47a":
            case "ECS47e": {
                int n = (int) number(body.attribute("auxiliaryControllerN").orElse(null), "auxiliaryControllerN", 1, 5);
                int level = (int) number(body, "CommandedStateLevel", 0, 100);
                AuxiliaryController c = body.child("InputFromControlledLoad").isPresent()
                        ? AuxiliaryController.input(n) : AuxiliaryController.output(n);
                CosemDateTime start = CosemDateTime.ofInstant(instant(body, "StartDateTime"));
                CosemDateTime end = CosemDateTime.ofInstant(instant(body, "EndDateTime"));
                return uc.equals("ECS47e") ? new LimitApcLevel(c, level, start, end)
                        : new SetAuxiliaryControllerState(c, level, start, end);
            }
            case "ECS34": {
                // GBCS ECS34: the register monitor's thresholds (0-0:16.0.0.255 attribute 2), low-medium then
                // medium-high, in watts. No RTDS message or DUIS template to check the encoding against.
                long low = number(body, "LowMediumPowerThreshold", 0, 0xFFFFFFFFL);
                long high = number(body, "MediumHighPowerThreshold", 0, 0xFFFFFFFFL);
                if (high < low) {
                    throw new DuisException(DuisCodes.E12, "MediumHighPowerThreshold is below LowMediumPowerThreshold");
                }
                return items(uc, item -> Optional.of(Data.array(new Data.DoubleLongUnsigned(low), new Data.DoubleLongUnsigned(high))));
            }
            case "ECS28b":
                // GBCS: reset the load limit counter (register 0-0:94.44.42.255) to zero.
                return items(uc, item -> Optional.of(new Data.Integer8(0)));
            case "ECS29a":
            case "ECS29b":
            case "ECS29d":
                return voltage(uc, body);
            case "ECS46a": {
                Map<Integer, String> labels = new java.util.HashMap<>();
                for (XmlNode d : body.all("ALCSHCALCSDescription")) {
                    int i = (int) number(d.attribute("index").orElse(null), "ALCSHCALCSDescription index", 1, 5);
                    String text = d.text("SwitchDescription");
                    if (text == null || text.length() > 22 || !text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                        throw new DuisException(DuisCodes.E12, "SwitchDescription must be up to 22 printable characters");
                    }
                    labels.put(i, text);
                }
                if (labels.isEmpty()) {
                    throw new DuisException(DuisCodes.E12, "UpdateDeviceConfigurationALCDescriptions names no switch");
                }
                // Descriptions 1-5 live in 0-0:94.44.0.11 to .15 (GBCS ECS46a); only those given are set.
                return items(uc, item -> Optional.ofNullable(labels.get(item.target().obis().f() - 10))
                        .map(t -> new Data.VisibleString(t.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
            }
            case "ECS47Activate":
            case "ECS47Deactivate":
                return auxiliaryLoad(uc, body);
            case "ECS62Add":
            case "ECS62Remove": {
                boolean add = uc.equals("ECS62Add");
                Map<Integer, Boolean> flags = new java.util.HashMap<>();
                for (XmlNode f : body.all(add ? "AddToBoostButton" : "RemoveFromBoostButton")) {
                    int i = (int) number(f.attribute("index").orElse(null), "index", 1, 5);
                    flags.put(i, "true".equals(f.text().trim()) || "1".equals(f.text().trim()));
                }
                if (flags.size() != 5) {
                    throw new DuisException(DuisCodes.E12, "7.9 and 7.10 carry exactly five flags, index 1 to 5");
                }
                // 0-0:94.44.6.n says whether auxiliary load n follows the boost button: a flagged load is
                // associated (7.9) or dissociated (7.10); an unflagged one is left as it is (not written).
                if (!flags.containsValue(true)) {
                    throw new DuisException(DuisCodes.E12, "7.9 and 7.10 flag at least one auxiliary load");
                }
                return new SimpleCommands.AttributeAccess("ECS62", tableItems("ECS62",
                        item -> flags.get(item.target().obis().f()) ? Optional.of(new Data.Bool(add)) : Optional.empty()));
            }
            case "ECS61c": {
                Instant[] period = readLogPeriod(body);
                return boostDetails(period[0], period[1]);
            }
            default: {
                Optional<SimpleCommands.AttributeAccess> reads = UseCaseItems.attributeReads(uc);
                if (reads.isPresent()) {
                    return reads.get();
                }
                throw new DuisException(DuisCodes.E12, uc + " has no transform in dccsim");
            }
        }
    }

    /** A body's ReadLogPeriod as [start, end]; E12 if it is missing or ends before it starts. */
    private static Instant[] readLogPeriod(XmlNode body) throws DuisException {
        XmlNode period = required(body, "ReadLogPeriod");
        Instant from = instant(period, "StartDateTime");
        Instant to = instant(period, "EndDateTime");
        if (to.isBefore(from)) {
            throw new DuisException(DuisCodes.E12, "ReadLogPeriod ends before it starts");
        }
        return new Instant[] {from, to};
    }

    /** A use case's items in the GBCS table's order, each with the value {@code value} gives; items without one are left out. */
    private static SimpleCommands.AttributeAccess items(String uc,
            java.util.function.Function<UseCaseItems.Item, Optional<Data>> value) throws DuisException {
        return new SimpleCommands.AttributeAccess(uc, tableItems(uc, value));
    }

    private static DlmsItems tableItems(String uc, java.util.function.Function<UseCaseItems.Item, Optional<Data>> value)
            throws DuisException {
        List<UseCaseItems.Item> table = UseCaseItems.of(uc);
        if (table.isEmpty()) {
            throw new DuisException(DuisCodes.E12, uc + " has no DLMS items in dccsim's table");
        }
        DlmsItems.Builder b = DlmsItems.builder();
        for (UseCaseItems.Item item : table) {
            Optional<Data> v = value.apply(item);
            if (v.isEmpty()) {
                continue;
            }
            if (item.method()) {
                b.action(item.target(), v.get());
            } else {
                b.set(item.target(), v.get());
            }
        }
        return b.build();
    }

    /**
     * ECS28a (6.4.1): the supply state on reaching the limit (true: disable supply), power threshold, period and
     * restoration period (attribute 4 of 0-0:94.44.0.3 and 0-0:94.44.128.7/6/8), each with its activation time
     * (attribute 6): NOW, the ExecutionDateTime, or NEVER for an ExecutionDateTime in the year 3000 or later,
     * which DUIS uses to cancel a pending change.
     */
    private static UseCaseCommand loadLimitSettings(XmlNode body) throws DuisException {
        String state = body.text("LoadLimitSupplyState");
        if (!"Disable".equals(state) && !"Unchanged".equals(state)) {
            throw new DuisException(DuisCodes.E12, "LoadLimitSupplyState must be Disable or Unchanged");
        }
        long threshold = number(body, "LoadLimitPowerThreshold", 0, 0xFFFFFFFFL);
        long period = number(body, "LoadLimitPeriod", 0, 0xFFFFFFFFL);
        long restoration = number(body, "LoadLimitRestorationPeriod", 0, 0xFFFFFFFFL);
        Data activation = Data.octets(activation(body).toBytes());
        return items("ECS28a", item -> {
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

    /** NOW, the ExecutionDateTime, or NEVER for one in the year 3000 or later (DUIS cancels a pending change so). */
    private static CosemDateTime activation(XmlNode body) throws DuisException {
        if (body.child("ExecutionDateTime").isEmpty()) {
            return CosemDateTime.NOW;
        }
        Instant at = instant(body, "ExecutionDateTime");
        return at.isBefore(Instant.parse("3000-01-01T00:00:00Z")) ? CosemDateTime.ofInstant(at) : CosemDateTime.NEVER;
    }

    private static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday");

    /**
     * ECS46d (6.14.3): the auxiliary controllers' calendar. The special days go to the special days table
     * (0-1:11.0.3.255, {index, date, day id}), the schedules to the schedule object (0-1:12.0.2.255, one entry per
     * schedule: index, enabled, the controllers' script table, the script selector, switch time, no validity
     * window, weekdays Monday first, the special days it applies on, begin and end dates), and both get one
     * activation time (attribute 6 of 0-0:94.44.128.26 and .35). The script selector is the 7.13 one with 0x80
     * added to the level, as all five RTDS ECS46d commands show.
     */
    private static UseCaseCommand auxiliaryCalendar(XmlNode body) throws DuisException {
        List<XmlNode> definitions = required(body, "AuxiliaryControllerSpecialDayDefinitions").all("AuxiliaryControllerSpecialDayDefinition");
        List<Data> specialDays = new java.util.ArrayList<>();
        List<Integer> ids = new java.util.ArrayList<>();
        for (XmlNode d : definitions) {
            int id = (int) number(d.attribute("identifier").orElse(null), "identifier", 1, 255);
            ids.add(id);
            specialDays.add(Data.structure(new Data.LongUnsigned(id), Data.octets(date(d)), new Data.Unsigned8(id)));
        }
        List<XmlNode> schedules = body.all("AuxiliaryControllerSchedule");
        if (schedules.isEmpty() || schedules.size() > 100) {
            throw new DuisException(DuisCodes.E12, "6.14.3 carries 1 to 100 AuxiliaryControllerSchedule");
        }
        List<Data> entries = new java.util.ArrayList<>();
        for (int k = 0; k < schedules.size(); k++) {
            XmlNode sch = schedules.get(k);
            XmlNode action = required(sch, "AuxiliaryControllerAction");
            int n = (int) number(action.attribute("auxiliaryControllerN").orElse(null), "auxiliaryControllerN", 1, 5);
            int level = (int) number(action, "CommandedStateLevel", 0, 100);
            AuxiliaryController c = action.child("InputFromControlledLoad").isPresent() ? AuxiliaryController.input(n)
                    : AuxiliaryController.output(n);
            XmlNode when = required(sch, "AuxiliaryControllerSchedulePeriodAndTime");
            entries.add(scheduleEntry(k + 1, c.commandedState(0x80 + level), sch, "identifier", ids, when));
        }
        Data activation = Data.octets(activation(body).toBytes());
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
     * 0-0:94.44.0.(20+n) (eight zero bytes for an ALCS, the HCALCS's EUI-64 for a hot-water controller); the
     * special days and schedules go to the same tables as ECS46d's, a schedule's script selector being the
     * switch number times 256 plus 1 (on) or 2 (off); one activation time for both. Read off the three RTDS ECS46c
     * commands, which this reproduces byte for byte.
     */
    private static UseCaseCommand switchCalendar(XmlNode body) throws DuisException {
        DlmsItems.Builder b = DlmsItems.builder();
        for (XmlNode sw : body.all("SwitchTypeAndId")) {
            int n = (int) number(sw.attribute("index").orElse(null), "SwitchTypeAndId index", 1, 5);
            byte[] id = new byte[8];
            Optional<XmlNode> hc = sw.child("HCALCS");
            if (hc.isPresent()) {
                try {
                    id = org.dccsim.gbcs.Eui64.parse(hc.get().text()).toBytes();
                } catch (IllegalArgumentException e) {
                    throw new DuisException(DuisCodes.E12, "HCALCS '" + hc.get().text() + "' is not an EUI-64");
                }
            } else if (sw.child("ALCS").isEmpty()) {
                throw new DuisException(DuisCodes.E12, "SwitchTypeAndId names an ALCS or an HCALCS");
            }
            b.set(CosemAttribute.of(1, "0-0:94.44.0." + (20 + n), 2), Data.octets(id));
        }
        List<Data> specialDays = new java.util.ArrayList<>();
        List<Integer> ids = new java.util.ArrayList<>();
        for (XmlNode d : body.child("ALCSHCALCSSpecialDays").map(x -> x.all("ALCSHCALCSSpecialDay")).orElse(List.of())) {
            int id = (int) number(d.attribute("index").orElse(null), "ALCSHCALCSSpecialDay index", 1, 255);
            ids.add(id);
            specialDays.add(Data.structure(new Data.LongUnsigned(id), Data.octets(date(d)), new Data.Unsigned8(id)));
        }
        List<XmlNode> schedules = body.all("ALCSHCALCSConnectionSchedule");
        if (schedules.isEmpty() || schedules.size() > 100) {
            throw new DuisException(DuisCodes.E12, "6.14.2 carries 1 to 100 ALCSHCALCSConnectionSchedule");
        }
        List<Data> entries = new java.util.ArrayList<>();
        for (int k = 0; k < schedules.size(); k++) {
            XmlNode sch = schedules.get(k);
            XmlNode action = required(sch, "ActivateDeactivateSwitch");
            int n = (int) number(action.attribute("index").orElse(null), "ActivateDeactivateSwitch index", 1, 5);
            boolean on = action.child("ActivateSwitch").isPresent();
            if (!on && action.child("DeactivateSwitch").isEmpty()) {
                throw new DuisException(DuisCodes.E12, "ActivateDeactivateSwitch holds ActivateSwitch or DeactivateSwitch");
            }
            XmlNode when = required(sch, "ALCSScheduleDatesAndTime");
            entries.add(scheduleEntry(k + 1, n * 256 + (on ? 1 : 2), sch, "index", ids, when));
        }
        Data activation = Data.octets(activation(body).toBytes());
        return new SimpleCommands.AttributeAccess("ECS46c", b
                .set(CosemAttribute.of(11, "0-1:11.0.3.255", 2), Data.array(specialDays.toArray(new Data[0])))
                .set(CosemAttribute.of(10, "0-1:12.0.2.255", 2), Data.array(entries.toArray(new Data[0])))
                .set(CosemAttribute.of(9000, "0-0:94.44.128.26", 6), activation)
                .set(CosemAttribute.of(9000, "0-0:94.44.128.35", 6), activation)
                .build());
    }

    /**
     * One entry of the calendar's schedule object: index, enabled, the controllers' script table and the selector,
     * switch time, no validity window, weekdays (Monday first), the special days it applies on (bits in the order
     * the days were defined), begin and end dates.
     */
    private static Data scheduleEntry(int index, int selector, XmlNode schedule, String specialDayAttribute, List<Integer> ids,
            XmlNode when) throws DuisException {
        byte weekdays = 0;
        for (XmlNode w : required(schedule, "DaysOfWeekApplicability").all("DayOfWeekApplicability")) {
            int i = WEEKDAYS.indexOf(w.text("DayOfWeekID"));
            if (i < 0) {
                throw new DuisException(DuisCodes.E12, "DayOfWeekID must be Monday to Sunday");
            }
            weekdays |= (byte) (0x80 >>> i);
        }
        byte[] special = new byte[(ids.size() + 7) / 8];
        for (XmlNode a : schedule.all("SpecialDaysApplicability")) {
            int pos = ids.indexOf((int) number(a.attribute(specialDayAttribute).orElse(null), specialDayAttribute, 1, 255));
            if (pos < 0) {
                throw new DuisException(DuisCodes.E12, "SpecialDaysApplicability names an undefined special day");
            }
            special[pos / 8] |= (byte) (0x80 >>> (pos % 8));
        }
        return Data.structure(new Data.LongUnsigned(index), new Data.Bool(true),
                Data.octets(GbcsObjects.AUX_CONTROLLER_SCRIPTS.toBytes()), new Data.LongUnsigned(selector),
                Data.octets(switchTime(when.text("SwitchTime"))), new Data.LongUnsigned(0xFFFF),
                new Data.BitString(7, new byte[] {weekdays}), new Data.BitString(ids.size(), special),
                Data.octets(date(required(when, "StartDate"))), Data.octets(date(required(when, "EndDate"))));
    }

    /** A DUIS date (Year, Month, DayOfMonth, DayOfWeek, each specified or not) as a COSEM date: FF for not specified. */
    private static byte[] date(XmlNode d) throws DuisException {
        int year = field(d, "Year", "SpecifiedYear", 0, 0xFFFE, 0xFFFF);
        int month = field(d, "Month", "SpecifiedMonth", 1, 12, 0xFF);
        int day = field(d, "DayOfMonth", "SpecifiedDayOfMonth", 1, 31, 0xFF);
        int dow = field(d, "DayOfWeek", "SpecifiedDayOfWeek", 1, 7, 0xFF);
        return new byte[] {(byte) (year >>> 8), (byte) year, (byte) month, (byte) day, (byte) dow};
    }

    private static int field(XmlNode d, String name, String specified, int min, int max, int notSpecified) throws DuisException {
        XmlNode f = required(d, name);
        Optional<XmlNode> v = f.child(specified);
        return v.isPresent() ? (int) number(v.get().text(), specified, min, max) : notSpecified;
    }

    /** A DUIS switch time (hh:mm:ss.ssZ) as a COSEM time: hour, minute, second, hundredths. */
    private static byte[] switchTime(String text) throws DuisException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,2}))?Z?")
                .matcher(text == null ? "" : text.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) > 23 || Integer.parseInt(m.group(2)) > 59
                || Integer.parseInt(m.group(3)) > 59) {
            throw new DuisException(DuisCodes.E12, "SwitchTime '" + text + "' is not hh:mm:ss[.ss]Z");
        }
        int hundredths = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "0").substring(0, 2));
        return new byte[] {(byte) Integer.parseInt(m.group(1)), (byte) Integer.parseInt(m.group(2)),
            (byte) Integer.parseInt(m.group(3)), (byte) hundredths};
    }

    /**
     * ECS29a/b/d (6.5): the extreme over/under, sag and swell thresholds and periods (0-0:17.0.1-4, attributes 4
     * and 6), each phase's average RMS measurement period (1-0:x.24.0.255 attribute 4) and over and under
     * thresholds (1-0:x.35.0.4, 1-0:x.31.0.4), and, unless RMSVoltageCountersNotReset, resets of the phase's
     * over and under counters (1-0:x.36.0.4, 1-0:x.32.0.4). Phase 1 is OBIS group C 32, 2 is 52, 3 is 72.
     */
    private static UseCaseCommand voltage(String uc, XmlNode body) throws DuisException {
        XmlNode rms = required(body, "RMSVoltageSettings");
        Map<String, Long> v = new java.util.HashMap<>();
        String[][] monitors = {{"1", "RMSExtremeOverVoltage"}, {"2", "RMSExtremeUnderVoltage"}, {"3", "RMSVoltageSag"},
            {"4", "RMSVoltageSwell"}};
        for (String[] m : monitors) {
            v.put("17.0." + m[0] + "/4", number(rms, m[1] + "Threshold", 0, 0xFFFFFFFFL));
            v.put("17.0." + m[0] + "/6", number(rms, m[1] + "MeasurementPeriod", 0, 0xFFFFFFFFL));
        }
        List<XmlNode> phases = new java.util.ArrayList<>();
        if (uc.equals("ECS29a")) {
            phases.add(required(body, "SinglePhaseVoltageSettings"));
        } else {
            Map<Integer, XmlNode> byPhase = new java.util.TreeMap<>();
            for (XmlNode p : body.all("PolyPhaseVoltageSettings")) {
                byPhase.put((int) number(p, "Phase", 1, 3), required(p, "PhaseVoltageSettings"));
            }
            if (byPhase.size() != 3) {
                throw new DuisException(DuisCodes.E12, "polyphase voltage settings need phases 1, 2 and 3");
            }
            phases.addAll(byPhase.values());
        }
        for (int i = 0; i < phases.size(); i++) {
            XmlNode p = phases.get(i);
            int c = 32 + 20 * i;
            v.put(c + ".24/4", number(p, "AverageRMSVoltageMeasurementPeriod", 0, 0xFFFFFFFFL));
            v.put(c + ".35/2", number(p, "AverageRMSOverVoltageThreshold", 0, 0xFFFFFFFFL));
            v.put(c + ".31/2", number(p, "AverageRMSUnderVoltageThreshold", 0, 0xFFFFFFFFL));
        }
        return items(uc, item -> {
            var o = item.target().obis();
            if (item.method()) {
                return Optional.of(new Data.Integer8(0)); // a counter reset: GBCS resets to zero
            }
            String key = (o.a() == 0 ? "17.0." + o.e() : o.c() + "." + o.d()) + "/" + item.target().id();
            return Optional.ofNullable(v.get(key)).map(Data.DoubleLongUnsigned::new);
        });
    }

    /**
     * ECS47 (7.5, 7.6): the duration in minutes for auxiliary load switch n goes to 0-0:94.44.(116+n).1 to switch it
     * on, .2 to switch it off; then the auxiliary controllers' script table (0-0:10.0.103.255) runs script
     * n * 256 + 0x11 (on) or 0x12 (off). Inferred from the RTDS's two ECS47 commands (switch 1 on for 30,
     * switch 3 off for 60), which this reproduces byte for byte.
     */
    private static UseCaseCommand auxiliaryLoad(String uc, XmlNode body) throws DuisException {
        boolean on = uc.equals("ECS47Activate");
        List<XmlNode> switches = body.all(on ? "ActivateALCSHCALCS" : "DeactivateALCSHCALCS");
        if (switches.size() != 1) {
            throw new DuisException(DuisCodes.E12, (on ? "7.5" : "7.6") + " names exactly one auxiliary load switch");
        }
        XmlNode sw = switches.get(0);
        int n = (int) number(sw.attribute("index").orElse(null), "index", 1, 5);
        int minutes = (int) number(sw, "Duration", 0, 0xFFFF);
        DlmsItems items = DlmsItems.builder()
                .set(CosemAttribute.of(1, "0-0:94.44." + (116 + n) + "." + (on ? 1 : 2), 2), new Data.LongUnsigned(minutes))
                .action(new CosemAttribute(9, GbcsObjects.AUX_CONTROLLER_SCRIPTS, 1),
                        new Data.LongUnsigned(n * 256 + (on ? 0x11 : 0x12)))
                .build();
        return new SimpleCommands.AttributeAccess("ECS47", items);
    }

    /**
     * ECS61c (7.11): the boost state, the boost log over the period (0-0:99.98.20.255, range selection on the
     * boost event time 0-0:94.44.100.255, in seconds since 2000-01-01 UTC as the RTDS writes them), and the five
     * boost associations.
     */
    private static UseCaseCommand boostDetails(Instant from, Instant to) {
        long epoch2000 = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
        Data range = Data.structure(
                Data.structure(new Data.LongUnsigned(1), Data.octets(org.dccsim.gbcs.dlms.ObisCode.parse("0-0:94.44.100.255").toBytes()),
                        new Data.Integer8(2), new Data.LongUnsigned(0)),
                new Data.DoubleLongUnsigned(from.getEpochSecond() - epoch2000),
                new Data.DoubleLongUnsigned(to.getEpochSecond() - epoch2000), Data.array());
        DlmsItems.Builder b = DlmsItems.builder();
        for (UseCaseItems.Item item : UseCaseItems.of("ECS61c")) {
            if (item.target().classId() == 7) {
                b.getWithSelection(item.target(), 1, range);
            } else {
                b.get(item.target());
            }
        }
        return new SimpleCommands.AttributeAccess("ECS61c", b.build());
    }

    /**
     * 6.15.1 Update Security Credentials (KRP) for the Load Controller role: CS02g by the supplier (0x0126). Other
     * roles are CS02b, not supported yet. DUIS's ExecutionDateTime of the year 3000 or later cancels a pending
     * update (GBCS 9999-12-31T23:59:59, as in the RTDS).
     */
    private static Transformed credentials(ServiceRequest sr) throws DuisException {
        XmlNode body = sr.body();
        if (!"UpdateSecurityCredentialsKRP".equals(body.name())) {
            throw new DuisException(DuisCodes.E12, "6.15.1 carries UpdateSecurityCredentialsKRP");
        }
        if (!"LoadController".equals(body.text("RemotePartyRole"))) {
            throw new DuisException(DuisCodes.E12, "6.15.1 for " + body.text("RemotePartyRole")
                    + " (CS02b) is not supported by dccsim yet; LoadController (CS02g) is");
        }
        if (!"true".equals(body.child("ApplyTimeBasedCPVChecks").map(XmlNode::text).orElse("true"))) {
            throw new DuisException(DuisCodes.E12, "ApplyTimeBasedCPVChecks false is not supported (its GBCS encoding is unknown)");
        }
        long floor = body.child("RemotePartyFloorSeqNumber").isPresent() ? number(body, "RemotePartyFloorSeqNumber", 0,
                Long.MAX_VALUE) : 0;
        XmlNode certs = required(required(body, "ReplacementCertificates"), "SupplierOrNetworkOperatorCertificates");
        List<org.dccsim.gbcs.usecase.LoadControllerCredentials.Replacement> reps = new java.util.ArrayList<>();
        Optional<XmlNode> ds = certs.child("DigitalSigningCertificate");
        Optional<XmlNode> ka = certs.child("KeyAgreementCertificate");
        if (ds.isPresent()) {
            reps.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replacement(base64(ds.get()),
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.ROLE_LOAD_CONTROLLER,
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE));
        }
        if (ka.isPresent()) {
            reps.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replacement(base64(ka.get()),
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.ROLE_LOAD_CONTROLLER,
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_KEY_AGREEMENT));
        }
        if (reps.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "6.15.1 replaces no certificate");
        }
        List<byte[]> path = new java.util.ArrayList<>();
        for (XmlNode c : required(body, "CertificationPathCertificates").all("Certificate")) {
            path.add(base64(c));
        }
        Instant execution = null;
        if (body.child("ExecutionDateTime").isPresent()) {
            Instant at = instant(body, "ExecutionDateTime");
            execution = at.isBefore(Instant.parse("3000-01-01T00:00:00Z")) ? at : Instant.parse("9999-12-31T23:59:59Z");
        }
        var cmd = new org.dccsim.gbcs.usecase.LoadControllerCredentials.Command(
                org.dccsim.gbcs.usecase.LoadControllerCredentials.ROLE_SUPPLIER, sr.requestId().counter(),
                org.dccsim.gbcs.usecase.LoadControllerCredentials.ROLE_LOAD_CONTROLLER, floor, reps, path, execution);
        UseCase uc = org.dccsim.gbcs.usecase.UseCaseRegistry.standard()
                .byMessageCode(org.dccsim.gbcs.usecase.LoadControllerCredentials.BY_SUPPLIER).orElseThrow();
        GeneralSigningApdu apdu = new GeneralSigningApdu(org.dccsim.gbcs.frame.CraFlag.COMMAND, sr.requestId().counter(),
                sr.requestId().originator(), sr.requestId().target(), null,
                org.dccsim.gbcs.frame.OtherInformation.of(uc.messageCode()),
                org.dccsim.gbcs.usecase.LoadControllerCredentials.encode(cmd), org.dccsim.gbcs.frame.SignatureField.ABSENT);
        return new Transformed(uc, apdu, null);
    }

    /**
     * 6.24.1 Retrieve Device Security Credentials (KRP): CS02f (CS02a for the legacy use case), which the ACB sends
     * in its own name and MACs (the RTDS's CS02aMAC and CS02fMAC: the ACB's counter, no supplementary fields).
     * RemotePartyRole names map to the role numbers the RTDS uses.
     */
    private static Transformed credentialDetails(ServiceRequest sr, String uc, OnBehalf acb) throws DuisException {
        XmlNode body = sr.body();
        if (!"RetrieveDeviceSecurityCredentialsKRP".equals(body.name())) {
            throw new DuisException(DuisCodes.E12, "6.24.1 carries RetrieveDeviceSecurityCredentialsKRP");
        }
        List<Integer> roles = new java.util.ArrayList<>();
        for (XmlNode r : body.all("RemotePartyRole")) {
            roles.add(switch (r.text().trim()) {
                case "Supplier" -> org.dccsim.gbcs.usecase.SecurityCredentialDetails.ROLE_SUPPLIER;
                case "NetworkOperator" -> org.dccsim.gbcs.usecase.SecurityCredentialDetails.ROLE_NETWORK_OPERATOR;
                case "AccessControlBroker" -> org.dccsim.gbcs.usecase.SecurityCredentialDetails.ROLE_ACCESS_CONTROL_BROKER;
                case "LoadController" -> org.dccsim.gbcs.usecase.SecurityCredentialDetails.ROLE_LOAD_CONTROLLER;
                default -> throw new DuisException(DuisCodes.E12, "RemotePartyRole " + r.text().trim()
                        + " is not one dccsim asks devices about (Supplier, NetworkOperator, AccessControlBroker, LoadController)");
            });
        }
        if (roles.isEmpty() || roles.size() > 8) {
            throw new DuisException(DuisCodes.E12, "6.24.1 names 1 to 8 RemotePartyRole");
        }
        int code = uc.equals("CS02aMAC") ? org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02A
                : org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02F;
        UseCase useCase = org.dccsim.gbcs.usecase.UseCaseRegistry.standard().byMessageCode(code).orElseThrow();
        byte[] content = org.dccsim.gbcs.usecase.SecurityCredentialDetails.encode(new org.dccsim.gbcs.usecase.SecurityCredentialDetails
                .Command(org.dccsim.gbcs.usecase.SecurityCredentialDetails.ROLE_ACCESS_CONTROL_BROKER,
                        org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_KEY_AGREEMENT, roles));
        // Sent by the ACB: in its own name for a user (acb), or as the requester itself when the request is the ACB's.
        GeneralSigningApdu apdu = new GeneralSigningApdu(org.dccsim.gbcs.frame.CraFlag.COMMAND,
                acb != null ? acb.acbCounter() : sr.requestId().counter(), acb != null ? acb.acb() : sr.requestId().originator(),
                sr.requestId().target(), null, org.dccsim.gbcs.frame.OtherInformation.of(code), content,
                org.dccsim.gbcs.frame.SignatureField.NULL);
        return new Transformed(useCase, apdu, null, true);
    }

    private static byte[] base64(XmlNode n) throws DuisException {
        try {
            return java.util.Base64.getMimeDecoder().decode(n.text());
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, n.name() + " is not base64");
        }
    }

    private static XmlNode required(XmlNode body, String child) throws DuisException {
        return body.child(child).orElseThrow(() -> new DuisException(DuisCodes.E12, body.name() + " has no " + child));
    }

    public static Instant instant(XmlNode parent, String child) throws DuisException {
        String text = parent.text(child);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new DuisException(DuisCodes.E12, child + " '" + text + "' is not an xs:dateTime with a zone");
        }
    }

    private static long number(XmlNode parent, String child, long min, long max) throws DuisException {
        return number(parent.text(child), child, min, max);
    }

    private static long number(String text, String name, long min, long max) throws DuisException {
        if (text == null) {
            throw new DuisException(DuisCodes.E12, name + " is missing");
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw new DuisException(DuisCodes.E12, name + " " + v + " is not " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DuisException(DuisCodes.E12, name + " '" + text + "' is not a whole number");
        }
    }
}
