package org.dccsim.srv;

import java.util.Optional;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.usecase.ChfDeviceLog;

/**
 * What the DCC's inventory tells a transform that the request does not: a device's type, as DUIS names device types
 * (ESME, GSME, CHF, GPF, HCALCS, PPMID, IHD, CAD). CCS01 (8.11 Add) carries the HAN device type and 8.7.x's join
 * method depends on both devices' types, which DUIS leaves to the DSP; 8.12.1 restores a log the DSP backed up. The head-end answers from its inventory;
 * without one ({@code sr transform} offline) a transform falls back on what the body says, or refuses.
 */
@FunctionalInterface
public interface DeviceDirectory {
    DeviceDirectory NONE = device -> Optional.empty();

    Optional<String> deviceType(Eui64 device);

    /**
     * Whether an ESME is twin-element (two import elements, SMETS2's variant B), which decides 1.6's credit-charge
     * configuration: the secondary element's charge (0-0:19.20.5.255) takes rows of its own. DUIS leaves it to the
     * DSP's inventory. dccsim's simulated ESMEs are single-element, so false unless an inventory says otherwise.
     */
    default boolean twinElement(Eui64 esme) {
        return false;
    }

    /**
     * The network operator the DCC's registration data names for a device (DUIS 6.21 hands a DCC-controlled device's
     * network operator cell to it and to no one else); empty where the inventory does not say.
     */
    default Optional<Eui64> networkOperator(Eui64 device) {
        return Optional.empty();
    }

    /**
     * The DSP's backup of a communications hub's device log, as the restore (CCS03, 8.12.1) that puts it on a
     * replacement hub: the HAN's extended PAN id and each device's link key. The head-end keeps the last one the hub
     * answered 8.9 with ReadSecurityDetails (CCS07); empty when it holds none.
     */
    default Optional<ChfDeviceLog.Restore> hanLogBackup(Eui64 hub) {
        return Optional.empty();
    }
}
