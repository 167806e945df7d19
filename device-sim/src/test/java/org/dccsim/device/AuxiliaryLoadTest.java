package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.junit.jupiter.api.Test;

/** An ESME's auxiliary load switches under ECS47: off for a while (7.6), and reset to their calendar (7.8). */
class AuxiliaryLoadTest {
    private final TestSite t = new TestSite();

    private byte[] ecs47(int n, int action, Integer minutes) {
        DlmsItems.Builder b = DlmsItems.builder();
        if (minutes != null) {
            b.set(CosemAttribute.of(1, "0-0:94.44." + (116 + n) + "." + (action == 0x11 ? 1 : 2), 2), new Data.LongUnsigned(minutes));
        }
        b.action(new CosemAttribute(9, GbcsObjects.AUX_CONTROLLER_SCRIPTS, 1), new Data.LongUnsigned(n * 256 + action));
        return t.command(TestParties.SUPPLIER, TestParties.ESME, new SimpleCommands.AttributeAccess("ECS47", b.build()));
    }

    @Test
    void aSwitchTurnedOffForAnHour_isOffUntilAResetTurnsItBack() {
        Instant start = t.clock.now();
        assertThat(t.esme.receive(ecs47(2, 0x12, 60))).isNotEmpty();
        t.clock.advance(Duration.ofMinutes(20));
        assertThat(t.esme.controllerLevel(2, t.clock.now())).isZero();

        assertThat(t.esme.receive(ecs47(2, 0x13, null))).isNotEmpty();

        assertThat(t.esme.controllerLevel(2, start.plusSeconds(60))).as("off before the reset").isZero();
        assertThat(t.esme.controllerLevel(2, t.clock.now().plusSeconds(1))).as("on again at once, not in 40 minutes")
                .isEqualTo(100);
        assertThat(t.esme.controllerLevel(2, start.plus(Duration.ofMinutes(50)))).isEqualTo(100);
    }
}
