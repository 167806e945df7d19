package org.dccsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.XmlNode;
import org.dccsim.drill.ProfileReads;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.InspectionRenderer;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.payload.Payload;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.gbcs.usecase.LoadControllerCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code dccsim sr} verbs that send service requests as a user of the VLP profile. */
final class SrVerbs {
    private SrVerbs() {
    }

    static final String FOOTER = ExitCodes.HELP
            + "%nAgainst dccsim serve (the RTDS/Boxed profile; run it first in another terminal):%n";

    /** What every verb does: build the body, send it, wait, print. */
    abstract static class Verb implements Callable<Integer> {
        @Mixin
        SrSession.Options options;

        @picocli.CommandLine.ParentCommand
        SrCommand parent;

        @Spec
        CommandSpec spec;

        /** The session, for verbs whose body needs it (the head-end's clock, say); set before {@link #body()}. */
        SrSession session;

        abstract Eui64 device();

        abstract String srv();

        abstract XmlNode body();

        /** Adds verb-specific fields (a decoded profile, for example) to the printed result. */
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
        }

        /** Why the device's answer, though I0, means the command did not take effect; null if it did. */
        String failure() {
            return null;
        }

        /** After a success: whatever the verb must remember (credentials installed, say). */
        void succeeded(SrSession.Outcome o) {
        }

        /** An option's time, relative ones on the head-end's clock ({@link SrTime}). */
        Instant time(String option, String text) {
            return SrTime.parse(option, text, session::headEndNow);
        }

