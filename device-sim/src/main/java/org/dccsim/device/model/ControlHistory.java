package org.dccsim.device.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The APC level over time for one controller: a standing level (set by ECS47a, 100 % by default) and limit
 * periods (ECS47e) that override it while they run. A later command wins where periods overlap. Entries that
 * ended more than {@link #RETENTION_DAYS} days ago are dropped, bounding memory per device.
 *
 * <p>Every change is versioned with the first minute it can affect, so an asset whose state was computed ahead
 * of a change recomputes from there and no further back ({@link #changesSince}).
 */
public final class ControlHistory {
    public static final int RETENTION_DAYS = 62;

    /** A level in force over [start, end); end null for a standing level with no end. */
    public record Period(Instant start, Instant end, int level) {
        boolean covers(Instant t) {
            return !t.isBefore(start) && (end == null || t.isBefore(end));
        }
    }

    private static final int CHANGE_LOG = 16;
    private final List<Period> periods = new ArrayList<>(2);
    /** Written under the lock, read without it: the assets' runs check it every minute they step. */
    private volatile long version;
    private final long[] changedFrom = new long[CHANGE_LOG];

    private void changed(Instant from) {
        changedFrom[(int) (version % CHANGE_LOG)] = Meter.minuteOf(from);
        version++;
    }

    /** How many changes this history has had. */
    public long version() {
        return version;
    }

    /**
     * The first minute that changes after {@code seenVersion} can affect ({@code Long.MAX_VALUE} when there were
     * none, {@code Long.MIN_VALUE} when too many to tell: recompute everything), and the version now, read
     * together so no change falls between them.
     */
    public synchronized long[] changesSince(long seenVersion) {
        if (seenVersion >= version) {
            return new long[] {Long.MAX_VALUE, version};
        }
        if (version - seenVersion > CHANGE_LOG) {
            return new long[] {Long.MIN_VALUE, version};
        }
        long min = Long.MAX_VALUE;
        for (long v = seenVersion; v < version; v++) {
            min = Math.min(min, changedFrom[(int) (v % CHANGE_LOG)]);
        }
        return new long[] {min, version};
    }

    public synchronized void add(Period p) {
        periods.add(p);
        changed(p.start());
        Instant horizon = p.start().minusSeconds(RETENTION_DAYS * 86_400L);
        periods.removeIf(x -> x.end() != null && x.end().isBefore(horizon));
    }

    /** Ends, at {@code t}, every limit period still running then; returns whether any was. */
    public synchronized boolean cancelAt(Instant t) {
        boolean any = false;
        for (int i = 0; i < periods.size(); i++) {
            Period p = periods.get(i);
            if (p.end() != null && p.covers(t)) {
                periods.set(i, new Period(p.start(), t, p.level()));
                any = true;
                changed(t);
            }
        }
        return any;
    }

    /** The level at {@code epochSecond} (seconds since the Unix epoch): what an asset asks each minute it steps. */
    public synchronized int levelAtSecond(long epochSecond) {
        for (int i = periods.size() - 1; i >= 0; i--) {
            Period p = periods.get(i);
            if (p.start().getEpochSecond() <= epochSecond && (p.end() == null || epochSecond < p.end().getEpochSecond())) {
                return p.level();
            }
        }
        return 100;
    }

    public synchronized int levelAt(Instant t) {
        for (int i = periods.size() - 1; i >= 0; i--) {
            Period p = periods.get(i);
            if (p.covers(t)) {
                return p.level();
            }
        }
        return 100;
    }

    /** The running limit period at t (one with an end), or null. */
    public synchronized Period activeLimit(Instant t) {
        for (int i = periods.size() - 1; i >= 0; i--) {
            Period p = periods.get(i);
            if (p.covers(t)) {
                return p.end() == null ? null : p;
            }
        }
        return null;
    }

    public synchronized List<Period> periods() {
        return List.copyOf(periods);
    }
}
