package org.dccsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.XmlNode;
import org.dccsim.srv.DspScheduling;
import org.dccsim.srv.SrvCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dccsim sr inventory} and {@code dccsim sr schedule}: the DCC's own services on serviceD (command variant 8),
 * which the head-end answers at once (docs/headend.md).
 */
final class SrDccServices {
    private SrDccServices() {
    }

    private static final String FOOTER = "%nExit codes: 0 done, 2 bad input, 3 refused by the DCC (its code is printed),"
            + " 6 head-end unreachable.%n%nExamples:%n";

    /** What every one of these commands shares: the session options, and output as lines or JSON. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        SrSession.Options options;

        @Spec
        CommandSpec spec;

        abstract SrSession.Options parentOptions();

        /** Sends and returns what to print: lines, and the same as a JSON object. */
        abstract void run(SrSession s, List<String> lines, Map<String, Object> json);

        @Override
        public Integer call() throws Exception {
            options = options.over(parentOptions());
            PrintWriter out = spec.commandLine().getOut();
            List<String> lines = new ArrayList<>();
            Map<String, Object> json = new LinkedHashMap<>();
            try (SrSession s = new SrSession(options)) {
                run(s, lines, json);
            }
            if (options.json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } else {
                lines.forEach(out::println);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** A message's named child's text, or "-". */
    /** An element's leaves as JSON fields, named as DUIS names them with a lower-case first letter. */
    private static Map<String, Object> fields(XmlNode n) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (XmlNode f : n.children()) {
            row.put(Character.toLowerCase(f.name().charAt(0)) + f.name().substring(1), f.text());
        }
        return row;
    }

    private static String text(XmlNode n, String child) {
        return n.child(child).map(XmlNode::text).map(String::trim).orElse("-");
    }

    private static XmlNode message(DuisResponse r) {
        return r.content() instanceof DuisResponse.Content.NonDevice n ? n.message() : null;
    }

    @Command(name = "inventory", mixinStandardHelpOptions = true,
            description = "Read a device's entry in the DCC's inventory (DUIS 8.2): type, status, model, firmware.",
            footer = FOOTER + "  dccsim sr inventory 00-DB-12-34-56-78-90-A0%n")
    static final class Inventory extends Base {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device's EUI-64.")
        String device;

        @picocli.CommandLine.ParentCommand
        SrCommand parent;

        @Override
        SrSession.Options parentOptions() {
            return parent == null ? null : parent.options;
        }

        @Override
        void run(SrSession s, List<String> lines, Map<String, Object> json) {
            DuisResponse r = s.nonDevice("8.2", XmlNode.element("ReadInventory",
                    XmlNode.leaf("DeviceID", SrSession.device(device).dashed())));
            XmlNode inventory = message(r);
            if (inventory == null) {
                throw new UserError(ExitCodes.CHECK_FAILED, "the DCC's answer to 8.2 holds no DSPInventory");
            }
            List<Map<String, Object>> devices = new ArrayList<>();
            for (XmlNode d : inventory.all("Device")) {
                devices.add(fields(d));
                lines.add(String.format("%s  %s  %s  %s %s, firmware %s, GBCS %s", text(d, "DeviceID"), text(d, "DeviceType"),
                        text(d, "DeviceStatus"), text(d, "DeviceManufacturer"), text(d, "DeviceModel"),
                        text(d, "DeviceFirmwareVersion"), text(d, "DeviceGBCSVersion")));
            }
            json.put("devices", devices);
        }
    }

    @Command(name = "wan-matrix", mixinStandardHelpOptions = true,
            description = "Ask the DCC whether an address has SM WAN coverage (DUIS 12.1 Request WAN Matrix).",
            footer = FOOTER + "  dccsim sr wan-matrix --postcode \"M22 0RR\" --address \"Threapwood Road\"%n")
    static final class WanMatrix extends Base {
        @Option(names = "--postcode", paramLabel = "POSTCODE", description = "The address's postcode.")
        String postcode;

        @Option(names = "--address", paramLabel = "TEXT", defaultValue = "", description = "House name, number or street.")
        String address;

        @Option(names = "--uprn", paramLabel = "UPRN", description = "The address's UPRN, instead of a postcode.")
        String uprn;

        @picocli.CommandLine.ParentCommand
        SrCommand parent;

        @Override
        SrSession.Options parentOptions() {
            return parent == null ? null : parent.options;
        }

        @Override
        void run(SrSession s, List<String> lines, Map<String, Object> json) {
            if ((postcode == null) == (uprn == null)) {
                throw new UserError(ExitCodes.BAD_INPUT, "give --postcode (with --address) or --uprn");
            }
            XmlNode request = postcode != null
                    ? XmlNode.element("RequestWANMatrix", XmlNode.element("PartialAddress", XmlNode.leaf("PostCode", postcode),
                            XmlNode.leaf("AddressIdentifier", address)))
                    : XmlNode.element("RequestWANMatrix", XmlNode.leaf("UPRN", uprn));
            XmlNode matrix = message(s.nonDevice("12.1", request));
            if (matrix == null) {
                throw new UserError(ExitCodes.CHECK_FAILED, "the DCC's answer to 12.1 holds no DSPWANMatrix");
            }
            List<Map<String, Object>> regions = new ArrayList<>();
            for (XmlNode r : matrix.all("DSPWANMatrixResponse")) {
                regions.add(fields(r));
                lines.add(String.format("region %s: coverage %s, likelihood %s, %s", text(r, "CSPRegion"),
                        text(r, "CoverageAvailability"), text(r, "ConnectivityLikelihood"), text(r, "WANTechnology")));
            }
            json.put("regions", regions);
        }
    }

    /** A change to the DCC's inventory (answered I99 when made). */
    abstract static class InventoryChange extends Base {
        @picocli.CommandLine.ParentCommand
        SrCommand parent;

        @Override
        SrSession.Options parentOptions() {
            return parent == null ? null : parent.options;
        }

        abstract String srv();

        abstract XmlNode body();

        abstract String done();

        @Override
        void run(SrSession s, List<String> lines, Map<String, Object> json) {
            DuisResponse r = s.nonDevice(srv(), body());
            json.put("srv", srv());
            json.put("responseCode", r.code());
            lines.add(done() + " (" + srv() + ", " + r.code() + ")");
        }
    }

    @Command(name = "prenotify", mixinStandardHelpOptions = true,
            description = "Tell the DCC of a device before it is installed (DUIS 12.2 Device Pre-notification): its "
                    + "inventory entry becomes Pending. dccsim pre-notifies the devices of a lab made with --uncommissioned.",
            footer = FOOTER + "  dccsim sr --lab my-lab prenotify 00DB200000000000 --type HCALCS%n")
    static final class Prenotify extends InventoryChange {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device's EUI-64.")
        String device;

        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "Its DUIS device type: ESME, or HCALCS for a SAPC (DUIS 5.4 has no SAPC type).")
        String type;

        @Option(names = "--manufacturer", defaultValue = "DCCSIM", description = "Its manufacturer (default: ${DEFAULT-VALUE}).")
        String manufacturer;

        @Option(names = "--model", defaultValue = "SIM", description = "Its model (default: ${DEFAULT-VALUE}).")
        String model;

        @Override
        String srv() {
            return "12.2";
        }

        @Override
        XmlNode body() {
            return org.dccsim.duis.Bodies.devicePrenotification(SrSession.device(device), manufacturer, model, type);
        }

        @Override
        String done() {
            return SrSession.device(device) + " pre-notified: Pending";
        }
    }

