package org.dccsim.headend.transform;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
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
import org.dccsim.headend.duis.DuisCodes;
import org.dccsim.headend.duis.DuisException;
import org.dccsim.headend.duis.ServiceRequest;
import org.dccsim.headend.duis.XmlNode;

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
            Map.entry("7.16", List.of("ECS47e")), Map.entry("11.2", List.of("ECS52")), Map.entry("6.15.1", List.of("CS02g")));

    /**
     * The result: the use case and its APDU (signature field absent for a pre-command, null otherwise), and the
     * typed DLMS command it came from (null for ASN.1 use cases such as CS02g).
     */
    public record Transformed(UseCase useCase, GeneralSigningApdu apdu, UseCaseCommand command) {
        public boolean critical() {
            return useCase.messageType() == MessageType.CRITICAL_COMMAND;
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
        UseCaseCommand cmd = command(uc, sr.body());
        CommandContext ctx = onBehalf == null
                ? new CommandContext(sr.requestId().originator(), sr.requestId().target(), sr.requestId().counter())
                : new CommandContext(onBehalf.acb(), sr.requestId().target(), onBehalf.acbCounter(),
                        org.dccsim.gbcs.frame.OtherInformation.onBehalfOf(0, sr.requestId().originator(),
                                sr.requestId().counter()));
        return new Transformed(cmd.useCase(), UseCaseCommands.build(cmd, ctx), cmd);
    }

    private static UseCaseCommand command(String uc, XmlNode body) throws DuisException {
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
                XmlNode period = required(body, "ReadLogPeriod");
                ReadProfile.Kind kind = uc.equals("ECS22b") ? ReadProfile.Kind.ACTIVE_IMPORT
                        : uc.equals("ECS22c") ? ReadProfile.Kind.REACTIVE_IMPORT : ReadProfile.Kind.ACTIVE_EXPORT;
                Instant from = instant(period, "StartDateTime");
                Instant to = instant(period, "EndDateTime");
                if (to.isBefore(from)) {
                    throw new DuisException(DuisCodes.E12, "ReadLogPeriod ends before it starts");
                }
                return new ReadProfile(kind, from, to);
            }
            case "ECS66": {
                XmlNode period = required(body, "ReadLogPeriod");
                Instant from = instant(period, "StartDateTime");
                Instant to = instant(period, "EndDateTime");
                if (to.isBefore(from)) {
                    throw new DuisException(DuisCodes.E12, "ReadLogPeriod ends before it starts");
                }
                return ReadDailyReadLog.between(from, to);
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
            default: {
                Optional<SimpleCommands.AttributeAccess> reads = UseCaseItems.attributeReads(uc);
                if (reads.isPresent()) {
                    return reads.get();
                }
                throw new DuisException(DuisCodes.E12, uc + " has no transform in dccsim");
            }
        }
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

    static Instant instant(XmlNode parent, String child) throws DuisException {
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
