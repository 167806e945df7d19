package org.dccsim.device.cosem;

import java.util.List;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * The ESME's account (DLMS class 111, "Account"): the active one (0-0:19.0.0.255), which 4.13 and 6.x reads report
 * (ECS26a, ECS26j), and the passive one (0-1:19.0.0.255) that 1.6 writes (GBCS ECS02, ECS03): its payment mode
 * (account_mode_and_status, attribute 2) and credit-charge configuration (11) become the active account's at its
 * activation time (13): now, at that time (then alert 8F66 naming attribute 13, as the RTDS's ECS02/ECS03 alerts do),
 * or never ({@link PassiveActivation}). An activated account is active: its status becomes 2 (DLMS IC 111: 1 new,
 * 2 active), as the RTDS's ECS26j answer reports it.
 *
 * <p>A new ESME is in credit mode, active, paying its consumption and standing charges from the meter balance.
 */
public final class AccountObject extends CatalogueObject {
    public static final int CLASS_ID = 111;
    public static final ObisCode ACTIVE = ObisCode.parse("0-0:19.0.0.255");
    public static final ObisCode PASSIVE = ObisCode.parse("0-1:19.0.0.255");
    public static final int MODE_AND_STATUS = 2;
    public static final int CREDIT_CHARGE_CONFIGURATION = 11;
    public static final int ACTIVATION_TIME = 13;
    public static final int MODE_CREDIT = 1;
    public static final int MODE_PREPAYMENT = 2;
    public static final int STATUS_ACTIVE = 2;
    private final PassiveActivation activation = new PassiveActivation();

    public AccountObject(ObjectCatalogue.Entry entry) {
        super(entry);
        if (entry.obis().equals(ACTIVE)) {
            with(MODE_AND_STATUS, modeAndStatus(MODE_CREDIT, STATUS_ACTIVE));
            Data.BitString always = new Data.BitString(3, new byte[] {(byte) 0xE0});
            with(CREDIT_CHARGE_CONFIGURATION, Data.array(
                    Data.structure(Data.octets(CreditObject.METER_BALANCE.toBytes()),
                            Data.octets(ObisCode.parse("0-0:19.20.0.255").toBytes()), always),
                    Data.structure(Data.octets(CreditObject.METER_BALANCE.toBytes()),
                            Data.octets(ObisCode.parse("0-0:19.20.4.255").toBytes()), always)));
        } else if (value(ACTIVATION_TIME) != null) {
            with(ACTIVATION_TIME, Data.octets(CosemDateTime.NEVER.toBytes()));
        }
    }

    static Data modeAndStatus(int mode, int status) {
        return Data.structure(new Data.Enumerated(mode), new Data.Enumerated(status));
    }

    @Override
    protected AttributeStore newInstance() {
        return new AccountObject(entry());
    }

    @Override
    public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
        if (attribute != ACTIVATION_TIME || !obis().equals(PASSIVE)) {
            return super.set(attribute, value, inv);
        }
        AccessResult r = activation.schedule(value, inv, new CosemAttribute(classId(), obis(), ACTIVATION_TIME),
                () -> inv.<Object>device() instanceof MeteringState d && d.activateAccount(PASSIVE, ACTIVE));
        return r.success() ? super.set(attribute, value, inv) : r;
    }

    /**
     * The active account's values once the passive {@code passive} is activated: its payment mode, now active, and
     * its credit-charge configuration; null when the passive account holds no mode.
     */
    public static List<Data> activated(AttributeStore passive) {
        if (!(passive.value(MODE_AND_STATUS) instanceof Data.Structure s) || s.elements().size() != 2
                || !(s.get(0) instanceof Data.Enumerated mode)) {
            return null;
        }
        Data charges = passive.value(CREDIT_CHARGE_CONFIGURATION);
        return List.of(modeAndStatus(mode.value(), STATUS_ACTIVE), charges == null ? Data.array() : charges);
    }
}
