package org.dccsim.headend.wan;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.gbcs.Eui64;

/**
 * Which alert counters each device has used. A device numbers its alerts from one counter that only goes up
 * (GBCS 4.3.1: an originator counter is never reused), so a counter seen before is a replay. Alerts can arrive a
 * little out of order (WAN latency and jitter), so, as in IPsec's anti-replay window (RFC 4303 3.4.3), the
 * {@value #WIDTH} counters below the highest are still accepted once each; older ones are refused.
 *
 * <p>The highest counter per device is kept in a {@link Store} (the head-end's journal) so a restart does not
 * reopen the door to replays; the bitmap below it is not, so after a restart only counters above the highest are
 * accepted.
 */
public final class AlertReplayWindow {
    public static final int WIDTH = 64;

    /** Where the highest accepted counter per device survives restarts. */
    public interface Store {
        /** The highest counter recorded for the device, or null. */
        Long highest(Eui64 device);

        void record(Eui64 device, long counter);

        /** A store in this process's memory only. */
        static Store inMemory() {
            Map<Eui64, Long> m = new ConcurrentHashMap<>();
            return new Store() {
                @Override
                public Long highest(Eui64 device) {
                    return m.get(device);
                }

                @Override
                public void record(Eui64 device, long counter) {
                    m.put(device, counter);
                }
            };
        }
    }

    private static final class Window {
        long highest;
        /** Bit i set: counter highest - i was seen (bit 0 is highest itself). */
        long seen;
    }

    private final Store store;
    private final Map<Eui64, Window> windows = new ConcurrentHashMap<>();

    public AlertReplayWindow(Store store) {
        this.store = store;
    }

    /** A window that forgets everything on restart (tests, throw-away labs). */
    public static AlertReplayWindow inMemory() {
        return new AlertReplayWindow(Store.inMemory());
    }

    /** Whether {@code counter} is new for the device; if so it is marked used. Counters compare unsigned. */
    public boolean accept(Eui64 device, long counter) {
        Window w = windows.computeIfAbsent(device, d -> {
            Window fresh = new Window();
            Long last = store.highest(d);
            if (last != null) {
                fresh.highest = last;
                // Everything at or below the recorded highest counts as seen: its bitmap was not kept.
                fresh.seen = -1L;
            }
            return fresh;
        });
        synchronized (w) {
            if (w.seen == 0 || Long.compareUnsigned(counter, w.highest) > 0) {
                long shift = w.seen == 0 ? WIDTH : counter - w.highest;
                w.seen = Long.compareUnsigned(shift, WIDTH) >= 0 ? 1L : (w.seen << shift) | 1L;
                w.highest = counter;
                store.record(device, counter);
                return true;
            }
            long behind = w.highest - counter;
            if (Long.compareUnsigned(behind, WIDTH) >= 0) {
                return false;
            }
            long bit = 1L << behind;
            if ((w.seen & bit) != 0) {
                return false;
            }
            w.seen |= bit;
            return true;
        }
    }
}
