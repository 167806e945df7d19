package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.junit.jupiter.api.Test;

/** ECS28a-style future dating: passive values take effect at their activation time, then 8F66. */
class FutureDatedTest {
    private static final CosemAttribute PERIOD_PASSIVE = CosemAttribute.of(9000, "0-0:94.44.128.6", 4);
    private static final CosemAttribute PERIOD_ACTIVE = CosemAttribute.of(9000, "0-0:94.44.128.6", 2);
    private static final CosemAttribute PERIOD_ACTIVATION = CosemAttribute.of(9000, "0-0:94.44.128.6", 6);
    private final TestSite t = new TestSite();

    private SimpleCommands.AttributeAccess loadLimitPeriod(long seconds, CosemDateTime when) {
        return new SimpleCommands.AttributeAccess("ECS28a", DlmsItems.builder()
                .set(PERIOD_PASSIVE, new Data.DoubleLongUnsigned(seconds)).set(PERIOD_ACTIVATION, Data.octets(when.toBytes()))
                .build());
    }

    private Data active() {
        return t.esme.object(9000, PERIOD_ACTIVE.obis()).orElseThrow().get(2, null).data();
    }

    @Test
    void futureDatedValue_takesEffectAtItsTimeAndRaises8F66() throws Exception {
        Instant at = t.clock.now().plus(Duration.ofHours(2));
        List<Outbound> out = t.esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME,
                loadLimitPeriod(300, CosemDateTime.ofInstant(at))));
        assertThat(out).hasSize(1);
        assertThat(active()).isEqualTo(new Data.DoubleLongUnsigned(0));
        t.clock.advance(Duration.ofMinutes(119));
        assertThat(t.esme.poll()).isEmpty();
        t.clock.advance(Duration.ofMinutes(1));
        List<Outbound> alerts = t.esme.poll();
        assertThat(alerts).hasSize(1);
        DeviceAlert a = DeviceAlerts.parse(new GbcsFrameDecoder().decode(alerts.get(0).frame()).apdu()).orElseThrow();
        assertThat(a).isInstanceOf(DeviceAlert.FutureDatedExecution.class);
        DeviceAlert.FutureDatedExecution f = (DeviceAlert.FutureDatedExecution) a;
        assertThat(f.success()).isTrue();
        assertThat(f.originalMessageCode()).isEqualTo(0x0043);
        assertThat(f.item()).isEqualTo(PERIOD_ACTIVATION);
        assertThat(alerts.get(0).recipient()).isEqualTo(TestParties.SUPPLIER);
        assertThat(active()).isEqualTo(new Data.DoubleLongUnsigned(300));
    }

    @Test
    void neverCancelsAPendingActivation() throws Exception {
        Instant at = t.clock.now().plus(Duration.ofHours(2));
        t.esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME, loadLimitPeriod(300, CosemDateTime.ofInstant(at))));
        t.esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME, loadLimitPeriod(300, CosemDateTime.NEVER)));
        t.clock.advance(Duration.ofHours(3));
        assertThat(t.esme.poll()).isEmpty();
        assertThat(active()).isEqualTo(new Data.DoubleLongUnsigned(0));
    }

    @Test
    void nowActivatesImmediately() throws Exception {
        t.esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME, loadLimitPeriod(120, CosemDateTime.NOW)));
        assertThat(active()).isEqualTo(new Data.DoubleLongUnsigned(120));
    }

    /** ECS01d's secondary prices (0-0:19.20.5.255): a unit charge of four prices at a price scale. */
    private static SimpleCommands.AttributeAccess secondaryPrices(int first, CosemDateTime when) {
        Data prices = Data.structure(Data.structure(new Data.Integer8(3), new Data.Integer8(-5)),
                Data.structure(new Data.LongUnsigned(3), Data.octets(org.dccsim.gbcs.dlms.ObisCode.parse("1-20:1.8.0.255")
                        .toBytes()), new Data.Integer8(2)),
                Data.array(java.util.stream.IntStream.rangeClosed(1, 4).mapToObj(n -> (Data) Data.structure(
                        Data.octets(new byte[] {(byte) n}), new Data.Long16(first + n))).toArray(Data[]::new)));
        return new SimpleCommands.AttributeAccess("ECS01d", DlmsItems.builder()
                .set(CosemAttribute.of(113, "0-0:19.20.5.255", 6), prices)
                .set(CosemAttribute.of(113, "0-0:19.20.5.255", 7), Data.octets(when.toBytes())).build());
    }

    private Data activePrices() {
        return ((org.dccsim.device.cosem.ChargeObject) t.esme.object(113, org.dccsim.gbcs.dlms.ObisCode.parse("0-0:19.20.5.255"))
                .orElseThrow()).activeUnitCharge();
    }

    @Test
    void futureDatedPrices_takeEffectAtTheirTime_withAn8F66_andNowAppliesAtOnce() throws Exception {
        assertThat(t.esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME, secondaryPrices(1000, CosemDateTime.NOW))))
                .hasSize(1);
        Data now = activePrices();
        assertThat(now.toString()).contains("1001").contains("1004");

        Instant at = t.clock.now().plus(Duration.ofHours(1));
        t.esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME, secondaryPrices(2000, CosemDateTime.ofInstant(at))));
        assertThat(activePrices()).as("not before its time").isEqualTo(now);
        t.clock.advance(Duration.ofHours(1));
        List<Outbound> alerts = t.esme.poll();
        assertThat(alerts).hasSize(1);
        DeviceAlert.FutureDatedExecution f = (DeviceAlert.FutureDatedExecution) DeviceAlerts.parse(
                new GbcsFrameDecoder().decode(alerts.get(0).frame()).apdu()).orElseThrow();
        assertThat(f.success()).isTrue();
        assertThat(f.originalMessageCode()).isEqualTo(0x00C7);
        assertThat(activePrices().toString()).contains("2001").contains("2004");
    }
}
