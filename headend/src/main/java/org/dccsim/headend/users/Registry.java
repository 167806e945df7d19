package org.dccsim.headend.users;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.gbcs.Eui64;

/** The DCC Users and the device inventory the head-end knows. Thread-safe. */
public final class Registry {
    private final Map<Eui64, DccUser> users = new ConcurrentHashMap<>();
    private final Map<Eui64, DeviceRecord> devices = new ConcurrentHashMap<>();
    /** Configured DUIS statuses other than Commissioned (a lab that rehearses commissioning); DUIS changes are journalled. */
    private final Map<Eui64, String> initialStatus = new ConcurrentHashMap<>();

    public Registry add(DccUser u) {
        users.put(u.eui(), u);
        return this;
    }

    public Registry add(DeviceRecord d) {
        devices.put(d.eui(), d);
        return this;
    }

    /** The status a device starts in before any DUIS request changes it (DUIS DeviceStatus: Pending, ...). */
    public Registry initialStatus(Eui64 device, String status) {
        initialStatus.put(device, status);
        return this;
    }

    public Optional<String> initialStatus(Eui64 device) {
        return Optional.ofNullable(initialStatus.get(device));
    }

    public Optional<DccUser> user(Eui64 eui) {
        return Optional.ofNullable(users.get(eui));
    }

    public Optional<DeviceRecord> device(Eui64 eui) {
        return Optional.ofNullable(devices.get(eui));
    }

    public Collection<DccUser> users() {
        return users.values();
    }

    public Collection<DeviceRecord> devices() {
        return devices.values();
    }
}
