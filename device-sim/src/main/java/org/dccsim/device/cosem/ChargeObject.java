package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A charge (DLMS class 113, "Charge"): the ESME's time-based debts 1 and 2 (0-0:19.20.1.255, 0-0:19.20.2.255,
 * recovered at a rate per period) and its payment-based debt (0-0:19.20.3.255, recovered as a proportion of each
 * payment), as GBCS ECS07 manages them; and its prices (ECS01b, ECS01d): the price matrix (0-0:19.20.0.255), the
 * standing charge (0-0:19.20.4.255) and the secondary element's prices (0-0:19.20.5.255). Its methods change its own
 * value, so each device acts on its own copy.
 * <ul>
 * <li>unit_charge_activation_time (attribute 7) makes the passive unit charge (6) the active one (5) now, at that
 * time (then alert 8F66), or never ({@link PassiveActivation});</li>
 * <li>activate_passive_unit_charge (method 2) makes the recovery rate just set (unit_charge_passive, attribute 6)
 * the active one (attribute 5);</li>
 * <li>update_total_amount_remaining (method 4) adds a signed adjustment to the debt (attribute 12). A debt cannot go
 * below zero: dccsim answers other-reason (250) rather than hold a negative debt.</li>
 * </ul>
 */
public final class ChargeObject extends CatalogueObject implements CosemObject.CopyOnWrite {
    public static final int CLASS_ID = 113;
    public static final ObisCode TIME_DEBT_1 = ObisCode.parse("0-0:19.20.1.255");
    public static final ObisCode TIME_DEBT_2 = ObisCode.parse("0-0:19.20.2.255");
    public static final ObisCode PAYMENT_DEBT = ObisCode.parse("0-0:19.20.3.255");

    static final int UNIT_CHARGE_ACTIVE = 5;
    static final int UNIT_CHARGE_PASSIVE = 6;
    static final int UNIT_CHARGE_ACTIVATION_TIME = 7;
    static final int TOTAL_AMOUNT_REMAINING = 12;
    private final PassiveActivation activation = new PassiveActivation();

    public ChargeObject(ObjectCatalogue.Entry entry) {
        super(entry);
        if (value(TOTAL_AMOUNT_REMAINING) == null) {
            with(TOTAL_AMOUNT_REMAINING, new Data.DoubleLong(0));
        }
    }

    @Override
    protected AttributeStore newInstance() {
        return new ChargeObject(entry());
    }

    @Override
    public boolean methodsWrite() {
        return true;
    }

    /** The debt left to recover, 0 when unset. */
    public long remaining() {
        return value(TOTAL_AMOUNT_REMAINING) instanceof Data.DoubleLong d ? d.value() : 0;
    }

    @Override
    public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
        if (attribute != UNIT_CHARGE_ACTIVATION_TIME || value(UNIT_CHARGE_ACTIVATION_TIME) == null) {
            return super.set(attribute, value, inv);
        }
        AccessResult r = activation.schedule(value, inv,
                new org.dccsim.gbcs.dlms.CosemAttribute(classId(), obis(), UNIT_CHARGE_ACTIVATION_TIME), this::activatePassive);
        return r.success() ? super.set(attribute, value, inv) : r;
    }

    /** The passive unit charge becomes the active one; false if there is none to copy. */
    private synchronized boolean activatePassive() {
        Data passive = value(UNIT_CHARGE_PASSIVE);
        if (passive == null) {
            return false;
        }
        with(UNIT_CHARGE_ACTIVE, passive);
        return true;
    }

    /** The unit charge in force (attribute 5), if the object has one. */
    public Data activeUnitCharge() {
        return value(UNIT_CHARGE_ACTIVE);
    }

    @Override
    public synchronized AccessResult action(int method, Data parameter, Invocation inv) {
        if (!entry().methods().contains(method)) {
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        switch (method) {
            case 2:
                activatePassive();
                return AccessResult.OK;
            case 4: {
                if (!(parameter instanceof Data.DoubleLong d)) {
                    return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
                }
                long v = remaining() + d.value();
                if (v < 0 || v > Integer.MAX_VALUE) {
                    return AccessResult.fail(DataAccessResult.OTHER_REASON);
                }
                with(TOTAL_AMOUNT_REMAINING, new Data.DoubleLong((int) v));
                return AccessResult.OK;
            }
            default:
                return AccessResult.OK;
        }
    }
}
