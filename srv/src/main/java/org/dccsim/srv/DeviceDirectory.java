package org.dccsim.srv;

import java.util.Optional;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.usecase.ChfDeviceLog;

/**
 * What the DCC's inventory tells a transform that the request does not: a device's HAN device type, which CCS01
 * (8.11 Add) carries and DUIS leaves to the DSP. The head-end answers from its inventory; without one (sr transform
 * offline) a transform falls back on what the body says.
 */
@FunctionalInterface
public interface DeviceDirectory {
    DeviceDirectory NONE = device -> Optional.empty();

    Optional<ChfDeviceLog.HanDeviceType> hanDeviceType(Eui64 device);
}
