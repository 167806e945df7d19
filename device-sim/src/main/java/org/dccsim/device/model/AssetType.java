package org.dccsim.device.model;

/** What a SAPC drives and meters behind the boundary point. */
public enum AssetType {
    /** Charges overnight and at midday surplus, discharges into the evening peak. */
    BATTERY,
    /** Charging sessions from an evening arrival. */
    EV_CHARGER,
    /** Modulating heat demand, higher at night and in the morning (a cold-day proxy). */
    HEAT_PUMP,
    /** A gas or diesel generator that exports when it runs. */
    GENERATOR
}