        /** A period's end: a time of day means the next one after {@code from}. */
        Instant end(String option, String text, Instant from) {
            return SrTime.parse(option, text, session::headEndNow, from);
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            options = options.over(parent == null ? null : parent.options);
            try (SrSession s = new SrSession(options)) {
                session = s;
                SrSession.Outcome o = s.send(device(), srv(), body(), spec.commandLine().getErr());
                Map<String, Object> result = new LinkedHashMap<>();
                List<String> lines = new ArrayList<>();
                List<String> failedItems = new ArrayList<>();
                result.put("requestId", o.requestId().toString());
                result.put("srv", o.srv());
                result.put("user", o.user().eui().toString());
                if (o.answer() == null) {
                    result.put("responseCode", "I99");
                    lines.add("accepted (I99): " + o.requestId() + " as " + o.user() + "; not waiting for the device (--no-wait)");
                } else {
                    result.put("responseCode", o.answer().code());
                    lines.add("response " + o.answer().code() + " to " + o.requestId() + " (" + o.srv() + ", sent as " + o.user() + ")");
                    byte[] gbcs = o.answer().content().gbcs().orElse(null);
                    if (gbcs != null) {
                        try {
                            Inspection in = new MessageInspector(new GbcsFrameDecoder(), s.readingKeys(o.user())).inspect(gbcs);
                            result.put("gbcs", InspectionRenderer.tree(in));
                            failedItems.addAll(DeviceResults.failed(in));
                            describe(in, result, lines);
                            if (o.answer().content() instanceof DuisResponse.Content.Cin cin) {
                                // DUIS 9.1: the DCC's digits, now on the consumer's display; the user asks them to read
                                // them back.
                                result.put("customerIdentificationNumber", cin.customerIdentificationNumber());
                                lines.add("  CIN      " + cin.customerIdentificationNumber()
                                        + " (on the consumer's display: ask them to read it back)");
                                lines.add("  items    " + DeviceResults.items(in));
                            } else if (lines.size() == 1) {
                                // No verb-specific reading: what the device did with each item (the whole decoded message
                                // is in --json's "gbcs", and dccsim gbcs decode shows it).
                                String items = DeviceResults.items(in);
                                lines.add(items == null ? InspectionRenderer.text(in).stripTrailing() : "  items    " + items);
                            }
                            lines.add("  checks   MAC " + DeviceResults.check(in.mac(), "no MAC") + ", signature "
                                    + DeviceResults.check(in.signature(), "not signed"));
                        } catch (GbcsDecodeException e) {
                            throw new UserError(ExitCodes.CHECK_FAILED, "the device's answer does not decode: " + e.getMessage());
                        }
                    }
                }
                List<Map<String, Object>> alerts = new ArrayList<>();
                for (DuisResponse a : o.alerts()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("alertCode", a.alertCode().orElse(null));
                    m.put("alert", DeviceResults.alertName(a.alertCode().orElse("")));
                    m.put("responseId", a.responseId());
                    alerts.add(m);
                    lines.add("alert " + a.alertCode().orElse("?") + " " + DeviceResults.alertName(a.alertCode().orElse(""))
                            + " (" + a.responseId() + ")");
                }
                result.put("alerts", alerts);
                if (!failedItems.isEmpty()) {
                    result.put("failedItems", failedItems);
                }
                if (options.json) {
                    try {
                        out.println(new ObjectMapper().writeValueAsString(result));
                    } catch (IOException e) {
                        throw new UserError(ExitCodes.INTERNAL_ERROR, "cannot write JSON: " + e.getMessage());
                    }
                } else {
                    lines.forEach(out::println);
                }
                out.flush();
                SrSession.deviceSucceeded(o);
                if (!failedItems.isEmpty()) {
                    throw new UserError(ExitCodes.DEVICE_ERROR, "the device did not carry out " + o.requestId() + ": "
                            + String.join("; ", failedItems));
                }
                String failed = failure();
                if (failed != null) {
                    throw new UserError(ExitCodes.DEVICE_ERROR, failed);
                }
                if (o.answer() != null) {
                    succeeded(o);
                }
                return ExitCodes.OK;
            }
        }
    }

    /** Rounded down to the half-hour. */
    static Instant halfHour(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond() - Math.floorMod(t.getEpochSecond(), 1800));
    }

    static void ordered(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--from " + from + " is not before --to " + to);
        }
    }

    /** A verb to one ESME, named by the first parameter. */
    abstract static class EsmeVerb extends Verb {
        @Parameters(index = "0", paramLabel = "ESME", description = "The ESME's EUI-64.")
        String device;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }
    }

    /** A verb whose request body is one empty element: the device's EUI is all it takes. */
    abstract static class DeviceOnlyVerb extends Verb {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device's EUI-64.")
        String device;

        /** The DUIS body element (DUIS XSD 5.4). */
        abstract String element();

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        XmlNode body() {
            return Bodies.empty(element());
        }
    }

    @Command(name = "read-registers", mixinStandardHelpOptions = true,
            description = "Read the meter's instantaneous energy registers (4.1.1 import, 4.2 export).",
            footer = FOOTER + "  dccsim sr read-registers 00DB1234567890A0 --direction export%n")
    static final class ReadRegisters extends DeviceOnlyVerb {
        @Option(names = "--direction", defaultValue = "import", paramLabel = "import|export",
                description = "Import (4.1.1) or export (4.2) registers; default ${DEFAULT-VALUE}.")
        String direction;

        @Override
        String srv() {
            return switch (direction) {
                case "import" -> "4.1.1";
                case "export" -> "4.2";
                default -> throw new UserError(ExitCodes.BAD_INPUT, "--direction must be import or export, not " + direction);
            };
        }

        @Override
        String element() {
            return "4.1.1".equals(srv()) ? "ReadInstantaneousImportRegisters" : "ReadInstantaneousExportRegisters";
        }

        /** The registers in kWh and kvarh (ECS17a/b: the active then the reactive register, each with its scaler-unit). */
        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            org.dccsim.gbcs.dlms.Data d = DeviceResults.answerData(in);
            if (d == null) {
                return;
            }
            List<String> values = DeviceResults.registerValues(d);
            String[] names = "4.1.1".equals(srv()) ? new String[] {"active import", "reactive import"}
                    : new String[] {"active export", "reactive export"};
            Map<String, Object> registers = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                String name = i < names.length ? names[i] : "register " + (i + 1);
                lines.add(String.format("  %-16s %s", name, values.get(i)));
                registers.put(name, values.get(i));
            }
            result.put("registers", registers);
        }
    }

    @Command(name = "read-firmware", mixinStandardHelpOptions = true, description = "Read the device's firmware version (11.2).",
            footer = FOOTER + "  dccsim sr read-firmware 00DB1234567890A6%n")
    static final class ReadFirmware extends DeviceOnlyVerb {
        @Override
        String srv() {
            return "11.2";
        }

        @Override
        String element() {
            return "ReadFirmwareVersion";
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            if (DeviceResults.answerData(in) instanceof org.dccsim.gbcs.dlms.Data.OctetString v) {
                lines.add("  firmware version " + DeviceResults.text(v));
                result.put("firmwareVersion", DeviceResults.text(v));
            }
        }
    }

    @Command(name = "activate-firmware", mixinStandardHelpOptions = true,
            description = "Have the ESME run a firmware image, given by its hash, now or from --at (11.3, CS06, critical; as "
                    + "the supplier). A simulated ESME holds every image: its version becomes the hash's first four octets.",
            footer = FOOTER + "  dccsim sr activate-firmware 00DB1234567890A0 --hash "
                    + "AA758690730934FF0685AA758690730934FF0685657788990011223344556677%n")
    static final class ActivateFirmware extends EsmeVerb {
        @Option(names = "--hash", required = true, paramLabel = "HEX", description = "The image's hash, 32 octets in hex.")
        String hash;

        @Option(names = "--at", paramLabel = "TIME", description = "Run it at this time (the meter holds it) instead of now.")
        String at;

        @Override
        String srv() {
            return "11.3";
        }

        @Override
        XmlNode body() {
            if (!hash.matches("[0-9A-Fa-f]{64}")) {
                throw new UserError(ExitCodes.BAD_INPUT, "--hash must be 32 octets in hex (64 digits)");
            }
            return Bodies.activateFirmware(at == null ? null : time("--at", at), hash.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Command(name = "commission", mixinStandardHelpOptions = true,
            description = "Commission an installed device (8.1.1, critical): its clock is set to the head-end's time, and "
                    + "once it answers the DCC's inventory shows it Commissioned.",
            footer = FOOTER + "  dccsim sr --lab my-lab commission 00DB100000000000%n")
    static final class Commission extends DeviceOnlyVerb {
        @Override
        String srv() {
            return "8.1.1";
        }

        @Override
        String element() {
            return "CommissionDeviceSynchroniseClock";
        }

        @Override
        XmlNode body() {
            Instant now = session.headEndNow().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            return XmlNode.element(element(), XmlNode.leaf("CurrentDateTime", now.toString()),
                    XmlNode.leaf("TolerancePeriod", "60"));
        }
    }

    @Command(name = "read-supply", mixinStandardHelpOptions = true, description = "Read the ESME's supply (load switch) status (7.4).",
            footer = FOOTER + "  dccsim sr read-supply 00DB1234567890A0%n")
    static final class ReadSupply extends DeviceOnlyVerb {
        @Override
        String srv() {
            return "7.4";
        }

        @Override
        String element() {
            return "ReadSupplyStatus";
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            if (DeviceResults.answerData(in) instanceof org.dccsim.gbcs.dlms.Data.Enumerated v) {
                lines.add("  supply " + DeviceResults.supplyState(v.value()));
                result.put("supply", DeviceResults.supplyState(v.value()));
            }
        }
    }

    @Command(name = "cin", mixinStandardHelpOptions = true,
            description = "Put a Customer Identification Number on the ESME's display and get it back (9.1, as an Other User: "
                    + "the consumer reads it to you to show you are at their premises' data with their consent).",
            footer = FOOTER + "  dccsim sr cin 00DB1234567890A0%n")
    static final class Cin extends DeviceOnlyVerb {
        @Override
        String srv() {
            return "9.1";
        }

        @Override
        String element() {
            return "RequestCustomerIdentificationNumber";
        }
    }

    @Command(name = "read-aux-config", mixinStandardHelpOptions = true,
            description = "Read the auxiliary controllers' configuration (7.14).",
            footer = FOOTER + "  dccsim sr read-aux-config 00DB1234567890A6%n")
    static final class ReadAuxConfig extends DeviceOnlyVerb {
        @Override
        String srv() {
            return "7.14";
        }

        @Override
        String element() {
            return "ReadAuxiliaryControllerConfigurationData";
        }
    }

    @Command(name = "read-aux-state", mixinStandardHelpOptions = true,
            description = "Read the auxiliary controllers' operational data (7.15).",
            footer = FOOTER + "  dccsim sr read-aux-state 00DB1234567890A6%n")
    static final class ReadAuxState extends DeviceOnlyVerb {
        @Override
        String srv() {
            return "7.15";
        }

        @Override
        String element() {
            return "ReadAuxiliaryControllerOperationalData";
        }
    }

    @Command(name = "supply", mixinStandardHelpOptions = true,
            description = "Enable, disable or arm the ESME's supply (7.1, 7.2, 7.3; critical; as the supplier).",
            footer = FOOTER + "  dccsim sr supply disable 00DB1234567890A0%n")
    static final class Supply extends Verb {
        @Parameters(index = "0", paramLabel = "enable|disable|arm", description = "What to do.")
        String action;

        @Parameters(index = "1", paramLabel = "DEVICE", description = "The ESME's EUI-64.")
        String device;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        String srv() {
            return switch (action) {
                case "enable" -> "7.1";
                case "disable" -> "7.2";
                case "arm" -> "7.3";
                default -> throw new UserError(ExitCodes.BAD_INPUT, "supply takes enable, disable or arm, not " + action);
            };
        }

        @Override
        XmlNode body() {
            return Bodies.empty(switch (srv()) {
                case "7.1" -> "EnableSupply";
                case "7.2" -> "DisableSupply";
                default -> "ArmSupply";
            });
        }
    }

    @Command(name = "read-profile", mixinStandardHelpOptions = true,
            description = "Read a meter's half-hour profile (4.8.1 import, 4.8.3 export) and print it as a table.",
            footer = FOOTER + "  dccsim sr read-profile 00DB1234567890A6 --from 2026-06-01T00:00:00Z --to 2026-06-01T06:00:00Z%n")
    static final class ReadProfile extends Verb {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The meter's EUI-64 (ESME or SAPC).")
        String device;

        @Option(names = "--from", required = true, paramLabel = "TIME",
                description = "Start of the first half-hour (2026-06-01T00:00:00Z, or now-3h, 16:00, ...); half-hours are "
                        + "labelled by their start, as settlement does.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the last half-hour.")
        String to;

        @Option(names = "--direction", defaultValue = "import", paramLabel = "import|export",
                description = "Active import (4.8.1) or export (4.8.3); default ${DEFAULT-VALUE}.")
        String direction;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        String srv() {
            return switch (direction) {
                case "import" -> "4.8.1";
                case "export" -> "4.8.3";
                default -> throw new UserError(ExitCodes.BAD_INPUT, "--direction must be import or export, not " + direction);
            };
        }

        @Override
        XmlNode body() {
            Instant f = halfHour(time("--from", from));
            Instant t = halfHour(end("--to", to, f));
            ordered(f, t);
            // The meter stamps each half-hour with its end: the capture times of the half-hours in [f, t) are (f, t].
            return Bodies.readLog("4.8.1".equals(srv()) ? "ReadActiveImportProfileData" : "ReadExportProfileData",
                    f.plus(java.time.Duration.ofMinutes(30)), t, null);
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            HalfHourProfile p = ProfileReads.of(in);
            if (p == null) {
                return;
            }
            // Half-hours by their start, as settlement labels them; the meter's entry carries its end (capture time).
            List<Map<String, Object>> rows = new ArrayList<>();
            lines.add(String.format("  %-22s %12s", "half-hour (start, UTC)", direction + " Wh"));
            for (HalfHourProfile.Entry e : p.entries()) {
                Instant start = e.timestamp().minus(java.time.Duration.ofMinutes(30));
                lines.add(String.format("  %-22s %12d", start, e.value()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("start", start.toString());
                row.put("wh", e.value());
                rows.add(row);
            }
            lines.add(String.format("  %-22s %12d  (%d half-hours)", "total", p.total(), p.entries().size()));
            result.put("profile", rows);
            result.put("totalWh", p.total());
        }
    }

    @Command(name = "limit-apc", mixinStandardHelpOptions = true,
            description = "Limit an auxiliary proportional controller's level for a period (7.16, critical; as the Load Controller).",
            footer = FOOTER + "  dccsim sr limit-apc 00DB1234567890A6 --controller 1 --level 20 "
                    + "--from 2026-06-01T17:00:00Z --to 2026-06-01T19:00:00Z%n")
    static final class LimitApc extends ControllerPeriodVerb {
        @Override
        String srv() {
            return "7.16";
        }

        @Override
        String element() {
            return "LimitAPCLevel";
        }
    }

    @Command(name = "set-aux-state", mixinStandardHelpOptions = true,
            description = "Set an auxiliary controller's state over a period (7.13, critical; as the supplier).",
            footer = FOOTER + "  dccsim sr set-aux-state 00DB1234567890A6 --controller 1 --level 50 --from 2026-06-01T17:00:00Z "
                    + "--to 2026-06-01T18:00:00Z%n")
    static final class SetAuxState extends ControllerPeriodVerb {
        @Override
        String srv() {
            return "7.13";
        }

        @Override
        String element() {
            return "SetAuxiliaryControllerState";
        }
    }

    /**
     * A controller, a level and a period: 7.16 limits and 7.13 states take the same body. One device, or a batch
     * ({@code --devices FILE} or {@code --tag TAG} of a lab) sent concurrently from this one process, each device's
     * result on a line (table, JSON or CSV) and a summary; the exit code is the worst outcome's.
     */
    abstract static class ControllerPeriodVerb extends Verb {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DEVICE", description = "The SAPC's (or ESME's) EUI-64; "
                + "or give --devices or --tag.")
        String device;

        @Option(names = "--controller", defaultValue = "1", paramLabel = "N",
                description = "Which auxiliary controller, 1-5 (default ${DEFAULT-VALUE}).")
        int controller;

        @Option(names = "--level", required = true, paramLabel = "PERCENT", description = "The commanded level, 0-100.")
        int level;

        @Option(names = "--from", required = true, paramLabel = "TIME",
                description = "Start of the period: an instant (2026-06-01T17:00:00Z), or relative to the head-end's clock "
                        + "(now, +1h, 17:00).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME",
                description = "End of the period, the same ways (a time of day: the next one after --from; a limit lasts "
                        + "at most 24 h).")
        String to;

        @Option(names = "--devices", paramLabel = "FILE", description = "Batch: every device in FILE (one EUI-64 per line, "
                + "or a lab's devices.csv, whose VLP column picks each asset's Load Controller).")
        Path devicesFile;

        @Option(names = "--tag", paramLabel = "TAG", description = "Batch: the lab's devices tagged TAG (a VLP such as "
                + "vlp1, an asset type such as heat-pump, or a site), from its devices.csv.")
        String tag;

        @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N",
                description = "Batch: requests in flight at once (default ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--format", defaultValue = "table", paramLabel = "table|json|csv",
                description = "Batch: how to print the results (default ${DEFAULT-VALUE}; --json means json).")
        String format;

        /** The DUIS body element (DUIS XSD 5.4). */
        abstract String element();

        @Override
        Eui64 device() {
            if (device == null) {
                throw new UserError(ExitCodes.BAD_INPUT, "give a DEVICE, --devices FILE or --tag TAG");
            }
            return SrSession.device(device);
        }

        @Override
        XmlNode body() {
            if (controller < 1 || controller > 5) {
                throw new UserError(ExitCodes.BAD_INPUT, "--controller must be 1 to 5");
            }
            if (level < 0 || level > 100) {
                throw new UserError(ExitCodes.BAD_INPUT, "--level must be 0 to 100 (a percentage)");
            }
            Instant f = time("--from", from);
            Instant t = end("--to", to, f);
            ordered(f, t);
            return Bodies.controllerPeriod(element(), controller, f, t, level);
        }

        @Override
        public Integer call() {
            if (devicesFile == null && tag == null) {
                return super.call();
            }
            if (device != null) {
                throw new UserError(ExitCodes.BAD_INPUT, "give a DEVICE or a batch (--devices, --tag), not both");
            }
            if (concurrency < 1 || concurrency > 256) {
                throw new UserError(ExitCodes.BAD_INPUT, "--concurrency must be 1 to 256");
            }
            return Batch.run(this, srv());
        }
    }

    @Command(name = "set-load-limit", mixinStandardHelpOptions = true,
            description = "Set the ESME's load limiting (6.4.1, critical; as the supplier), now or from --at.",
            footer = FOOTER + "  dccsim sr set-load-limit 00DB1234567890A0 --threshold 6900 --period 300 --restoration 30 "
                    + "--disable-supply%n")
    static final class SetLoadLimit extends EsmeVerb {
        @Option(names = "--threshold", required = true, paramLabel = "W", description = "Load limit power threshold, watts.")
        long threshold;

        @Option(names = "--period", required = true, paramLabel = "SECONDS", description = "How long above the threshold counts.")
        long period;

        @Option(names = "--restoration", required = true, paramLabel = "SECONDS", description = "Load limit restoration period.")
        long restoration;

        @Option(names = "--disable-supply", description = "Disable supply when the limit is reached (default: leave it).")
        boolean disableSupply;

        @Option(names = "--at", paramLabel = "TIME", description = "Take effect at this time (future-dated) instead of now.")
        String at;

        @Override
        String srv() {
            return "6.4.1";
        }

        @Override
        XmlNode body() {
            for (long v : new long[] {threshold, period, restoration}) {
                if (v < 0 || v > 0xFFFFFFFFL) {
                    throw new UserError(ExitCodes.BAD_INPUT, "--threshold, --period and --restoration are 0 to 4294967295");
                }
            }
            return Bodies.loadLimitSettings(at == null ? null : time("--at", at), period, threshold, restoration, disableSupply);
        }
    }

    @Command(name = "aux-load", mixinStandardHelpOptions = true,
            description = "Switch an ESME's auxiliary load switch on or off for a while (7.5, 7.6), or reset it to its calendar (7.8); critical, as the supplier.",
            footer = FOOTER + "  dccsim sr aux-load on 00DB1234567890A0 --switch 1 --minutes 30%n")
    static final class AuxLoad extends Verb {
        @Parameters(index = "0", paramLabel = "on|off|reset", description = "Activate (7.5), deactivate (7.6) or reset (7.8: "
                + "end an activation or deactivation, back to the switch's calendar).")
        String action;

        @Parameters(index = "1", paramLabel = "ESME", description = "The ESME's EUI-64.")
        String device;

        @Option(names = "--switch", defaultValue = "1", paramLabel = "N", description = "Which switch, 1-5 (default ${DEFAULT-VALUE}).")
        int sw;

        @Option(names = "--minutes", paramLabel = "M", description = "For how long, 0-65535 minutes (on and off).")
        Integer minutes;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        String srv() {
            return switch (action) {
                case "on" -> "7.5";
                case "off" -> "7.6";
                case "reset" -> "7.8";
                default -> throw new UserError(ExitCodes.BAD_INPUT, "aux-load takes on, off or reset, not " + action);
            };
        }

        @Override
        XmlNode body() {
            if (sw < 1 || sw > 5) {
                throw new UserError(ExitCodes.BAD_INPUT, "--switch must be 1 to 5");
            }
            if ("7.8".equals(srv())) {
                if (minutes != null) {
                    throw new UserError(ExitCodes.BAD_INPUT, "aux-load reset takes no --minutes");
                }
                return Bodies.resetAuxiliaryLoad(sw);
            }
            if (minutes == null || minutes < 0 || minutes > 0xFFFF) {
                throw new UserError(ExitCodes.BAD_INPUT, "aux-load on and off need --minutes, 0 to 65535");
            }
            return Bodies.auxiliaryLoad("7.5".equals(srv()), sw, minutes);
        }
    }

    @Command(name = "read-alcs", mixinStandardHelpOptions = true,
            description = "Read the ESME's auxiliary load switch data: descriptions, calendars and states (7.7).",
            footer = FOOTER + "  dccsim sr read-alcs 00DB1234567890A0%n")
    static final class ReadAlcs extends DeviceOnlyVerb {
        @Override
        String srv() {
            return "7.7";
        }

        @Override
        String element() {
            return "ReadALCSData";
        }
    }

    @Command(name = "read-daily-log", mixinStandardHelpOptions = true,
            description = "Read the ESME's daily consumption log over a period (4.17).",
            footer = FOOTER + "  dccsim sr read-daily-log 00DB1234567890A0 --from 2026-05-25T00:00:00Z --to 2026-06-01T00:00:00Z%n")
    static final class ReadDailyLog extends EsmeVerb {
        @Option(names = "--from", required = true, paramLabel = "TIME", description = "First day's capture time (ISO 8601).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME", description = "Last day's capture time.")
        String to;

        @Override
        String srv() {
            return "4.17";
        }

        @Override
        XmlNode body() {
            Instant f = time("--from", from);
            Instant t = end("--to", to, f);
            ordered(f, t);
            return Bodies.readLog("RetrieveDailyConsumptionLog", f, t, null);
        }
    }

    @Command(name = "install-credentials", aliases = "install-lc-credentials", mixinStandardHelpOptions = true,
            description = "Install a remote party's certificates on a device (6.15.1, critical): a Load Controller's "
                    + "(GBCS CS02g, as the supplier), or the sender's own replacing its cell (CS02b: a supplier's as the "
                    + "supplier, a network operator's as the network operator, --as).",
            footer = FOOTER + "  dccsim sr install-credentials 00DB1234567890A6 --ds-cert lc-ds.pem --ka-cert lc-ka.pem "
                    + "--ca-cert issuing-ca.pem%n"
                    + "The device checks that the issuing CA signed both certificates (GBCS 12.2.3) and answers with a status%n"
                    + "per certificate; any failure exits 4. The key beside --ds-cert (same name, .key) is recorded: later%n"
                    + "requests to the device as that party are signed with it.%n")
    static final class InstallLcCredentials extends Verb {
        private String failure;

        @Override
        String failure() {
            return failure;
        }

        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device's EUI-64.")
        String device;

        @Option(names = "--ds-cert", required = true, paramLabel = "FILE", description = "The Load Controller's digital-signing certificate.")
        Path dsCert;

        @Option(names = "--ka-cert", required = true, paramLabel = "FILE", description = "The Load Controller's key-agreement certificate.")
        Path kaCert;

        @Option(names = "--ca-cert", required = true, paramLabel = "FILE", description = "The issuing CA's certificate (the certification path).")
        Path caCert;

        @Option(names = "--role", defaultValue = "LoadController", paramLabel = "ROLE",
                description = "Whose cell: LoadController, Supplier or NetworkOperator (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        String srv() {
            return "6.15.1";
        }

        @Override
        XmlNode body() {
            if (!List.of("LoadController", "Supplier", "NetworkOperator").contains(role)) {
                throw new UserError(ExitCodes.BAD_INPUT, "--role " + role + " is not LoadController, Supplier or NetworkOperator");
            }
            return Bodies.updateSecurityCredentials(role, der("--ds-cert", dsCert), der("--ka-cert", kaCert),
                    List.of(der("--ca-cert", caCert)));
        }

        /**
         * The device now trusts the party's key in --ds-cert: remember it, with the private key beside the certificate
         * (same name, .key), so later requests to this device as that party are signed with it.
         */
        @Override
        void succeeded(SrSession.Outcome o) {
            Eui64 lc = loadControllerOf(dsCert);
            Path key = dsCert.resolveSibling(dsCert.getFileName().toString().replaceFirst("\\.pem$", "") + ".key");
            if (!Files.isRegularFile(key)) {
                spec.commandLine().getErr().println("dccsim: no private key " + key + " beside --ds-cert: requests to "
                        + device + " as " + lc + " will be signed with that user's own key, which the device no longer trusts");
                return;
            }
            try {
                session.credentials().record(device(), lc, dsCert, key);
                spec.commandLine().getOut().println("  recorded: " + device + " trusts " + lc + "'s key " + key.getFileName()
                        + " (" + session.credentials().file() + ")");
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "installed, but cannot record it: " + e.getMessage());
            }
        }

        /** The EUI-64 a certificate names (its x500UniqueIdentifier, as SMKI certificates do). */
        private static Eui64 loadControllerOf(Path cert) {
            try {
                return org.dccsim.gbcs.crypto.SmkiCertificates.parse(JcaPem.readCertificate(cert).getEncoded()).party();
            } catch (KeyStoreException | java.security.cert.CertificateEncodingException | IllegalArgumentException e) {
                throw new UserError(ExitCodes.BAD_INPUT, cert + ": not an SMKI certificate: " + e.getMessage());
            }
        }

        static byte[] der(String option, Path file) {
            if (!Files.isRegularFile(file)) {
                throw new UserError(ExitCodes.BAD_INPUT, option + " " + file + ": no such file");
            }
            try {
                return JcaPem.readCertificate(file).getEncoded();
            } catch (KeyStoreException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new UserError(ExitCodes.BAD_INPUT, file + ": " + e.getMessage());
            }
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            if (!(in.payload() instanceof Payload.Asn1 a)) {
                return;
            }
            try {
                LoadControllerCredentials.decodeResponse(a.bytes()).ifPresent(r -> {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (var x : r.replaced()) {
                        lines.add("  certificate replaced: status " + x.status() + (x.status() == 0 ? " (success)" : " (failed)"));
                        rows.add(Map.of("status", x.status()));
                    }
                    result.put("replaced", rows);
                    if (r.replaced().stream().anyMatch(x -> x.status() != LoadControllerCredentials.STATUS_SUCCESS)) {
                        failure = "the device kept its Load Controller credentials (status "
                                + LoadControllerCredentials.STATUS_FAILED + ": the certificates did not validate)";
                    }
                });
            } catch (GbcsDecodeException e) {
                lines.add("  the credentials response does not decode: " + e.getMessage());
            }
        }
    }

    @Command(name = "read-credentials", mixinStandardHelpOptions = true,
            description = "Read which parties, with which keys, a device's trust anchor cells hold (6.24.1, CS02f; "
                    + "the DCC asks as the ACB).",
            footer = FOOTER + "  dccsim sr read-credentials 00DB1234567890A6 --role Supplier --role LoadController%n")
    static final class ReadCredentials extends Verb {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The ESME's or SAPC's EUI-64.")
        String device;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "Supplier,LoadController", split = ",",
                description = "Supplier, NetworkOperator, AccessControlBroker or LoadController; repeat or comma-separate "
                        + "(default: ${DEFAULT-VALUE}).")
        List<String> roles;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        String srv() {
            return "6.24.1";
        }

        @Override
        XmlNode body() {
            for (String r : roles) {
                if (!List.of("Supplier", "NetworkOperator", "AccessControlBroker", "LoadController").contains(r)) {
                    throw new UserError(ExitCodes.BAD_INPUT, "--role " + r + " is not Supplier, NetworkOperator, "
                            + "AccessControlBroker or LoadController");
                }
            }
            return Bodies.retrieveSecurityCredentials(roles);
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            if (!(in.payload() instanceof Payload.Asn1 a)) {
                return;
            }
            try {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (var d : org.dccsim.gbcs.usecase.SecurityCredentialDetails.decodeResponse(a.bytes())) {
                    if (d.cells().isEmpty()) {
                        lines.add(String.format("  role %d: no cell (status %d)", d.role(), d.status()));
                    }
                    for (var c : d.cells()) {
                        String usage = c.usage() == LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE ? "signing" : "key agreement";
                        lines.add(String.format("  role %d: %s, %s key %s", d.role(), c.party(), usage,
                                org.dccsim.gbcs.Hex.encode(c.keyId())));
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("role", d.role());
                        row.put("party", c.party().toString());
                        row.put("usage", usage);
                        row.put("keyId", org.dccsim.gbcs.Hex.encode(c.keyId()));
                        rows.add(row);
                    }
                }
                result.put("cells", rows);
            } catch (GbcsDecodeException e) {
                lines.add("  the credentials response does not decode: " + e.getMessage());
            }
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Send a DUIS request file as written (its RequestID names the user; it is signed for you).",
            footer = FOOTER + "  dccsim sr send request.xml%n")
    static final class Send implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "An unsigned DUIS Request document.")
        Path file;

        @Mixin
        SrSession.Options options;

        @picocli.CommandLine.ParentCommand
        SrCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            options = options.over(parent == null ? null : parent.options);
            byte[] raw;
            try {
                raw = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
            }
            org.dccsim.duis.ServiceRequest sr;
            try {
                sr = org.dccsim.duis.ServiceRequest.read(DuisDocuments.withoutSchema().parse(raw));
            } catch (org.dccsim.duis.DuisException e) {
                throw new UserError(ExitCodes.BAD_INPUT, file + " is not a DUIS request: " + e.getMessage());
            }
            Verb v = new Verb() {
                @Override
                Eui64 device() {
                    return sr.requestId().target();
                }

                @Override
                String srv() {
                    return sr.serviceReferenceVariant();
                }

                @Override
                XmlNode body() {
                    return sr.body();
                }
            };
            v.options = options;
            if (options.as == null) {
                options.as = sr.requestId().originator().toString();
            }
            v.spec = spec;
            return v.call();
        }
    }
}
