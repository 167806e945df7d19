package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.junit.jupiter.api.Test;

/** An ESME runs its auxiliary load switch calendar (ECS46c, 6.14.2): the switches follow it day by day. */
class SwitchCalendarTest {
    private final TestSite t = new TestSite();
    private static final byte[] ANY_DATE = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    /** One schedule entry as 6.14.2 writes it: switch n closed (on) or opened at hh:mm on the given weekdays. */
    private static Data entry(int index, int alcs, boolean on, int hour, int minute, int weekdays) {
        return entryWithSelector(index, alcs * 256 + (on ? 1 : 2), hour, minute, weekdays);
    }

    private static Data entryWithSelector(int index, int selector, int hour, int minute, int weekdays) {
        return Data.structure(new Data.LongUnsigned(index), new Data.Bool(true), Data.octets(GbcsObjects.AUX_CONTROLLER_SCRIPTS.toBytes()),
                new Data.LongUnsigned(selector), Data.octets(new byte[] {(byte) hour, (byte) minute, 0, 0}),
                new Data.LongUnsigned(0xFFFF), new Data.BitString(7, new byte[] {(byte) weekdays}), new Data.BitString(0, new byte[0]),
                Data.octets(ANY_DATE), Data.octets(ANY_DATE));
    }

    private byte[] calendar(CosemDateTime activation, Data... entries) {
        return calendar("ECS46c", TestParties.ESME, activation, entries);
    }

    private byte[] calendar(String useCase, org.dccsim.gbcs.Eui64 to, CosemDateTime activation, Data... entries) {
        List<Data> list = new ArrayList<>(List.of(entries));
        DlmsItems items = DlmsItems.builder()
                .set(CosemAttribute.of(11, "0-1:11.0.3.255", 2), Data.array())
                .set(CosemAttribute.of(10, "0-1:12.0.2.255", 2), new Data.Array(list))
                .set(CosemAttribute.of(9000, "0-0:94.44.128.26", 6), Data.octets(activation.toBytes()))
                .set(CosemAttribute.of(9000, "0-0:94.44.128.35", 6), Data.octets(activation.toBytes()))
                .build();
        return t.command(TestParties.SUPPLIER, to, new SimpleCommands.AttributeAccess(useCase, items));
    }

    @Test
    void aCalendarOpeningSwitchOneFromTwoToFourEveryDay_opensItThenOnEachDay() {
        Instant day = TestSite.START;   // a Monday, 00:00 UTC
        assertThat(t.esme.receive(calendar(CosemDateTime.ofInstant(day), entry(1, 1, false, 2, 0, 0xFE), entry(2, 1, true, 4, 0, 0xFE))))
                .isNotEmpty();

        for (int d = 0; d < 3; d++) {
            Instant midnight = day.plus(Duration.ofDays(d));
            assertThat(t.esme.controllerLevel(1, midnight.plus(Duration.ofHours(1)))).as("day %d 01:00", d).isEqualTo(100);
            assertThat(t.esme.controllerLevel(1, midnight.plus(Duration.ofHours(3)))).as("day %d 03:00", d).isZero();
            assertThat(t.esme.controllerLevel(1, midnight.plus(Duration.ofHours(5)))).as("day %d 05:00", d).isEqualTo(100);
        }
        assertThat(t.esme.controllerLevel(2, day.plus(Duration.ofHours(3)))).as("a switch the calendar does not name").isEqualTo(100);
    }

    @Test
    void anEntryForWeekdaysOnly_leavesTheWeekendAlone_andACancellationChangesNothing() {
        Instant monday = TestSite.START;
        t.esme.receive(calendar(CosemDateTime.ofInstant(monday), entry(1, 3, false, 18, 0, 0xF8), entry(2, 3, true, 20, 0, 0xF8)));
        t.esme.receive(calendar(CosemDateTime.ofInstant(Instant.parse("3000-12-31T00:00:00Z")), entry(1, 3, false, 9, 0, 0xFE)));

        assertThat(t.esme.controllerLevel(3, monday.plus(Duration.ofHours(19)))).as("Monday 19:00").isZero();
        assertThat(t.esme.controllerLevel(3, monday.plus(Duration.ofDays(5)).plus(Duration.ofHours(19)))).as("Saturday 19:00")
                .isEqualTo(100);
        assertThat(t.esme.controllerLevel(3, monday.plus(Duration.ofDays(1)).plus(Duration.ofHours(10)))).as("not cancelled in")
                .isEqualTo(100);
    }

    @Test
    void anAuxiliaryControllerCalendar_setsTheSapcsApcLevelForItsHours() {
        Instant day = TestSite.START;
        int apc1 = org.dccsim.gbcs.usecase.AuxiliaryController.output(1).code() << 8;
        assertThat(t.sapc.receive(calendar("ECS46d", TestParties.SAPC, CosemDateTime.ofInstant(day),
                entryWithSelector(1, apc1 | (0x80 + 50), 17, 0, 0xFE), entryWithSelector(2, apc1 | (0x80 + 100), 19, 0, 0xFE))))
                .isNotEmpty();

        assertThat(t.sapc.controllerLevel(1, day.plus(Duration.ofHours(18)))).isEqualTo(50);
        assertThat(t.sapc.controllerLevel(1, day.plus(Duration.ofHours(20)))).isEqualTo(100);
        assertThat(t.sapc.controllerLevel(1, day.plus(Duration.ofDays(1)).plus(Duration.ofHours(18)))).as("the next day too")
                .isEqualTo(50);
    }
}
