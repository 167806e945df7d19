package org.dccsim.headend.gateway;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;

/**
 * The DCC's own services on serviceD (command variant 8), answered at once: Read Inventory (8.2), Decommission
 * Device (8.3), Update Inventory's device status (8.4), Service Opt In (8.6), Return Local Command Response (8.13), the communications hub
 * status updates (8.14.1 to 8.14.4), the WAN matrix (12.1),
 * Device Pre-notification (12.2), and DSP schedules (5.1 Create, 5.2 Read, 5.3 Delete), which the
 * head-end then runs on its simulated clock. Which user may do what is decided here (DUIS leaves some to the DCC; the
 * decisions are in docs/headend.md).
 */
final class NonDeviceServices {
    /** DUIS DeviceStatus values dccsim tracks. A configured device starts Commissioned. */
    static final String COMMISSIONED = "Commissioned";
    static final String INSTALLED_NOT_COMMISSIONED = "InstalledNotCommissioned";
    static final String DECOMMISSIONED = "Decommissioned";
    static final String PENDING = "Pending";
    static final String WITHDRAWN = "Withdrawn";
    /** DUIS: a pre-notified device its communications hub's log now lists (8.11 Add answered). */
    static final String WHITELISTED = "Whitelisted";
    /**
     * Not a DUIS status: a device dccsim simulates that the DCC has not yet been told of (12.2 not sent). The head-end
     * treats it as unknown (E19) until a Device Pre-notification makes it Pending; never shown in a response.
     */
    static final String NOT_PRENOTIFIED = "NotPrenotified";

    /** DUIS ScheduleFrequency as months and days between runs. */
    private static final Map<String, int[]> FREQUENCY = Map.of("Daily", new int[] {0, 1}, "Weekly", new int[] {0, 7},
            "Monthly", new int[] {1, 0}, "Quarterly", new int[] {3, 0}, "Half-Yearly", new int[] {6, 0},
            "Yearly", new int[] {12, 0});
    /** How many schedules one user may hold (a decision: DUIS's DSPSchedulesRead lists at most 99 per read). */
    static final int MAX_SCHEDULES_PER_USER = 1000;

    /** What the head-end lends these services. */
    interface Host {
        /** Throws E4 unless {@code user} in {@code role} may address {@code device}. */
        void checkMayAddress(DccUser user, UserRole role, DeviceRecord device) throws DuisException;

        /** A device the DCC knows: E19 for one it does not, or one not yet pre-notified. */
        DeviceRecord device(Eui64 eui) throws DuisException;

        /**
         * Whether a device's signature on a GBCS message verifies with the device's key (a signed response), or
         * {@code null} when the message is not signed by its originator (a MACed one, keyed to its recipient).
         */
        Boolean deviceSigned(byte[] wire, org.dccsim.gbcs.frame.GbcsMessage message);

        /** A device dccsim simulates, whether or not the DCC has been told of it. */
        java.util.Optional<DeviceRecord> simulated(Eui64 eui);

        String status(Eui64 device);

        /** Checks a request a schedule would send, as if the user had sent it (plan and transform); throws if it cannot run. */
        void checkRunnable(ServiceRequest sr, UserRole role) throws DuisException;

        /** The DCC's ACB and its DS and KA certificates as SMKI holds them (8.6's DSPOptIn); empty where none are given. */
        Eui64 accessControlBroker();

        List<java.security.cert.X509Certificate> organisationCertificates(Eui64 party);

        /** Arms the schedule's next run on the simulated clock. */
        void arm(Journal.DspSchedule schedule);

        Instant now();
    }

    private final Journal journal;
    private final Host host;

    NonDeviceServices(Journal journal, Host host) {
        this.journal = journal;
        this.host = host;
    }

    /** Whether dccsim answers this SRV on serviceD. */
    static boolean handles(String srv) {
        return Set.of("8.2", "8.3", "8.4", "8.6", "8.13", "8.14.1", "8.14.2", "8.14.3", "8.14.4", "12.1", "12.2", "5.1", "5.2", "5.3")
                .contains(srv);
    }

