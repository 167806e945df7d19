package org.dccsim.device.model;

/**
 * A household's uncontrolled demand behind a boundary meter: a base load, a morning bump and an evening peak,
 * with noise that changes every ten minutes. Deterministic in (seed, minute).
 */
public record HouseholdModel(long seed, int baseW, int peakW, Schedule schedule) {

    public HouseholdModel(long seed, int baseW, int peakW) {
        this(seed, baseW, peakW, Schedule.NONE);
    }

    public HouseholdModel {
        schedule = schedule == null ? Schedule.NONE : schedule;
        if (baseW < 0 || peakW < baseW) {
            throw new IllegalArgumentException("household demand needs 0 <= base <= peak");
        }
    }

    public static HouseholdModel typical(long seed) {
        return new HouseholdModel(seed, 250, 2500);
    }

    /** Demand in watts (a positive number; it is import at the meter); a scheduled step wins over the model. */
    public long demandW(long minute) {
        Long scheduled = schedule.wattsAt(minute);
        if (scheduled != null) {
            return Math.max(0, scheduled);
        }
        double hour = Math.floorMod(minute, 1440) / 60.0;
        double shape = 0.05 * bump(hour, 7.5, 1.0) + 0.35 * bump(hour, 8.0, 1.2) + 1.0 * bump(hour, 18.5, 1.6)
                + 0.25 * bump(hour, 13.0, 1.5);
        double noise = 0.85 + 0.3 * Noise.unit(seed, Math.floorDiv(minute, 10));
        return Math.round(baseW + (peakW - baseW) * Math.min(1.0, shape) * noise);
    }

    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-(d * d) / (2 * width * width));
    }
}
