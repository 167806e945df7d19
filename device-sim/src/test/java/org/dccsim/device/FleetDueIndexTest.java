package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.junit.jupiter.api.Test;

/**
 * The fleet's due index: the comms hub's due-poll gets a device exactly when its scheduled work is due, not before,
 * and not again once it has run, without asking every device.
 */
class FleetDueIndexTest {
    private static final CosemAttribute PERIOD_PASSIVE = CosemAttribute.of(9000, "0-0:94.44.128.6", 4);
    private static final CosemAttribute PERIOD_ACTIVATION = CosemAttribute.of(9000, "0-0:94.44.128.6", 6);
    private final TestSite t = new TestSite();

    @Test
    void dueDevices_holdsADeviceOnlyOnceItsWorkIsDue_andNotAgainAfterItRan() throws Exception {
        Fleet fleet = Fleet.build(Fleet.rtdsSpec(), t.clock, t.security);
        Device esme = fleet.device(TestParties.ESME).orElseThrow();
        assertThat(fleet.dueDevices()).as("nothing scheduled").isEmpty();

        Instant at = t.clock.now().plus(Duration.ofHours(2));
        var command = new SimpleCommands.AttributeAccess("ECS28a", DlmsItems.builder()
                .set(PERIOD_PASSIVE, new Data.DoubleLongUnsigned(300))
                .set(PERIOD_ACTIVATION, Data.octets(CosemDateTime.ofInstant(at).toBytes())).build());
        assertThat(esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME, command))).hasSize(1);
        assertThat(fleet.dueDevices()).as("scheduled, not yet due").isEmpty();

        t.clock.advance(Duration.ofMinutes(119));
        assertThat(fleet.dueDevices()).as("a minute early").isEmpty();
        t.clock.advance(Duration.ofMinutes(1));
        List<Outbound> alerts = fleet.pollAll();
        assertThat(alerts).as("the 8F66 of the activation").hasSize(1);
        assertThat(alerts.get(0).recipient()).isEqualTo(TestParties.SUPPLIER);
        assertThat(fleet.dueDevices()).as("run, so no longer due").isEmpty();
        assertThat(fleet.pollAll()).isEmpty();
    }

    @Test
    void dueDevices_givesEachDueDeviceOnce_howeverManyTimesItReportedWork() throws Exception {
        Fleet fleet = Fleet.build(Fleet.rtdsSpec(), t.clock, t.security);
        Device esme = fleet.device(TestParties.ESME).orElseThrow();
        for (int minutes : new int[] {30, 10, 20}) {
            Instant at = t.clock.now().plus(Duration.ofMinutes(minutes));
            var command = new SimpleCommands.AttributeAccess("ECS28a", DlmsItems.builder()
                    .set(PERIOD_PASSIVE, new Data.DoubleLongUnsigned(300 + minutes))
                    .set(PERIOD_ACTIVATION, Data.octets(CosemDateTime.ofInstant(at).toBytes())).build());
            esme.receive(t.command(TestParties.SUPPLIER, TestParties.ESME, command));
        }
        t.clock.advance(Duration.ofHours(1));
        assertThat(fleet.dueDevices()).containsExactly(esme);
    }
}