    @Command(name = "set-status", mixinStandardHelpOptions = true,
            description = "Set a device's status in the DCC's inventory (DUIS 8.4 Update Inventory, "
                    + "UpdateDeviceStatusExceptCH): Pending or InstalledNotCommissioned, as its supplier.",
            footer = FOOTER + "  dccsim sr --lab my-lab set-status 00DB200000000000 InstalledNotCommissioned%n")
    static final class SetStatus extends InventoryChange {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device's EUI-64.")
        String device;

        @Parameters(index = "1", paramLabel = "STATUS", description = "Pending or InstalledNotCommissioned.")
        String status;

        @Override
        String srv() {
            return "8.4";
        }

        @Override
        XmlNode body() {
            return org.dccsim.duis.Bodies.updateDeviceStatus(SrSession.device(device), status);
        }

        @Override
        String done() {
            return SrSession.device(device) + " is " + status;
        }
    }

    @Command(name = "decommission", mixinStandardHelpOptions = true,
            description = "Decommission a device (DUIS 8.3), as its supplier: the DCC refuses requests to it (E5) from then on.",
            footer = FOOTER + "  dccsim sr --lab my-lab decommission 00DB200000000000%n")
    static final class Decommission extends InventoryChange {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device's EUI-64.")
        String device;

        @Override
        String srv() {
            return "8.3";
        }

