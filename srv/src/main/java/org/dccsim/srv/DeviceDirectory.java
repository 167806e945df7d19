package org.dccsim.srv;

import java.util.Optional;
import org.dccsim.gbcs.Eui64;

/**
 * What the DCC's inventory tells a transform that the request does not: a device's type, as DUIS names device types
 * (ESME, GSME, CHF, GPF, HCALCS, PPMID, IHD, CAD). CCS01 (8.11 Add) carries the HAN device type and 8.7.x's join
 * method depends on both devices' types, which DUIS leaves to the DSP. The head-end answers from its inventory;
 * without one ({@code sr transform} offline) a transform falls back on what the body says, or refuses.
 */
@FunctionalInterface
public interface DeviceDirectory {
    DeviceDirectory NONE = device -> Optional.empty();

    Optional<String> deviceType(Eui64 device);
}
