package org.dccsim.device;

/** The simulated device types. */
public enum DeviceType {
    /** A SMETS2 electricity meter: at a P375 site, the boundary meter. */
    ESME,
    /** A Standalone Auxiliary Proportional Controller: at a P375 site, an asset meter a VLP reads and limits. */
    SAPC
}
