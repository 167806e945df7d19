package org.dccsim.device.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The APC level over time for one controller: a standing level (set by ECS47a, 100 % by default) and limit
 * periods (ECS47e) that override it while they run. A later command wins where periods overlap. Entries that
 * ended more than {@link #RETENTION_DAYS} days ago are dropped, bounding memory per device.
 */
public final class ControlHistory {
    public static final int RETENTION_DAYS = 62;

    /** A level in force over [start, end); end null for a standing level with no end. */
    public record Period(Instant start, Instant end, int level) {
        boolean covers(Instant t) {
            return !t.isBefore(start) && (end == null || t.isBefore(end));
        }
    }

    private final List<Period> periods = new ArrayList<>(2);

    public synchronized void add(Period p) {
        periods.add(p);
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
            }
        }
        return any;
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