        @Override
        XmlNode body() {
            return XmlNode.element("DecommissionDevice", XmlNode.leaf("DeviceID", SrSession.device(device).dashed()));
        }

        @Override
        String done() {
            return SrSession.device(device) + " is Decommissioned";
        }
    }

    @Command(name = "opt-in", mixinStandardHelpOptions = true,
            description = "Opt a device back in to the DCC (DUIS 8.6 Service Opt In, as its supplier), after opt-out "
                    + "(8.5): the DCC answers with its ACB's certificates, to be placed back in the device's ACB cell, and "
                    + "the device is InstalledNotCommissioned until commissioned (8.1.1).",
            footer = FOOTER + "  dccsim sr opt-in 00DB1234567890A0 --type ESME --mpxn 1312345678111 --out acb%n")
    static final class OptIn extends Base {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device's EUI-64.")
        String device;

        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "Its DUIS device type: ESME, or HCALCS for a SAPC.")
        String type;

        @Option(names = "--mpxn", required = true, paramLabel = "MPAN", description = "The import MPAN (13 digits).")
        String mpxn;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The opt-in date (default: the head-end's today, UTC).")
        String date;

        @Option(names = "--out", paramLabel = "PREFIX",
                description = "Write the ACB's certificates as PREFIX-ds.pem and PREFIX-ka.pem.")
        String out;

        @picocli.CommandLine.ParentCommand
        SrCommand parent;

        @Override
        SrSession.Options parentOptions() {
            return parent == null ? null : parent.options;
        }

        @Override
        void run(SrSession s, List<String> lines, Map<String, Object> json) {
            if (!mpxn.matches("[0-9]{13}")) {
                throw new UserError(ExitCodes.BAD_INPUT, "--mpxn " + mpxn + " is not a 13-digit MPAN");
            }
            LocalDate on;
            try {
                on = date == null ? LocalDate.ofInstant(s.headEndNow(), java.time.ZoneOffset.UTC) : LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "--date " + date + " is not YYYY-MM-DD");
            }
            DuisResponse r = s.nonDevice("8.6", org.dccsim.duis.Bodies.serviceOptIn(SrSession.device(device), type, mpxn, on));
            XmlNode optIn = message(r);
            if (optIn == null) {
                throw new UserError(ExitCodes.CHECK_FAILED, "the DCC's answer to 8.6 holds no DSPOptIn");
            }
            json.put("srv", "8.6");
            json.put("responseCode", r.code());
            lines.add(SrSession.device(device) + " opted in (8.6, " + r.code() + "): InstalledNotCommissioned");
            for (String[] c : new String[][] {{"DSPBrokerSecurityCredentialsDigitalSigning", "ds"},
                {"DSPBrokerSecurityCredentialsKeyAgreement", "ka"}}) {
                Optional<String> b64 = optIn.child(c[0]).map(XmlNode::text).map(String::trim);
                if (b64.isEmpty()) {
                    continue;
                }
                json.put("acb" + c[1].toUpperCase(java.util.Locale.ROOT) + "Certificate", b64.get());
                if (out != null) {
                    Path f = Path.of(out + "-" + c[1] + ".pem");
                    try {
                        Files.writeString(f, org.dccsim.gbcs.crypto.PemFiles.pem("CERTIFICATE",
                                java.util.Base64.getMimeDecoder().decode(b64.get())), java.nio.charset.StandardCharsets.US_ASCII);
                    } catch (java.io.IOException | IllegalArgumentException e) {
                        throw new UserError(ExitCodes.BAD_INPUT, "cannot write " + f + ": " + e.getMessage());
                    }
                    lines.add("  the DCC's ACB " + c[1].toUpperCase(java.util.Locale.ROOT) + " certificate: " + f);
                } else {
                    lines.add("  the DCC's ACB " + c[1].toUpperCase(java.util.Locale.ROOT) + " certificate: " + b64.get());
                }
            }
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = "DSP schedules (DUIS 5.1 to 5.3): reads the DCC runs for you on its clock.",
            subcommands = {Create.class, ListSchedules.class, Delete.class})
    static final class Schedule {
        @Mixin
        SrSession.Options options;

