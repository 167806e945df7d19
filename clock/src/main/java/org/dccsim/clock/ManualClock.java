package org.dccsim.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Time that moves only when told to: tests and deterministic drills. Listeners hear every move, so whoever waits
 * for a simulated instant (the head-end's scheduler, a fleet's due alerts) runs what fell due at exactly that time.
 */
public final class ManualClock implements SimClock {
    private volatile Instant now;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

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

    @Override
    public boolean runsOnItsOwn() {
        return false;
    }

    /** Moves time forward and tells the listeners; moving backwards is refused. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a manual clock only moves forward");
        }
        synchronized (this) {
            now = now.plus(d);
        }
        changed();
    }

    public void set(Instant t) {
        synchronized (this) {
            if (t.isBefore(now)) {
                throw new IllegalArgumentException("a manual clock only moves forward: " + t + " is before " + now);
            }
            now = t;
        }
        changed();
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
