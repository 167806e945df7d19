package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A COSEM interface object in a simulated device: a class id and a logical name, with attributes to get and
 * set and methods to invoke (DLMS Blue Book). Devices execute access-request items against these; no code
 * exists per use case, only per object.
 */
public interface CosemObject {

    int classId();

    ObisCode obis();

    default AccessResult get(int attribute, Invocation inv) {
        return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
    }

    default AccessResult getWithSelection(int attribute, int selector, Data parameters, Invocation inv) {
        return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
    }

    default AccessResult set(int attribute, Data value, Invocation inv) {
        return AccessResult.fail(DataAccessResult.READ_WRITE_DENIED);
    }

    default AccessResult action(int method, Data parameter, Invocation inv) {
        return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
    }

    /**
     * Objects that hold values. Devices share one instance of each per device type and copy it for
     * themselves the first time a command writes to it, so an untouched device costs almost nothing.
     */
    interface CopyOnWrite {
        CosemObject copy();

        /**
         * Whether the object's methods change its state (a hub's device log), so a device invokes them on its own
         * copy; most objects' methods act on the device, not on themselves, and stay shared.
         */
        default boolean methodsWrite() {
            return false;
        }
    }

    /** The key a device indexes its objects by. */
    static long key(int classId, ObisCode obis) {
        long k = classId & 0xFFFFL;
        for (byte b : obis.toBytes()) {
            k = (k << 8) | (b & 0xFF);
        }
        return k;
    }
}