        @picocli.CommandLine.ParentCommand
        SrCommand parent;

        SrSession.Options options() {
            return options.over(parent == null ? null : parent.options);
        }
    }

    /** A subcommand of {@code sr schedule}: its options over the parent's. */
    abstract static class ScheduleVerb extends Base {
        @picocli.CommandLine.ParentCommand
        Schedule parent;

        @Override
        SrSession.Options parentOptions() {
            return parent == null ? null : parent.options();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Ask the DCC to run a read on a schedule (DUIS 5.1); each answer arrives as a DSPScheduledMessage "
                    + "(dccsim sr watch shows them). Prints the schedule's id.",
            footer = FOOTER + "  dccsim sr schedule create --device 00-DB-12-34-56-78-90-A0 --srv 4.8.1 --start 2026-12-04 "
                    + "--time 01:00%n  (every day at 01:00 UTC, the previous day's 48 half-hours)%n")
    static final class Create extends ScheduleVerb {

        @Option(names = "--device", required = true, paramLabel = "EUI", description = "The device to read.")
        String device;

        @Option(names = "--srv", required = true, paramLabel = "SRV", description = "The read to run: one of ${COMPLETION-CANDIDATES}.",
                completionCandidates = Schedulable.class)
        String srv;

        @Option(names = "--frequency", defaultValue = "Daily", paramLabel = "F",
                description = "Daily, Weekly, Monthly, Quarterly, Half-Yearly or Yearly (default ${DEFAULT-VALUE}).")
        String frequency;

        @Option(names = "--start", required = true, paramLabel = "DATE", description = "The first day (yyyy-mm-dd).")
        String start;

        @Option(names = "--end", paramLabel = "DATE", description = "The last day, if any.")
        String end;

        @Option(names = "--time", defaultValue = "00:00", paramLabel = "HH:MM",
                description = "When on each day it runs, UTC (default ${DEFAULT-VALUE}).")
        String time;

        @Option(names = "--days-back", defaultValue = "1", paramLabel = "N",
                description = "For reads over a period: the period is the whole day N days before each run (default ${DEFAULT-VALUE}).")
        int daysBack;


        @Override
        void run(SrSession s, List<String> lines, Map<String, Object> json) {
            String element = DspScheduling.requestElement(SrvCatalogue.standard(), srv).orElseThrow(() -> new UserError(
                    ExitCodes.BAD_INPUT, "--srv " + srv + " cannot be scheduled; DUIS allows " + new java.util.TreeSet<>(
                            DspScheduling.schedulable()) + (DspScheduling.schedulable(srv) ? ", but dccsim does not support "
                            + srv + " yet" : "")));
            if (daysBack < 1 || daysBack > 400) {
                throw new UserError(ExitCodes.BAD_INPUT, "--days-back must be 1 to 400");
            }
            LocalDate first = date("--start", start);
            LocalDate last = end == null ? null : date("--end", end);
            LocalTime at;
            try {
                at = LocalTime.parse(time);
            } catch (DateTimeParseException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "--time '" + time + "' is not HH:MM");
            }
            String[] parts = srv.split("\\.");
            List<XmlNode> def = new ArrayList<>(List.of(XmlNode.leaf("ScheduleFrequency", frequency),
                    XmlNode.leaf("ScheduleStartDate", first.toString())));
            if (last != null) {
                def.add(XmlNode.leaf("ScheduleEndDate", last.toString()));
            }
            def.add(XmlNode.leaf("ScheduleExecutionStartTime",
                    String.format("%02d:%02d:%02dZ", at.getHour(), at.getMinute(), at.getSecond())));
            def.add(XmlNode.leaf("DSPScheduledServiceReference", parts.length > 2 ? parts[0] + "." + parts[1] : srv));
            def.add(XmlNode.leaf("DSPScheduledServiceReferenceVariant", srv));
            def.add(XmlNode.leaf("DeviceID", SrSession.device(device).dashed()));
            def.add(DspScheduling.readsOverAPeriod(srv) ? XmlNode.element(element, XmlNode.leaf("StartDateOffset", "-" + daysBack),
                    XmlNode.leaf("StartTime", "00:00:00Z"), XmlNode.leaf("EndDateOffset", "-" + daysBack),
                    XmlNode.leaf("EndTime", "23:30:00Z")) : XmlNode.element(element, List.of()));
            DuisResponse r = s.nonDevice("5.1", XmlNode.element("CreateSchedule", def));
            XmlNode id = message(r);
            String scheduleId = id == null ? "?" : id.text();
            json.put("scheduleId", scheduleId);
            lines.add("schedule " + scheduleId + ": " + srv + " of " + SrSession.device(device).dashed() + ", " + frequency
                    + " at " + at + " UTC from " + first + (last == null ? "" : " to " + last));
        }

