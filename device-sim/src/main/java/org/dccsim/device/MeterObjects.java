package org.dccsim.device;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.device.cosem.AccessResult;
import org.dccsim.device.cosem.AccountObject;
import org.dccsim.device.cosem.ActivityCalendarObject;
import org.dccsim.device.cosem.AttributeStore;
import org.dccsim.device.cosem.CatalogueObject;
import org.dccsim.device.cosem.ChargeObject;
import org.dccsim.device.cosem.CreditObject;
import org.dccsim.device.cosem.ClockObject;
import org.dccsim.device.cosem.CosemObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.device.cosem.DataProtectionObject;
import org.dccsim.device.cosem.ExtendedDataObject;
import org.dccsim.device.cosem.Invocation;
import org.dccsim.device.cosem.ObjectCatalogue;
import org.dccsim.device.cosem.ProfileObject;
import org.dccsim.device.cosem.ScriptTableObject;
import org.dccsim.device.model.ControlHistory;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.GbcsObjects;

/**
 * The COSEM objects of the meter profiles (ESME and SAPC), made once per type and shared by every device of it: clock,
 * half-hour profiles and daily log computed from the device's meter, the export register, Data Protection for
 * protected reads, firmware version and identity, auxiliary controllers 1-5 with their limit and setting periods, (ESME)
 * the load switch and its scripts, and every other object of the catalogue as plain values. Behaviour that changes a
 * device's state runs in the device ({@link Device#controllerScript}); these objects stage and read.
 */
final class MeterObjects {
    /** A limit period may last at most 24 hours (GBCS use-case table, ECS47e). */
    static final Duration MAX_LIMIT_PERIOD = Duration.ofHours(24);

    private MeterObjects() {
    }

    /** The objects of a meter profile (ESME or SAPC), shared by every device of the type. */
    static Map<Long, CosemObject> of(DeviceType type) {
        Map<Long, CosemObject> m = new HashMap<>();
        java.util.function.Consumer<CosemObject> add = o -> m.put(CosemObject.key(o.classId(), o.obis()), o);
        add.accept(new ClockObject());
        add.accept(new ProfileObject(GbcsObjects.ACTIVE_IMPORT_PROFILE, Duration.ofMinutes(30),
                (d, a, b) -> d.meter().between(a, b).importWh()));
        add.accept(new ProfileObject(GbcsObjects.ACTIVE_EXPORT_PROFILE, Duration.ofMinutes(30),
                (d, a, b) -> d.meter().between(a, b).exportWh()));
        // Reactive import follows active import at a power factor of about 0.995 (a tenth, in varh).
        add.accept(new ProfileObject(GbcsObjects.REACTIVE_IMPORT_PROFILE, Duration.ofMinutes(30),
                (d, a, b) -> d.meter().between(a, b).importWh() / 10));
        add.accept(new ProfileObject(GbcsObjects.DAILY_READ_LOG, Duration.ofDays(1), (d, a, b) -> d.meter().importRegisterWh(b)));
        // The prepayment daily read log (ECS21b): dccsim's meters run in credit mode, so each day's prepayment value is
        // zero (a decision; the log and its protected read are there so 4.14 is answered in the RTDS's shape).
        add.accept(new ProfileObject(GbcsObjects.PREPAYMENT_DAILY_READ_LOG, Duration.ofDays(1), (d, a, b) -> 0));
        add.accept(new CosemObject() {
            public int classId() {
                return GbcsObjects.CLASS_REGISTER;
            }

            public ObisCode obis() {
                return GbcsObjects.ACTIVE_EXPORT_REGISTER;
            }

            public AccessResult get(int attribute, Invocation inv) {
                Device d = inv.device();
                if (attribute == 2) {
                    return AccessResult.ok(new Data.DoubleLongUnsigned(d.meter().exportRegisterWh(inv.now()) & 0xFFFFFFFFL));
                }
                if (attribute == 3) {
                    return AccessResult.ok(Data.structure(new Data.Integer8(0), new Data.Enumerated(30)));
                }
                return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
            }
        });
        for (ObisCode o : List.of(GbcsObjects.PROTECTION_PROFILE, GbcsObjects.PROTECTION_IMPORT_REGISTERS,
                GbcsObjects.PROTECTION_DAILY_LOG, GbcsObjects.PROTECTION_PREPAYMENT_LOG)) {
            add.accept(new DataProtectionObject(o));
        }
        add.accept(new AttributeStore(1, GbcsObjects.FIRMWARE_VERSION)
                .with(2, Data.octets("dccsim-1".getBytes(StandardCharsets.US_ASCII))));
        addIdentity(add, type);
        addAuxiliaryControllers(add);
        if (type == DeviceType.ESME) {
            addEsmeOnly(add);
        }
        // Every other object the use cases address, holding plain values.
        for (ObjectCatalogue.Entry e : ObjectCatalogue.entries()) {
            long key = CosemObject.key(e.classId(), e.obis());
            if (!m.containsKey(key)) {
                // Every Data Protection object the table names serves protected reads (ECS17d/e's 0-0:43.2.9/10 too).
                m.put(key, e.classId() == GbcsObjects.CLASS_DATA_PROTECTION ? new DataProtectionObject(e.obis())
                        : e.classId() == ExtendedDataObject.CLASS_ID ? new ExtendedDataObject(e)
                        : e.classId() == ActivityCalendarObject.CLASS_ID ? new ActivityCalendarObject(e)
                        : e.classId() == CreditObject.CLASS_ID ? new CreditObject(e)
                        : e.classId() == AccountObject.CLASS_ID ? new AccountObject(e)
                        : e.classId() == ChargeObject.CLASS_ID ? new ChargeObject(e) : new CatalogueObject(e));
            }
        }
        return Map.copyOf(m);
    }

