package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.gbcs.crypto.ProtectedPayload;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.DataCodec;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.gbcs.usecase.TableRead;
import org.junit.jupiter.api.Test;

/**
 * The ESME's prepayment account: 1.5 (ECS04a/b), 2.3 (ECS07) and 2.5 (ECS09) change the balances that 4.3 (ECS19)
 * reads back, and the state survives a restart.
 */
class PrepaymentTest {
    private final TestSite t = new TestSite();
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();

    private static final CosemAttribute METER_BALANCE_ADJUST = CosemAttribute.of(112, "0-0:19.10.0.255", 1);
    private static final CosemAttribute EMERGENCY_CREDIT_INVOKE = CosemAttribute.of(112, "0-0:19.10.1.255", 3);

    private XdlmsApdu.AccessResponse send(String useCase, DlmsItems items) throws Exception {
        byte[] frame = t.command(TestParties.SUPPLIER, TestParties.ESME, new SimpleCommands.AttributeAccess(useCase, items));
        List<Outbound> out = t.esme.receive(frame);
        assertThat(out).as(useCase + " answered").isNotEmpty();
        return (XdlmsApdu.AccessResponse) XdlmsCodec.decode(decoder.decode(out.get(0).frame()).apdu().content());
    }

    private int adjust(int amount) throws Exception {
        return send("ECS04a", DlmsItems.builder().action(METER_BALANCE_ADJUST, new Data.DoubleLong(amount)).build())
                .results().get(0).result();
    }

    private int activateEmergencyCredit() throws Exception {
        return send("ECS09", DlmsItems.builder().action(EMERGENCY_CREDIT_INVOKE, new Data.Integer8(0)).build())
                .results().get(0).result();
    }

    private void reset() throws Exception {
        DlmsItems.Builder b = DlmsItems.builder();
        for (String obis : List.of("0-0:19.10.0.255", "0-0:19.10.1.255", "0-0:19.10.2.255")) {
            b.action(CosemAttribute.of(112, obis, 2), new Data.DoubleLong(0));
        }
        assertThat(send("ECS04b", b.build()).results()).allMatch(r -> r.result() == DataAccessResult.SUCCESS);
    }

    /** 4.3's prepayment balance collection, decrypted as the supplier would: meter balance, EC, debts. */
    private List<Long> balances() throws Exception {
        byte[] frame = t.command(TestParties.SUPPLIER, TestParties.ESME, TableRead.of("ECS19", null, null).orElseThrow());
        GeneralSigningApdu response = decoder.decode(t.esme.receive(frame).get(0).frame()).apdu();
        XdlmsApdu.AccessResponse r = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(response.content());
        Data.OctetString protectedValue = (Data.OctetString) ((Data.Structure) r.data().get(0)).get(1);
        byte[] plain = t.security.decryptPayload(response, TestParties.ESME, ProtectedPayload.parse(protectedValue.value()))
                .orElseThrow();
        // The plaintext is a structure of the protected values, here the one collection (GBCS 10.x).
        Data.Structure collection = (Data.Structure) ((Data.Structure) DataCodec.decode(plain)).get(0);
        return collection.elements().stream().map(d -> (long) ((Data.DoubleLong) d).value())
                .toList();
    }

    @Test
    void adjustments_addUpInTheMeterBalance_andAResetZeroesIt() throws Exception {
        assertThat(adjust(1_200_000)).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(adjust(-200_000)).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(balances()).containsExactly(1_000_000L, 0L, 0L, 0L, 0L, 0L);

        reset();
        assertThat(balances().get(0)).isZero();
        assertThat(adjust(Integer.MAX_VALUE)).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(adjust(1)).as("a balance past a double-long").isEqualTo(DataAccessResult.OTHER_REASON);
    }

    @Test
    void emergencyCredit_isActivatedOnceBelowItsThreshold_andNotWhileInUse() throws Exception {
        assertThat(adjust(150_000)).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(activateEmergencyCredit()).as("balance above the GBP 1 threshold").isEqualTo(DataAccessResult.OTHER_REASON);

        assertThat(adjust(-100_000)).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(activateEmergencyCredit()).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(balances().subList(0, 2)).containsExactly(50_000L, 500_000L);
        assertThat(activateEmergencyCredit()).as("emergency credit already in use").isEqualTo(DataAccessResult.OTHER_REASON);
    }

