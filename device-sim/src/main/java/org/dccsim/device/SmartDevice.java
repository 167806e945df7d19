package org.dccsim.device;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.clock.SimClock;
import org.dccsim.device.cosem.AccessResult;
import org.dccsim.device.cosem.AttributeStore;
import org.dccsim.device.cosem.CatalogueObject;
import org.dccsim.device.cosem.ChfDeviceLogObject;
import org.dccsim.device.cosem.ClockObject;
import org.dccsim.device.cosem.CosemObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.device.cosem.DataProtectionObject;
import org.dccsim.device.cosem.ExtendedDataObject;
import org.dccsim.device.cosem.Invocation;
import org.dccsim.device.cosem.MeteringState;
import org.dccsim.device.cosem.ObjectCatalogue;
import org.dccsim.device.cosem.ProfileObject;
import org.dccsim.device.cosem.ScriptTableObject;
import org.dccsim.device.model.ControlHistory;
import org.dccsim.device.model.EnergyTotals;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.ChfDeviceLog;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.JoinService;
import org.dccsim.gbcs.usecase.UseCase;

/**
 * A simulated device of one {@link DeviceProfile}: an ESME or a SAPC (clock, energy registers and half-hour profiles
 * computed from its meter, protected reads, firmware version and identity, auxiliary controllers 1-5 with their limit
 * and setting periods, (ESME) the load switch, and every other object of the catalogue), or a communications hub's
 * CHF (clock, identity and its HAN device log). The objects are shared by all devices of a profile; a device holds
 * only its state (controller and supply histories, clock skew, its own copies of objects that commands wrote), which
 * keeps a large fleet small. A hub has no meter: the metering state stays empty.
 */
public final class SmartDevice extends Device implements MeteringState {
    /** A limit period may last at most 24 hours (GBCS use-case table, ECS47e). */
    public static final Duration MAX_LIMIT_PERIOD = Duration.ofHours(24);


    /*
     * Read without the device's monitor: a site's meters read each other's controller and supply state while
     * computing a profile (the boundary meter sees its assets, a SAPC sees the site's supply), and two meters of
     * a site run on different threads, so taking each other's monitors deadlocked them. ControlHistory guards
     * itself; these references are only ever set once, from null.
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<ControlHistory> controllers =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(5);
    private volatile ControlHistory supply;
    private boolean armed;
    private volatile Duration clockSkew = Duration.ZERO;

    private SmartDevice(Eui64 eui, DeviceProfile profile, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        super(eui, profile.type(), clock, security, trust, profile.messageCodes(), profile.objects());
    }

    /** A device of the given type: its message codes and objects are its {@link DeviceProfile}'s. */
    public static SmartDevice of(DeviceType type, Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        return new SmartDevice(eui, DeviceProfiles.of(type), clock, security, trust);
    }

    public static SmartDevice esme(Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        return of(DeviceType.ESME, eui, clock, security, trust);
    }

    public static SmartDevice sapc(Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        return of(DeviceType.SAPC, eui, clock, security, trust);
    }

    /** A communications hub's CHF: its device log decides which of its site's devices it forwards to. */
    public static SmartDevice chf(Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        return of(DeviceType.CHF, eui, clock, security, trust);
    }

    /** A hub's device log as this hub holds it (its own copy once written); empty for a meter. */
    public Optional<ChfDeviceLogObject> deviceLog() {
        return object(ChfDeviceLog.CLASS_ZIGBEE_NETWORK_CONTROL, ChfDeviceLog.OBIS)
                .filter(ChfDeviceLogObject.class::isInstance).map(ChfDeviceLogObject.class::cast);
    }

    /**
     * Writes a hub's device log as an installer left it: {@code devices} registered and joined, each with the install
     * code {@link ChfDeviceLogObject#defaultInstallCode} gives it.
     */
    public synchronized void installDeviceLog(List<Eui64> devices, List<ChfDeviceLog.HanDeviceType> types) {
        if (!(writable(CosemObject.key(ChfDeviceLog.CLASS_ZIGBEE_NETWORK_CONTROL, ChfDeviceLog.OBIS)) instanceof ChfDeviceLogObject log)) {
            throw new IllegalStateException(eui() + " is a " + type() + ", not a communications hub");
        }
        log.withDevices(devices, types);
    }

