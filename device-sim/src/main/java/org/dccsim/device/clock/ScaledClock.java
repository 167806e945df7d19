package org.dccsim.device.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time that starts at a given instant and runs {@code factor} times faster than real time (1.0 is the
 * system clock, offset). Monotonic: it reads System.nanoTime, not the wall clock. It can be held (simulated time
 * stands still) and released (it runs on from where it stood), so that set-up work whose real duration depends on
 * the machine, such as a drill's dispatch, does not eat into simulated time.
 */
public final class ScaledClock implements SimClock {
    /** Simulated {@code base} at real {@code baseNanos}; {@code held} means time stands at {@code base}. */
    private record State(Instant base, long baseNanos, boolean held) {
    }

    private final double factor;
    private volatile State state;

    public ScaledClock(Instant start, double factor) {
        this(start, factor, false);
    }

    private ScaledClock(Instant start, double factor, boolean held) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("clock speed must be a positive number, not " + factor);
        }
        this.factor = factor;
        this.state = new State(start, System.nanoTime(), held);
    }

    /** A clock that stands exactly at {@code start} until {@link #release()}. */
    public static ScaledClock held(Instant start, double factor) {
        return new ScaledClock(start, factor, true);
    }

    @Override
    public Instant now() {
        State s = state;
        return s.held ? s.base : s.base.plusNanos((long) ((System.nanoTime() - s.baseNanos) * factor));
    }

    /** Stops simulated time where it is. */
    public synchronized void hold() {
        state = new State(now(), System.nanoTime(), true);
    }

    /** Lets simulated time run on from where it was held. */
    public synchronized void release() {
        State s = state;
        if (s.held) {
            state = new State(s.base, System.nanoTime(), false);
        }
    }

    @Override
    public Duration realTimeFor(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / factor));
    }

    public double factor() {
        return factor;
    }
}
