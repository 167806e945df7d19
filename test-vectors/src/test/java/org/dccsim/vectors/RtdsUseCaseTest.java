package org.dccsim.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.testing.SharedData;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.junit.jupiter.api.Test;

/**
 * The typed use-case layer against the RTDS: every DLMS command reads back as a use-case command that rebuilds
 * the same General-Signing APDU (the pre-command for critical use cases), the typed use cases read as their
 * typed records, alerts read as typed alerts that rebuild the same body, and profiles read as half-hour entries.
 */
class RtdsUseCaseTest {
    private static final Set<String> TYPED = Set.of("ECS22b", "ECS22c", "ECS66", "ECS17b", "ECS45", "ECS52", "ECS61d",
            "ECS38", "ECS42", "ECS43", "ECS44", "ECS70", "ECS47a", "ECS47e");
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();

    @Test
    void everyDlmsCommand_readsAsAUseCaseCommandThatRebuildsTheSameApdu() throws Exception {
        Map<String, int[]> byUseCase = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Path f : SharedData.rtdsFiles()) {
            String name = f.getFileName().toString();
            if (!name.contains("_COMMAND_") && !name.contains("_PRECOMMAND_")) {
                continue;
            }
            GeneralSigningApdu apdu = decoder.decode(SharedData.hexFile(f)).apdu();
            if (apdu.cra() != CraFlag.COMMAND || (apdu.content().length > 0 && (apdu.content()[0] & 0xFF) != 0xD9)) {
                continue;
            }
            Optional<UseCaseCommand> parsed = UseCaseCommands.parse(apdu);
            if (parsed.isEmpty()) {
                failures.add(name + ": not read as a use-case command");
                continue;
            }
            UseCaseCommand cmd = parsed.get();
            boolean typed = !(cmd instanceof SimpleCommands.AttributeAccess);
            byUseCase.computeIfAbsent(cmd.useCaseId(), k -> new int[2])[typed ? 0 : 1]++;
            if (TYPED.contains(cmd.useCaseId()) && !typed) {
                failures.add(name + ": " + cmd.useCaseId() + " did not read as its typed command");
            }
            GeneralSigningApdu rebuilt = UseCaseCommands.build(cmd, new CommandContext(apdu.originator(), apdu.recipient(),
                    apdu.originatorCounter(), apdu.otherInformation()));
            // Commands carry the originator's signature; compare with the signature field the builder leaves.
            GeneralSigningApdu expected = apdu.signature() instanceof SignatureField.Ecdsa
                    ? apdu.withSignature(SignatureField.ABSENT) : apdu;
            if (cmd.useCase().messageCode() == apdu.messageCode() && !rebuilt.equals(expected)) {
                failures.add(name + ": rebuilt APDU differs");
            }
        }
        int typed = byUseCase.values().stream().mapToInt(c -> c[0]).sum();
        int generic = byUseCase.values().stream().mapToInt(c -> c[1]).sum();
        System.out.printf("RTDS use cases: %d DLMS commands read as typed commands, %d as attribute access; by use case %s%n",
                typed, generic, summary(byUseCase));
        assertThat(failures).isEmpty();
        assertThat(byUseCase.keySet()).containsAll(TYPED);
    }

    @Test
    void everyDlmsAlert_readsAsATypedAlertThatRebuildsTheSameBody() throws Exception {
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Path f : SharedData.rtdsFiles()) {
            GeneralSigningApdu apdu = decoder.decode(SharedData.hexFile(f)).apdu();
            if (apdu.cra() != CraFlag.ALERT || apdu.content().length == 0 || apdu.content()[0] != 0x0F) {
                continue;
            }
            Optional<DeviceAlert> alert = DeviceAlerts.parse(apdu);
            if (alert.isEmpty()) {
                failures.add(f.getFileName() + ": not read as an alert");
                continue;
            }
            kinds.merge(alert.get().getClass().getSimpleName(), 1, Integer::sum);
            Data body = ((XdlmsApdu.DataNotification) XdlmsCodec.decode(apdu.content())).body();
            if (!alert.get().body().equals(body)) {
                failures.add(f.getFileName() + ": rebuilt alert body differs");
            }
            int code = alert.get().alertCode();
            if ((code == 0x8F85 || code == 0x8F86 || code == 0x8F66 || code == 0x8F67)
                    && alert.get() instanceof DeviceAlert.Other) {
                failures.add(f.getFileName() + String.format(": alert %04X not read as its typed record", code));
            }
        }
        System.out.println("RTDS alerts: " + kinds);
        assertThat(failures).isEmpty();
        assertThat(kinds).containsKeys("ApcLimitProcessed", "CommandNotSupported", "FutureDatedExecution");
    }

    @Test
    void halfHourProfileResponses_readAsFortyNineHalfHourEntries() throws Exception {
        MessageInspector inspector = new MessageInspector(decoder,
                new GbcsSecurity(new DirectoryKeyStore(SharedData.rtdsKeystore())));
        Path ecs22b = SharedData.rtds().resolve("4.8.1_ECS22b/ECS22b_4.8.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX");
        Inspection protectedRead = inspector.inspect(SharedData.hexFile(ecs22b));
        HalfHourProfile imported = HalfHourProfile.parse(protectedRead.decryptions().get(0).plaintext());
        assertThat(imported.entries()).hasSize(49);
        Path ecs22c = SharedData.rtds().resolve("4.8.2_ECS22c/ECS22c_4.8.2_SUCCESS_RESPONSE_GBCS.HEX");
        XdlmsApdu.AccessResponse r = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(
                decoder.decode(SharedData.hexFile(ecs22c)).apdu().content());
        HalfHourProfile reactive = HalfHourProfile.parse(r.data().get(0));
        for (HalfHourProfile p : List.of(imported, reactive)) {
            for (int i = 1; i < p.entries().size(); i++) {
                assertThat(Duration.between(p.entries().get(i - 1).timestamp(), p.entries().get(i).timestamp()))
                        .isEqualTo(Duration.ofMinutes(30));
            }
            assertThat(HalfHourProfile.parse(p.toCompactArray())).isEqualTo(p);
        }
        assertThat(reactive.toCompactArray()).isEqualTo(r.data().get(0));
    }

    private static String summary(Map<String, int[]> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(v[0] > 0 ? v[0] + "t" : "").append(v[1] > 0 ? v[1] + "g" : "")
                .append(' '));
        return sb.toString().trim();
    }
}
