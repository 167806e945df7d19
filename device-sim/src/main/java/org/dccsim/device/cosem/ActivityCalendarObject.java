package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;

/**
 * A tariff switching table (DLMS class 20, Activity Calendar: 0-0:13.0.0.255 for the primary element, 0-0:13.0.1.255
 * for the secondary): the passive season profiles, week profiles and day profiles (attributes 7, 8, 9) become the
 * active ones (3, 4, 5) that 4.11.1 and 4.11.2 read when activate_passive_calendar_time (10) comes: now, later (then
 * alert 8F66 naming attribute 10, as the RTDS's ECS01a SWITCHING_TABLE alert does) or never ({@link PassiveActivation}).
 */
public final class ActivityCalendarObject extends CatalogueObject {
    public static final int CLASS_ID = 20;
    private static final int ACTIVATION_TIME = 10;
    private final PassiveActivation activation = new PassiveActivation();

    public ActivityCalendarObject(ObjectCatalogue.Entry entry) {
        super(entry);
        if (value(ACTIVATION_TIME) == null) {
            with(ACTIVATION_TIME, Data.octets(CosemDateTime.NEVER.toBytes()));
        }
    }

    @Override
    public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
        if (attribute != ACTIVATION_TIME) {
            return super.set(attribute, value, inv);
        }
        AccessResult r = activation.schedule(value, inv, new CosemAttribute(classId(), obis(), ACTIVATION_TIME), this::activate);
        return r.success() ? super.set(attribute, value, inv) : r;
    }

    @Override
    protected AttributeStore newInstance() {
        return new ActivityCalendarObject(entry());
    }

    /** Copies the passive season, week and day profiles to the active ones; false if any passive one is missing. */
    private synchronized boolean activate() {
        Data seasons = value(7);
        Data weeks = value(8);
        Data days = value(9);
        if (seasons == null || weeks == null || days == null) {
            return false;
        }
        with(3, seasons);
        with(4, weeks);
        with(5, days);
        return true;
    }
}
