package org.dccsim.device.model;

import java.time.Instant;

/**
 * A meter's registers and interval energy, computed on demand from a power flow: nothing per half-hour is
 * stored, so the same seed and the same commands always read the same. The register totals are cached
 * incrementally (controls only ever change the future, so what has been integrated stays true).
 */
public final class Meter {
    private final PowerFlow flow;
    private final long epochMinute;
    private final long initialImportWh;
    private final long initialExportWh;
    private long cachedMinute;
    private EnergyTotals cached = EnergyTotals.ZERO;

    public Meter(PowerFlow flow, Instant epoch, long initialImportWh, long initialExportWh) {
        this.flow = flow;
        this.epochMinute = minuteOf(epoch);
        this.cachedMinute = epochMinute;
        this.initialImportWh = initialImportWh;
        this.initialExportWh = initialExportWh;
    }

    public static long minuteOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }

    public PowerFlow flow() {
        return flow;
    }

    /** Energy in [from, to), whole minutes. */
    public EnergyTotals between(Instant from, Instant to) {
        return EnergyTotals.integrate(flow, minuteOf(from), minuteOf(to));
    }

    /** Cumulative active import register at t, in Wh. */
    public synchronized long importRegisterWh(Instant t) {
        return initialImportWh + totalsUpTo(t).importWh();
    }

    /** Cumulative active export register at t, in Wh. */
    public synchronized long exportRegisterWh(Instant t) {
        return initialExportWh + totalsUpTo(t).exportWh();
    }

    private EnergyTotals totalsUpTo(Instant t) {
        long m = minuteOf(t);
        if (m <= epochMinute) {
            return EnergyTotals.ZERO;
        }
        if (m < cachedMinute) {
            return EnergyTotals.integrate(flow, epochMinute, m);
        }
        cached = cached.plus(EnergyTotals.integrate(flow, cachedMinute, m));
        cachedMinute = m;
        return cached;
    }
}
