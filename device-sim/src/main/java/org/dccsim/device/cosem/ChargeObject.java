package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A prepayment charge (DLMS class 113, "Charge"): the ESME's time-based debts 1 and 2 (0-0:19.20.1.255,
 * 0-0:19.20.2.255, recovered at a rate per period) and its payment-based debt (0-0:19.20.3.255, recovered as a
 * proportion of each payment), as GBCS ECS07 manages them. Its methods change its own value, so each device acts on its
 * own copy.
 * <ul>
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
    static final int TOTAL_AMOUNT_REMAINING = 12;

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
    public synchronized AccessResult action(int method, Data parameter, Invocation inv) {
        if (!entry().methods().contains(method)) {
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        switch (method) {
            case 2: {
                Data passive = value(UNIT_CHARGE_PASSIVE);
                if (passive != null) {
                    with(UNIT_CHARGE_ACTIVE, passive);
                }
                return AccessResult.OK;
            }
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
