package org.dccsim.device.cosem;

import java.util.Map;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * GBCS Extended Data (class 9000): value_active (2), value_passive (4) and activate_passive_value_time (6), which
 * makes the passive value active now, later (then alert 8F66), or never ({@link PassiveActivation}).
 *
 * <p>Some of these objects hold only attribute 6: they are the activation time of a passive calendar kept in a
 * schedule (class 10) and special-days table (class 11). Their activation copies that passive table to the active one
 * that ECS26a and ECS61d read; which table each activates is named by the alert GBCS raises when it fires.
 */
public final class ExtendedDataObject extends CatalogueObject {
    public static final int CLASS_ID = 9000;

    private record Table(int classId, ObisCode passive, ObisCode active) {
        Table(int classId, String passive, String active) {
            this(classId, ObisCode.parse(passive), ObisCode.parse(active));
        }
    }

    private static final Map<ObisCode, Table> ACTIVATES = Map.of(
            // Non-disablement calendar and its special days (ECS08a; alert 8F66 names 801C and 801F).
            ObisCode.parse("0-0:94.44.128.28"), new Table(10, "0-1:12.0.1.255", "0-0:12.0.1.255"),
            ObisCode.parse("0-0:94.44.128.31"), new Table(11, "0-1:11.0.2.255", "0-0:11.0.2.255"),
            // Auxiliary controller calendar and its special days (ECS46d).
            ObisCode.parse("0-0:94.44.128.26"), new Table(10, "0-1:12.0.2.255", "0-0:12.0.2.255"),
            ObisCode.parse("0-0:94.44.128.35"), new Table(11, "0-1:11.0.3.255", "0-0:11.0.3.255"),
            // The tariff's special days, primary element (ECS01a) and secondary (ECS01c), which 4.11.x read back.
            ObisCode.parse("0-0:63.1.1.255"), new Table(11, "0-1:11.0.0.255", "0-0:11.0.0.255"),
            ObisCode.parse("0-0:94.44.128.30"), new Table(11, "0-1:11.0.1.255", "0-0:11.0.1.255"));
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
        Table table = ACTIVATES.get(obis());
        java.util.function.BooleanSupplier activate = table == null
                ? this::activate
                : () -> inv.<Object>device() instanceof MeteringState d && d.activateTable(table.classId(), table.passive(), table.active());
        AccessResult r = activation.schedule(value, inv, new CosemAttribute(classId(), obis(), 6), activate);
        return r.success() ? super.set(attribute, value, inv) : r;
    }

    @Override
    protected AttributeStore newInstance() {
        return new ExtendedDataObject(entry());
    }

    /**
     * Copies value_passive to value_active; false if either is missing or their types differ. An object that holds only
     * its activation time and names no table (ECS01a's 0-0:94.44.128.29, the block thresholds' activation: the device
     * applies the thresholds as written) has nothing to copy and succeeds.
     */
    private synchronized boolean activate() {
        Data passive = value(4);
        Data active = value(2);
        if (passive == null && active == null) {
            return true;
        }
        if (passive == null || active == null || passive.tag() != active.tag()) {
            return false;
        }
        with(2, passive);
        return true;
    }
}
