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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The communications hub's device log from the command line (DUIS 8.11, 8.9 to a CHF): what an installer's back
 * office sends so a new meter or SAPC can join the site's HAN before it is commissioned.
 */
final class SrHubVerbs {
    private SrHubVerbs() {
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
}
