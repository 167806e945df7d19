package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.usecase.ChfDeviceLog;
import org.dccsim.gbcs.usecase.ChfDeviceLog.HanDeviceType;
import org.dccsim.gbcs.usecase.JoinService;
import org.dccsim.gbcs.usecase.LoadControllerCredentials;
import org.dccsim.srv.DeviceDirectory;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS section 8, a device's life, where it reaches a device: 8.1.1 Commission Device is GBCS ECS70, the clock set as
 * 6.11 sets it, and the head-end marks the device Commissioned when it answers; 8.11 Update HAN Device Log and 8.9
 * Read Device Log to the site's communications hub (CCS01, CCS02; CCS05/CCS04, CCS07), from the ACB as GBCS gives the
 * ACB alone those use cases; 8.7.x and 8.8.x join and unjoin an ESME with an HCALCS or PPMID (a SAPC is one, for
 * joins), method A (CS03A1 to the meter, CS03A2 to the other device), and 8.9 to a meter reads whom it is joined with
 * (CS07); 8.12.1 restores a hub's log on its replacement (CCS03) from the DSP's backup; 8.5 opts a device out of
 * the DCC (CS02b, the ACB's cell handed on). The inventory's own services (8.2 to 8.4, 8.6) are the head-end's, on
 * serviceD.
 */
public final class LifecycleSrvs {
    private LifecycleSrvs() {
    }

    /** DUIS DeviceStatus values the device's answers to these SRVs set. */
    static final String COMMISSIONED = "Commissioned";
    static final String WITHDRAWN = "Withdrawn";

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("8.1.1", "Commission Device").body("CommissionDeviceSynchroniseClock").useCases("ECS70").roles(S)
                .statusWhenAnswered(COMMISSIONED, content -> true).reader(ConfigurationSrvs::synchroniseClock));
        // 8.5: the DCC's ACB hands its own cell on the device to the party the supplier names (CS02b ACBByACB, 0x0104),
        // in its own name and MACed, as DCC's message is; the DCC holds the request to its mandatory ExecutionDateTime.
        // Once the device confirms, the DCC can no longer reach it: the device is Withdrawn.
        c.add(Srv.of("8.5", "Service Opt Out").body("ServiceOptOut").useCases("CS02bACBByACB").roles(S)
                .choice((srv, sr, role, directory) -> {
                    // DUIS makes 8.5's ExecutionDateTime mandatory (MandatoryFutureDated), schema or no schema.
                    if (sr.body().child("ExecutionDateTime").isEmpty()) {
                        throw new DuisException(DuisCodes.E12, "8.5 needs its ExecutionDateTime");
                    }
                    return "CS02bACBByACB";
                })
                .sender(Srv.Sender.ACB_OWN_NAME).futureDating(Srv.FutureDating.DCC)
                .statusWhenAnswered(WITHDRAWN, LifecycleSrvs::credentialsReplaced).reader(LifecycleSrvs::serviceOptOut));
        c.add(Srv.of("8.11", "Update HAN Device Log").body("UpdateHANDeviceLog").useCases("CCS01", "CCS02").roles(S, O)
                .futureDating(Srv.FutureDating.DCC)
                .choice((srv, request, role, directory) -> "Remove".equals(request.body().child("RequestType")
                        .map(XmlNode::text).orElse(null)) ? "CCS02" : "CCS01")
                .reader(LifecycleSrvs::updateHanDeviceLog));
        // 8.9: to a hub, the log and its devices' HAN figures (CCS05/CCS04), or with ReadSecurityDetails the backups of
        // the log and the historic log with their link keys (CCS07); to a meter, the devices it is joined with (CS07).
        c.add(Srv.of("8.9", "Read Device Log").body("ReadDeviceLog").useCases("CCS05CCS04", "CCS07", "CS07").roles(S, O)
                .futureDating(Srv.FutureDating.DCC)
                .choice((srv, request, role, directory) -> {
                    Optional<String> type = directory.deviceType(request.requestId().target());
                    if (type.isPresent() && !type.get().equals("CHF")) {
                        return "CS07";
                    }
                    return request.body().child("ReadSecurityDetails").isPresent() ? "CCS07" : "CCS05CCS04";
                })
                .reader(r -> switch (r.useCase()) {
                    case "CS07" -> new Srv.Command.Asn1(JoinService.CS07, JoinService.encodeReadDeviceLog());
                    case "CCS07" -> Dlms.of(new ChfDeviceLog.ReadLogs());
                    default -> Dlms.of(new ChfDeviceLog.Read());
                }));
        // 8.12.1: the old hub's log, as the DSP last backed it up (CCS07), onto its replacement (CCS03, the ACB's alone);
        // the devices rejoin without being installed again. Without a backup there is nothing to restore (E12).
        c.add(Srv.of("8.12.1", "Restore HAN Device Log").body("RestoreHANDeviceLog").useCases("CCS03").roles(S)
                .reader(r -> {
                    Eui64 old;
                    try {
                        old = Eui64.parse(r.body().text("OldCHFID"));
                    } catch (IllegalArgumentException e) {
                        throw new DuisException(DuisCodes.E12, "OldCHFID: " + e.getMessage());
                    }
                    if (old.equals(r.serviceRequest().requestId().target())) {
                        throw new DuisException(DuisCodes.E12, "OldCHFID is the hub the log is restored to");
                    }
                    return Dlms.of(r.directory().hanLogBackup(old).orElseThrow(() -> new DuisException(DuisCodes.E12,
                            "the DCC holds no backup of " + old + "'s device log (8.9 with ReadSecurityDetails takes one)")));
                }));
        c.add(Srv.of("8.7.1", "Join Service (Critical)").body("JoinServiceCritical").useCases("CS03A1", "CS03A2").roles(S)
                .choice(LifecycleSrvs::joinMethod).reader(LifecycleSrvs::join));
        // The non-critical join and unjoin go from the ACB, signed by it (the RTDS's CS03A2NonCritical, CS04ACNonCritical).
        c.add(Srv.of("8.7.2", "Join Service (Non-Critical)").body("JoinServiceNonCritical").useCases("CS03A2").roles(S, O)
                .sender(Srv.Sender.ACB_ON_BEHALF).choice(LifecycleSrvs::joinMethod)
                .reader(LifecycleSrvs::join));
        c.add(Srv.of("8.8.1", "Unjoin Service (Critical)").body("UnjoinServiceCritical").useCases("CS04AC").roles(S)
                .reader(LifecycleSrvs::unjoin));
        c.add(Srv.of("8.8.2", "Unjoin Service (Non-Critical)").body("UnjoinServiceNonCritical").useCases("CS04AC").roles(S, O)
                .sender(Srv.Sender.ACB_ON_BEHALF).reader(LifecycleSrvs::unjoin));
    }

    /**
     * Method A's two sides (GBCS 13.7): the meter (ESME) initiates (CS03A1), the HCALCS or PPMID responds (CS03A2); the
     * inventory says which the target is. Gas devices' methods B and C are not modelled (E11).
     */
    private static String joinMethod(Srv srv, ServiceRequest request, org.dccsim.duis.UserRole role, DeviceDirectory directory)
            throws DuisException {
        Eui64 target = request.requestId().target();
        String type = directory.deviceType(target).orElseThrow(() -> new DuisException(DuisCodes.E12,
                "cannot choose the join method: the inventory does not know " + target));
        String useCase = switch (type) {
            case "ESME" -> "CS03A1";
            case "HCALCS", "PPMID" -> "CS03A2";
            default -> throw new DuisException(DuisCodes.E11, "dccsim joins ESMEs with HCALCS and PPMIDs (method A), not a " + type);
        };
        if (!srv.useCases().contains(useCase)) {
            throw new DuisException(DuisCodes.E11, srv.variant() + " does not join a " + type + " (" + useCase + ")");
        }
        return useCase;
    }

    /** The join: the other device and its type, from the inventory, which must pair with the target's side of method A. */
    private static Srv.Command join(Srv.Request r) throws DuisException {
        Eui64 other = otherDevice(r.body());
        String type = r.directory().deviceType(other).orElseThrow(() -> new DuisException(DuisCodes.E12,
                "cannot join with " + other + ": the inventory does not know it"));
        JoinService.Join j;
        if (r.useCase().equals("CS03A1")) {
            JoinService.DeviceType t = switch (type) {
                case "HCALCS" -> JoinService.DeviceType.HCALCS;
                case "PPMID" -> JoinService.DeviceType.PPMID;
                default -> throw new DuisException(DuisCodes.E11, "an ESME joins an HCALCS or a PPMID, not a " + type);
            };
            j = new JoinService.Join(JoinService.Method.A_INITIATOR, other, t);
        } else {
            if (!type.equals("ESME")) {
                throw new DuisException(DuisCodes.E11, "an HCALCS or PPMID joins an ESME, not a " + type);
            }
            j = new JoinService.Join(JoinService.Method.A_RESPONDER, other, JoinService.DeviceType.ESME);
        }
        return new Srv.Command.Asn1(j.messageCode(), JoinService.encode(j));
    }

    private static Srv.Command unjoin(Srv.Request r) throws DuisException {
        return new Srv.Command.Asn1(JoinService.CS04AC, JoinService.encodeUnjoin(otherDevice(r.body())));
    }

    private static Eui64 otherDevice(XmlNode body) throws DuisException {
        try {
            return Eui64.parse(body.text("OtherDeviceID"));
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "OtherDeviceID: " + e.getMessage());
        }
    }

    /**
     * 8.11: Add (CCS01) registers DeviceID with its install code and opens the HAN for JoinTimePeriod seconds; Remove
     * (CCS02) takes it off the log. CCS01 carries the device's HAN type, which the body does not: the DCC's inventory
     * gives it; without one, an ImportMPxN of 13 digits (an MPAN) says ESME and any other MPxN (an MPRN) GSME.
     */
    private static Srv.Command updateHanDeviceLog(Srv.Request r) throws DuisException {
        XmlNode body = r.body();
        Eui64 device;
        try {
            device = Eui64.parse(body.text("DeviceID"));
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "DeviceID: " + e.getMessage());
        }
        if (r.useCase().equals("CCS02")) {
            return Dlms.of(new ChfDeviceLog.RemoveDevice(device));
        }
        if (!"Add".equals(body.text("RequestType"))) {
            throw new DuisException(DuisCodes.E12, "RequestType must be Add or Remove");
        }
        XmlNode add = Fields.required(body, "AddDeviceToCHFWhitelist");
        int join = (int) Fields.number(add, "JoinTimePeriod", 1, 3600);
        String code = add.text("InstallCode");
        byte[] installCode;
        try {
            installCode = HexFormat.of().parseHex(code == null ? "" : code.trim());
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "InstallCode must be hexadecimal");
        }
        if (installCode.length < 6 || installCode.length > 16) {
            throw new DuisException(DuisCodes.E12, "InstallCode must be 6 to 16 octets, not " + installCode.length);
        }
        Optional<HanDeviceType> type;
        Optional<String> known = r.directory().deviceType(device);
        if (known.isPresent()) {
            try {
                type = Optional.of(HanDeviceType.valueOf(known.get()));
            } catch (IllegalArgumentException e) {
                throw new DuisException(DuisCodes.E11, "a " + known.get() + " does not go on a hub's device log");
            }
        } else {
            String mpxn = add.child("ImportMPxN").map(XmlNode::text).map(String::trim).orElse(null);
            if (mpxn == null) {
                throw new DuisException(DuisCodes.E12, "cannot tell the HAN device type of " + device
                        + ": it is not in the inventory and the request has no ImportMPxN");
            }
            type = Optional.of(mpxn.matches("[0-9]{13}") ? HanDeviceType.ESME : HanDeviceType.GSME);
        }
        return Dlms.of(new ChfDeviceLog.AddDevice(device, type.get(), installCode, join));
    }

    /**
     * 8.5: mode 4, the ACB's own cell (role 4) and floor ([4], ACBFloorSeqNumber), no authorising party; the
     * replacement certificates are the new ACB's (the key agreement one mandatory, DUIS ReplacementCertificatesACB).
     */
    private static Srv.Command serviceOptOut(Srv.Request r) throws DuisException {
        XmlNode body = r.body();
        boolean cpvTimeChecks = Fields.bool(body, "ApplyTimeBasedCPVChecks");
        long floor = Fields.number(body, "ACBFloorSeqNumber", 0, Long.MAX_VALUE);
        List<LoadControllerCredentials.Replacement> reps = CredentialSrvs.replacements(
                Fields.required(body, "ReplacementCertificates"), LoadControllerCredentials.ROLE_ACB);
        List<byte[]> path = CredentialSrvs.certificationPath(body);
        var cmd = new LoadControllerCredentials.Command(LoadControllerCredentials.MODE_ACB_BY_ACB, cpvTimeChecks,
                LoadControllerCredentials.ROLE_ACB, r.dccCounter(), LoadControllerCredentials.ROLE_ACB, floor, null, reps,
                path, null);
        return new Srv.Command.Asn1(LoadControllerCredentials.ACB_BY_ACB, LoadControllerCredentials.encode(cmd));
    }

    /** A CS02b answer in which every certificate was replaced (status success). */
    static boolean credentialsReplaced(byte[] content) {
        try {
            return LoadControllerCredentials.decodeResponse(content).map(LoadControllerCredentials.Result::allReplaced)
                    .orElse(false);
        } catch (GbcsDecodeException e) {
            return false;
        }
    }
}
