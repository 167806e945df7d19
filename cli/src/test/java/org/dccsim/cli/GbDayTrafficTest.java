package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GbDayTrafficTest {
    private final GbDayTraffic day = new GbDayTraffic(0.001, 1);

    @Test
    void mix_sharesAddUpToTheWholeDay() {
        assertThat(GbDayTraffic.MIX.stream().mapToDouble(GbDayTraffic.Kind::share).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void hours_sumExactlyToTheScaledNationalDay() {
        long n = 0;
        for (int h = 0; h < 24; h++) {
            n += day.hour(h).size();
        }
        assertThat(day.total()).isEqualTo(33_000);
        assertThat(n).isEqualTo(33_000);
    }

    @Test
    void scheduledReads_arriveMostlyOvernight() {
        GbDayTraffic.Kind profiles = kind("4.8.1");
        long night = 0;
        for (int h = 0; h < 6; h++) {
            night += day.count(profiles, h);
        }
        // Six hours at six times a daytime hour's weight: 36 of 54 parts.
        assertThat(night).isCloseTo(Math.round(33_000 * 0.35 * 36 / 54), org.assertj.core.data.Offset.offset(6L));
    }

    @Test
    void dispatch_peaksBetweenFourAndSevenInTheEvening() {
        GbDayTraffic.Kind limits = kind("7.16");
        assertThat(day.count(limits, 17)).isGreaterThan(20 * day.count(limits, 3));
        assertThat(day.count(limits, 17)).isGreaterThan(3 * day.count(limits, 8));
    }

    @Test
    void hour_arrivalsAreInOrderAndInsideTheirHour() {
        List<GbDayTraffic.Arrival> a = day.hour(17);
        assertThat(a).isNotEmpty();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).atSecond()).isBetween(17 * 3600.0, 18 * 3600.0);
            if (i > 0) {
                assertThat(a.get(i).atSecond()).isGreaterThanOrEqualTo(a.get(i - 1).atSecond());
            }
        }
        assertThat(new GbDayTraffic(0.001, 1).hour(17)).isEqualTo(a);
        assertThat(new GbDayTraffic(0.001, 2).hour(17)).isNotEqualTo(a);
    }

    @Test
    void cryptoPerRequest_weighsCriticalKindsByTheirShare() {
        double[] c = GbDayTraffic.cryptoPerRequest();
        // 92 % non-critical reads at 3/3, 6.4.1 at 7/8 (3 %), 7.16 at 9/10 (5 %).
        assertThat(c[0]).isCloseTo(0.92 * 3 + 0.03 * 7 + 0.05 * 9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c[1]).isCloseTo(0.92 * 3 + 0.03 * 8 + 0.05 * 10, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void scale_outOfRange_isRefused() {
        assertThatThrownBy(() -> new GbDayTraffic(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GbDayTraffic(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GbDayTraffic(11, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static GbDayTraffic.Kind kind(String srv) {
        return GbDayTraffic.MIX.stream().filter(k -> k.srv().equals(srv)).findFirst().orElseThrow();
    }
}
