package org.dccsim.device.model;

/**
 * What an asset behind a SAPC is: its type, its powers, the seed its behaviour derives from, and any scripted
 * steps. How it behaves over time, with state, is {@link AssetState}; {@link AssetTrajectory} runs it.
 *
 * <p>How a limit acts (a decision; GBCS leaves the asset's response to the device): the commanded level L %
 * caps the asset's power in its controlled direction at L % of its maximum. The controlled direction is import
 * for loads (EV charger, heat pump) and for a battery's charging, and export for a generator; a battery may
 * still discharge while its charging is limited.
 */
public record AssetModel(AssetType type, long seed, int maxImportW, int maxExportW, Schedule schedule, Fault fault) {

    /**
     * A deliberately wrong model, for proving that a drill's checks catch one: never set in a real fleet.
     * {@code SIGN_FLIPPED}: the meter sees the opposite of what the asset does; {@code LIMIT_IGNORED}: the asset
     * runs as if no APC limit were set.
     */
    public enum Fault { NONE, SIGN_FLIPPED, LIMIT_IGNORED }

    public AssetModel(AssetType type, long seed, int maxImportW, int maxExportW) {
        this(type, seed, maxImportW, maxExportW, Schedule.NONE, Fault.NONE);
    }

    public AssetModel(AssetType type, long seed, int maxImportW, int maxExportW, Schedule schedule) {
        this(type, seed, maxImportW, maxExportW, schedule, Fault.NONE);
    }

    public AssetModel {
        schedule = schedule == null ? Schedule.NONE : schedule;
        fault = fault == null ? Fault.NONE : fault;
        if (maxImportW < 0 || maxExportW < 0) {
            throw new IllegalArgumentException("asset power limits are magnitudes, 0 or more");
        }
        if (type == AssetType.GENERATOR && maxExportW == 0) {
            throw new IllegalArgumentException("a generator needs a maximum export");
        }
        if (type != AssetType.GENERATOR && maxImportW == 0) {
            throw new IllegalArgumentException("a " + type.name().toLowerCase() + " needs a maximum import");
        }
    }

    /** The rating in the controlled direction, in W: what an APC level is a share of. */
    public int controlledRatingW() {
        return type == AssetType.GENERATOR ? maxExportW : maxImportW;
    }
}