    /**
     * The answer's code and content: I0 with data, or I99 for a change with none to return (DUIS: a successful
     * non-device request that returns no data is acknowledged I99).
     */
    record Answer(String code, XmlNode message) {
    }

    Answer handle(DccUser user, ServiceRequest sr) throws DuisException {
        XmlNode body = sr.body();
        switch (sr.serviceReferenceVariant()) {
            case "8.2":
                return readInventory(body);
            case "8.3":
                return decommission(user, body);
            case "8.4":
                return updateInventory(user, body);
            case "8.6":
                return optIn(user, body);
            case "12.1":
                return wanMatrix(body);
            case "12.2":
                return prenotify(body);
            case "8.13":
                return returnLocalResponse(user, body);
            case "8.14.1":
                return hubStatus(user, body, "CHFInstallSuccessSMWAN", COMMISSIONED);
            case "8.14.2":
                return hubStatus(user, body, "CHFInstallSuccessNoSMWAN", INSTALLED_NOT_COMMISSIONED);
            case "8.14.3":
                return hubStatus(user, body, "CHFFaultReturn", WITHDRAWN);
            case "8.14.4":
                return hubStatus(user, body, "CHFNoFaultReturn", WITHDRAWN);
            case "5.1":
                return createSchedule(user, sr);
            case "5.2":
                return readSchedules(user, body);
            case "5.3":
                return deleteSchedules(user, body);
            default:
                throw org.dccsim.srv.CoverageGaps.notSupported(sr.serviceReferenceVariant());
        }
    }

