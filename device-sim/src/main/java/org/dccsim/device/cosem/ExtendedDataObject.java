package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;

/**
 * GBCS Extended Data (class 9000): value_active (2), value_passive (4) and activate_passive_value_time (6), which
 * makes the passive value active now, later (then alert 8F66), or never ({@link PassiveActivation}).
 */
public final class ExtendedDataObject extends CatalogueObject {
    public static final int CLASS_ID = 9000;
    private final PassiveActivation activation = new PassiveActivation();

    public ExtendedDataObject(ObjectCatalogue.Entry entry) {
        super(entry);
        // The use-case tables list the active and passive values under different use cases; hold both.
        if (value(2) == null && value(4) != null) {
            with(2, value(4));
        } else if (value(4) == null && value(2) != null) {
            with(4, value(2));
        }
        if (value(6) == null) {
            with(6, Data.octets(CosemDateTime.NEVER.toBytes()));
        }
    }

    @Override
    public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
        if (attribute != 6) {
            return super.set(attribute, value, inv);
        }
        AccessResult r = activation.schedule(value, inv, new CosemAttribute(classId(), obis(), 6), this::activate);
        return r.success() ? super.set(attribute, value, inv) : r;
    }

    @Override
    protected AttributeStore newInstance() {
        return new ExtendedDataObject(entry());
    }

    /** Copies value_passive to value_active; false if either is missing or their types differ. */
    private synchronized boolean activate() {
        Data passive = value(4);
        Data active = value(2);
        if (passive == null || active == null || passive.tag() != active.tag()) {
            return false;
        }
        with(2, passive);
        return true;
    }
}
