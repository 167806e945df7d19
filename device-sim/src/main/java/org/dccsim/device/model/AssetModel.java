package org.dccsim.device.model;

/**
 * An asset behind a SAPC, with its uncontrolled behaviour and its response to an APC limit. Deterministic in
 * (seed, minute).
 *
 * <p>How a limit acts (a decision; GBCS leaves the asset's response to the device): the commanded level L %
 * caps the asset's power in its controlled direction at L % of its maximum. The controlled direction is import
 * for loads (EV charger, heat pump) and for a battery's charging, and export for a generator; a battery may
 * still discharge while its charging is limited.
 */
public record AssetModel(AssetType type, long seed, int maxImportW, int maxExportW, Schedule schedule) {

    public AssetModel(AssetType type, long seed, int maxImportW, int maxExportW) {
        this(type, seed, maxImportW, maxExportW, Schedule.NONE);
    }

    public AssetModel {
        schedule = schedule == null ? Schedule.NONE : schedule;
        if (maxImportW < 0 || maxExportW < 0) {
            throw new IllegalArgumentException("asset power limits are magnitudes, 0 or more");
        }
        if (type == AssetType.GENERATOR && maxExportW == 0) {
            throw new IllegalArgumentException("a generator needs a maximum export");
        }
    }

    /**
     * Signed power without any limit: export positive, import negative. A scheduled step wins over the model,
     * within the asset's maximum import and export.
     */
    public long uncontrolledW(long minute) {
        Long scheduled = schedule.wattsAt(minute);
        if (scheduled != null) {
            return Math.max(-maxImportW, Math.min(maxExportW, scheduled));
        }
        long day = Math.floorDiv(minute, 1440);
        int m = (int) Math.floorMod(minute, 1440);
        switch (type) {
            case BATTERY: {
                int shift = (int) Math.floorMod(Noise.mix(seed, day), 3) * 15 - 15;
                if (m < 300) {
                    return -maxImportW;
                }
                if (m >= 720 + shift && m < 840 + shift) {
                    return -maxImportW / 2;
                }
                if (m >= 990 + shift && m < 1170 + shift) {
                    return maxExportW;
                }
                return 0;
            }
            case EV_CHARGER: {
                // One session a day, arriving 17:30-20:30 for one to four hours; yesterday's may run past midnight.
                for (long d = day - 1; d <= day; d++) {
                    long arrival = d * 1440 + 1050 + Math.floorMod(Noise.mix(seed, d), 180);
                    long duration = 60 + Math.floorMod(Noise.mix(seed ^ 0x5A5A, d), 180);
                    if (minute >= arrival && minute < arrival + duration) {
                        return -maxImportW;
                    }
                }
                return 0;
            }
            case HEAT_PUMP: {
                double hour = m / 60.0;
                double f = hour < 6 ? 0.6 : hour < 9 ? 0.9 : hour < 16 ? 0.4 : hour < 22 ? 0.7 : 0.6;
                double noise = 0.8 + 0.2 * Noise.unit(seed, Math.floorDiv(minute, 15));
                return -Math.round(maxImportW * f * noise);
            }
            case GENERATOR: {
                if (m >= 960 && m < 1200) {
                    return Math.round(maxExportW * (0.95 + 0.05 * Noise.unit(seed, Math.floorDiv(minute, 5))));
                }
                return 0;
            }
            default:
                throw new IllegalStateException(type.name());
        }
    }

    /** Signed power under an APC level of {@code levelPercent} (100 = no limit). */
    public long controlledW(long minute, int levelPercent) {
        long p = uncontrolledW(minute);
        if (levelPercent >= 100) {
            return p;
        }
        if (type == AssetType.GENERATOR) {
            long cap = (long) maxExportW * levelPercent / 100;
            return Math.min(p, cap);
        }
        long cap = (long) maxImportW * levelPercent / 100;
        return p < 0 ? Math.max(p, -cap) : p;
    }
}
