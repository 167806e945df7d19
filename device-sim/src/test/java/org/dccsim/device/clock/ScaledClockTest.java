package org.dccsim.device.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaledClockTest {
    static final Instant START = Instant.parse("2026-06-01T16:00:00Z");

    @Test
    void held_standsStillUntilReleased_thenRunsOnFromWhereItStood() throws Exception {
        ScaledClock c = ScaledClock.held(START, 3600);
        Thread.sleep(50);
        assertThat(c.now()).isEqualTo(START);
        c.release();
        Thread.sleep(50);
        Instant running = c.now();
        // 50 ms real at 3600x is at least 180 s simulated, and it started from START, not from construction.
        assertThat(Duration.between(START, running)).isGreaterThanOrEqualTo(Duration.ofSeconds(180));
        c.hold();
        Instant stood = c.now();
        Thread.sleep(20);
        assertThat(c.now()).isEqualTo(stood);
        assertThat(stood).isAfterOrEqualTo(running);
    }

    @Test
    void releaseOfARunningClock_changesNothing() throws Exception {
        ScaledClock c = new ScaledClock(START, 60);
        Thread.sleep(20);
        Instant before = c.now();
        c.release();
        assertThat(c.now()).isAfterOrEqualTo(before);
    }
}
