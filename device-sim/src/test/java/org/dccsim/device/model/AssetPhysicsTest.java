package org.dccsim.device.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Assets with state, run as a meter runs them: limits now change what the asset does later (rebound, deferred
 * charging, a different state of charge), against the same asset run without the limit, and every store of
 * energy balances.
 */
class AssetPhysicsTest {
    private static final Instant DAY = Instant.parse("2026-01-15T00:00:00Z");
    private static final long EPOCH = Meter.minuteOf(DAY);

    /** An asset's controls from a real ControlHistory, as a SAPC's controller holds them. */
    private static final class Controls implements AssetTrajectory.Inputs {
        final ControlHistory history = new ControlHistory();
        long seen;

        @Override
        public int levelPercent(long minute) {
            return history.levelAt(Instant.ofEpochSecond(minute * 60));
        }

        @Override
        public boolean supplyOn(long minute) {
            return true;
        }

        @Override
        public long changedSince() {
            long[] c = history.changesSince(seen);
            seen = c[1];
            return c[0];
        }

        void limit(Instant from, Duration d, int level) {
            history.add(new ControlHistory.Period(from, from.plus(d), level));
        }
    }

    private static AssetTrajectory run(AssetModel model, Weather weather, Controls controls) {
        return new AssetTrajectory(AssetState.initial(model, weather), EPOCH, controls);
    }

    private static long importWh(AssetTrajectory t, Instant from, Instant to) {
        return EnergyTotals.integrate(t, Meter.minuteOf(from), Meter.minuteOf(to)).importWh();
    }

    private static Instant at(int hour) {
        return DAY.plus(Duration.ofHours(hour));
    }

    @Test
    void heatPump_limitedForAnHourOnAColdDay_reboundsInTheFollowingHours() {
        AssetModel hp = new AssetModel(AssetType.HEAT_PUMP, 7, 3000, 0);
        Controls limited = new Controls();
        limited.limit(at(17), Duration.ofHours(1), 20);
        AssetTrajectory actual = run(hp, Weather.DailyCycle.WINTER, limited);
        AssetTrajectory counterfactual = run(hp, Weather.DailyCycle.WINTER, new Controls());

        long during = importWh(actual, at(17), at(18));
        long duringBase = importWh(counterfactual, at(17), at(18));
        assertThat(during).as("capped at 600 W for the hour").isLessThanOrEqualTo(600);
        assertThat(duringBase).as("a cold evening needs well over 600 W").isGreaterThan(1200);

        long after = importWh(actual, at(18), at(22));
        long afterBase = importWh(counterfactual, at(18), at(22));
        assertThat(after - afterBase).as("rebound over 18:00-22:00").isGreaterThan((duringBase - during) / 4);

        AssetState.HeatPump cooled = (AssetState.HeatPump) actual.stateAt(Meter.minuteOf(at(18)));
        AssetState.HeatPump warm = (AssetState.HeatPump) counterfactual.stateAt(Meter.minuteOf(at(18)));
        assertThat(cooled.indoorC()).isLessThan(warm.indoorC() - 0.2);
        AssetState.HeatPump recovered = (AssetState.HeatPump) actual.stateAt(Meter.minuteOf(at(24 + 6)));
        assertThat(recovered.indoorC()).as("warm again by morning").isCloseTo(
                ((AssetState.HeatPump) counterfactual.stateAt(Meter.minuteOf(at(24 + 6)))).indoorC(), within(0.05));
    }

    @Test
    void heatPump_inSummer_drawsLittle() {
        AssetTrajectory t = run(new AssetModel(AssetType.HEAT_PUMP, 7, 3000, 0), Weather.DailyCycle.SUMMER, new Controls());
        assertThat(importWh(t, at(0), at(24))).isLessThan(importWh(
                run(new AssetModel(AssetType.HEAT_PUMP, 7, 3000, 0), Weather.DailyCycle.WINTER, new Controls()), at(0), at(24)) / 5);
    }

    @Test
    void evCharger_limited_movesEnergyLaterWithoutLosingIt() {
        AssetModel ev = new AssetModel(AssetType.EV_CHARGER, 21, 7000, 0);
        AssetState.EvCharger probe = (AssetState.EvCharger) AssetState.initial(ev, Weather.GB);
        long day = Math.floorDiv(EPOCH, 1440);
        Instant arrival = Instant.ofEpochSecond(probe.arrival(day) * 60);
        Controls limited = new Controls();
        limited.limit(arrival, Duration.ofHours(2), 10);
        AssetTrajectory actual = run(ev, Weather.GB, limited);
        AssetTrajectory counterfactual = run(ev, Weather.GB, new Controls());

        Instant limitEnd = arrival.plus(Duration.ofHours(2));
        assertThat(importWh(actual, arrival, limitEnd)).isLessThan(importWh(counterfactual, arrival, limitEnd));
        Instant departure = Instant.ofEpochSecond(probe.departure(day) * 60);
        long delivered = importWh(actual, arrival, departure);
        assertThat(delivered).as("the car gets what it needed by departure").isCloseTo(Math.round(probe.needed(day)),
                within(2L));
        assertThat(delivered).isCloseTo(importWh(counterfactual, arrival, departure), within(2L));
        AssetState.EvCharger after = (AssetState.EvCharger) actual.stateAt(Meter.minuteOf(departure) + 1);
        assertThat(after.unmetWh()).isZero();
        // The car that arrived the evening before the epoch left that morning: two sessions ended.
        assertThat(after.sessionsEnded()).isEqualTo(2);
    }

