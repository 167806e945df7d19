package org.dccsim.device;

/** The simulated device types; what each is lives in its {@link DeviceProfile}. */
public enum DeviceType {
    /** A SMETS2 electricity meter: at a P375 site, the boundary meter. */
    ESME,
    /** A Standalone Auxiliary Proportional Controller: at a P375 site, an asset meter a VLP reads and limits. */
    SAPC,
    /** A communications hub's Communications Hub Function: holds the site's HAN device log and forwards to its devices. */
    CHF
}
