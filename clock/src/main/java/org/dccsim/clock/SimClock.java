package org.dccsim.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The one source of simulated time for the whole system: the head-end's future-dated requests and schedules, the
 * devices' profiles, future-dated commands and APC limit periods, and the drills (DESIGN 3, "time is a parameter").
 * A four-hour demand-response event runs in milliseconds on a {@link ManualClock} and in seconds on a
 * {@link ScaledClock}. The head-end and the devices of one process share one clock, so they never disagree.
 */
public interface SimClock {

    Instant now();

    /** How long real time takes to cover {@code simulated} time at the current speed; ZERO for a manual clock. */
    Duration realTimeFor(Duration simulated);

    /**
     * Whether simulated time moves by itself (a running scaled clock), as opposed to only when told (a manual
     * clock, or a held one): a scheduler waits for a change rather than for real time to pass.
     */
    boolean runsOnItsOwn();

    /**
     * Calls {@code listener} whenever time jumps, stops, starts or changes speed (not as it steadily runs), so that
     * whoever waits for a simulated instant can look again.
     */
    void onChange(Runnable listener);

    /** Simulated time equal to the system clock. */
    static ScaledClock system() {
        return new ScaledClock(Instant.now(), 1.0);
    }

    /** The system clock moved by a fixed offset (a device whose clock is skewed, or a replay of a past day). */
    static ScaledClock offset(Duration offset) {
        return new ScaledClock(Instant.now().plus(offset), 1.0);
    }
}