    @Test
    void evCharger_limitedUntilDeparture_recordsTheShortfall() {
        AssetModel ev = new AssetModel(AssetType.EV_CHARGER, 21, 7000, 0);
        AssetState.EvCharger probe = (AssetState.EvCharger) AssetState.initial(ev, Weather.GB);
        long day = Math.floorDiv(EPOCH, 1440);
        Instant arrival = Instant.ofEpochSecond(probe.arrival(day) * 60);
        Instant departure = Instant.ofEpochSecond(probe.departure(day) * 60);
        Controls limited = new Controls();
        limited.limit(arrival, Duration.between(arrival, departure), 0);
        AssetState.EvCharger after = (AssetState.EvCharger) run(ev, Weather.GB, limited).stateAt(Meter.minuteOf(departure) + 1);
        assertThat(after.unmetWh()).isCloseTo(probe.needed(day), within(1.0));
    }

    @Test
    void battery_limitedThroughTheCheapNight_goesIntoThePeakWithLessAndGivesLess() {
        AssetModel b = new AssetModel(AssetType.BATTERY, 5, 5000, 5000);
        Controls limited = new Controls();
        limited.limit(at(0), Duration.ofHours(5), 0);
        AssetTrajectory actual = run(b, Weather.GB, limited);
        AssetTrajectory counterfactual = run(b, Weather.GB, new Controls());
        long beforePeak = Meter.minuteOf(at(16));
        AssetState.Battery limitedPeak = (AssetState.Battery) actual.stateAt(beforePeak);
        AssetState.Battery freePeak = (AssetState.Battery) counterfactual.stateAt(beforePeak);
        assertThat(freePeak.socWh() - limitedPeak.socWh()).as("less stored when the peak begins").isGreaterThan(1000);
        // The policy discharges at full power through the peak until the reserve: the limit shows as energy the
        // battery could not give, not as a different state at midnight.
        AssetState.Battery limitedEnd = (AssetState.Battery) actual.stateAt(Meter.minuteOf(at(24)));
        AssetState.Battery freeEnd = (AssetState.Battery) counterfactual.stateAt(Meter.minuteOf(at(24)));
        assertThat(freeEnd.dischargedWh() - limitedEnd.dischargedWh()).as("less given into the peak").isGreaterThan(1000);
        assertThat(EnergyTotals.integrate(actual, Meter.minuteOf(at(16)), Meter.minuteOf(at(20))).exportWh())
                .isLessThan(EnergyTotals.integrate(counterfactual, Meter.minuteOf(at(16)), Meter.minuteOf(at(20))).exportWh() - 1000);
    }

    @Test
    void battery_stateOfChargeBalancesWithTheEnergyItsMeterSaw() {
        AssetModel b = new AssetModel(AssetType.BATTERY, 5, 5000, 5000);
        Controls c = new Controls();
        c.limit(at(12), Duration.ofHours(1), 30);
        AssetTrajectory t = run(b, Weather.GB, c);
        AssetState.Battery start = (AssetState.Battery) t.stateAt(Meter.minuteOf(at(0)));
        EnergyTotals metered = EnergyTotals.integrate(t, Meter.minuteOf(at(0)), Meter.minuteOf(at(24)));
        AssetState.Battery end = (AssetState.Battery) t.stateAt(Meter.minuteOf(at(24)));
        double expected = metered.importWmin() / 60.0 * AssetState.Battery.EFFICIENCY
                - metered.exportWmin() / 60.0 / AssetState.Battery.EFFICIENCY;
        assertThat(end.socWh() - start.socWh()).isCloseTo(expected, within(0.01));
        assertThat(end.socWh()).isBetween(0.05 * end.capacityWh() - 1e-6, end.capacityWh() + 1e-6);
    }

    @Test
    void heatPump_heatStoredInTheHouseBalancesHeatInAndLossOut() {
        AssetTrajectory t = run(new AssetModel(AssetType.HEAT_PUMP, 9, 3000, 0), Weather.DailyCycle.WINTER, new Controls());
        AssetState.HeatPump a = (AssetState.HeatPump) t.stateAt(Meter.minuteOf(at(3)));
        AssetState.HeatPump b = (AssetState.HeatPump) t.stateAt(Meter.minuteOf(at(27)));
        double stored = (b.indoorC() - a.indoorC()) * a.capacitanceWhPerK();
        assertThat(stored).isCloseTo((b.heatWh() - a.heatWh()) - (b.lossWh() - a.lossWh()), within(0.01));
    }

