package org.dccsim.cli;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dccsim.device.cosem.ChfDeviceLogObject;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.usecase.JoinService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A site's HAN from the command line: the communications hub's device log (DUIS 8.11, 8.9 to a CHF), what an
 * installer's back office sends so a new meter or SAPC can join the HAN before it is commissioned; and joins between
 * an ESME and an HCALCS, PPMID or SAPC (8.7.x, 8.8.x, 8.9 to a meter).
 */
final class SrHanVerbs {
    private SrHanVerbs() {
    }

    /** The hub and the device a log change is about. */
    abstract static class HubVerb extends SrVerbs.Verb {
        @Parameters(index = "0", paramLabel = "HUB", description = "The communications hub's (CHF's) EUI-64 (devices.csv lists each site's).")
        String hub;

        @Parameters(index = "1", paramLabel = "DEVICE", description = "The EUI-64 of the device to add or remove.")
        String device;

        @Override
        Eui64 device() {
            return SrSession.device(hub);
        }

        Eui64 member() {
            return SrSession.device(device);
        }

        @Override
        String srv() {
            return "8.11";
        }
    }

    @Command(name = "hub-add", mixinStandardHelpOptions = true,
            description = "Add a device to its communications hub's device log (8.11 Add, CCS01), so it can join the "
                    + "site's HAN and be reached; with its install code, which a simulated device derives from its EUI.",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab hub-add 00DB300000000000 00DB200000000000%n")
    static final class Add extends HubVerb {
        @Option(names = "--install-code", paramLabel = "HEX",
                description = "The device's ZigBee install code, 6 to 16 octets in hex (default: the simulated device's own).")
        String installCode;

        @Option(names = "--join-time", paramLabel = "SECONDS", defaultValue = "90",
                description = "How long the HAN stays open for the device to join, 1 to 3600 s (default: ${DEFAULT-VALUE}).")
        int joinSeconds;

        @Option(names = "--mpxn", paramLabel = "MPXN", description = "The meter's import MPAN or MPRN, where it has one.")
        String mpxn;

        @Override
        XmlNode body() {
            if (joinSeconds < 1 || joinSeconds > 3600) {
                throw new UserError(ExitCodes.BAD_INPUT, "--join-time must be 1 to 3600 seconds, not " + joinSeconds);
            }
            String code = installCode != null ? installCode.trim()
                    : HexFormat.of().withUpperCase().formatHex(ChfDeviceLogObject.defaultInstallCode(member()));
            if (!code.matches("([0-9A-Fa-f]{2}){6,16}")) {
                throw new UserError(ExitCodes.BAD_INPUT, "--install-code must be 6 to 16 octets in hex, not '" + code + "'");
            }
            return Bodies.addToHanDeviceLog(member(), code, joinSeconds, mpxn);
        }
    }

    @Command(name = "hub-remove", mixinStandardHelpOptions = true,
            description = "Remove a device from its communications hub's device log (8.11 Remove, CCS02): the hub no "
                    + "longer forwards to it, and keeps its link key in the historic log.",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab hub-remove 00DB300000000000 00DB200000000000%n")
    static final class Remove extends HubVerb {
        @Override
        XmlNode body() {
            return Bodies.removeFromHanDeviceLog(member());
        }
    }

    @Command(name = "hub-log", mixinStandardHelpOptions = true,
            description = "Read a communications hub's device log (8.9, CCS05/CCS04): the devices on its HAN; with "
                    + "--security-details the log's and the historic log's backups with link keys (CCS07).",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab hub-log 00DB300000000000%n")
    static final class Read extends SrVerbs.Verb {
        @Parameters(index = "0", paramLabel = "HUB", description = "The communications hub's (CHF's) EUI-64.")
        String hub;

        @Option(names = "--security-details", description = "Read the backups of the log and the historic log (CCS07).")
        boolean securityDetails;

        @Override
        Eui64 device() {
            return SrSession.device(hub);
        }

        @Override
        String srv() {
            return "8.9";
        }

        @Override
        XmlNode body() {
            return Bodies.readDeviceLog(securityDetails);
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            Data d = DeviceResults.answerData(in);
            if (!securityDetails && d instanceof Data.Array devices) {
                List<String> euis = devices.elements().stream().filter(Data.Structure.class::isInstance)
                        .map(e -> ((Data.Structure) e).get(0)).filter(Data.OctetString.class::isInstance)
                        .map(o -> Eui64.fromBytes(((Data.OctetString) o).value(), 0).toString()).toList();
                result.put("devices", euis);
                lines.add("  devices on the HAN (" + euis.size() + ")" + (euis.isEmpty() ? "" : ": " + String.join(" ", euis)));
            }
        }
    }

    @Command(name = "hub-restore", mixinStandardHelpOptions = true,
            description = "Put the device log of a hub that is replaced on its replacement (8.12.1, CCS03), from the "
                    + "DCC's backup of the old hub's log, taken when the old hub last answered hub-log --security-details.",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab hub-restore 00DB300000000001 --old 00DB300000000000%n")
    static final class Restore extends SrVerbs.Verb {
        @Parameters(index = "0", paramLabel = "HUB", description = "The replacement communications hub's EUI-64.")
        String hub;

        @Option(names = "--old", required = true, paramLabel = "OLD_HUB", description = "The replaced hub's EUI-64.")
        String old;

        @Override
        Eui64 device() {
            return SrSession.device(hub);
        }

        @Override
        String srv() {
            return "8.12.1";
        }

        @Override
        XmlNode body() {
            return Bodies.restoreHanDeviceLog(SrSession.device(old));
        }
    }

    @Command(name = "hub-channel", mixinStandardHelpOptions = true,
            description = "Read the sub-GHz channel a dual band communications hub is on (6.31, DBCH01).",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab hub-channel 00DB300000000000%n")
    static final class Channel extends SrVerbs.DeviceOnlyVerb {
        @Override
        String srv() {
            return "6.31";
        }

        @Override
        String element() {
            return "ReadCHFSubGHzChannel";
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            org.dccsim.gbcs.usecase.ChannelMask mask = org.dccsim.gbcs.usecase.ChannelMask.of(DeviceResults.answerData(in));
            if (mask != null) {
                List<Integer> channels = mask.channelNumbers();
                result.put("page", mask.page());
                result.put("channels", channels);
                lines.add("  channel  page " + mask.page() + ", channel " + channels.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + " of the page");
            }
        }
    }

    /** A join or unjoin: the device the command goes to, and the other device. */
    abstract static class JoinVerb extends SrVerbs.Verb {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The device the command goes to (ESME, or the SAPC/HCALCS/PPMID).")
        String device;

        @Parameters(index = "1", paramLabel = "OTHER", description = "The other device of the join.")
        String other;

        @Option(names = "--non-critical", description = "Send the non-critical variant (8.7.2, 8.8.2): the DCC's ACB signs it "
                + "on your behalf; only to the SAPC/HCALCS/PPMID side for a join.")
        boolean nonCritical;

        /** The device's result, once it answered: 0 success. */
        Integer result;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        void describe(Inspection in, Map<String, Object> out, List<String> lines) {
            if (in.payload() instanceof org.dccsim.gbcs.payload.Payload.Asn1 a) {
                try {
                    result = JoinService.decodeResult(a.bytes());
                    out.put("result", result);
                    lines.add("  result   " + (result == JoinService.SUCCESS ? "0 (done)" : result + " (refused)"));
                } catch (org.dccsim.gbcs.GbcsDecodeException e) {
                    lines.add("  the result does not decode: " + e.getMessage());
                }
            }
        }

        @Override
        String failure() {
            return result != null && result != JoinService.SUCCESS
                    ? "the device refused it (result " + result + "): is it the other side of a method A join?" : null;
        }
    }

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = "Join DEVICE with OTHER on the HAN (8.7.1, critical; 8.7.2 with --non-critical; method A): to the "
                    + "ESME, CS03A1 naming the SAPC, HCALCS or PPMID; to that device, CS03A2 naming the ESME. Both sides are needed.",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab join 00DB100000000000 00DB200000000000%n"
                    + "  dccsim sr --lab my-lab join 00DB200000000000 00DB100000000000%n")
    static final class Join extends JoinVerb {
        @Override
        String srv() {
            return nonCritical ? "8.7.2" : "8.7.1";
        }

        @Override
        XmlNode body() {
            return Bodies.joinOrUnjoin(nonCritical ? "JoinServiceNonCritical" : "JoinServiceCritical", SrSession.device(other));
        }
    }

    @Command(name = "unjoin", mixinStandardHelpOptions = true,
            description = "Unjoin DEVICE from OTHER (8.8.1, critical; 8.8.2 with --non-critical): CS04AC.",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab unjoin 00DB100000000000 00DB200000000000%n")
    static final class Unjoin extends JoinVerb {
        @Override
        String srv() {
            return nonCritical ? "8.8.2" : "8.8.1";
        }

        @Override
        XmlNode body() {
            return Bodies.joinOrUnjoin(nonCritical ? "UnjoinServiceNonCritical" : "UnjoinServiceCritical", SrSession.device(other));
        }
    }

    @Command(name = "device-log", mixinStandardHelpOptions = true,
            description = "Read a meter's device log (8.9, CS07): the devices it is joined with. For a hub, see hub-log.",
            footer = SrVerbs.FOOTER + "  dccsim sr --lab my-lab device-log 00DB100000000000%n")
    static final class DeviceLog extends SrVerbs.DeviceOnlyVerb {
        @Override
        String srv() {
            return "8.9";
        }

        @Override
        String element() {
            return "ReadDeviceLog";
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            if (in.payload() instanceof org.dccsim.gbcs.payload.Payload.Asn1 a) {
                try {
                    List<String> joined = JoinService.decodeDeviceLog(a.bytes()).stream()
                            .map(j -> j.device() + " (" + j.type() + ")").toList();
                    result.put("joined", joined);
                    lines.add("  joined with (" + joined.size() + ")" + (joined.isEmpty() ? "" : ": " + String.join(", ", joined)));
                } catch (org.dccsim.gbcs.GbcsDecodeException e) {
                    lines.add("  the device log does not decode: " + e.getMessage());
                }
            }
        }
    }
}
