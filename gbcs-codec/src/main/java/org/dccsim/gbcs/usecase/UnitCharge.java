package org.dccsim.gbcs.usecase;

import java.util.List;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A DLMS charge's unit_charge (class 113, attributes 5 and 6) as GBCS writes it for prices (ECS01b, ECS01d) and debt
 * recovery rates (ECS07): {charge_per_unit_scaling {commodity scale, price scale}, commodity reference (the register
 * priced: class 3, attribute 2; or none: class 0, 0-0:0.0.0.0, attribute 0), charge table {index, charge per unit}}.
 */
public final class UnitCharge {
    private UnitCharge() {
    }

    /** {@code register} null for no commodity reference (standing charges, debt recovery). */
    public static Data of(int commodityScale, int priceScale, ObisCode register, List<Data> table) {
        Data reference = register == null
                ? Data.structure(new Data.LongUnsigned(0), Data.octets(new byte[6]), new Data.Integer8(0))
                : Data.structure(new Data.LongUnsigned(GbcsObjects.CLASS_REGISTER), Data.octets(register.toBytes()),
                        new Data.Integer8(2));
        return Data.structure(Data.structure(new Data.Integer8(commodityScale), new Data.Integer8(priceScale)), reference,
                new Data.Array(table));
    }

    /** One charge-table entry: its index (empty, or a rate's number) and the charge per unit. */
    public static Data entry(byte[] index, int chargePerUnit) {
        return Data.structure(Data.octets(index), new Data.Long16(chargePerUnit));
    }
}
