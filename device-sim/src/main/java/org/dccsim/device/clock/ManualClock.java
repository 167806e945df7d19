package org.dccsim.device.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Time that moves only when told to: tests and deterministic drills. Listeners hear every move, so fleets
 * run what fell due (limit ends, future-dated commands) at exactly the simulated time.
 */
public final class ManualClock implements SimClock {
    private volatile Instant now;
    private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();

    public ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Duration realTimeFor(Duration simulated) {
        return Duration.ZERO;
    }

    /** Moves time forward and tells the listeners; moving backwards is refused. */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a manual clock only moves forward");
        }
        set(now.plus(d));
    }

    public synchronized void set(Instant t) {
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("a manual clock only moves forward: " + t + " is before " + now);
        }
        now = t;
        for (Consumer<Instant> l : listeners) {
            l.accept(t);
        }
    }

    public void onAdvance(Consumer<Instant> listener) {
        listeners.add(listener);
    }
}
