package org.dccsim.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The clock read off a counter the test moves, so every expectation is exact. */
class ScaledClockTest {
    static final Instant START = Instant.parse("2026-06-01T16:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void realTimePasses(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void running_movesSpeedTimesFasterThanTheCounter() {
        ScaledClock c = new ScaledClock(START, 60, false, nanos::get);
        realTimePasses(Duration.ofSeconds(2));
        assertThat(c.now()).isEqualTo(START.plusSeconds(120));
        assertThat(c.realTimeFor(Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void held_standsStillUntilReleased_thenRunsOnFromWhereItStood() {
        ScaledClock c = new ScaledClock(START, 3600, true, nanos::get);
        realTimePasses(Duration.ofSeconds(5));
        assertThat(c.now()).isEqualTo(START);
        assertThat(c.runsOnItsOwn()).isFalse();
        c.release();
        realTimePasses(Duration.ofMillis(50));
        assertThat(c.now()).isEqualTo(START.plusSeconds(180));
        c.hold();
        realTimePasses(Duration.ofSeconds(1));
        assertThat(c.now()).isEqualTo(START.plusSeconds(180));
    }

    @Test
    void setSpeed_keepsTheCurrentInstant_andRunsOnAtTheNewSpeed() {
        ScaledClock c = new ScaledClock(START, 1, false, nanos::get);
        realTimePasses(Duration.ofSeconds(10));
        c.setSpeed(100);
        assertThat(c.now()).isEqualTo(START.plusSeconds(10));
        realTimePasses(Duration.ofSeconds(1));
        assertThat(c.now()).isEqualTo(START.plusSeconds(110));
        assertThat(c.speed()).isEqualTo(100);
    }

    @Test
    void jump_movesForwardAndTellsListeners_butNeverBackwards() {
        ScaledClock c = new ScaledClock(START, 1, false, nanos::get);
        AtomicInteger heard = new AtomicInteger();
        c.onChange(heard::incrementAndGet);
        c.jump(Duration.ofHours(2));
        assertThat(c.now()).isEqualTo(START.plus(Duration.ofHours(2)));
        assertThat(heard).hasValue(1);
        assertThatThrownBy(() -> c.jump(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void speed_mustBePositiveAndFinite() {
        assertThatThrownBy(() -> new ScaledClock(START, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScaledClock(START, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScaledClock(START, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
