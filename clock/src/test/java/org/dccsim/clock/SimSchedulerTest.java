package org.dccsim.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {
    static final Instant T0 = Instant.parse("2026-06-01T16:00:00Z");

    @Test
    void manualClock_runsNothingEarly_thenEverythingPassedOver_inTimeOrder() throws Exception {
        ManualClock clock = new ManualClock(T0);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        try (SimScheduler s = new SimScheduler(clock, "test-scheduler")) {
            s.schedule(T0.plus(Duration.ofHours(2)), () -> {
                ran.add("second");
                two.countDown();
            });
            s.schedule(T0.plus(Duration.ofHours(1)), () -> {
                ran.add("first");
                two.countDown();
            });
            // Nothing is due: a scheduler that ran early would have done so by the time it waits for a change.
            assertThat(two.await(300, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(ran).isEmpty();
            clock.advance(Duration.ofHours(3));
            assertThat(two.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("first", "second");
        }
    }

    @Test
    void aJumpOfAHeldScaledClock_runsTheDueTask_andACancelledOneNever() throws Exception {
        ScaledClock clock = ScaledClock.held(T0, 1);
        CountDownLatch ran = new CountDownLatch(1);
        List<String> cancelledRan = new CopyOnWriteArrayList<>();
        try (SimScheduler s = new SimScheduler(clock, "test-scheduler")) {
            SimScheduler.Task cancelled = s.schedule(T0.plusSeconds(30), () -> cancelledRan.add("ran"));
            s.schedule(T0.plusSeconds(60), ran::countDown);
            cancelled.cancel();
            clock.jump(Duration.ofMinutes(5));
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelledRan).isEmpty();
            assertThat(s.pending()).isZero();
        }
    }
}
