package org.dccsim.gbcs.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.testing.TestParties;
import org.junit.jupiter.api.Test;

class UseCaseCommandsTest {
    private static final CommandContext LC_TO_SAPC = new CommandContext(TestParties.LOAD_CONTROLLER, TestParties.SAPC, 77);
    private static final CosemDateTime START = CosemDateTime.ofInstant(Instant.parse("2026-06-01T17:00:00Z"));
    private static final CosemDateTime END = CosemDateTime.ofInstant(Instant.parse("2026-06-01T19:00:00Z"));

    @Test
    void limitApcLevel_buildsACriticalPreCommandThatParsesBackToTheSameRecord() {
        LimitApcLevel limit = new LimitApcLevel(AuxiliaryController.output(2), 35, START, END);
        GeneralSigningApdu apdu = UseCaseCommands.build(limit, LC_TO_SAPC);
        assertThat(apdu.messageCode()).isEqualTo(0x011F);
        assertThat(apdu.signature()).isEqualTo(SignatureField.ABSENT); // a pre-command, to be signed
        assertThat(UseCaseCommands.parse(apdu)).contains(limit);
        DlmsItems items = limit.items(LC_TO_SAPC);
        assertThat(items.specifications().get(0).target()).isEqualTo(CosemAttribute.of(1, "0-0:94.44.118.3", 2));
        assertThat(items.data().get(2)).isEqualTo(new Data.LongUnsigned(0x1223)); // output 2, 35 %
    }

    @Test
    void readProfile_isNonCriticalWithANullSignatureAndParsesBack() {
        ReadProfile read = new ReadProfile(ReadProfile.Kind.REACTIVE_IMPORT, Instant.parse("2026-06-01T00:00:00Z"),
                Instant.parse("2026-06-02T00:00:00Z"));
        GeneralSigningApdu apdu = UseCaseCommands.build(read, LC_TO_SAPC);
        assertThat(apdu.messageCode()).isEqualTo(0x0038);
        assertThat(apdu.signature()).isEqualTo(SignatureField.NULL);
        assertThat(UseCaseCommands.parse(apdu)).contains(read);
    }

    @Test
    void parse_itemsOfAnUnexpectedShape_keepsThemAsAttributeAccess() {
        SimpleCommands.AttributeAccess odd = new SimpleCommands.AttributeAccess("ECS47e",
                DlmsItems.builder().get(CosemAttribute.of(1, "0-0:94.44.0.1", 2)).build());
        GeneralSigningApdu apdu = UseCaseCommands.build(odd, LC_TO_SAPC);
        assertThat(UseCaseCommands.parse(apdu)).contains(odd);
    }

    @Test
    void auxiliaryController_packsDirectionAndNumberIntoOneByte() {
        assertThat(AuxiliaryController.input(3).code()).isEqualTo(0x23);
        assertThat(AuxiliaryController.ofCode(0x15)).isEqualTo(AuxiliaryController.output(5));
        assertThat(AuxiliaryController.ofCode(0x36)).isNull();
        assertThat(AuxiliaryController.ofCode(0x10)).isNull();
        assertThatThrownBy(() -> AuxiliaryController.output(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitApcLevel(AuxiliaryController.output(1), 101, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deviceAlerts_buildAndParseBackToTheSameRecord() {
        List<DeviceAlert> alerts = List.of(
                new DeviceAlert.ApcLimitProcessed(START, AuxiliaryController.output(1), START, END, 40),
                new DeviceAlert.ApcLimitEnded(END, AuxiliaryController.output(1), 100),
                new DeviceAlert.CommandNotSupported(START, 0x0037, 99),
                new DeviceAlert.FutureDatedExecution(false, END, 0x011A, 5, CosemAttribute.of(11, "0-1:11.0.3.255", 2)));
        long counter = 3000;
        for (DeviceAlert a : alerts) {
            GeneralSigningApdu apdu = DeviceAlerts.build(a, TestParties.SAPC, TestParties.LOAD_CONTROLLER, counter++);
            assertThat(apdu.messageCode()).isEqualTo(a.messageCode());
            assertThat(DeviceAlerts.parse(apdu)).contains(a);
        }
    }

    @Test
    void halfHourProfile_rejectsDataThatIsNotAProfileBuffer() {
        assertThatThrownBy(() -> HalfHourProfile.parse(new Data.Unsigned8(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HalfHourProfile.parse(Data.array(Data.structure(new Data.Unsigned8(1)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registry_knowsTheVlpUseCasesRolesAndFlags() {
        UseCase ecs47e = UseCaseRegistry.standard().byId("ECS47e").orElseThrow();
        assertThat(ecs47e.messageCode()).isEqualTo(0x011F);
        assertThat(ecs47e.messageType()).isEqualTo(MessageType.CRITICAL_COMMAND);
        assertThat(ecs47e.replayProtected()).isTrue();
        assertThat(ecs47e.mayBeSentBy(Role.LOAD_CONTROLLER)).isTrue();
        assertThat(ecs47e.mayBeSentBy(Role.SUPPLIER)).isFalse();
        assertThat(UseCaseRegistry.standard().byMessageCode(0x0037).orElseThrow().id()).isEqualTo("ECS22b");
    }
}
