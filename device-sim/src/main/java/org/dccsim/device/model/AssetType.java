package org.dccsim.device.model;

/** What a SAPC drives and meters behind the boundary point; each type's physics is in {@link AssetState}. */
public enum AssetType {
    /** A home battery with a state of charge, run on a time-of-use schedule. */
    BATTERY,
    /** An EV charger with one session a day: arrival, departure and the energy the car needs. */
    EV_CHARGER,
    /** An air-source heat pump holding a house's temperature against the weather. */
    HEAT_PUMP,
    /** A gas or diesel generator dispatched to a setpoint over the evening peak. */
    GENERATOR,
    /**
     * A night storage heater behind one of the boundary ESME's auxiliary load control switches: charges its core
     * in the Economy 7 hours and gives the heat out through the day. Not an asset meter's: primary demand.
     */
    STORAGE_HEATER,
    /** A hot water cylinder's immersion heater behind an ESME's auxiliary load control switch. Primary demand. */
    IMMERSION_HEATER;

    /** Whether the type is driven by an ESME's auxiliary load control switch rather than a SAPC's APC. */
    public boolean switched() {
        return this == STORAGE_HEATER || this == IMMERSION_HEATER;
    }
}
