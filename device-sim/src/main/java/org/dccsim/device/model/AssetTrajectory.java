package org.dccsim.device.model;

/**
 * One asset run forward minute by minute from the fleet's epoch under its controls, computed on demand: a meter
 * asks for the power at a minute and the asset is stepped there from the nearest state it kept. States are kept
 * at every half-hour of the last day reached and at every midnight of the last {@link ControlHistory#RETENTION_DAYS}
 * days (a few kilobytes per asset), so reading any recent profile costs at most 30 steps and an older one at most
 * a day's; nothing is kept for an asset nobody reads.
 *
 * <p>Controls change only the future, but the asset may have been run ahead of a command's time (a profile read
 * at the minute a limit arrives): when its {@link Inputs} report a change, every state after the first minute
 * the change affects is dropped and recomputed. Thread-safe: a site's ESME and SAPC read one asset from their
 * own threads.
 */
public final class AssetTrajectory implements PowerFlow {

    /** What drives an asset from outside: its APC level and whether its supply is on, per minute. */
    public interface Inputs {
        int levelPercent(long minute);

        boolean supplyOn(long minute);

        /**
         * The first minute that changed since the previous call ({@code Long.MAX_VALUE} if none,
         * {@code Long.MIN_VALUE} if unknown): the trajectory's only consumer asks, so it may keep what it saw.
         */
        long changedSince();
    }

    private static final int HALF_HOUR = 30;
    private static final int DAY = 1440;
    private static final int HALF_HOURS_KEPT = DAY / HALF_HOUR;
    private static final int MIDNIGHTS_KEPT = ControlHistory.RETENTION_DAYS + 2;
    private final AssetState initial;
    private final long epochMinute;
    private final Inputs inputs;
    // Kept states in two rings indexed by time (a slot holds the state whose minute is in its key, or none): the
    // last day's half-hours and the last two months' midnights. Kept states are never stepped (copied first).
    // Made at the first state kept, not with the asset: they are 1.4 KB an asset, and in a million-device fleet
    // most assets are never asked for anything (bench/README.md, the 1M-device fleet).
    private AssetState[] halfHours;
    private long[] halfHourKeys;
    private AssetState[] midnights;
    private long[] midnightKeys;
    private AssetState cursor;
    private long cursorMinute;
    private long lastMinute = Long.MIN_VALUE;
    private long lastPower;

    public AssetTrajectory(AssetState initial, long epochMinute, Inputs inputs) {
        this.initial = initial.copy();
        this.epochMinute = epochMinute;
        this.inputs = inputs;
        this.cursor = initial.copy();
        this.cursorMinute = epochMinute;
    }

    public AssetModel model() {
        return initial.model();
    }

    /** Power over the minute, export positive; nothing flows before the epoch. */
    @Override
    public synchronized long powerW(long minute) {
        if (minute < epochMinute) {
            return 0;
        }
        invalidate();
        if (minute == lastMinute) {
            return lastPower;
        }
        seek(minute);
        lastPower = cursor.step(minute, inputs.levelPercent(minute), inputs.supplyOn(minute));
        lastMinute = minute;
        cursorMinute = minute + 1;
        keep();
        return lastPower;
    }

    /** A copy of the asset's state at the start of {@code minute} (the epoch's before it). */
    public synchronized AssetState stateAt(long minute) {
        invalidate();
        seek(Math.max(epochMinute, minute));
        return cursor.copy();
    }

    private void invalidate() {
        long changed = inputs.changedSince();
        if (changed == Long.MAX_VALUE) {
            return;
        }
        // A state at the start of minute k depends on the inputs of minutes before k only.
        for (int i = 0; halfHourKeys != null && i < HALF_HOURS_KEPT; i++) {
            if (halfHourKeys[i] > changed) {
                halfHourKeys[i] = Long.MIN_VALUE;
                halfHours[i] = null;
            }
        }
        for (int i = 0; midnightKeys != null && i < MIDNIGHTS_KEPT; i++) {
            if (midnightKeys[i] > changed) {
                midnightKeys[i] = Long.MIN_VALUE;
                midnights[i] = null;
            }
        }
        if (lastMinute >= changed) {
            lastMinute = Long.MIN_VALUE;
        }
        if (cursorMinute > changed) {
            restore(changed);
        }
    }

    /** Moves the cursor to the start of {@code minute}, from the nearest kept state when that is closer. */
    private void seek(long minute) {
        if (cursorMinute > minute) {
            restore(minute);
        } else if (minute - cursorMinute > HALF_HOUR) {
            // A jump ahead (another meter ran the asset further): start from the nearest kept state instead.
            long k = nearestKept(minute);
            if (k != Long.MIN_VALUE && k > cursorMinute) {
                cursor = kept(k).copy();
                cursorMinute = k;
            }
        }
        while (cursorMinute < minute) {
            cursor.step(cursorMinute, inputs.levelPercent(cursorMinute), inputs.supplyOn(cursorMinute));
            cursorMinute++;
            keep();
        }
    }

    private void restore(long minute) {
        long k = nearestKept(minute);
        if (k == Long.MIN_VALUE) {
            cursor = initial.copy();
            cursorMinute = epochMinute;
        } else {
            cursor = kept(k).copy();
            cursorMinute = k;
        }
    }

    /** The latest kept minute at or before {@code minute}, or Long.MIN_VALUE. */
    private long nearestKept(long minute) {
        if (halfHourKeys == null) {
            return Long.MIN_VALUE;
        }
        long h = Math.floorDiv(minute, HALF_HOUR) * HALF_HOUR;
        for (int i = 0; i < HALF_HOURS_KEPT; i++, h -= HALF_HOUR) {
            if (halfHourKeys[slot(h, HALF_HOUR, HALF_HOURS_KEPT)] == h) {
                return h;
            }
        }
        long d = Math.floorDiv(minute, DAY) * DAY;
        for (int i = 0; i < MIDNIGHTS_KEPT; i++, d -= DAY) {
            if (midnightKeys[slot(d, DAY, MIDNIGHTS_KEPT)] == d) {
                return d;
            }
        }
        return Long.MIN_VALUE;
    }

    private AssetState kept(long minute) {
        int h = slot(minute, HALF_HOUR, HALF_HOURS_KEPT);
        if (halfHourKeys[h] == minute) {
            return halfHours[h];
        }
        return midnights[slot(minute, DAY, MIDNIGHTS_KEPT)];
    }

    private static int slot(long minute, int step, int size) {
        return (int) Math.floorMod(Math.floorDiv(minute, step), (long) size);
    }

    private void keep() {
        if (cursorMinute % HALF_HOUR != 0) {
            return;
        }
        if (halfHourKeys == null) {
            halfHours = new AssetState[HALF_HOURS_KEPT];
            halfHourKeys = new long[HALF_HOURS_KEPT];
            midnights = new AssetState[MIDNIGHTS_KEPT];
            midnightKeys = new long[MIDNIGHTS_KEPT];
            java.util.Arrays.fill(halfHourKeys, Long.MIN_VALUE);
            java.util.Arrays.fill(midnightKeys, Long.MIN_VALUE);
        }
        int h = slot(cursorMinute, HALF_HOUR, HALF_HOURS_KEPT);
        if (halfHourKeys[h] == cursorMinute) {
            return;
        }
        AssetState copy = cursor.copy();
        halfHours[h] = copy;
        halfHourKeys[h] = cursorMinute;
        if (cursorMinute % DAY == 0) {
            int d = slot(cursorMinute, DAY, MIDNIGHTS_KEPT);
            midnights[d] = copy;
            midnightKeys[d] = cursorMinute;
        }
    }
}