        private static LocalDate date(String option, String text) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new UserError(ExitCodes.BAD_INPUT, option + " '" + text + "' is not a date (yyyy-mm-dd)");
            }
        }
    }

    /** Picocli's completion candidates for --srv. */
    static final class Schedulable extends ArrayList<String> {
        Schedulable() {
            super(new java.util.TreeSet<>(DspScheduling.schedulable()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your schedules for a device, or one by id (DUIS 5.2).",
            footer = FOOTER + "  dccsim sr schedule list --device 00-DB-12-34-56-78-90-A0%n")
    static final class ListSchedules extends ScheduleVerb {

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Which which;


        @Override
        void run(SrSession s, List<String> lines, Map<String, Object> json) {
            XmlNode read = message(s.nonDevice("5.2", XmlNode.element("ReadSchedule", which.selector())));
            List<Map<String, Object>> all = new ArrayList<>();
            for (XmlNode x : read == null ? List.<XmlNode>of() : read.all("DSPSchedules")) {
                XmlNode d = x.child("DSPScheduleDetails").orElse(XmlNode.element("DSPScheduleDetails", List.of()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("scheduleId", text(x, "DSPScheduleID"));
                row.put("srv", text(d, "DSPScheduledServiceReferenceVariant"));
                row.put("device", text(d, "DeviceID"));
                row.put("frequency", text(d, "ScheduleFrequency"));
                row.put("start", text(d, "ScheduleStartDate"));
                row.put("end", text(d, "ScheduleEndDate"));
                row.put("time", text(d, "ScheduleExecutionStartTime"));
                all.add(row);
                lines.add(String.format("%s  %s of %s, %s at %s from %s to %s", row.get("scheduleId"), row.get("srv"),
                        row.get("device"), row.get("frequency"), row.get("time"), row.get("start"), row.get("end")));
            }
            json.put("schedules", all);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule, or all yours for a device (DUIS 5.3).",
            footer = FOOTER + "  dccsim sr schedule delete --id 1%n")
    static final class Delete extends ScheduleVerb {

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Which which;


        @Override
        void run(SrSession s, List<String> lines, Map<String, Object> json) {
            DuisResponse r = s.nonDevice("5.3", XmlNode.element("DeleteSchedule", which.selector()));
            json.put("responseCode", r.code());
            lines.add("deleted (" + r.code() + ")");
        }
    }

    /** A schedule by id or all of a device's. */
    static final class Which {
        @Option(names = "--id", paramLabel = "N", description = "The schedule's id.")
        Long id;

        @Option(names = "--device", paramLabel = "EUI", description = "Every schedule of yours for this device.")
        String device;

        XmlNode selector() {
            return id != null ? XmlNode.leaf("DSPScheduleID", Long.toString(id))
                    : XmlNode.leaf("DeviceID", SrSession.device(device).dashed());
        }
    }
}
