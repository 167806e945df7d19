package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.model.AssetModel;
import org.dccsim.device.model.AssetType;
import org.dccsim.device.model.HouseholdModel;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.LayeredKeyStore;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.DeviceSecurityCredentials;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Simulated devices with the RTDS identities against every RTDS command addressed to the ESME (00DB1234567890A0), the
 * SAPC (00DB1234567890A6) or the communications hub (00DB1234567890A2), of any use case, and the CS02b handovers
 * (6.21) to its DCC-controlled device (00DB1234567890A3) (those the head-end sends and
 * those it does not: a DCC message may be any of them), less {@link #NOT_ANSWERED}: the device accepts it and
 * answers with a response that verifies (MAC with the RTDS keys; signature with the device's own key, since the
 * RTDS publishes no device private keys) and has the RTDS response's shape: the same items, the same result
 * codes for success cases, the same A-XDR types. Values come from our model, not the RTDS.
 */
class RtdsDeviceConformanceTest {
    static final Eui64 ESME = Eui64.parse("00DB1234567890A0");
    static final Eui64 SAPC = Eui64.parse("00DB1234567890A6");
    /** The RTDS's communications hub, whose log holds the RTDS's ESME and GSME (as its CCS05/CCS04 answer lists). */
    static final Eui64 CHF = Eui64.parse("00DB1234567890A2");
    /**
     * The RTDS's DCC-controlled device, whose supplier and network operator cells hold the ACB until 6.21 hands them
     * over: its GPF (00DB1234567890A3), whose other commands are gas. dccsim simulates no GPF; a DCC-controlled ESME
     * answers the same CS02b, so only the RTDS's CS02b commands to it are checked.
     */
    static final Eui64 DCC_CONTROLLED = Eui64.parse("00DB1234567890A3");
    /**
     * The RTDS commands a simulated device cannot answer, by use case, with the reason. Every other RTDS command to the
     * ESME, SAPC or hub is checked, whether or not the head-end sends its use case (a DCC message may be any of them).
     */
    static final Map<String, String> NOT_ANSWERED = Map.of(
            "CS01a", "2.2's UTRN is checked, and its credit read, with GBCS's Prepayment Top-up Token algorithm, which "
                    + "../shared does not hold (docs/headend.md)");

    /** The RTDS commands checked: a change in this number is a change in coverage, made on purpose. */
    static final int COMMANDS_CHECKED = 309;
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();

    @Test
    void everyRtdsCommandToTheEsmeSapcOrHub_isAnsweredWithTheRtdsResponseShape() throws Exception {
        DirectoryKeyStore rtdsKeys = new DirectoryKeyStore(SharedData.rtdsKeystore());
        InMemoryKeyStore deviceKeys = new InMemoryKeyStore();
        for (Eui64 d : List.of(ESME, SAPC, CHF, DCC_CONTROLLED)) {
            deviceKeys.putPair(d, KeyUsage.DS, EcKeys.deterministic("dccsim-rtds-device/" + d + "/ds"));
        }
        // The device CA lets a device report its certificate (CS02e), as dccsim's head-end and fleets give it one.
        GbcsSecurity security = new GbcsSecurity(new LayeredKeyStore(deviceKeys, rtdsKeys))
                .withDeviceCertificates(org.dccsim.gbcs.crypto.DeviceCertificateAuthority.fromSecret("rtds-conformance"));
        Map<String, int[]> byUseCase = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int urpAside = 0;
        for (Path f : SharedData.rtdsFiles()) {
            String name = f.getFileName().toString();
            String useCase = name.substring(0, name.indexOf('_'));
            if (!name.contains("_COMMAND_") || NOT_ANSWERED.containsKey(useCase)) {
                continue;
            }
            if (name.contains("_URP_")) {
                // An Unknown Remote Party read is encrypted with the device's own KA private key, which the RTDS does
                // not publish; the lab tests (VlpAdapterExampleTest) cover URP reads end to end with keys of their own.
                urpAside++;
                continue;
            }
            byte[] wire = SharedData.hexFile(f);
            GeneralSigningApdu cmd = decoder.decode(wire).apdu();
            boolean dccControlled = cmd.recipient().equals(DCC_CONTROLLED) && useCase.startsWith("CS02b");
            if (cmd.cra() != CraFlag.COMMAND || !(cmd.recipient().equals(ESME) || cmd.recipient().equals(SAPC)
                    || cmd.recipient().equals(CHF) || dccControlled)) {
                continue;
            }
            Path expectedFile = f.resolveSibling(name.replace("_COMMAND_", "_RESPONSE_"));
            if (!Files.exists(expectedFile)) {
                continue;
            }
            checked++;
            String problem = check(security, cmd, wire, decoder.decode(SharedData.hexFile(expectedFile)).apdu(),
                    name.contains("ERROR"));
            byUseCase.computeIfAbsent(useCase, k -> new int[2])[problem == null ? 0 : 1]++;
            if (problem != null) {
                failures.add(name + ": " + problem);
            }
        }
        StringBuilder sb = new StringBuilder();
        byUseCase.forEach((k, v) -> sb.append(k).append(' ').append(v[0]).append('/').append(v[0] + v[1]).append("  "));
        System.out.println("RTDS device conformance: " + (checked - failures.size()) + " of " + checked
                + " RTDS commands to the ESME, SAPC, hub or DCC-controlled device answered with the RTDS response shape, error cases with the RTDS's "
                + "result codes (" + urpAside + " Unknown Remote Party reads aside); by use case: " + sb);
        failures.forEach(x -> System.out.println("RTDS device conformance MISMATCH: " + x));
        assertThat(failures).isEmpty();
        assertThat(checked).as("RTDS commands checked").isEqualTo(COMMANDS_CHECKED);
    }

    private String check(GbcsSecurity security, GeneralSigningApdu cmd, byte[] wire, GeneralSigningApdu expected,
            boolean errorCase) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2015-01-01T00:00:00Z"));
        TrustAnchors trust = new TrustAnchors().set(Role.RECOVERY, Eui64.parse("90B3D51F30000001"))
                .set(Role.SUPPLIER, Eui64.parse("90B3D51F30010000"))
                .set(Role.NETWORK_OPERATOR, Eui64.parse("90B3D51F30020000")).set(Role.ACB, Eui64.parse("90B3D51F30000002"))
                .set(Role.LOAD_CONTROLLER, Eui64.parse("90B3D51F30010008"))
                .set(Role.TRANSITIONAL_COS, Eui64.parse("90B3D51F30000004"))
                .set(Role.WAN_PROVIDER, Eui64.parse("90B3D51F30000007"));
        Device esme = Device.esme(ESME, clock, security, trust);
        Device sapc = Device.sapc(SAPC, clock, security, trust);
        new Site("rtds", esme, HouseholdModel.typical(1), List.of(new Site.Asset(sapc,
                new AssetModel(AssetType.BATTERY, 2, 3000, 3000), 1)), Instant.parse("2014-12-01T00:00:00Z"));
        Device hub = Device.chf(CHF, clock, security, trust);
        hub.installDeviceLog(List.of(ESME, Eui64.parse("00DB1234567890A1")), List.of(
                org.dccsim.gbcs.usecase.ChfDeviceLog.HanDeviceType.ESME, org.dccsim.gbcs.usecase.ChfDeviceLog.HanDeviceType.GSME));
        Device target = cmd.recipient().equals(ESME) ? esme : cmd.recipient().equals(CHF) ? hub
                : cmd.recipient().equals(DCC_CONTROLLED) ? Device.esme(DCC_CONTROLLED, clock, security,
                        trust.set(Role.SUPPLIER, Eui64.parse("90B3D51F30000002")).set(Role.NETWORK_OPERATOR,
                                Eui64.parse("90B3D51F30000002")))
                : sapc;
        XdlmsApdu decodedError = null;
        if (errorCase) {
            try {
                decodedError = XdlmsCodec.decode(expected.content());
            } catch (org.dccsim.gbcs.GbcsDecodeException e) {
                decodedError = null; // not a DLMS answer (ASN.1, or a GBCS error APDU)
            }
        }
        if (decodedError instanceof XdlmsApdu.AccessResponse theirs) {
            // The RTDS's error cases are hardware faults at one item: inject the same one.
            for (int i = 0; i < theirs.results().size(); i++) {
                if (theirs.results().get(i).result() == org.dccsim.device.cosem.DataAccessResult.HARDWARE_FAULT) {
                    target.injectHardwareFault(i);
                    break;
                }
            }
        }
        List<Outbound> out = target.receive(wire);
        if (out.isEmpty() || out.get(0).kind() != Outbound.Kind.RESPONSE) {
            return "no response; security log " + target.securityLog();
        }
        byte[] responseWire = out.get(0).frame();
        GbcsMessage response = decoder.decode(responseWire);
        boolean signed = !(response instanceof GbcsMessage.WithMacHeader);
        Check check = signed ? security.verifySignature(responseWire, response) : security.verifyMac(responseWire, response);
        if (check != Check.VALID) {
            return (signed ? "signature " : "MAC ") + check;
        }
        if (signed != (expected.signature() instanceof org.dccsim.gbcs.frame.SignatureField.Ecdsa)) {
            return "signed " + signed + " but the RTDS response is " + (signed ? "MACed" : "signed");
        }
        if ((response.apdu().dateTime() == null) != (expected.dateTime() == null)) {
            return "header date-time presence differs";
        }
        boolean ownCredentials = cmd.messageCode() == DeviceSecurityCredentials.CS02C
                || cmd.messageCode() == DeviceSecurityCredentials.CS02D || cmd.messageCode() == DeviceSecurityCredentials.CS02E;
        if (errorCase && ownCredentials) {
            // The RTDS's refusals of a device's own credentials (Key Agreement asked for, a certificate whose key the
            // device did not make) are provoked by the command alone: ours must carry the same result.
            return java.util.Arrays.equals(response.apdu().content(), expected.content()) ? null
                    : "result " + Hex.encode(response.apdu().content()) + " vs " + Hex.encode(expected.content());
        }
        if (expected.content().length > 0 && (expected.content()[0] & 0xFF) == 0x02) {
            // A join or unjoin result (an INTEGER): ours is one too. The RTDS's join error cannot be provoked by the
            // command alone, so only the shape is compared; nor can CS02d's success, whose certificate carries a key
            // the RTDS device made (our device, holding no such key, refuses it: PlaceDeviceCertificateTest covers
            // the success with a key it did make).
            byte[] o = response.apdu().content();
            return o.length > 0 && (o[0] & 0xFF) == 0x02 ? null : "not an ASN.1 INTEGER result";
        }
        if (java.util.Arrays.equals(expected.content(), new byte[] {0x05, 0x00})) {
            // An ASN.1 NULL: a future-dated command accepted for later (CS06); ours must be the same.
            return java.util.Arrays.equals(response.apdu().content(), expected.content()) ? null : "not an ASN.1 NULL";
        }
        if (expected.content().length > 0 && (expected.content()[0] & 0xFF) == 0x30) {
            // An ASN.1 answer (the CS02 family). A credentials update's result must match the RTDS's cell for cell:
            // mode, the cells whose floors it names, and each certificate's role, usage, cell and status. Others: the
            // same outer SEQUENCE.
            byte[] o = response.apdu().content();
            var theirResult = cs02Result(expected.content());
            if (theirResult != null) {
                var ourResult = cs02Result(o);
                if (ourResult == null) {
                    return "not a credentials update result";
                }
                String t = describe(theirResult);
                String u = describe(ourResult);
                return t.equals(u) ? null : "result " + u + " vs " + t;
            }
            return o.length > 0 && (o[0] & 0xFF) == 0x30 ? null : "not an ASN.1 answer";
        }
        XdlmsApdu.AccessResponse ours = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(response.apdu().content());
        XdlmsApdu.AccessResponse theirs = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(expected.content());
        if (ours.results().size() != theirs.results().size()) {
            return "items " + ours.results().size() + " vs " + theirs.results().size();
        }
        for (int i = 0; i < ours.results().size(); i++) {
            XdlmsApdu.AccessResponseSpecification a = ours.results().get(i);
            XdlmsApdu.AccessResponseSpecification b = theirs.results().get(i);
            if (a.choice() != b.choice()) {
                return "item " + i + " choice " + a.choice() + " vs " + b.choice();
            }
            if (a.result() != b.result()) {
                return "item " + i + " result " + a.result() + " vs " + b.result();
            }
            String shape = sameShape(ours.data().get(i), theirs.data().get(i), "item " + i);
            if (shape != null) {
                return shape;
            }
        }
        return null;
    }

    private static org.dccsim.gbcs.usecase.LoadControllerCredentials.Result cs02Result(byte[] content) {
        try {
            return org.dccsim.gbcs.usecase.LoadControllerCredentials.decodeResponse(content).orElse(null);
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return null;
        }
    }

    /** What a CS02 result says, less the parties and key ids (ours are our model's). */
    private static String describe(org.dccsim.gbcs.usecase.LoadControllerCredentials.Result r) {
        StringBuilder sb = new StringBuilder("mode " + r.mode() + " floors " + r.remotePartyRole());
        r.moreFloors().forEach(f -> sb.append(',').append(f.role()));
        r.replaced().forEach(x -> sb.append(" [").append(x.role()).append('/').append(Integer.toHexString(x.usage()))
                .append('/').append(x.cell()).append(" status ").append(x.status()).append(']'));
        return sb.toString();
    }

    /** Same A-XDR types; arrays may differ in length, so their first elements are compared. */
    static String sameShape(Data a, Data b, String where) {
        if (a.tag() != b.tag()) {
            return where + ": " + org.dccsim.gbcs.dlms.DataTag.name(a.tag()) + " vs " + org.dccsim.gbcs.dlms.DataTag.name(b.tag());
        }
        if (a instanceof Data.Structure sa && b instanceof Data.Structure sb) {
            if (sa.size() != sb.size()) {
                return where + ": structure of " + sa.size() + " vs " + sb.size();
            }
            for (int i = 0; i < sa.size(); i++) {
                String s = sameShape(sa.get(i), sb.get(i), where + "." + i);
                if (s != null) {
                    return s;
                }
            }
        }
        if (a instanceof Data.Array aa && b instanceof Data.Array ab && !aa.elements().isEmpty() && !ab.elements().isEmpty()) {
            return sameShape(aa.elements().get(0), ab.elements().get(0), where + "[0]");
        }
        if (a instanceof Data.CompactArray ca && b instanceof Data.CompactArray cb && !ca.type().equals(cb.type())) {
            return where + ": compact-array types differ";
        }
        return null;
    }
}
