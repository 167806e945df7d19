package org.dccsim.device.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The one source of time for devices, profiles, future-dated commands, APC limit periods and drills. A
 * four-hour demand-response event runs in milliseconds on a {@link ManualClock} and in seconds on a
 * {@link ScaledClock}.
 */
public interface SimClock {

    Instant now();

    /** How long real time takes to cover {@code simulated} time on this clock; ZERO for a manual clock. */
    Duration realTimeFor(Duration simulated);

    static SimClock system() {
        return new ScaledClock(Instant.now(), 1.0);
    }

    /** The system clock moved by a fixed offset (a device whose clock is skewed, or a replay of a past day). */
    static SimClock offset(Duration offset) {
        return new ScaledClock(Instant.now().plus(offset), 1.0);
    }
}
