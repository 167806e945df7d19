package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.PemFiles;
import org.dccsim.gbcs.dlms.AccessRequestSpecification;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.testing.SharedData;
import org.dccsim.gbcs.testing.TestParties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GbcsDecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** An ECS47e-shaped command of our own, MACed and signed with the deterministic test keys. */
    private byte[] ownCommand() {
        XdlmsApdu.AccessRequest req = new XdlmsApdu.AccessRequest(XdlmsApdu.gbcsInvokeIdAndPriority(42),
                List.of(new AccessRequestSpecification.Action(CosemAttribute.of(9, "0-0:10.0.107.255", 1))),
                List.of(new Data.LongUnsigned(0x1532)));
        GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.COMMAND, 42, TestParties.LOAD_CONTROLLER,
                TestParties.SAPC, null, OtherInformation.of(0x011F), XdlmsCodec.encode(req), SignatureField.ABSENT);
        var security = TestParties.security();
        return GbcsFrameEncoder.encode(security.addMac(security.sign(apdu)));
    }

    /** Writes the test parties' keys in the RTDS file layout. */
    private Path keyDir() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        for (var eui : List.of(TestParties.ACB, TestParties.LOAD_CONTROLLER, TestParties.SAPC)) {
            for (KeyUsage u : KeyUsage.values()) {
                EcKeys.KeyPair kp = EcKeys.deterministic("dccsim-test/" + eui + "/" + u.fileTag());
                PemFiles.writePublicKey(keys.resolve(eui.fileStem() + "-" + u.fileTag() + ".pem"), kp.publicKey());
            }
        }
        // The ACB's private KA key lets the MAC be checked, as a DCC tool holding it would.
        EcKeys.KeyPair acbKa = EcKeys.deterministic("dccsim-test/" + TestParties.ACB + "/ka");
        PemFiles.writePrivateKey(keys.resolve(TestParties.ACB.fileStem() + "-ka.key"), acbKa.privateKey());
        return keys;
    }

    @Test
    void decode_ownSignedCommandWithKeys_printsJsonWithValidMacAndSignature() throws Exception {
        Path file = dir.resolve("cmd.hex");
        Files.writeString(file, Hex.encode(ownCommand()));
        CliRunner r = CliRunner.run("gbcs", "decode", "--json", "--keys", keyDir().toString(), file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("file").asText()).isEqualTo(file.toString());
        assertThat(n.get("messageCode").asText()).isEqualTo("011F");
        assertThat(n.get("useCase").asText()).isEqualTo("ECS47e");
        assertThat(n.get("cra").asText()).isEqualTo("command");
        assertThat(n.get("counter").asText()).isEqualTo("42");
        assertThat(n.get("originator").asText()).isEqualTo("90B3D51F30010008");
        assertThat(n.get("recipient").asText()).isEqualTo("00DB1234567890A6");
        assertThat(n.get("macValid").asBoolean()).isTrue();
        assertThat(n.get("signatureValid").asBoolean()).isTrue();
        assertThat(n.get("reencodesExactly").asBoolean()).isTrue();
        assertThat(n.at("/payload/items/0/obis").asText()).isEqualTo("0-0:10.0.107.255");
        assertThat(n.at("/payload/items/0/data/value").asInt()).isEqualTo(0x1532);
    }

    @Test
    void decode_cs02fResponse_spellsOutEachRolesCells() {
        java.nio.file.Path f = org.dccsim.testing.SharedData.rtds().resolve("6.24.1_CS02fMAC")
                .resolve("CS02fMAC_6.24.1_SUCCESS_RESPONSE_GBCS.HEX");
        CliRunner r = CliRunner.run("gbcs", "decode", f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("role 2: status 0, floor 0").contains("role 8: status 0, floor 1")
                .contains("signing: 90B3D51F30010008 key 4694FE8205DC1ACD");
    }

    @Test
    void decode_withoutKeys_reportsChecksAsNull() throws Exception {
        CliRunner r = CliRunner.run("gbcs", "decode", "--json", Hex.encode(ownCommand()));
        assertThat(r.exitCode()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("macValid").isNull()).isTrue();
        assertThat(n.get("signatureValid").isNull()).isTrue();
    }

    @Test
    void decode_tamperedCommand_exitsOneAndSaysInvalid() throws Exception {
        byte[] bad = ownCommand();
        bad[bad.length - 20] ^= 1; // inside the signature
        CliRunner r = CliRunner.run("gbcs", "decode", "--keys", keyDir().toString(), Hex.encode(bad));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).contains("MAC           INVALID").contains("signature ok  INVALID");
    }

    @Test
    void decode_truncatedHex_printsOneLineWithReasonAndOffset() {
        String hex = Hex.encode(ownCommand());
        CliRunner r = CliRunner.run("gbcs", "decode", hex.substring(0, 60));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("does not decode: TRUNCATED at byte");
    }

    @Test
    void decode_missingFile_exitsTwoWithOneLine() {
        CliRunner r = CliRunner.run("gbcs", "decode", "no-such-file.hex");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("dccsim: no-such-file.hex: no such file, and not a hex message either");
    }

    @Test
    void decode_fileWithNonHexText_isReadAsRawBytesAndFailsCleanly() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello, not a message");
        CliRunner r = CliRunner.run("gbcs", "decode", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.err()).contains("UNEXPECTED_TAG").doesNotContain("Exception");
    }

    @Test
    void unknownOption_exitsTwoWithUsageHint() {
        CliRunner r = CliRunner.run("gbcs", "decode", "--frobnicate", "x");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("Unknown option").contains("--help");
    }

    @Test
    void help_listsExitCodesAndAnExample() {
        CliRunner r = CliRunner.run("gbcs", "decode", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes").contains("Examples");
    }

    @Test
    void decode_rtdsDirectoryWithRtdsKeys_everyMessageChecksOut() throws Exception {
        Path ecs47e = SharedData.rtds().resolve("7.16_ECS47e");
        CliRunner r = CliRunner.run("gbcs", "decode", "--json", "--keys", SharedData.rtdsKeystore().toString(),
                ecs47e.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.get("reencodesExactly").asBoolean()).as(line).isTrue();
            assertThat(n.get("macValid").isNull() || n.get("macValid").asBoolean()).as(line).isTrue();
            assertThat(n.get("signatureValid").isNull() || n.get("signatureValid").asBoolean()).as(line).isTrue();
            if (n.get("cra").asText().equals("command") && n.get("macHeader").asBoolean()) {
                assertThat(n.get("macValid").asBoolean()).as(line).isTrue();
                assertThat(n.get("signatureValid").asBoolean()).as(line).isTrue();
            }
        }
    }
}