    /** The device's EUI (0-0:96.1.1.255), which every profile has. */
    static CosemObject deviceIdObject() {
        return new CosemObject() {
            public int classId() {
                return 1;
            }

            public ObisCode obis() {
                return ObisCode.parse("0-0:96.1.1.255");
            }

            public AccessResult get(int attribute, Invocation inv) {
                Device d = inv.device();
                return attribute == 2 ? AccessResult.ok(Data.octets(d.eui().toBytes()))
                        : AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
            }
        };
    }

    /** Device identity (ECS26e): the EUI, device type, model and firmware identifiers, and a capability flag. */
    private static void addIdentity(java.util.function.Consumer<CosemObject> add, DeviceType type) {
        add.accept(deviceIdObject());
        add.accept(new AttributeStore(1, ObisCode.parse("0-0:96.1.2.255"))
                .with(2, Data.octets(new byte[] {(byte) (type == DeviceType.ESME ? 0x42 : 0x46)})));
        add.accept(new AttributeStore(1, ObisCode.parse("0-0:96.1.4.255"))
                .with(2, Data.octets("DCCSIM".getBytes(StandardCharsets.US_ASCII))));
        add.accept(new AttributeStore(1, ObisCode.parse("0-0:96.1.6.255"))
                .with(2, Data.octets("SIM".getBytes(StandardCharsets.US_ASCII))));
        add.accept(new AttributeStore(1, ObisCode.parse("0-0:94.44.0.4")).with(2, new Data.Bool(true)));
    }

    static long periodKey(int n, int f) {
        CosemAttribute a = GbcsObjects.auxControllerPeriod(n, f);
        return CosemObject.key(a.classId(), a.obis());
    }

    /** A setting (f = 1, 2) or limit (f = 3, 4) period date-time of controller n; sets are staged. */
    private static final class PeriodObject extends AttributeStore {
        private final int n;
        private final int field;

        PeriodObject(int n, int field) {
            super(1, GbcsObjects.auxControllerPeriod(n, field).obis());
            this.n = n;
            this.field = field;
            with(2, Data.octets(CosemDateTime.NEVER.toBytes()));
        }

        @Override
        protected AttributeStore newInstance() {
            return new PeriodObject(n, field);
        }

        @Override
        public AccessResult set(int attribute, Data value, Invocation inv) {
            if (attribute == 2 && field <= 2 && value instanceof Data.LongUnsigned) {
                // Legacy ECS47 (GBCS 3.x, still in the RTDS): a duration in minutes for ALCS n on (.1) or off (.2).
                inv.stage(periodKey(n, field), value);
                return AccessResult.OK;
            }
            return stagePeriod(n, field, attribute, value, inv);
        }
    }

    private static void addAuxiliaryControllers(java.util.function.Consumer<CosemObject> add) {
        for (int n = 1; n <= 5; n++) {
            int controller = n;
            for (int f = 1; f <= 4; f++) {
                add.accept(new PeriodObject(n, f));
            }
            add.accept(new AttributeStore(1, GbcsObjects.auxControllerDescription(n).obis())
                    .with(2, Data.VisibleString.of("APC_" + n)));
            byte[] typeAndId = {0x02, 0, 0, 0, 0, 0, 0, (byte) n};
            add.accept(new AttributeStore(1, GbcsObjects.auxControllerType(n).obis()).with(2, Data.octets(typeAndId)));
            add.accept(new CosemObject() {
                public int classId() {
                    return 1;
                }

                public ObisCode obis() {
                    return GbcsObjects.auxControllerState(controller).obis();
                }

                public AccessResult get(int attribute, Invocation inv) {
                    if (attribute != 2) {
                        return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
                    }
                    Device d = inv.device();
                    int level = d.controllerLevel(controller, inv.now());
                    return AccessResult.ok(Data.Utf8String.of("{\"outputState\":\"" + level
                            + "\",\"inputState\":\"0\",\"other-data\":\"\"}"));
                }
            });
        }
        add.accept(new AttributeStore(11, ObisCode.parse("0-0:11.0.3.255")).with(2, Data.array()));
        add.accept(new AttributeStore(10, ObisCode.parse("0-0:12.0.2.255")).with(2, Data.array()));
        add.accept(new ScriptTableObject(GbcsObjects.APC_LIMIT_SCRIPTS,
                (sel, inv) -> inv.<Device>device().controllerScript(sel, inv, true)));
        add.accept(new ScriptTableObject(GbcsObjects.AUX_CONTROLLER_SCRIPTS,
                (sel, inv) -> inv.<Device>device().controllerScript(sel, inv, false)));
    }

