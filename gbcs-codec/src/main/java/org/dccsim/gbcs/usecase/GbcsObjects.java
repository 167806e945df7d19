package org.dccsim.gbcs.usecase;

import java.time.Instant;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * COSEM objects the ESME and SAPC use cases address (GBCS use-case tables; OBIS under 0-0:94.44 are
 * GBCS-specific). Auxiliary controllers n = 1..5 have their own objects at 0-0:94.44.(116+n).x.
 */
public final class GbcsObjects {
    public static final ObisCode CLOCK = ObisCode.parse("0-0:1.0.0.255");
    public static final ObisCode ACTIVE_IMPORT_PROFILE = ObisCode.parse("0-0:99.1.0.255");
    public static final ObisCode ACTIVE_EXPORT_PROFILE = ObisCode.parse("0-0:99.1.1.255");
    public static final ObisCode REACTIVE_IMPORT_PROFILE = ObisCode.parse("0-0:99.1.2.255");
    public static final ObisCode DAILY_READ_LOG = ObisCode.parse("0-0:99.1.3.255");
    public static final ObisCode ACTIVE_EXPORT_REGISTER = ObisCode.parse("1-0:2.8.0.255");
    public static final ObisCode IMPORT_REGISTER_COLLECTION = ObisCode.parse("0-0:94.44.34.10");
    /** Data Protection objects (class 30) used for protected reads. */
    public static final ObisCode PROTECTION_PROFILE = ObisCode.parse("0-0:43.2.7.255");
    public static final ObisCode PROTECTION_IMPORT_REGISTERS = ObisCode.parse("0-0:43.2.8.255");
    public static final ObisCode PROTECTION_DAILY_LOG = ObisCode.parse("0-0:43.2.4.255");
    /** Data protection for the prepayment daily read log (ECS21b). */
    public static final ObisCode PROTECTION_PREPAYMENT_LOG = ObisCode.parse("0-0:43.2.6.255");
    public static final ObisCode PREPAYMENT_DAILY_READ_LOG = ObisCode.parse("0-0:98.1.8.255");
    /** The restricting object of a range_descriptor: UTC seconds since 2000 (class 1, attr 2). */
    public static final ObisCode UTC_TIME = ObisCode.parse("0-0:94.44.100.255");
    /** Script tables whose execute method carries a commanded state. */
    public static final ObisCode SUPPLY_SCRIPTS = ObisCode.parse("0-0:10.0.106.255");
    public static final ObisCode AUX_CONTROLLER_SCRIPTS = ObisCode.parse("0-0:10.0.103.255");
    public static final ObisCode APC_LIMIT_SCRIPTS = ObisCode.parse("0-0:10.0.107.255");
    public static final ObisCode DISCONNECT_CONTROL = ObisCode.parse("0-0:96.3.10.255");
    public static final ObisCode FIRMWARE_VERSION = ObisCode.parse("0-0:0.2.1.255");
    public static final ObisCode RANDOMISED_OFFSET_LIMIT = ObisCode.parse("0-0:94.44.0.1");

    public static final int CLASS_DATA = 1;
    public static final int CLASS_REGISTER = 3;
    public static final int CLASS_PROFILE_GENERIC = 7;
    public static final int CLASS_CLOCK = 8;
    public static final int CLASS_SCRIPT_TABLE = 9;
    public static final int CLASS_DATA_PROTECTION = 30;
    public static final int CLASS_DISCONNECT_CONTROL = 70;

    /** Profile timestamps count seconds from 2000-01-01T00:00:00Z (the ZigBee UTCTime epoch). */
    public static final Instant UTC_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    private GbcsObjects() {
    }

    public static long utcSeconds(Instant t) {
        return t.getEpochSecond() - UTC_EPOCH.getEpochSecond();
    }

    public static Instant fromUtcSeconds(long s) {
        return UTC_EPOCH.plusSeconds(s);
    }

    private static void checkController(int n) {
        if (n < 1 || n > 5) {
            throw new IllegalArgumentException("auxiliary controllers are numbered 1 to 5, not " + n);
        }
    }

    /** ECS47a settingPeriodStart (f=1) / End (f=2); ECS47e limitPeriodStart (f=3) / End (f=4). */
    public static CosemAttribute auxControllerPeriod(int n, int f) {
        checkController(n);
        return new CosemAttribute(CLASS_DATA, new ObisCode(0, 0, 94, 44, 116 + n, f), 2);
    }

    /** ECS46a/61d AuxiliaryController[n]: Description (0-0:94.44.0.10+n). */
    public static CosemAttribute auxControllerDescription(int n) {
        checkController(n);
        return new CosemAttribute(CLASS_DATA, new ObisCode(0, 0, 94, 44, 0, 10 + n), 2);
    }

    /** ECS61e AuxiliaryController[n]: typeAndIdentifier (0-0:94.44.0.20+n). */
    public static CosemAttribute auxControllerType(int n) {
        checkController(n);
        return new CosemAttribute(CLASS_DATA, new ObisCode(0, 0, 94, 44, 0, 20 + n), 2);
    }

    /** ECS61e AuxiliaryController[n]: stateAndAssociatedInformation (0-0:94.44.0.30+n). */
    public static CosemAttribute auxControllerState(int n) {
        checkController(n);
        return new CosemAttribute(CLASS_DATA, new ObisCode(0, 0, 94, 44, 0, 30 + n), 2);
    }
}