    @Test
    void aLimitSetAfterTheAssetWasRunAhead_recomputesFromItsStart() {
        AssetModel hp = new AssetModel(AssetType.HEAT_PUMP, 7, 3000, 0);
        Controls c = new Controls();
        AssetTrajectory t = run(hp, Weather.DailyCycle.WINTER, c);
        long before = importWh(t, at(17), at(20));
        c.limit(at(17), Duration.ofHours(1), 0);
        long limited = importWh(t, at(17), at(20));
        Controls fresh = new Controls();
        fresh.limit(at(17), Duration.ofHours(1), 0);
        assertThat(limited).isLessThan(before).isEqualTo(importWh(run(hp, Weather.DailyCycle.WINTER, fresh), at(17), at(20)));
    }

    @Test
    void readingBackAndForth_givesTheSameEnergyEveryTime() {
        AssetModel b = new AssetModel(AssetType.BATTERY, 3, 5000, 5000);
        AssetTrajectory t = run(b, Weather.GB, new Controls());
        long late = importWh(t, at(40), at(48));
        long early = importWh(t, at(0), at(8));
        assertThat(importWh(t, at(40), at(48))).isEqualTo(late);
        assertThat(importWh(t, at(0), at(8))).isEqualTo(early);
        assertThat(importWh(run(b, Weather.GB, new Controls()), at(40), at(48))).isEqualTo(late);
    }

    @Test
    void weatherSeries_interpolatesBetweenPointsAndHoldsAtTheEnds() {
        Weather.Series w = new Weather.Series(new long[] {100, 160}, new double[] {0, 6});
        assertThat(w.outdoorC(130)).isCloseTo(3, within(1e-9));
        assertThat(w.outdoorC(0)).isEqualTo(0);
        assertThat(w.outdoorC(1000)).isEqualTo(6);
        double january = new Weather.Seasonal(0).outdoorC(Meter.minuteOf(Instant.parse("2026-01-20T14:00:00Z")));
        double july = new Weather.Seasonal(0).outdoorC(Meter.minuteOf(Instant.parse("2026-07-20T14:00:00Z")));
        assertThat(january).isBetween(4.0, 10.0);
        assertThat(july).isBetween(17.0, 23.0);
    }

    @Test
    void storageHeater_switchedOffInTheNight_catchesUpWhileTheCheapWindowLasts_andTheCoreBalances() {
        AssetModel heater = new AssetModel(AssetType.STORAGE_HEATER, 4, 3400, 0);
        Controls off = new Controls();
        off.limit(at(2), Duration.ofHours(2), 0);
        AssetTrajectory actual = run(heater, Weather.DailyCycle.WINTER, off);
        AssetTrajectory counterfactual = run(heater, Weather.DailyCycle.WINTER, new Controls());
        assertThat(importWh(actual, at(2), at(4))).isZero();
        assertThat(importWh(counterfactual, at(2), at(4))).isEqualTo(6800);
        assertThat(importWh(actual, at(4), at(8))).isGreaterThan(importWh(counterfactual, at(4), at(8)) + 2000);
        assertThat(importWh(actual, at(8), at(24))).as("nothing charges outside 00:30-07:30").isZero();
        AssetState.StorageHeater a = (AssetState.StorageHeater) actual.stateAt(Meter.minuteOf(at(0)));
        AssetState.StorageHeater b = (AssetState.StorageHeater) actual.stateAt(Meter.minuteOf(at(24)));
        double charged = (b.importWmin() - a.importWmin()) / 60.0;
        assertThat(b.storedWh() - a.storedWh()).isCloseTo(charged - (b.releasedWh() - a.releasedWh()) - (b.lostWh() - a.lostWh()),
                within(0.01));
    }

    @Test
    void immersionHeater_switchedOffOverTheMorningDraw_reheatsTheCylinderWhenItsSwitchCloses() {
        AssetModel immersion = new AssetModel(AssetType.IMMERSION_HEATER, 4, 3000, 0);
        Controls off = new Controls();
        off.limit(at(6), Duration.ofHours(3), 0);
        AssetTrajectory actual = run(immersion, Weather.GB, off);
        AssetTrajectory counterfactual = run(immersion, Weather.GB, new Controls());
        long shed = importWh(counterfactual, at(6), at(9));
        assertThat(shed).as("the morning draw is reheated at once without the switching").isGreaterThan(500);
        assertThat(importWh(actual, at(6), at(9))).isZero();
        long recovery = importWh(actual, at(9), at(12)) - importWh(counterfactual, at(9), at(12));
        assertThat(recovery).isBetween(shed * 9 / 10, shed * 11 / 10);
        AssetState.ImmersionHeater cold = (AssetState.ImmersionHeater) actual.stateAt(Meter.minuteOf(at(9)));
        assertThat(cold.waterC()).isLessThan(55);
    }
}
