package org.dccsim.device.wan;

import java.util.Collection;
import java.util.Optional;
import org.dccsim.device.Device;
import org.dccsim.gbcs.Eui64;

/** What a WAN link needs of a fleet: the devices it hosts, by EUI, and which have work due. */
public interface DeviceHost {
    Collection<Eui64> euis();

    Optional<Device> device(Eui64 eui);

    /**
     * Takes the devices with scheduled work due by their clock's now, each once: the caller polls each of them
     * ({@link Device#poll}); a device not polled is given again only when its schedule next changes.
     */
    Collection<Device> dueDevices();

    /**
     * Whether a command can reach the device: false when its communications hub does not list it in its device log,
     * so the hub drops what it cannot deliver over the HAN.
     */
    default boolean reachable(Eui64 device) {
        return true;
    }

    /** A device has handled a command or raised alerts: its state may have changed (save it before it answers). */
    default void changed(Device d) {
    }
}
