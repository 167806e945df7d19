package org.dccsim.device.model;

/** Energy through a meter over an interval, in watt-minutes (exact integers; divide by 60 for Wh). */
public record EnergyTotals(long importWmin, long exportWmin) {
    public static final EnergyTotals ZERO = new EnergyTotals(0, 0);

    public long importWh() {
        return Math.round(importWmin / 60.0);
    }

    public long exportWh() {
        return Math.round(exportWmin / 60.0);
    }

    /** Export minus import, in watt-minutes. */
    public long netExportWmin() {
        return exportWmin - importWmin;
    }

    public EnergyTotals plus(EnergyTotals o) {
        return new EnergyTotals(importWmin + o.importWmin, exportWmin + o.exportWmin);
    }

    /** Integrates a flow over whole minutes [fromMinute, toMinute). */
    public static EnergyTotals integrate(PowerFlow flow, long fromMinute, long toMinute) {
        long imp = 0;
        long exp = 0;
        for (long m = fromMinute; m < toMinute; m++) {
            long p = flow.powerW(m);
            if (p < 0) {
                imp -= p;
            } else {
                exp += p;
            }
        }
        return new EnergyTotals(imp, exp);
    }
}
