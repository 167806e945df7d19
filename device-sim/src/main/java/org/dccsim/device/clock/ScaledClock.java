package org.dccsim.device.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time that starts at a given instant and runs {@code factor} times faster than real time (1.0 is the
 * system clock, offset). Monotonic: it reads System.nanoTime, not the wall clock.
 */
public final class ScaledClock implements SimClock {
    private final Instant start;
    private final long startNanos;
    private final double factor;

    public ScaledClock(Instant start, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("clock speed must be a positive number, not " + factor);
        }
        this.start = start;
        this.startNanos = System.nanoTime();
        this.factor = factor;
    }

    @Override
    public Instant now() {
        long elapsed = System.nanoTime() - startNanos;
        return start.plusNanos((long) (elapsed * factor));
    }

    @Override
    public Duration realTimeFor(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / factor));
    }

    public double factor() {
        return factor;
    }
}
