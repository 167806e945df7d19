package org.dccsim.headend.users;

import java.util.Set;
import org.dccsim.gbcs.Eui64;

/**
 * A device in the inventory: its type, the supplier and network operator responsible for it, and the Load
 * Controllers (VLPs) allowed to control it (DUIS E4 decisions).
 */
public record DeviceRecord(Eui64 eui, Type type, Eui64 supplier, Eui64 networkOperator, Set<Eui64> loadControllers) {
    /** ESME and SAPC are meters; CHF is a communications hub's Communications Hub Function. */
    public enum Type { ESME, SAPC, CHF }

    public DeviceRecord {
        loadControllers = Set.copyOf(loadControllers);
    }
}
