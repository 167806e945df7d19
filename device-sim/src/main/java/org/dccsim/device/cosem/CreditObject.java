package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A prepayment credit register (DLMS class 112, "Credit"): the ESME's meter balance (0-0:19.10.0.255), emergency
 * credit balance (0-0:19.10.1.255) and accumulated debt register (0-0:19.10.2.255), in the currency units GBCS gives
 * (millipence). Its methods change its own value, so each device acts on its own copy.
 * <ul>
 * <li>update_amount (method 1, ECS04a) adds a signed adjustment;</li>
 * <li>set_amount_to_value (method 2, ECS04b) sets the balance (GBCS sends 0);</li>
 * <li>invoke_credit (method 3, ECS09) activates emergency credit: the balance becomes preset_credit_amount
 * (attribute 9, the emergency credit limit). GBCS ECS09: where emergency credit cannot be activated the action
 * answers other-reason (250). dccsim decides, after SMETS's rule, that it cannot while emergency credit is still in use
 * (its balance above zero) or while the meter balance is at or above credit_available_threshold (attribute 10).</li>
 * </ul>
 * A result outside a double-long fails with other-reason rather than wrap.
 */
public final class CreditObject extends CatalogueObject implements CosemObject.CopyOnWrite {
    public static final int CLASS_ID = 112;
    public static final ObisCode METER_BALANCE = ObisCode.parse("0-0:19.10.0.255");
    public static final ObisCode EMERGENCY_CREDIT = ObisCode.parse("0-0:19.10.1.255");
    public static final ObisCode ACCUMULATED_DEBT = ObisCode.parse("0-0:19.10.2.255");

    static final int CURRENT_CREDIT_AMOUNT = 2;
    static final int PRESET_CREDIT_AMOUNT = 9;
    static final int CREDIT_AVAILABLE_THRESHOLD = 10;

    /**
     * The emergency credit a new ESME offers until 2.1 configures it: GBP 5.00, available once the balance falls below
     * GBP 1.00 (a decision; SMETS leaves both to the supplier).
     */
    static final int DEFAULT_EMERGENCY_CREDIT_LIMIT = 500_000;
    static final int DEFAULT_EMERGENCY_CREDIT_THRESHOLD = 100_000;

    public CreditObject(ObjectCatalogue.Entry entry) {
        super(entry);
        // Every credit register has a value (attribute 2) that the balance collection (0-0:94.44.34.30) reports,
        // though GBCS's table lists it for the meter balance only (ECS82).
        if (value(CURRENT_CREDIT_AMOUNT) == null) {
            with(CURRENT_CREDIT_AMOUNT, new Data.DoubleLong(0));
        }
        if (entry.obis().equals(EMERGENCY_CREDIT)) {
            with(PRESET_CREDIT_AMOUNT, new Data.DoubleLong(DEFAULT_EMERGENCY_CREDIT_LIMIT));
            with(CREDIT_AVAILABLE_THRESHOLD, new Data.DoubleLong(DEFAULT_EMERGENCY_CREDIT_THRESHOLD));
        }
    }

    @Override
    protected AttributeStore newInstance() {
        return new CreditObject(entry());
    }

    @Override
    public boolean methodsWrite() {
        return true;
    }

    /** The register's current value, 0 when unset. */
    public long amount() {
        return value(CURRENT_CREDIT_AMOUNT) instanceof Data.DoubleLong d ? d.value() : 0;
    }

    @Override
    public synchronized AccessResult action(int method, Data parameter, Invocation inv) {
        if (!entry().methods().contains(method)) {
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        switch (method) {
            case 1:
                if (!(parameter instanceof Data.DoubleLong d)) {
                    return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
                }
                return put(amount() + d.value());
            case 2:
                if (!(parameter instanceof Data.DoubleLong d)) {
                    return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
                }
                return put(d.value());
            case 3:
                return invokeEmergencyCredit(parameter, inv);
            default:
                return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
    }

    private AccessResult invokeEmergencyCredit(Data parameter, Invocation inv) {
        if (!(parameter instanceof Data.Integer8)) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        long threshold = value(CREDIT_AVAILABLE_THRESHOLD) instanceof Data.DoubleLong t ? t.value() : 0;
        long meterBalance = inv.<org.dccsim.device.Device>device().object(CLASS_ID, METER_BALANCE)
                .map(o -> o instanceof CreditObject c ? c.amount() : 0L).orElse(0L);
        if (amount() > 0 || meterBalance >= threshold) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        return put(value(PRESET_CREDIT_AMOUNT) instanceof Data.DoubleLong p ? p.value() : 0);
    }

    private AccessResult put(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        with(CURRENT_CREDIT_AMOUNT, new Data.DoubleLong((int) v));
        return AccessResult.OK;
    }
}
