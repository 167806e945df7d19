package org.dccsim.vectors;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.ReadImportRegisters;
import org.dccsim.gbcs.usecase.ReadProfile;
import org.dccsim.gbcs.usecase.UseCaseCommands;

/**
 * How each of our golden vectors is made: with the builders, the deterministic test keys of
 * {@link TestParties} and RFC 6979 signatures, so running a generator again gives the same bytes.
 */
final class GoldenVectors {
    private static final GbcsSecurity SECURITY = TestParties.security();
    private static final CosemDateTime T0 = CosemDateTime.ofInstant(Instant.parse("2026-06-01T17:00:00Z"));
    private static final CosemDateTime T2 = CosemDateTime.ofInstant(Instant.parse("2026-06-01T19:00:00Z"));
    private static final LimitApcLevel LIMIT = new LimitApcLevel(AuxiliaryController.output(1), 40, T0, T2);
    private static final CommandContext LIMIT_CTX = new CommandContext(TestParties.LOAD_CONTROLLER, TestParties.SAPC, 5001);

    private GoldenVectors() {
    }

    /** Vector id to generator, in file order. */
    static Map<String, Supplier<byte[]>> all() {
        Map<String, Supplier<byte[]>> m = new LinkedHashMap<>();
        m.put("ecs22b-command", () -> {
            CommandContext ctx = new CommandContext(TestParties.SUPPLIER, TestParties.ESME, 1002);
            ReadProfile read = new ReadProfile(ReadProfile.Kind.ACTIVE_IMPORT, Instant.parse("2026-06-01T00:00:00Z"),
                    Instant.parse("2026-06-01T02:00:00Z"));
            return GbcsFrameEncoder.encode(SECURITY.addMac(UseCaseCommands.build(read, ctx)));
        });
        m.put("ecs22b-response-encrypted-profile", () -> {
            GeneralSigningApdu header = new GeneralSigningApdu(CraFlag.RESPONSE, 1002, TestParties.ESME,
                    TestParties.SUPPLIER, null, OtherInformation.of(0x0037), new byte[0], SignatureField.NULL);
            HalfHourProfile profile = new HalfHourProfile(List.of(
                    new HalfHourProfile.Entry(Instant.parse("2026-06-01T00:00:00Z"), 212),
                    new HalfHourProfile.Entry(Instant.parse("2026-06-01T00:30:00Z"), 198),
                    new HalfHourProfile.Entry(Instant.parse("2026-06-01T01:00:00Z"), 187)));
            byte[] protectedOctets = SECURITY.encryptPayload(header, TestParties.ESME,
                    org.dccsim.gbcs.dlms.DataCodec.encode(profile.toProtectedPlaintext())).toOctets();
            Data result = Data.structure(Data.array(), Data.octets(protectedOctets));
            XdlmsApdu.AccessResponse r = new XdlmsApdu.AccessResponse(XdlmsApdu.gbcsInvokeIdAndPriority(1002),
                    List.of(result), List.of(new XdlmsApdu.AccessResponseSpecification(3, 0)));
            GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.RESPONSE, 1002, TestParties.ESME,
                    TestParties.SUPPLIER, null, OtherInformation.of(0x0037), XdlmsCodec.encode(r), SignatureField.NULL);
            return GbcsFrameEncoder.encode(SECURITY.addMac(apdu));
        });
        m.put("ecs17b-command", () -> GbcsFrameEncoder.encode(SECURITY.addMac(UseCaseCommands.build(
                new ReadImportRegisters(), new CommandContext(TestParties.SUPPLIER, TestParties.ESME, 1003)))));
        m.put("ecs47e-precommand", () -> GbcsFrameEncoder.encodeApdu(UseCaseCommands.build(LIMIT, LIMIT_CTX)));
        m.put("ecs47e-command-signed", () -> GbcsFrameEncoder.encode(
                SECURITY.addMac(SECURITY.sign(UseCaseCommands.build(LIMIT, LIMIT_CTX)))));
        m.put("ecs47e-response-signed", () -> {
            XdlmsApdu.AccessResponse r = new XdlmsApdu.AccessResponse(XdlmsApdu.gbcsInvokeIdAndPriority(5001),
                    List.of(Data.NULL, Data.NULL, Data.NULL), List.of(new XdlmsApdu.AccessResponseSpecification(2, 0),
                            new XdlmsApdu.AccessResponseSpecification(2, 0), new XdlmsApdu.AccessResponseSpecification(3, 0)));
            GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.RESPONSE, 5001, TestParties.SAPC,
                    TestParties.LOAD_CONTROLLER, null, OtherInformation.of(0x011F), XdlmsCodec.encode(r), SignatureField.NULL);
            return GbcsFrameEncoder.encodeApdu(SECURITY.sign(apdu));
        });
        m.put("ecs101-8f86-alert", () -> signedAlert(new DeviceAlert.ApcLimitProcessed(T0, AuxiliaryController.output(1),
                T0, T2, 40), 2001));
        m.put("ecs102-8f87-alert", () -> signedAlert(new DeviceAlert.ApcLimitEnded(T2, AuxiliaryController.output(1), 100),
                2002));
        m.put("ecs100-8f85-alert", () -> signedAlert(new DeviceAlert.CommandNotSupported(T0, 0x0037, 1004), 2003));
        m.put("fda-8f66-alert", () -> signedAlert(new DeviceAlert.FutureDatedExecution(true, T2, 0x011A, 1005,
                CosemAttribute.of(11, "0-1:11.0.3.255", 2)), 2004));
        return m;
    }

    private static byte[] signedAlert(DeviceAlert alert, long counter) {
        return GbcsFrameEncoder.encodeApdu(SECURITY.sign(DeviceAlerts.build(alert, TestParties.SAPC,
                TestParties.LOAD_CONTROLLER, counter)));
    }
}