    @Test
    void updateDebt_setsRecoveryAndAdjustsTheThreeDebts_andTheyOutliveARestart() throws Exception {
        Data rate = Data.structure(Data.structure(new Data.Integer8(0), new Data.Integer8(-1)),
                Data.structure(new Data.LongUnsigned(0), Data.octets(new byte[6]), new Data.Integer8(0)),
                Data.array(Data.structure(Data.octets(new byte[0]), new Data.Long16(3))));
        DlmsItems debt = DlmsItems.builder()
                .set(CosemAttribute.of(113, "0-0:19.20.1.255", 6), rate)
                .set(CosemAttribute.of(113, "0-0:19.20.2.255", 6), rate)
                .set(CosemAttribute.of(113, "0-0:19.20.3.255", 13), new Data.LongUnsigned(1000))
                .set(CosemAttribute.of(113, "0-0:19.20.1.255", 8), new Data.DoubleLongUnsigned(86_400))
                .set(CosemAttribute.of(113, "0-0:19.20.2.255", 8), new Data.DoubleLongUnsigned(86_400))
                .action(CosemAttribute.of(113, "0-0:19.20.1.255", 2), new Data.Integer8(0))
                .action(CosemAttribute.of(113, "0-0:19.20.2.255", 2), new Data.Integer8(0))
                .action(CosemAttribute.of(113, "0-0:19.20.3.255", 4), new Data.DoubleLong(50_000))
                .action(CosemAttribute.of(113, "0-0:19.20.1.255", 4), new Data.DoubleLong(30_000))
                .action(CosemAttribute.of(113, "0-0:19.20.2.255", 4), new Data.DoubleLong(15_000))
                .build();
        assertThat(send("ECS07", debt).results()).allMatch(r -> r.result() == DataAccessResult.SUCCESS);
        assertThat(balances()).containsExactly(0L, 0L, 0L, 30_000L, 15_000L, 50_000L);
        assertThat(t.esme.object(113, org.dccsim.gbcs.dlms.ObisCode.parse("0-0:19.20.1.255")).orElseThrow())
                .isInstanceOfSatisfying(org.dccsim.device.cosem.AttributeStore.class, a -> assertThat(a.value(5))
                        .as("the recovery rate made active").isEqualTo(rate));

        DlmsItems repay = DlmsItems.builder()
                .action(CosemAttribute.of(113, "0-0:19.20.3.255", 4), new Data.DoubleLong(-60_000)).build();
        assertThat(send("ECS07", repay).results().get(0).result()).as("a debt below zero")
                .isEqualTo(DataAccessResult.OTHER_REASON);

        DeviceState saved = t.esme.snapshot();
        TestSite other = new TestSite();
        other.esme.restore(saved);
        assertThat(t.esme.snapshot().objects()).isEqualTo(other.esme.snapshot().objects());
        assertThat(other.esme.object(113, org.dccsim.gbcs.dlms.ObisCode.parse("0-0:19.20.3.255")).orElseThrow())
                .isInstanceOfSatisfying(org.dccsim.device.cosem.ChargeObject.class, c -> assertThat(c.remaining()).isEqualTo(50_000));
    }

    @Test
    void valuesOfTheWrongTypes_areRefusedItemByItem_andChangeNothing() throws Exception {
        assertThat(send("ECS04a", DlmsItems.builder().action(METER_BALANCE_ADJUST, new Data.Integer8(5)).build())
                .results().get(0).result()).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
        assertThat(send("ECS09", DlmsItems.builder().action(EMERGENCY_CREDIT_INVOKE, Data.octets(new byte[3])).build())
                .results().get(0).result()).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
        // A price matrix's activation time that is not a COSEM date-time.
        assertThat(send("ECS01d", DlmsItems.builder().set(CosemAttribute.of(113, "0-0:19.20.5.255", 7),
                Data.octets(new byte[5])).build()).results().get(0).result()).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
        assertThat(balances()).containsOnly(0L);
    }
}