    private Answer readInventory(XmlNode body) throws DuisException {
        expect(body, "ReadInventory");
        Optional<String> id = body.child("DeviceID").map(XmlNode::text);
        if (id.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "dccsim reads the inventory by DeviceID only (it records no UPRN, MPxN or"
                    + " address)");
        }
        DeviceRecord d = host.device(eui(id.get()));
        // DUIS 5.4 has no SAPC device type; HCALCS, the HAN-connected auxiliary load controller, is the nearest, and a
        // schema-checking client would refuse anything else.
        String type = duisType(d);
        XmlNode device = XmlNode.element("Device", XmlNode.leaf("DeviceID", d.eui().dashed()), XmlNode.leaf("DeviceType", type),
                XmlNode.leaf("DeviceStatus", host.status(d.eui())), XmlNode.leaf("DeviceManufacturer", "DCCSIM"),
                XmlNode.leaf("DeviceModel", d.type() + "-SIM"),
                XmlNode.leaf("DeviceFirmwareVersion", "1.0"), XmlNode.leaf("DeviceFirmwareVersionStatus", "Active"),
                XmlNode.leaf("DeviceGBCSVersion", "4.5"));
        return new Answer(DuisCodes.I0, XmlNode.element("DSPInventory", device));
    }

    /**
     * Postcode areas the northern communications service provider's region covers (Scotland and the north of England),
     * and those of the southern one (the south of England); every other area is Central. A decision: DUIS leaves the
     * regions to the DCC, and the simulated SM WAN behaves the same in all three.
     */
    private static final Set<String> NORTH = Set.of("AB", "BB", "BD", "BL", "CA", "DD", "DG", "DH", "DL", "EH", "FK",
            "FY", "G", "HD", "HG", "HS", "HU", "HX", "IV", "KA", "KW", "KY", "L", "LA", "LS", "M", "ML", "NE", "OL", "PA",
            "PH", "PR", "SR", "TD", "TS", "WA", "WF", "WN", "YO", "ZE");
    private static final Set<String> SOUTH = Set.of("BA", "BH", "BN", "BR", "BS", "CR", "CT", "DA", "DT", "E", "EC", "EN",
            "EX", "GU", "HA", "KT", "ME", "N", "NW", "PL", "PO", "RG", "RH", "SE", "SL", "SM", "SN", "SO", "SP", "SW",
            "TA", "TN", "TQ", "TR", "TW", "UB", "W", "WC");

    /**
     * DUIS 12.1, for any user: where an address's communications hub would reach the SM WAN. The simulated SM WAN
     * covers every address, so the answer is coverage with a high likelihood, in the postcode area's region; a UPRN
     * (dccsim keeps no address gazetteer) is answered for region Unknown. The request is echoed, as DUIS's
     * DSPWANMatrix has it.
     */
    private Answer wanMatrix(XmlNode body) throws DuisException {
        expect(body, "RequestWANMatrix");
        String region;
        Optional<XmlNode> address = body.child("PartialAddress");
        if (address.isPresent()) {
            String postcode = address.get().text("PostCode");
            String trimmed = postcode == null ? "" : postcode.trim().toUpperCase(java.util.Locale.ROOT);
            if (!trimmed.matches("[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}")) {
                throw new DuisException(DuisCodes.E12, "PostCode '" + postcode + "' is not a UK postcode");
            }
            String area = trimmed.replaceAll("[0-9].*", "");
            region = NORTH.contains(area) ? "North" : SOUTH.contains(area) ? "South" : "Central";
        } else if (body.child("UPRN").map(XmlNode::text).map(String::trim).filter(u -> u.matches("[1-9][0-9]{0,11}")).isPresent()) {
            region = "Unknown";
        } else {
            throw new DuisException(DuisCodes.E12, "RequestWANMatrix needs a PartialAddress or a UPRN of 1 to 12 digits");
        }
        XmlNode response = XmlNode.element("DSPWANMatrixResponse", XmlNode.leaf("CSPRegion", region),
                XmlNode.leaf("CSPRegionResponseCode", DuisCodes.I0), XmlNode.leaf("CoverageAvailability", "true"),
                XmlNode.leaf("WANTechnology", "dccsim simulated SM WAN"), XmlNode.leaf("ConnectivityLikelihood", "High"));
        return new Answer(DuisCodes.I0, XmlNode.element("DSPWANMatrix", XmlNode.element("Request", body.children()), response));
    }

    /** DUIS 8.3, by the device's supplier: requests to the device are refused (E5) from then on. */
    private Answer decommission(DccUser user, XmlNode body) throws DuisException {
        expect(body, "DecommissionDevice");
        DeviceRecord d = host.device(eui(body.text("DeviceID")));
        host.checkMayAddress(user, UserRole.SUPPLIER, d);
        if (DECOMMISSIONED.equals(host.status(d.eui()))) {
            throw new DuisException(DuisCodes.E5, d.eui() + " is already Decommissioned");
        }
        journal.deviceStatus(d.eui(), DECOMMISSIONED);
        return new Answer(DuisCodes.I99, null);
    }

    /**
     * DUIS 8.4's device status (UpdateDeviceStatusExceptCH: Pending or InstalledNotCommissioned), by the device's
     * supplier or network operator; a device that is InstalledNotCommissioned takes 8.1.1 (Commission Device), which
     * makes it Commissioned once it answers. Other 8.4 changes (details, MPxN, deletion) are refused E12.
     */
    private Answer updateInventory(DccUser user, XmlNode body) throws DuisException {
        expect(body, "UpdateInventory");
        DeviceRecord d = host.device(eui(body.text("DeviceID")));
        UserRole role = user.roles().contains(UserRole.SUPPLIER) && user.eui().equals(d.supplier()) ? UserRole.SUPPLIER
                : UserRole.NETWORK_OPERATOR;
        host.checkMayAddress(user, role, d);
        String status = body.child("UpdateDeviceStatusExceptCH").map(XmlNode::text).map(String::trim)
                .orElseThrow(() -> new DuisException(DuisCodes.E12, "dccsim's 8.4 updates UpdateDeviceStatusExceptCH only"));
        if (!status.equals(PENDING) && !status.equals(INSTALLED_NOT_COMMISSIONED)) {
            throw new DuisException(DuisCodes.E12, "UpdateDeviceStatusExceptCH must be Pending or InstalledNotCommissioned");
        }
        String now = host.status(d.eui());
        if (DECOMMISSIONED.equals(now) || WITHDRAWN.equals(now)) {
            // Withdrawn (8.5) comes back only through 8.6, which gives the ACB's certificates back.
            throw new DuisException(DuisCodes.E5, d.eui() + " is " + now);
        }
        journal.deviceStatus(d.eui(), status);
        return new Answer(DuisCodes.I99, null);
    }

    /**
     * DUIS 8.6 Service Opt In, by the device's supplier, for a device 8.5 opted out (Withdrawn; E5 otherwise): the DCC
     * answers with its ACB's certificates (DSPOptIn: DeviceID, the DS certificate, the KA certificate), which the
     * device's current ACB, outside the DCC, places back in the device's ACB cell; the device is InstalledNotCommissioned
     * and 8.1.1 commissions it once the DCC reaches it again. Decisions: the DeviceType must be the device's (E12), and
     * not a hub's (a hub is withdrawn by 8.14.3/8.14.4, for good); the ImportMPxN must be 13 digits and the OptInDate a
     * date (E12), neither kept, as dccsim's inventory keeps no MPxNs; a head-end that holds no KA certificate for its
     * ACB cannot answer (E12, naming what to configure).
     */
    private Answer optIn(DccUser user, XmlNode body) throws DuisException {
        expect(body, "ServiceOptIn");
        DeviceRecord d = host.device(eui(body.text("DeviceID")));
        host.checkMayAddress(user, UserRole.SUPPLIER, d);
        String type = body.text("DeviceType").trim();
        if (!type.equals(duisType(d))) {
            throw new DuisException(DuisCodes.E12, d.eui() + " is a " + duisType(d) + ", not a " + type);
        }
        if (d.type() == DeviceRecord.Type.CHF) {
            throw new DuisException(DuisCodes.E12, "8.6 opts in a device 8.5 opted out; a hub is withdrawn for good");
        }
        String mpxn = body.child("MPxNs").flatMap(m -> m.child("ImportMPxN")).map(XmlNode::text).map(String::trim).orElse("");
        if (!mpxn.matches("[0-9]{13}")) {
            throw new DuisException(DuisCodes.E12, "ImportMPxN '" + mpxn + "' is not a 13-digit MPAN");
        }
        try {
            java.time.LocalDate.parse(body.text("OptInDate").trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new DuisException(DuisCodes.E12, "OptInDate is not a date (YYYY-MM-DD)");
        }
        if (!WITHDRAWN.equals(host.status(d.eui()))) {
            throw new DuisException(DuisCodes.E5, d.eui() + " is " + host.status(d.eui()) + ", not opted out (Withdrawn)");
        }
        Eui64 acb = host.accessControlBroker();
        java.security.cert.X509Certificate ds = null;
        java.security.cert.X509Certificate ka = null;
        for (java.security.cert.X509Certificate c : host.organisationCertificates(acb)) {
            boolean[] usage = c.getKeyUsage();
            if (usage != null && usage.length > 4 && usage[4]) {
                ka = c;
            } else if (usage != null && usage[0]) {
                ds = c;
            }
        }
        if (ka == null) {
            throw new DuisException(DuisCodes.E12, "the DCC holds no key agreement certificate for its ACB " + acb
                    + " (put it in the head-end's keys directory as the RTDS keystore names it)");
        }
        List<XmlNode> answer = new ArrayList<>();
        answer.add(XmlNode.leaf("DeviceID", d.eui().dashed()));
        if (ds != null) {
            answer.add(XmlNode.leaf("DSPBrokerSecurityCredentialsDigitalSigning", base64(ds)));
        }
        answer.add(XmlNode.leaf("DSPBrokerSecurityCredentialsKeyAgreement", base64(ka)));
        journal.deviceStatus(d.eui(), INSTALLED_NOT_COMMISSIONED);
        return new Answer(DuisCodes.I0, XmlNode.element("DSPOptIn", answer));
    }

    private static String base64(java.security.cert.X509Certificate c) throws DuisException {
        try {
            return java.util.Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new DuisException(DuisCodes.E12, "the ACB's certificate cannot be encoded: " + e.getMessage());
        }
    }

    /**
     * DUIS 12.2 Device Pre-notification: tells the DCC of a device before it is installed, which enters its inventory
     * as Pending. Any DCC User may send it (DUIS's matrix lists every role). dccsim can only pre-notify the devices it
     * simulates and has not been told of (a lab made with --uncommissioned); the DeviceType must be the device's (a SAPC
     * is an HCALCS, as 8.2 lists it). Manufacturer, model and versions are checked for presence and not kept: 8.2
     * answers dccsim's own. I99, as the other changes here.
     */
    private Answer prenotify(XmlNode body) throws DuisException {
        expect(body, "DevicePrenotification");
        Eui64 eui = eui(body.text("DeviceID"));
        DeviceRecord d = host.simulated(eui).orElseThrow(() -> new DuisException(DuisCodes.E12,
                eui + " is not a device this dccsim simulates; only its own devices can be pre-notified"));
        if (!NOT_PRENOTIFIED.equals(host.status(eui))) {
            throw new DuisException(DuisCodes.E12, eui + " is already in the inventory (" + host.status(eui) + ")");
        }
        String type = body.text("DeviceType").trim();
        if (!type.equals(duisType(d))) {
            throw new DuisException(DuisCodes.E12, eui + " is a " + duisType(d) + ", not a " + type);
        }
        body.text("DeviceManufacturer");
        body.text("DeviceModel");
        journal.deviceStatus(eui, PENDING);
        return new Answer(DuisCodes.I99, null);
    }

    /** A local command's response is one GBCS message: bounded, as any device frame is. */
    static final int MAX_LOCAL_RESPONSE_BYTES = 64 * 1024;

    /**
     * DUIS 8.13 Return Local Command Response: the device's answer to a command sent to it locally (through a hand-held
     * terminal), returned by its supplier. The DCC checks what it can: the bytes are a GBCS response from a device in its
     * inventory, addressed to the user, who must be that device's supplier (E4 otherwise); a signed response must carry
     * the device's valid signature (a MACed one is keyed to the user, whom the DCC cannot stand in for). Anything else is
     * E12. Accepted: I99. dccsim keeps no record of local commands, so OriginalRequestID is read but not matched.
     */
    private Answer returnLocalResponse(DccUser user, XmlNode body) throws DuisException {
        expect(body, "ReturnLocalCommandResponse");
        String text = body.text("DeviceGBCSResponse").trim();
        if (text.length() > MAX_LOCAL_RESPONSE_BYTES * 4 / 3 + 4) {
            throw new DuisException(DuisCodes.E12, "DeviceGBCSResponse is larger than " + MAX_LOCAL_RESPONSE_BYTES + " bytes");
        }
        byte[] wire;
        org.dccsim.gbcs.frame.GbcsMessage message;
        try {
            wire = java.util.Base64.getMimeDecoder().decode(text);
            message = new org.dccsim.gbcs.frame.GbcsFrameDecoder().decode(wire);
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "DeviceGBCSResponse is not base64");
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            throw new DuisException(DuisCodes.E12, "DeviceGBCSResponse is not a GBCS message: " + e.getMessage());
        }
        org.dccsim.gbcs.frame.GeneralSigningApdu apdu = message.apdu();
        if (apdu.cra() != org.dccsim.gbcs.frame.CraFlag.RESPONSE) {
            throw new DuisException(DuisCodes.E12, "DeviceGBCSResponse is a " + apdu.cra() + ", not a response");
        }
        DeviceRecord d = host.device(apdu.originator());
        host.checkMayAddress(user, UserRole.SUPPLIER, d);
        if (!apdu.recipient().equals(user.eui())) {
            throw new DuisException(DuisCodes.E12, "the response is addressed to " + apdu.recipient() + ", not to " + user.eui());
        }
        if (Boolean.FALSE.equals(host.deviceSigned(wire, message))) {
            throw new DuisException(DuisCodes.E12, "the response's signature is not " + d.eui() + "'s");
        }
        return new Answer(DuisCodes.I99, null);
    }

    /**
     * DUIS 8.14.x, the communications hub's status updates, from the supplier of its site: installed with the SM WAN
     * (8.14.1), the DCC's hub is Commissioned, as dccsim's hubs are once they reach the WAN; installed without it
     * (8.14.2), InstalledNotCommissioned; returned faulty (8.14.3) or unused (8.14.4), Withdrawn, after which requests
     * to the hub are refused E5 (the simulated hub stays on the WAN: its site's meters are still reached). The
     * installation details (install type, MPxN, location, fault reason) are checked by the schema and not kept. A
     * DeviceID that is not a hub: E11. I99.
     */
    private Answer hubStatus(DccUser user, XmlNode body, String element, String status) throws DuisException {
        expect(body, element);
        DeviceRecord d = host.device(eui(body.text("DeviceID")));
        if (d.type() != DeviceRecord.Type.CHF) {
            throw new DuisException(DuisCodes.E11, d.eui() + " is a " + duisType(d) + ", not a communications hub");
        }
        host.checkMayAddress(user, UserRole.SUPPLIER, d);
        if (DECOMMISSIONED.equals(host.status(d.eui())) || WITHDRAWN.equals(host.status(d.eui())) && !status.equals(WITHDRAWN)) {
            throw new DuisException(DuisCodes.E5, d.eui() + " is " + host.status(d.eui()));
        }
        journal.deviceStatus(d.eui(), status);
        return new Answer(DuisCodes.I99, null);
    }

    /** The DUIS 5.4 DeviceType of an inventory entry: there is no SAPC type, and HCALCS is the nearest. */
    static String duisType(DeviceRecord d) {
        return switch (d.type()) {
            case ESME -> "ESME";
            case SAPC -> "HCALCS";
            case CHF -> "CHF";
        };
    }

    private Answer createSchedule(DccUser user, ServiceRequest sr) throws DuisException {
        XmlNode def = sr.body();
        expect(def, "CreateSchedule");
        Schedule s = Schedule.read(def);
        DeviceRecord d = host.device(s.device());
        if (!COMMISSIONED.equals(host.status(d.eui()))) {
            throw new DuisException(DuisCodes.E5, d.eui() + " is " + host.status(d.eui()));
        }
        long mine = journal.dspSchedules().stream().filter(x -> x.user().equals(user.eui())).count();
        if (mine >= MAX_SCHEDULES_PER_USER) {
            throw new DuisException(DuisCodes.E12, user.eui() + " holds " + mine + " schedules, the most dccsim keeps");
        }
        // The request each run sends, checked now as if the user had sent it: roles, the device, the body's fields.
        ServiceRequest probe = s.request(user.eui(), 1, host.now());
        UserRole role = null;
        DuisException last = new DuisException(DuisCodes.E2, "no role of " + user.eui() + " may send " + s.srv());
        for (UserRole r : user.roles()) {
            try {
                host.checkMayAddress(user, r, d);
                host.checkRunnable(probe, r);
                role = r;
                break;
            } catch (DuisException e) {
                last = e;
            }
        }
        if (role == null) {
            throw last;
        }
        Journal.DspSchedule created = journal.addSchedule(user.eui(), role.name(),
                sr.toXml().bytes());
        host.arm(created);
        return new Answer(DuisCodes.I0, XmlNode.leaf("DSPScheduleID", Long.toString(created.id())));
    }

    private Answer readSchedules(DccUser user, XmlNode body) throws DuisException {
        expect(body, "ReadSchedule");
        List<Journal.DspSchedule> found = select(user, body);
        List<XmlNode> listed = new ArrayList<>();
        for (Journal.DspSchedule x : found.subList(0, Math.min(99, found.size()))) {
            XmlNode def = definition(x);
            listed.add(XmlNode.element("DSPSchedules", XmlNode.leaf("DSPScheduleID", Long.toString(x.id())),
                    XmlNode.element("DSPScheduleDetails", def.children())));
        }
        return new Answer(DuisCodes.I0, XmlNode.element("DSPSchedulesRead", listed));
    }

    private Answer deleteSchedules(DccUser user, XmlNode body) throws DuisException {
        expect(body, "DeleteSchedule");
        for (Journal.DspSchedule x : select(user, body)) {
            journal.deleteSchedule(x.id());
        }
        return new Answer(DuisCodes.I99, null);
    }

    /** A user's schedules by DSPScheduleID or DeviceID; none found is E12 (others' schedules are not visible). */
    private List<Journal.DspSchedule> select(DccUser user, XmlNode body) throws DuisException {
        Optional<String> id = body.child("DSPScheduleID").map(XmlNode::text).map(String::trim);
        Optional<String> device = body.child("DeviceID").map(XmlNode::text);
        if (id.isEmpty() && device.isEmpty()) {
            throw new DuisException(DuisCodes.E12, body.name() + " names neither a DSPScheduleID nor a DeviceID");
        }
        Long wanted = null;
        if (id.isPresent()) {
            try {
                wanted = Long.parseLong(id.get());
            } catch (NumberFormatException e) {
                throw new DuisException(DuisCodes.E12, "DSPScheduleID is not a number");
            }
        }
        Eui64 forDevice = device.isPresent() ? eui(device.get()) : null;
        List<Journal.DspSchedule> out = new ArrayList<>();
        for (Journal.DspSchedule x : journal.dspSchedules()) {
            if (!x.user().equals(user.eui())) {
                continue;
            }
            if ((wanted != null && x.id() == wanted) || (forDevice != null && Schedule.read(definition(x)).device().equals(forDevice))) {
                out.add(x);
            }
        }
        if (out.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "no schedule of " + user.eui() + " matches");
        }
        return out;
    }

    /** The CreateSchedule element a schedule was made from. */
    static XmlNode definition(Journal.DspSchedule x) throws DuisException {
        return ServiceRequest.read(org.dccsim.duis.DuisDocuments.withoutSchema().parse(x.definition())).body();
    }

    private static void expect(XmlNode body, String element) throws DuisException {
        if (!body.name().equals(element)) {
            throw new DuisException(DuisCodes.E12, "the body is " + body.name() + ", not " + element);
        }
    }

    private static Eui64 eui(String text) throws DuisException {
        try {
            return Eui64.parse(text.trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DuisException(DuisCodes.E12, "'" + text + "' is not an EUI-64");
        }
    }

    /**
     * A DSPSchedule read and checked: when it runs, and the request each run sends. Runs are at ScheduleExecutionStartTime
     * (00:00 UTC when absent, a decision) on ScheduleStartDate and every period after, months added to the start date
     * (so a monthly schedule from the 31st runs on each month's last day), until the end of ScheduleEndDate.
     */
    record Schedule(String srv, String sr, Eui64 device, LocalDate start, LocalDate end, LocalTime time, int months,
            int days, String bodyElement, XmlNode offsets) {

        static Schedule read(XmlNode def) throws DuisException {
            int[] step = FREQUENCY.get(text(def, "ScheduleFrequency"));
            if (step == null) {
                throw new DuisException(DuisCodes.E12, "ScheduleFrequency must be one of " + FREQUENCY.keySet());
            }
            LocalDate start = date(text(def, "ScheduleStartDate"), "ScheduleStartDate");
            LocalDate end = def.child("ScheduleEndDate").isPresent() ? date(text(def, "ScheduleEndDate"), "ScheduleEndDate") : null;
            if (end != null && end.isBefore(start)) {
                throw new DuisException(DuisCodes.E12, "ScheduleEndDate is before ScheduleStartDate");
            }
            LocalTime time = LocalTime.MIDNIGHT;
            if (def.child("ScheduleExecutionStartTime").isPresent()) {
                try {
                    time = OffsetTime.parse(withZone(text(def, "ScheduleExecutionStartTime"))).withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalTime();
                } catch (DateTimeParseException e) {
                    throw new DuisException(DuisCodes.E12, "ScheduleExecutionStartTime is not an xs:time");
                }
            }
            if (def.child("KAPublicSecurityCredential").isPresent()) {
                throw new DuisException(DuisCodes.E12, "schedules with a KAPublicSecurityCredential are not supported by dccsim");
            }
            String srv = text(def, "DSPScheduledServiceReferenceVariant");
            if (!org.dccsim.srv.DspScheduling.schedulable(srv)) {
                throw new DuisException(DuisCodes.E12, "SRV " + srv + " cannot be scheduled (DUIS DSPScheduledServiceReferenceVariant)");
            }
            String sr = text(def, "DSPScheduledServiceReference");
            if (!srv.equals(sr) && !srv.startsWith(sr + ".")) {
                throw new DuisException(DuisCodes.E12, "DSPScheduledServiceReference " + sr + " does not go with " + srv);
            }
            Eui64 device = eui(text(def, "DeviceID"));
            // The last child is the request's own element, DUIS's name for the SRV's body with DSP in front.
            XmlNode what = def.children().get(def.children().size() - 1);
            if (!what.name().startsWith("DSP") || what.name().equals("DSPScheduledServiceReferenceVariant")) {
                throw new DuisException(DuisCodes.E12, "CreateSchedule ends with no DSP request element");
            }
            return new Schedule(srv, sr, device, start, end, time, step[0], step[1], what.name().substring(3), what);
        }

        /** The k-th run, counted from the start date. */
        Instant run(int k) {
            LocalDate day = months > 0 ? start.plusMonths((long) months * k) : start.plusDays((long) days * k);
            return day.atTime(time).toInstant(ZoneOffset.UTC);
        }

        /** The first run strictly after {@code after}, or null when the schedule has ended. */
        Instant nextAfter(Instant after) {
            // Skip ahead by whole periods, then step: a daily schedule created long after its start date costs no loop.
            // A month counts as 31 days here so the skip never passes the run it is looking for.
            long approxPeriodDays = months > 0 ? months * 31L : days;
            long k0 = Math.max(0, java.time.Duration.between(run(0), after).toDays() / Math.max(1, approxPeriodDays) - 1);
            for (long k = k0; k < k0 + 1000; k++) {
                Instant t = run((int) k);
                if (end != null && !t.isBefore(end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))) {
                    return null;
                }
                if (t.isAfter(after)) {
                    return t;
                }
            }
            return null;
        }

        /**
         * The request a run at {@code at} sends: the SRV's body (DSPReadActiveImportProfileData runs
         * ReadActiveImportProfileData), its ReadLogPeriod the run's day plus the offsets, at the given times (UTC).
         */
        ServiceRequest request(Eui64 user, long counter, Instant at) throws DuisException {
            List<XmlNode> children = new ArrayList<>();
            if (offsets.child("StartDateOffset").isPresent()) {
                LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
                Instant from = offsetTime(day, offsets, "StartDateOffset", "StartTime");
                Instant to = offsetTime(day, offsets, "EndDateOffset", "EndTime");
                if (to.isBefore(from)) {
                    throw new DuisException(DuisCodes.E12, "the schedule's read period ends before it starts");
                }
                children.add(XmlNode.element("ReadLogPeriod", XmlNode.leaf("StartDateTime", from.toString()),
                        XmlNode.leaf("EndDateTime", to.toString())));
            }
            org.dccsim.duis.RequestId id = new org.dccsim.duis.RequestId(user, device, counter);
            return ServiceRequest.of(id, 1, srv, XmlNode.element(bodyElement, children));
        }

        private static Instant offsetTime(LocalDate day, XmlNode offsets, String offset, String time) throws DuisException {
            long d;
            try {
                d = Long.parseLong(text(offsets, offset).trim());
            } catch (NumberFormatException e) {
                throw new DuisException(DuisCodes.E12, offset + " is not a whole number of days");
            }
            if (d > 0 || d < -400) {
                throw new DuisException(DuisCodes.E12, offset + " must be 0 to -400 days");
            }
            try {
                LocalTime t = OffsetTime.parse(withZone(text(offsets, time))).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
                return day.plusDays(d).atTime(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new DuisException(DuisCodes.E12, time + " is not an xs:time");
            }
        }

        private static String text(XmlNode n, String child) throws DuisException {
            String t = n.text(child);
            if (t == null || t.isBlank()) {
                throw new DuisException(DuisCodes.E12, n.name() + " has no " + child);
            }
            return t.trim();
        }

        private static LocalDate date(String text, String name) throws DuisException {
            try {
                return LocalDate.parse(text.endsWith("Z") ? text.substring(0, text.length() - 1) : text.replaceAll("[+-]\\d{2}:\\d{2}$", ""));
            } catch (DateTimeParseException e) {
                throw new DuisException(DuisCodes.E12, name + " '" + text + "' is not an xs:date");
            }
        }

        /** xs:time may omit its zone; DUIS times are UTC. */
        private static String withZone(String t) {
            return t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$") ? t : t + "Z";
        }
    }
}