    /**
     * Limit and setting periods are staged until the script runs. An end must come after the start and at most
     * 24 hours later (GBCS ECS47a/ECS47e), or that item and all later ones fail with other-reason.
     */
    private static AccessResult stagePeriod(int n, int field, int attribute, Data value, Invocation inv) {
        if (attribute != 2 || !(value instanceof Data.OctetString s) || s.length() != CosemDateTime.LENGTH) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        if (field == 2 || field == 4) {
            Data start = inv.staged(periodKey(n, field - 1));
            if (start != null) {
                Instant from = instant((Data.OctetString) start, inv.now());
                Instant to = instant(s, inv.now());
                if (from == null || to == null || !to.isAfter(from) || Duration.between(from, to).compareTo(MAX_LIMIT_PERIOD) > 0) {
                    return AccessResult.fail(DataAccessResult.OTHER_REASON);
                }
            }
        }
        inv.stage(periodKey(n, field), value);
        return AccessResult.OK;
    }

    /** A date-time value as an instant: NOW is the command's time; wildcards and NEVER are null. */
    static Instant instant(Data.OctetString s, Instant now) {
        try {
            CosemDateTime dt = CosemDateTime.of(s.value());
            return dt.isNow() ? now : dt.toInstant().orElse(null);
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return null;
        }
    }


    /** The ESME's own objects: the load switch and its scripts, the randomised offset, the auxiliary switches' states. */
    /** GBCS ECS19: the prepayment balance collection, read through Data Protection (4.3). */
    static final ObisCode PREPAYMENT_BALANCES = ObisCode.parse("0-0:94.44.34.30");

    private static void addEsmeOnly(java.util.function.Consumer<CosemObject> add) {
        // The collection holds the credit and charge registers' values, in GBCS's order (ECS19's table:
        // prepayment_balance_collection), read at the moment of the read, never stored.
        add.accept(new CosemObject() {
            public int classId() {
                return GbcsObjects.CLASS_DATA;
            }

            public ObisCode obis() {
                return PREPAYMENT_BALANCES;
            }

            public AccessResult get(int attribute, Invocation inv) {
                if (attribute != 2) {
                    return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
                }
                Device d = inv.device();
                return AccessResult.ok(Data.structure(credit(d, CreditObject.METER_BALANCE),
                        credit(d, CreditObject.EMERGENCY_CREDIT), credit(d, CreditObject.ACCUMULATED_DEBT),
                        charge(d, ChargeObject.TIME_DEBT_1), charge(d, ChargeObject.TIME_DEBT_2),
                        charge(d, ChargeObject.PAYMENT_DEBT)));
            }

            private Data credit(Device d, ObisCode obis) {
                long v = d.object(CreditObject.CLASS_ID, obis).map(o -> o instanceof CreditObject c ? c.amount() : 0L).orElse(0L);
                return new Data.DoubleLong((int) v);
            }

            private Data charge(Device d, ObisCode obis) {
                long v = d.object(ChargeObject.CLASS_ID, obis).map(o -> o instanceof ChargeObject c ? c.remaining() : 0L)
                        .orElse(0L);
                return new Data.DoubleLong((int) v);
            }
        });
        add.accept(new CosemObject() {
            public int classId() {
                return GbcsObjects.CLASS_DISCONNECT_CONTROL;
            }

            public ObisCode obis() {
                return GbcsObjects.DISCONNECT_CONTROL;
            }

            public AccessResult get(int attribute, Invocation inv) {
                Device d = inv.device();
                boolean on = d.supplyOn(inv.now());
                if (attribute == 2) {
                    return AccessResult.ok(new Data.Bool(on));
                }
                if (attribute == 3) {
                    return AccessResult.ok(new Data.Enumerated(on ? 1 : d.armed ? 2 : 0));
                }
                return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
            }
        });
        add.accept(new ScriptTableObject(GbcsObjects.SUPPLY_SCRIPTS, (sel, inv) -> {
            int level;
            switch (sel) {
                case 0x0033: level = 100; break;
                case 0x0034: level = 0; break;
                case 0x0036: level = 0; break;
                default: return AccessResult.fail(DataAccessResult.OTHER_REASON);
            }
            Device d = inv.device();
            boolean arm = sel == 0x0036;
            inv.onSuccess(() -> {
                d.supply().add(new ControlHistory.Period(inv.now(), null, level));
                d.armed = arm;
            });
            return AccessResult.OK;
        }));
        add.accept(new AttributeStore(1, GbcsObjects.RANDOMISED_OFFSET_LIMIT).with(2, new Data.LongUnsigned(0)));
        // Switches of the auxiliary load control switches 1-5 (0-n:96.3.10.255), read by ECS61a.
        for (int a = 1; a <= 5; a++) {
            add.accept(new AttributeStore(GbcsObjects.CLASS_DISCONNECT_CONTROL, new ObisCode(0, a, 96, 3, 10, 255))
                    .with(2, new Data.Bool(false)).with(3, new Data.Enumerated(0)));
        }
    }
}
