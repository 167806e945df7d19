package org.dccsim.device;

import java.util.Map;
import java.util.Set;
import org.dccsim.device.cosem.CosemObject;

/**
 * What a device type is, as data: the GBCS message codes it takes (any other is refused with alert 8F85, GBCS
 * 7.2.9.1) and its COSEM objects, shared by every device of the type and copied per device on first write. A device
 * is its profile plus its own state; a new device type is a new profile ({@link DeviceProfiles}), not a new branch in
 * the device.
 */
public record DeviceProfile(DeviceType type, Set<Integer> messageCodes, Map<Long, CosemObject> objects) {
    public DeviceProfile {
        messageCodes = Set.copyOf(messageCodes);
        objects = Map.copyOf(objects);
    }
}