    // ---- device state ----

    /** The APC / auxiliary controller n (1-5) state over time. */
    public ControlHistory controller(int n) {
        ControlHistory h = controllers.get(n - 1);
        if (h == null) {
            controllers.compareAndSet(n - 1, null, new ControlHistory());
            h = controllers.get(n - 1);
        }
        return h;
    }

    /** Level of controller n at t without allocating history for an untouched controller. */
    public int controllerLevel(int n, Instant t) {
        ControlHistory h = controllers.get(n - 1);
        return h == null ? 100 : h.levelAt(t);
    }

    /** Controller n's history, or null while nothing has set it (level 100 throughout). */
    public ControlHistory controllerIfSet(int n) {
        return controllers.get(n - 1);
    }

    /** The load switch's history, or null while nothing has switched it (connected throughout). */
    public ControlHistory supplyIfSet() {
        return supply;
    }

    /** Load switch state over time: 100 connected, 0 disconnected or armed. */
    public synchronized ControlHistory supply() {
        if (supply == null) {
            supply = new ControlHistory();
        }
        return supply;
    }

    public boolean supplyOn(Instant t) {
        ControlHistory h = supply;
        return h == null || h.levelAt(t) > 0;
    }

    /** The device's state with its controllers' and supply's histories and the supply's armed flag. */
    @Override
    public synchronized DeviceState snapshot() {
        DeviceState d = super.snapshot();
        Map<Integer, List<DeviceState.Period>> cs = new java.util.TreeMap<>();
        for (int n = 1; n <= 5; n++) {
            ControlHistory h = controllers.get(n - 1);
            if (h != null) {
                cs.put(n, periods(h));
            }
        }
        return new DeviceState(d.eui(), d.trust(), d.counters(), d.alertCounter(), cs,
                supply == null ? List.of() : periods(supply), armed, d.objects(),
                joined.isEmpty() ? null : joined.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }

    private static List<DeviceState.Period> periods(ControlHistory h) {
        return h.periods().stream().map(p -> new DeviceState.Period(p.start().toString(),
                p.end() == null ? null : p.end().toString(), p.level())).toList();
    }

    @Override
    public synchronized void restore(DeviceState s) {
        super.restore(s);
        s.controllers().forEach((n, ps) -> {
            if (n >= 1 && n <= 5) {
                ControlHistory h = new ControlHistory();
                ps.forEach(p -> h.add(period(p)));
                controllers.set(n - 1, h);
            }
        });
        if (!s.supply().isEmpty()) {
            ControlHistory h = new ControlHistory();
            s.supply().forEach(p -> h.add(period(p)));
            supply = h;
        }
        armed = s.armed();
        if (s.joined() != null) {
            for (String j : s.joined()) {
                try {
                    String[] p = j.split(":");
                    joined.put(Eui64.parse(p[0]), JoinService.DeviceType.valueOf(p[1]));
                } catch (RuntimeException x) {
                    // An unreadable entry is dropped: the device then is not joined with it, which a join repairs.
                }
            }
        }
    }

    private static ControlHistory.Period period(DeviceState.Period p) {
        return new ControlHistory.Period(Instant.parse(p.start()), p.end() == null ? null : Instant.parse(p.end()), p.level());
    }

    /** Injected clock skew: what the device's clock reads against simulated time. */
    public void clockSkew(Duration d) {
        clockSkew = d;
    }

    @Override
    public Instant deviceTime() {
        return clock().now().plus(clockSkew);
    }

    @Override
    public void clearClockSkew() {
        clockSkew = Duration.ZERO;
    }

    /** Energy through this device's meter over [from, to). */
    public EnergyTotals energy(Instant from, Instant to) {
        return meter().between(from, to);
    }

    @Override
    public Data protectedRead(int classId, ObisCode obis, int attribute, Instant from, Instant to, Invocation inv) {
        Instant now = clock().now();
        if (classId == GbcsObjects.CLASS_DATA && obis.equals(GbcsObjects.IMPORT_REGISTER_COLLECTION) && attribute == 2) {
            long active = meter().importRegisterWh(now) & 0xFFFFFFFFL;
            long reactive = (meter().importRegisterWh(now) / 10) & 0xFFFFFFFFL;
            return Data.structure(new Data.DoubleLongUnsigned(active), Data.structure(new Data.Integer8(0),
                    new Data.Enumerated(30)), new Data.DoubleLongUnsigned(reactive),
                    Data.structure(new Data.Integer8(0), new Data.Enumerated(32)));
        }
        if (classId == GbcsObjects.CLASS_PROFILE_GENERIC && attribute == 2) {
            // A log the simulation models answers its entries in the period; any other log of the catalogue (a
            // billing data log, the import daily read log of ECS21a) has recorded nothing: its empty buffer.
            return object(classId, obis).map(o -> o instanceof ProfileObject p
                    ? p.buffer(this, from == null ? now.minus(Duration.ofDays(1)) : from, to == null ? now : to)
                    : o.get(attribute, inv).success() ? o.get(attribute, inv).data() : null).orElse(null);
        }
        // Any other attribute (the TOU matrices of ECS17d/e, say): its value as a plain read would give it.
        if (from == null) {
            return object(classId, obis).map(o -> o.get(attribute, inv)).filter(AccessResult::success).map(AccessResult::data)
                    .orElse(null);
        }
        return null;
    }

    // ---- the shared objects ----

    /** The objects of a meter profile (ESME or SAPC), shared by every device of the type. */
    static Map<Long, CosemObject> meterObjects(DeviceType type) {
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
                SmartDevice d = inv.device();
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
                        : e.classId() == ExtendedDataObject.CLASS_ID ? new ExtendedDataObject(e) : new CatalogueObject(e));
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
                SmartDevice d = inv.device();
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

    private static long periodKey(int n, int f) {
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
                    SmartDevice d = inv.device();
                    int level = d.controllerLevel(controller, inv.now());
                    return AccessResult.ok(Data.Utf8String.of("{\"outputState\":\"" + level
                            + "\",\"inputState\":\"0\",\"other-data\":\"\"}"));
                }
            });
        }
        add.accept(new AttributeStore(11, ObisCode.parse("0-0:11.0.3.255")).with(2, Data.array()));
        add.accept(new AttributeStore(10, ObisCode.parse("0-0:12.0.2.255")).with(2, Data.array()));
        add.accept(new ScriptTableObject(GbcsObjects.APC_LIMIT_SCRIPTS,
                (sel, inv) -> inv.<SmartDevice>device().controllerScript(sel, inv, true)));
        add.accept(new ScriptTableObject(GbcsObjects.AUX_CONTROLLER_SCRIPTS,
                (sel, inv) -> inv.<SmartDevice>device().controllerScript(sel, inv, false)));
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
    private static Instant instant(Data.OctetString s, Instant now) {
        try {
            CosemDateTime dt = CosemDateTime.of(s.value());
            return dt.isNow() ? now : dt.toInstant().orElse(null);
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return null;
        }
    }

    /**
     * The APC limit (ECS47e) and auxiliary controller state (ECS47a) scripts: controller code in the high byte,
     * level or state in the low byte. Only the addressed controller's period may be given.
     */
    private AccessResult controllerScript(int selector, Invocation inv, boolean limit) {
        if (!limit && (selector >> 8) >= 1 && (selector >> 8) <= 5) {
            return legacyAlcsScript(selector >> 8, selector & 0xFF, inv);
        }
        AuxiliaryController c = AuxiliaryController.ofCode(selector >> 8);
        int level = selector & 0xFF;
        if (c == null || level > 100) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        int n = c.number();
        int fStart = limit ? 3 : 1;
        for (int k = 1; k <= 5; k++) {
            if (k != n && (inv.staged(periodKey(k, fStart)) != null || inv.staged(periodKey(k, fStart + 1)) != null)) {
                return AccessResult.fail(DataAccessResult.OTHER_REASON);
            }
        }
        Data s = inv.staged(periodKey(n, fStart));
        Data e = inv.staged(periodKey(n, fStart + 1));
        if ((s == null) != (e == null)) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        Instant now = inv.now();
        Instant start = s == null ? now : instant((Data.OctetString) s, now);
        Instant end = e == null ? null : instant((Data.OctetString) e, now);
        if (start == null || (e != null && end == null)) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        // A period already under way applies from now: the device cannot change what it has metered.
        Instant effective = start.isBefore(now) ? now : start;
        if (end != null && !end.isAfter(effective)) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        Eui64 requester = inv.command().originator();
        inv.onSuccess(() -> {
            ControlHistory h = controller(n);
            for (int f = fStart; f <= fStart + 1; f++) {
                Data staged = inv.staged(periodKey(n, f));
                if (staged != null) {
                    ((AttributeStore) writable(periodKey(n, f))).with(2, staged);
                }
            }
            if (!limit) {
                h.add(new ControlHistory.Period(effective, end, level));
                return;
            }
            if (h.activeLimit(effective) != null && h.cancelAt(effective)) {
                inv.raise(new DeviceAlert.ApcLimitEnded(CosemDateTime.ofInstant(effective), c, level));
            }
            boolean cancelOnly = level == 100 && end == null;
            if (!cancelOnly) {
                ControlHistory.Period p = new ControlHistory.Period(effective, end, level);
                h.add(p);
                if (end != null) {
                    scheduleAt(end, at -> limitEnded(h, p, c, requester, at));
                }
            }
        });
        inv.raise(new DeviceAlert.ApcLimitProcessed(CosemDateTime.ofInstant(now), c,
                s == null ? CosemDateTime.NOW : CosemDateTime.ofInstant(effective),
                end == null ? CosemDateTime.NEVER : CosemDateTime.ofInstant(end), level));
        return AccessResult.OK;
    }

    /**
     * Legacy ECS47 (0x0055): controller n in the high byte, 0x11 activate or 0x12 deactivate for the staged
     * duration in minutes (none: until changed), 0x13 reset to the standing state.
     */
    private AccessResult legacyAlcsScript(int n, int action, Invocation inv) {
        if (action < 0x11 || action > 0x13) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        Data minutes = inv.staged(periodKey(n, action == 0x11 ? 1 : 2));
        Instant now = inv.now();
        Instant end = minutes instanceof Data.LongUnsigned m && m.value() > 0 ? now.plus(Duration.ofMinutes(m.value())) : null;
        inv.onSuccess(() -> {
            ControlHistory h = controller(n);
            if (action == 0x13) {
                h.cancelAt(now);
                h.add(new ControlHistory.Period(now, null, 100));
            } else {
                h.add(new ControlHistory.Period(now, end, action == 0x11 ? 100 : 0));
            }
        });
        return AccessResult.OK;
    }

    private static List<AlertTo> limitEnded(ControlHistory h, ControlHistory.Period p, AuxiliaryController c, Eui64 to,
            Instant at) {
        // Only if this period still ends now: a later command may have cancelled or replaced it.
        if (!h.periods().contains(p)) {
            return List.of();
        }
        return List.of(new AlertTo(new DeviceAlert.ApcLimitEnded(CosemDateTime.ofInstant(at), c, h.levelAt(at)), to));
    }

    // ---- joins (GBCS 13.7): the HAN devices this device may talk to locally ----

    /** At most this many devices joined at once: a decision (GBCS's limit is not at hand), a HAN's 16 less the hub. */
    static final int MAX_JOINED = 15;
    /** Joined devices and their types, in the order joined; guarded by this device's lock. */
    private final Map<Eui64, JoinService.DeviceType> joined = new java.util.LinkedHashMap<>(2);

    /** The devices this device is joined with (what its device log, CS07, lists). */
    public synchronized List<JoinService.Joined> joinedDevices() {
        return joined.entrySet().stream().map(e -> new JoinService.Joined(e.getKey(), e.getValue())).toList();
    }

    /**
     * CS03A1 (a meter initiating a method A join with an HCALCS or PPMID), CS03A2 (a non-meter responding, joined with
     * an ESME), CS04AC (unjoin) and CS07 (read the device log), from the supplier or the ACB. A join of the wrong
     * method for the use case, with a device type the method does not pair, or past {@link #MAX_JOINED} is answered
     * {@link JoinService#REFUSED}; unjoining a device not joined succeeds (it is then not joined, as asked).
     */
    private java.util.Optional<AsnOutcome> joins(org.dccsim.gbcs.frame.GeneralSigningApdu cmd, org.dccsim.gbcs.usecase.Role from) {
        if (from != org.dccsim.gbcs.usecase.Role.SUPPLIER && from != org.dccsim.gbcs.usecase.Role.ACB) {
            return java.util.Optional.empty();
        }
        try {
            switch (cmd.messageCode()) {
                case JoinService.CS07:
                    return java.util.Optional.of(new AsnOutcome(JoinService.encodeDeviceLog(joinedDevices()), List.of()));
                case JoinService.CS04AC:
                    joined.remove(JoinService.decodeUnjoin(cmd.content()));
                    return result(JoinService.SUCCESS);
                default:
                    JoinService.Join j = JoinService.decodeJoin(cmd.content());
                    boolean initiator = cmd.messageCode() == JoinService.CS03A1;
                    boolean pairs = initiator
                            ? j.method() == JoinService.Method.A_INITIATOR && (j.otherType() == JoinService.DeviceType.HCALCS
                                    || j.otherType() == JoinService.DeviceType.PPMID)
                            : j.method() == JoinService.Method.A_RESPONDER && j.otherType() == JoinService.DeviceType.ESME;
                    if (!pairs || j.other().equals(eui()) || (!joined.containsKey(j.other()) && joined.size() >= MAX_JOINED)) {
                        return result(JoinService.REFUSED);
                    }
                    joined.put(j.other(), j.otherType());
                    return result(JoinService.SUCCESS);
            }
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<AsnOutcome> result(int r) {
        return java.util.Optional.of(new AsnOutcome(JoinService.encodeResult(r), List.of()));
    }

    // ---- CS02g: the Load Controller's credentials ----

    private Instant pendingCredentialsAt;

    /**
     * CS02g by the supplier (0x0126) or by the Load Controller itself (0x0125): checks each replacement
     * certificate against the certification path, installs the Load Controller's trust anchor cell with the
     * certificates' keys, and answers as the RTDS does; future-dated updates are accepted, run at their time and
     * reported with alert 0x0124 (8F66 or 8F67); a 9999-12-31 execution time cancels one.
     */
    @Override
    protected java.util.Optional<AsnOutcome> executeAsn1(org.dccsim.gbcs.frame.GeneralSigningApdu cmd, UseCase uc,
            org.dccsim.gbcs.usecase.Role from, Instant now) {
        int code = cmd.messageCode();
        if (code == JoinService.CS03A1 || code == JoinService.CS03A2 || code == JoinService.CS04AC || code == JoinService.CS07) {
            return joins(cmd, from);
        }
        if (code == org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02A
                || code == org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02F) {
            return credentialDetails(cmd, from);
        }
        boolean bySupplier = code == org.dccsim.gbcs.usecase.LoadControllerCredentials.BY_SUPPLIER
                && from == org.dccsim.gbcs.usecase.Role.SUPPLIER;
        boolean byLc = code == org.dccsim.gbcs.usecase.LoadControllerCredentials.BY_LOAD_CONTROLLER
                && from == org.dccsim.gbcs.usecase.Role.LOAD_CONTROLLER;
        if (!bySupplier && !byLc) {
            return java.util.Optional.empty();
        }
        org.dccsim.gbcs.usecase.LoadControllerCredentials.Command c;
        try {
            c = org.dccsim.gbcs.usecase.LoadControllerCredentials.decode(cmd.content());
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return java.util.Optional.empty();
        }
        if (c.counter() != cmd.originatorCounter()
                || c.remotePartyRole() != org.dccsim.gbcs.usecase.LoadControllerCredentials.ROLE_LOAD_CONTROLLER) {
            return java.util.Optional.empty();
        }
        byte[] accepted = org.dccsim.gbcs.usecase.LoadControllerCredentials.encodeAccepted();
        if (c.cancels()) {
            pendingCredentialsAt = null;
            return java.util.Optional.of(new AsnOutcome(accepted, List.of()));
        }
        if (c.execution() != null && c.execution().isAfter(now)) {
            Instant at = c.execution();
            pendingCredentialsAt = at;
            Eui64 to = cmd.originator();
            scheduleFrames(at, t -> {
                if (!at.equals(pendingCredentialsAt)) {
                    return List.of(); // cancelled or replaced
                }
                pendingCredentialsAt = null;
                var r = installCredentials(c);
                boolean ok = r.replaced().stream().allMatch(x -> x.status() == 0);
                return List.of(signedAlert(org.dccsim.gbcs.usecase.LoadControllerCredentials.FUTURE_DATED_ALERT,
                        org.dccsim.gbcs.usecase.LoadControllerCredentials.encodeAlert(ok, t, r), to));
            });
            return java.util.Optional.of(new AsnOutcome(accepted, List.of()));
        }
        return java.util.Optional.of(new AsnOutcome(org.dccsim.gbcs.usecase.LoadControllerCredentials.encodeResponse(
                installCredentials(c)), List.of()));
    }

    private org.dccsim.gbcs.usecase.LoadControllerCredentials.Result installCredentials(
            org.dccsim.gbcs.usecase.LoadControllerCredentials.Command c) {
        var prior = trustAnchors().cell(org.dccsim.gbcs.usecase.Role.LOAD_CONTROLLER).orElse(null);
        org.dccsim.gbcs.crypto.SmkiCertificates.Parsed ds = null;
        org.dccsim.gbcs.crypto.SmkiCertificates.Parsed ka = null;
        boolean valid = !c.certificationPath().isEmpty();
        List<org.dccsim.gbcs.crypto.SmkiCertificates.Parsed> parsed = new java.util.ArrayList<>();
        for (var r : c.replacements()) {
            org.dccsim.gbcs.crypto.SmkiCertificates.Parsed p;
            try {
                p = org.dccsim.gbcs.crypto.SmkiCertificates.parse(r.certificate());
            } catch (org.dccsim.gbcs.crypto.KeyStoreException e) {
                p = null;
            }
            parsed.add(p);
            // Certification path validation: the replacement must be issued by the path's certificate.
            valid &= p != null && org.dccsim.gbcs.crypto.SmkiCertificates.signedBy(r.certificate(), c.certificationPath().get(0));
            if (p != null && r.usage() == org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE) {
                valid &= p.digitalSignature();
                ds = p;
            } else if (p != null && r.usage() == org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_KEY_AGREEMENT) {
                valid &= p.keyAgreement();
                ka = p;
            }
        }
        if (ds != null && ka != null) {
            valid &= ds.party().equals(ka.party());
        }
        valid &= ds != null || ka != null;
        Eui64 priorParty = prior == null ? null : prior.party();
        byte[] priorId = prior == null || prior.signingKeyId() == null ? new byte[8] : prior.signingKeyId();
        List<org.dccsim.gbcs.usecase.LoadControllerCredentials.Replaced> out = new java.util.ArrayList<>();
        for (int i = 0; i < c.replacements().size(); i++) {
            var r = c.replacements().get(i);
            var p = parsed.get(i);
            Eui64 newParty = p == null ? Eui64.of(0) : p.party();
            byte[] newId = p == null ? new byte[8] : p.keyId();
            if (valid) {
                out.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replaced(r.role(), r.usage(),
                        org.dccsim.gbcs.usecase.LoadControllerCredentials.STATUS_SUCCESS, newParty, newId,
                        priorParty == null ? newParty : priorParty, priorId));
            } else {
                // As the RTDS error response: not replaced, so "new" repeats what stands.
                Eui64 standing = priorParty == null ? newParty : priorParty;
                out.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replaced(r.role(), r.usage(),
                        org.dccsim.gbcs.usecase.LoadControllerCredentials.STATUS_FAILED, standing, priorId, standing, priorId));
            }
        }
        if (valid) {
            var dsKey = ds == null ? (prior == null ? null : prior.signingKey()) : ds.key();
            var kaKey = ka == null ? (prior == null ? null : prior.keyAgreementKey()) : ka.key();
            Eui64 party = ds != null ? ds.party() : ka.party();
            installAnchor(org.dccsim.gbcs.usecase.Role.LOAD_CONTROLLER, new TrustAnchors.Cell(party, dsKey, kaKey,
                    ds == null ? priorId : ds.keyId()));
        }
        return new org.dccsim.gbcs.usecase.LoadControllerCredentials.Result(c.counter(), c.remotePartyRole(),
                c.floorSeqNumber(), out);
    }

    /**
     * CS02a/CS02f Provide Security Credentials Details, from the ACB: for each role asked, the party in its trust
     * anchor cell and the identifiers of its signing and key-agreement keys (status 1 and no cells for a role
     * this device holds no cell for). A key's identifier is the one its certificate carried when a CS02 installed
     * it, else the first eight bytes of SHA-256 over the key (dccsim's devices are given keys, not certificates).
     */
    private java.util.Optional<AsnOutcome> credentialDetails(org.dccsim.gbcs.frame.GeneralSigningApdu cmd,
            org.dccsim.gbcs.usecase.Role from) {
        if (from != org.dccsim.gbcs.usecase.Role.ACB) {
            return java.util.Optional.empty();
        }
        org.dccsim.gbcs.usecase.SecurityCredentialDetails.Command c;
        try {
            c = org.dccsim.gbcs.usecase.SecurityCredentialDetails.decode(cmd.content());
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return java.util.Optional.empty();
        }
        List<org.dccsim.gbcs.usecase.SecurityCredentialDetails.RoleDetails> out = new java.util.ArrayList<>();
        for (int roleCode : c.roles()) {
            org.dccsim.gbcs.usecase.Role role = java.util.Arrays.stream(org.dccsim.gbcs.usecase.Role.values())
                    .filter(r -> r.smkiCode() == roleCode).findFirst().orElse(null);
            TrustAnchors.Cell cell = role == null ? null : trustAnchors().cell(role).orElse(null);
            if (cell == null) {
                out.add(new org.dccsim.gbcs.usecase.SecurityCredentialDetails.RoleDetails(roleCode,
                        org.dccsim.gbcs.usecase.SecurityCredentialDetails.STATUS_NO_CELL, 0, List.of()));
                continue;
            }
            var ds = cell.signingKey() != null ? cell.signingKey()
                    : security().keyStore().publicKey(cell.party(), org.dccsim.gbcs.crypto.KeyUsage.DS).orElse(null);
            var ka = cell.keyAgreementKey() != null ? cell.keyAgreementKey()
                    : security().keyStore().publicKey(cell.party(), org.dccsim.gbcs.crypto.KeyUsage.KA).orElse(null);
            List<org.dccsim.gbcs.usecase.SecurityCredentialDetails.Cell> cells = new java.util.ArrayList<>();
            cells.add(new org.dccsim.gbcs.usecase.SecurityCredentialDetails.Cell(
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE, 0, cell.party(),
                    cell.signingKeyId() != null ? cell.signingKeyId() : keyId(ds)));
            cells.add(new org.dccsim.gbcs.usecase.SecurityCredentialDetails.Cell(
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_KEY_AGREEMENT, 0, cell.party(), keyId(ka)));
            out.add(new org.dccsim.gbcs.usecase.SecurityCredentialDetails.RoleDetails(roleCode,
                    org.dccsim.gbcs.usecase.SecurityCredentialDetails.STATUS_SUCCESS, 0, cells));
        }
        return java.util.Optional.of(new AsnOutcome(org.dccsim.gbcs.usecase.SecurityCredentialDetails.encodeResponse(out),
                List.of()));
    }

    private static byte[] keyId(org.dccsim.gbcs.crypto.EcKeys.PublicKey key) {
        if (key == null) {
            return new byte[8];
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.encoded());
            return java.util.Arrays.copyOf(h, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- ESME only ----

    private static void addEsmeOnly(java.util.function.Consumer<CosemObject> add) {
        add.accept(new CosemObject() {
            public int classId() {
                return GbcsObjects.CLASS_DISCONNECT_CONTROL;
            }

            public ObisCode obis() {
                return GbcsObjects.DISCONNECT_CONTROL;
            }

            public AccessResult get(int attribute, Invocation inv) {
                SmartDevice d = inv.device();
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
            SmartDevice d = inv.device();
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
