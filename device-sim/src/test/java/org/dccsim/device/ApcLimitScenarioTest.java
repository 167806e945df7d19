package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.device.model.EnergyTotals;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.ReadProfile;
import org.junit.jupiter.api.Test;

/**
 * A four-hour APC limit, 17:00-21:00, on a SAPC driving a heat pump (APC 1, limited to 20 %) and a battery (APC 2,
 * charging limited to 0 %), on a manual clock: 8F86 when processed, 8F87 at 21:00, and half-hour profiles read
 * through the device that show the limit, and the heat pump's rebound after it, against the counterfactual run.
 */
class ApcLimitScenarioTest {
    private final TestSite t = new TestSite();
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private final Instant day = TestSite.START;
    private final Instant from = day.plus(Duration.ofHours(17));
    private final Instant to = day.plus(Duration.ofHours(21));

    @Test
    void fourHourLimit_showsInProfilesWithAlertsAtTheRightTimes() throws Exception {
        List<DeviceAlert> alerts = new ArrayList<>();
        List<Instant> alertTimes = new ArrayList<>();
        t.clock.set(day.plus(Duration.ofHours(16)).plus(Duration.ofMinutes(50)));
        for (int[] c : new int[][] {{1, 20}, {2, 0}}) {
            LimitApcLevel limit = new LimitApcLevel(AuxiliaryController.output(c[0]), c[1], CosemDateTime.ofInstant(from),
                    CosemDateTime.ofInstant(to));
            List<Outbound> out = t.sapc.receive(t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit));
            assertThat(out).hasSize(2);
            alerts.add(DeviceAlerts.parse(decoder.decode(out.get(1).frame()).apdu()).orElseThrow());
            alertTimes.add(t.clock.now());
            assertThat(out.get(1).recipient()).isEqualTo(TestParties.LOAD_CONTROLLER);
        }
        // Walk the clock in five-minute steps, as a fleet would, collecting alerts when they fall due.
        while (t.clock.now().isBefore(day.plus(Duration.ofHours(23)))) {
            t.clock.advance(Duration.ofMinutes(5));
            for (Outbound o : t.sapc.poll()) {
                alerts.add(DeviceAlerts.parse(decoder.decode(o.frame()).apdu()).orElseThrow());
                alertTimes.add(t.clock.now());
            }
        }
        assertThat(alerts).hasSize(4);
        assertThat(alerts.subList(0, 2)).allMatch(a -> a instanceof DeviceAlert.ApcLimitProcessed);
        DeviceAlert.ApcLimitProcessed processed = (DeviceAlert.ApcLimitProcessed) alerts.get(0);
        assertThat(processed.resultingLevel()).isEqualTo(20);
        assertThat(processed.limitStart().toInstant()).contains(from);
        assertThat(processed.limitEnd().toInstant()).contains(to);
        assertThat(alerts.subList(2, 4)).allMatch(a -> a instanceof DeviceAlert.ApcLimitEnded);
        assertThat(alerts.get(2).timestamp().toInstant()).contains(to);
        assertThat(alertTimes.get(2)).isEqualTo(to); // delivered at the first poll at or after 21:00
        assertThat(((DeviceAlert.ApcLimitEnded) alerts.get(2)).resultingLevel()).isEqualTo(100);

        HalfHourProfile profile = readSapcImportProfile(day.plus(Duration.ofHours(16)), day.plus(Duration.ofHours(23)));
        long limitedTotal = 0;
        long baselineTotal = 0;
        long afterTotal = 0;
        long afterBaseline = 0;
        for (HalfHourProfile.Entry e : profile.entries()) {
            Instant periodStart = e.timestamp().minus(Duration.ofMinutes(30));
            EnergyTotals baseline = t.site.sapcBaseline(t.sapc, periodStart, e.timestamp());
            if (!periodStart.isBefore(from) && !e.timestamp().isAfter(to)) {
                // Heat pump capped at 20 % of 3 kW = 600 W (300 Wh a half-hour); battery charging stopped.
                assertThat(e.value()).as("limited half-hour ending %s", e.timestamp()).isLessThanOrEqualTo(300);
                assertThat(e.value()).isLessThanOrEqualTo(baseline.importWh());
                limitedTotal += e.value();
                baselineTotal += baseline.importWh();
            } else if (e.timestamp().isBefore(from.plusSeconds(1))) {
                assertThat(e.value()).as("half-hour ending %s, before the limit", e.timestamp())
                        .isBetween(baseline.importWh() - 1, baseline.importWh() + 1);
            } else {
                assertThat(e.value()).as("half-hour ending %s, after the limit", e.timestamp())
                        .isGreaterThanOrEqualTo(baseline.importWh() - 1);
                afterTotal += e.value();
                afterBaseline += baseline.importWh();
            }
        }
        // On a winter evening the heat pump alone would draw well over 20 % of 3 kW: the limit shows in the total.
        assertThat(limitedTotal).isLessThan(baselineTotal * 3 / 4);
        // The house cooled while its heat pump was held back, so it draws more than it would have afterwards.
        assertThat(afterTotal).as("rebound after the limit").isGreaterThan(afterBaseline + 100);
    }

    @Test
    void sameSeedAndCommands_readTheSameProfile() throws Exception {
        TestSite other = new TestSite();
        other.clock.set(day.plus(Duration.ofHours(12)));
        t.clock.set(day.plus(Duration.ofHours(12)));
        assertThat(readSapcImportProfile(day, day.plus(Duration.ofHours(12))))
                .isEqualTo(readProfile(other, day, day.plus(Duration.ofHours(12))));
    }

    private HalfHourProfile readSapcImportProfile(Instant a, Instant b) throws Exception {
        return readProfile(t, a, b);
    }

    private HalfHourProfile readProfile(TestSite site, Instant a, Instant b) throws Exception {
        byte[] cmd = site.command(TestParties.SUPPLIER, TestParties.SAPC, new ReadProfile(ReadProfile.Kind.ACTIVE_IMPORT, a, b));
        List<Outbound> out = site.sapc.receive(cmd);
        var in = new MessageInspector(decoder, site.security).inspect(out.get(0).frame());
        return HalfHourProfile.parse(in.decryptions().get(0).plaintext());
    }
}
