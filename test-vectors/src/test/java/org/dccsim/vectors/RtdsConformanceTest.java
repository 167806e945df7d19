package org.dccsim.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.payload.Payload;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The codec against DCC's Reference Test Data Set: every file decodes and re-encodes byte for byte, every MAC
 * and signature the keystore can check verifies, every protected payload decrypts and re-encrypts, and every
 * critical command is rebuilt from its pre-command, its signature and a fresh ACB MAC. The RTDS manifest's own
 * verdicts are cross-checked file by file, so a check we silently failed to make shows up as a mismatch.
 */
class RtdsConformanceTest {
    private static List<Path> files;
    private static Map<String, Map<String, String>> manifest;
    private static MessageInspector inspector;
    private static GbcsSecurity security;

    @BeforeAll
    static void load() {
        files = SharedData.rtdsFiles();
        manifest = SharedData.rtdsManifest();
        security = new GbcsSecurity(new DirectoryKeyStore(SharedData.rtdsKeystore()));
        inspector = new MessageInspector(new GbcsFrameDecoder(), security);
    }

    @Test
    void everyRtdsFile_decodesReencodesAndVerifies() {
        int decoded = 0;
        int exact = 0;
        int dlms = 0;
        int macValid = 0;
        int macUncheckable = 0;
        int sigValid = 0;
        int decrypted = 0;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> families = new TreeMap<>();
        for (Path file : files) {
            String name = SharedData.rtdsRelative(file);
            Map<String, String> row = manifest.get(name);
            Inspection in;
            try {
                in = inspector.inspect(SharedData.hexFile(file));
            } catch (GbcsDecodeException e) {
                failures.add(name + ": does not decode: " + e.getMessage());
                continue;
            }
            decoded++;
            families.merge(in.payload().getClass().getSimpleName(), 1, Integer::sum);
            if (in.payload() instanceof Payload.Dlms) {
                dlms++;
            }
            if (in.reencodesExactly()) {
                exact++;
            } else {
                failures.add(name + ": does not re-encode to the same bytes");
            }
            if (in.mac() == Check.VALID) {
                macValid++;
            } else if (in.mac() == Check.INVALID) {
                failures.add(name + ": MAC does not verify");
            } else if (in.message() instanceof GbcsMessage.WithMacHeader) {
                macUncheckable++;
            }
            if (in.signature() == Check.VALID) {
                sigValid++;
            } else if (in.signature() == Check.INVALID) {
                failures.add(name + ": signature does not verify");
            } else if (in.message().apdu().signature() instanceof SignatureField.Ecdsa) {
                failures.add(name + ": signature could not be checked (missing key)");
            }
            for (Inspection.Decryption d : in.decryptions()) {
                if (d.status() == Inspection.Decryption.Status.DECRYPTED && d.reencryptsExactly()) {
                    decrypted++;
                } else {
                    failures.add(name + ": protected payload " + d.status()
                            + (d.reencryptsExactly() ? "" : " (no exact re-encryption)"));
                }
            }
            if (row != null) {
                if ("y".equals(row.get("mac_verifies")) && in.mac() != Check.VALID) {
                    failures.add(name + ": the manifest says its MAC verifies, we got " + in.mac());
                }
                if ("y".equals(row.get("signature_verifies")) && in.signature() != Check.VALID) {
                    failures.add(name + ": the manifest says its signature verifies, we got " + in.signature());
                }
                boolean manifestDecrypts = row.getOrDefault("decrypted_payload", "").startsWith("y");
                if (manifestDecrypts && in.decryptions().isEmpty()) {
                    failures.add(name + ": the manifest decrypts a payload we did not find");
                }
            } else {
                failures.add(name + ": not in the manifest");
            }
        }
        long manifestMacs = manifest.values().stream().filter(r -> "y".equals(r.get("mac_verifies"))).count();
        long manifestSigs = manifest.values().stream().filter(r -> "y".equals(r.get("signature_verifies"))).count();
        long manifestDecrypts = manifest.values().stream()
                .filter(r -> r.getOrDefault("decrypted_payload", "").startsWith("y")).count();
        System.out.printf("RTDS conformance: %d files, %d decoded (%s), %d re-encoded byte-exactly, %d DLMS payloads%n",
                files.size(), decoded, families, exact, dlms);
        System.out.printf("RTDS conformance: MACs %d valid (manifest %d), %d not checkable (no device keys)%n",
                macValid, manifestMacs, macUncheckable);
        System.out.printf("RTDS conformance: signatures %d valid (manifest %d)%n", sigValid, manifestSigs);
        System.out.printf("RTDS conformance: protected payloads %d decrypted and re-encrypted exactly (manifest %d)%n",
                decrypted, manifestDecrypts);
        failures.forEach(f -> System.out.println("RTDS conformance FAILURE: " + f));
        assertThat(failures).isEmpty();
        assertThat(decoded).isEqualTo(files.size());
        assertThat(macValid).isEqualTo((int) manifestMacs);
        assertThat(sigValid).isEqualTo((int) manifestSigs);
        assertThat(decrypted).isGreaterThanOrEqualTo((int) manifestDecrypts);
    }

    @Test
    void everyCriticalCommand_rebuildsFromPreCommandSignatureAndFreshAcbMac() throws Exception {
        GbcsFrameDecoder decoder = new GbcsFrameDecoder();
        int rebuilt = 0;
        List<String> failures = new ArrayList<>();
        for (Path pre : files) {
            String fileName = pre.getFileName().toString();
            if (!fileName.contains("_PRECOMMAND_")) {
                continue;
            }
            Path command = pre.resolveSibling(fileName.replace("_PRECOMMAND_", "_COMMAND_"));
            if (!Files.exists(command)) {
                failures.add(fileName + ": no COMMAND beside it");
                continue;
            }
            byte[] commandBytes = SharedData.hexFile(command);
            GbcsMessage original = decoder.decode(commandBytes);
            GeneralSigningApdu preCommand = decoder.decode(SharedData.hexFile(pre)).apdu();
            assertThat(preCommand.cra()).isEqualTo(CraFlag.COMMAND);
            // The user's signature is randomised ECDSA, so it is carried over; everything else is rebuilt.
            GeneralSigningApdu signed = preCommand.withSignature(original.apdu().signature());
            byte[] again = GbcsFrameEncoder.encode(security.addMac(signed));
            if (Arrays.equals(again, commandBytes)) {
                rebuilt++;
            } else {
                failures.add(fileName + ": rebuilt command differs");
            }
        }
        System.out.printf("RTDS conformance: %d critical commands rebuilt byte-exactly from their pre-commands%n", rebuilt);
        assertThat(failures).isEmpty();
        assertThat(rebuilt).isEqualTo((int) files.stream().filter(f -> f.getFileName().toString().contains("_PRECOMMAND_")).count());
        assertThat(rebuilt).isPositive();
    }
}
