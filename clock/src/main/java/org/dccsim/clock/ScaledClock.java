package org.dccsim.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Simulated time that starts at a given instant and runs {@code speed} times faster than real time (1.0 is the
 * system clock, offset). Monotonic: it reads a nanosecond counter ({@code System.nanoTime} unless a test gives
 * another), not the wall clock. A running head-end can change its speed and jump it forward (the admin endpoint);
 * it never runs backwards, because devices and the head-end's journal take simulated instants as facts. It can be
 * held (simulated time stands still) and released (it runs on from where it stood), so that set-up work whose real
 * duration depends on the machine, such as a drill's dispatch, does not eat into simulated time.
 */
public final class ScaledClock implements SimClock {
    /** Simulated {@code base} at counter {@code baseNanos}, running at {@code speed} unless {@code held}. */
    private record State(Instant base, long baseNanos, double speed, boolean held) {
        Instant at(long nanos) {
            return held ? base : base.plusNanos((long) ((nanos - baseNanos) * speed));
        }
    }

    private final LongSupplier nanos;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile State state;

    public ScaledClock(Instant start, double speed) {
        this(start, speed, false, System::nanoTime);
    }

    /** For tests: a clock read off {@code nanos} instead of {@code System.nanoTime}. */
    public ScaledClock(Instant start, double speed, boolean held, LongSupplier nanos) {
        checkSpeed(speed);
        this.nanos = nanos;
        this.state = new State(start, nanos.getAsLong(), speed, held);
    }

    /** A clock that stands exactly at {@code start} until {@link #release()}. */
    public static ScaledClock held(Instant start, double speed) {
        return new ScaledClock(start, speed, true, System::nanoTime);
    }

    private static void checkSpeed(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed) || speed > 1e9) {
            throw new IllegalArgumentException("clock speed must be a positive number up to 1e9, not " + speed);
        }
    }

    @Override
    public Instant now() {
        return state.at(nanos.getAsLong());
    }

    /** Stops simulated time where it is. */
    public void hold() {
        synchronized (this) {
            long n = nanos.getAsLong();
            State s = state;
            state = new State(s.at(n), n, s.speed, true);
        }
        changed();
    }

    /** Lets simulated time run on from where it was held. */
    public void release() {
        synchronized (this) {
            State s = state;
            if (!s.held) {
                return;
            }
            state = new State(s.base, nanos.getAsLong(), s.speed, false);
        }
        changed();
    }

    /** Runs on from now at another speed. */
    public void setSpeed(double speed) {
        checkSpeed(speed);
        synchronized (this) {
            long n = nanos.getAsLong();
            State s = state;
            state = new State(s.at(n), n, speed, s.held);
        }
        changed();
    }

    /** Jumps simulated time forward; backwards is refused (devices and the journal take instants as facts). */
    public void jump(Duration forward) {
        if (forward.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward, not by " + forward);
        }
        synchronized (this) {
            long n = nanos.getAsLong();
            State s = state;
            state = new State(s.at(n).plus(forward), n, s.speed, s.held);
        }
        changed();
    }

    public double speed() {
        return state.speed;
    }

    public boolean held() {
        return state.held;
    }

    @Override
    public boolean runsOnItsOwn() {
        return !state.held;
    }

    @Override
    public Duration realTimeFor(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / state.speed));
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        for (Runnable l : listeners) {
            l.run();
        }
    }
}
