package org.dccsim.device;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dccsim.clock.SimClock;
import org.dccsim.device.cosem.AccessResult;
import org.dccsim.device.cosem.AttributeStore;
import org.dccsim.device.cosem.ChfDeviceLogObject;
import org.dccsim.device.cosem.CosemObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.device.cosem.Invocation;
import org.dccsim.device.cosem.MeteringState;
import org.dccsim.device.cosem.ProfileObject;
import org.dccsim.device.model.ControlHistory;
import org.dccsim.device.model.EnergyTotals;
import org.dccsim.device.model.Meter;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.AccessRequestSpecification;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.ChfDeviceLog;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.DeviceSecurityCredentials;
import org.dccsim.gbcs.usecase.FirmwareActivation;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.JoinService;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.gbcs.usecase.UseCase;

/**
 * A simulated GBCS device of one {@link DeviceProfile}: an ESME or a SAPC (energy registers and half-hour profiles
 * computed from its meter, protected reads, auxiliary controllers 1-5 with their limit and setting periods, the ESME's
 * load switch; {@link MeterObjects}), or a communications hub's CHF (its HAN device log). What a type is lives in its
 * profile, shared by every device of the type; a device holds only its own state (controller and supply histories,
 * clock skew, the devices it is joined with, installed credentials, counters, its own copies of objects that commands
 * wrote), which keeps a large fleet small. A hub has no meter: its metering state stays empty.
 *
 * <p>Each received command first passes the {@link SecurityGate}, a pipeline of stages in GBCS's order (decode,
 * address, MAC header, MAC, message code, role, signature, replay), each of which can refuse it with a typed
 * {@link Rejection}; then its payload must be an access-request (or, for the credential use cases, ASN.1), and only
 * then are the items executed against the device's objects, in order, with break-on-error; ASN.1 use cases (joins,
 * credentials) run here. A rejection changes no state and is logged.
 *
 * <p>Thread-safe: one command or poll at a time per device.
 */
public final class Device implements MeteringState {
    private static final Logger LOG = Logger.getLogger(Device.class.getName());
    /** Refusals for the operator, beside the head-end's request log ("dccsim" loggers follow --log-level). */
    private static final Logger SECURITY = Logger.getLogger("dccsim.devices");
    private static final java.util.concurrent.atomic.AtomicLong SECURITY_LINE_AT = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - 2_000_000_000L);
    private static final java.util.concurrent.atomic.AtomicInteger SECURITY_LINES_SKIPPED =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Bounded so a flood of bad frames cannot grow memory. */
    private static final int SECURITY_LOG_SIZE = 32;

    private final Eui64 eui;
    private final DeviceType type;
    private final SimClock clock;
    private final GbcsSecurity security;
    private TrustAnchors trust;
    private final Set<Integer> supportedMessageCodes;
    private final SecurityGate gate = new SecurityGate(this);
    /** Objects shared by every device of this type; read-only here. */
    private final Map<Long, CosemObject> shared;
    /** This device's own copies of objects its commands have written; allocated on first write. */
    private Map<Long, CosemObject> own;
    private final Map<Eui64, Long> acceptedCounters = new HashMap<>(4);
    private final Deque<Rejection> securityLog = new ArrayDeque<>();
    private final Map<Rejection.Reason, Integer> rejections = new EnumMap<>(Rejection.Reason.class);
    private PriorityQueue<Scheduled> schedule;
    /** The schedule's head, kept by the (synchronized) code that changes the schedule, for the {@link DueListener}. */
    private volatile Instant nextDueAt;
    private long alertCounter;
    /** A one-shot hardware fault: the item of the next DLMS command at this index fails (-1: none). */
    private int faultAtItem = -1;
    private Meter meter;

    /** Something to do at a simulated time: an APC limit ending, a future-dated activation. */
    public record Scheduled(Instant at, long sequence, FrameTask task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    @FunctionalInterface
    public interface Task {
        /** Runs at its time; returns alerts to send. */
        List<AlertTo> run(Instant at);
    }

    /** Scheduled work that makes its own frames (alerts that are not DLMS). */
    @FunctionalInterface
    public interface FrameTask {
        List<Outbound> run(Instant at);
    }

    /** An alert and who receives it. */
    public record AlertTo(DeviceAlert alert, Eui64 recipient) {
    }

    private long scheduleSequence;



    /*
     * Read without the device's monitor: a site's meters read each other's controller and supply state while
     * computing a profile (the boundary meter sees its assets, a SAPC sees the site's supply), and two meters of
     * a site run on different threads, so taking each other's monitors deadlocked them. ControlHistory guards
     * itself; these references are only ever set once, from null.
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<ControlHistory> controllers =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(5);
    private volatile ControlHistory supply;
    /** Its own signing credentials once a CS02c made a new key (null until then): guarded by this device's lock. */
    private OwnCredentials ownCredentials;
    /** The load switch is armed (ESME): guarded by this device's lock. */
    boolean armed;
    private volatile Duration clockSkew = Duration.ZERO;

    private Device(Eui64 eui, DeviceProfile profile, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        this.shared = profile.objects();
        this.eui = eui;
        this.type = profile.type();
        this.clock = clock;
        this.security = security;
        this.trust = trust;
        this.supportedMessageCodes = profile.messageCodes();
        // Alerts are numbered from one counter that never goes back, also across a restart without saved state
        // (the head-end refuses a repeated alert counter as a replay): start from the wall clock in microseconds.
        this.alertCounter = Math.max(0x0000_0001_0000_0000L, System.currentTimeMillis() * 1000);
    }

    /** A device of the given type: its message codes and objects are its {@link DeviceProfile}'s. */
    public static Device of(DeviceType type, Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        return new Device(eui, DeviceProfiles.of(type), clock, security, trust);
    }

    public static Device esme(Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        return of(DeviceType.ESME, eui, clock, security, trust);
    }

    public static Device sapc(Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
        return of(DeviceType.SAPC, eui, clock, security, trust);
    }

    /** A communications hub's CHF: its device log decides which of its site's devices it forwards to. */
    public static Device chf(Eui64 eui, SimClock clock, GbcsSecurity security, TrustAnchors trust) {
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


    public Eui64 eui() {
        return eui;
    }

    public DeviceType type() {
        return type;
    }

    public SimClock clock() {
        return clock;
    }

    public synchronized TrustAnchors trustAnchors() {
        return trust;
    }

    /** Replaces one trust anchor cell of this device only (CS02b/CS02g). */
    private synchronized void installAnchor(Role role, TrustAnchors.Cell cell) {
        trust = trust.with(role, cell);
    }

    public GbcsSecurity security() {
        return security;
    }

    public synchronized Meter meter() {
        return meter;
    }

    public synchronized void attachMeter(Meter m) {
        this.meter = m;
    }

    private CosemObject lookup(long key) {
        CosemObject o = own == null ? null : own.get(key);
        return o != null ? o : shared.get(key);
    }

    /** The object as this device sees it (its own copy if it has one). */
    public synchronized Optional<CosemObject> object(int classId, org.dccsim.gbcs.dlms.ObisCode obis) {
        return Optional.ofNullable(lookup(CosemObject.key(classId, obis)));
    }

    /** The object this device may write: its own copy, made now if it is still the shared one. */
    synchronized CosemObject writable(long key) {
        CosemObject o = own == null ? null : own.get(key);
        if (o != null) {
            return o;
        }
        CosemObject s = shared.get(key);
        if (s instanceof CosemObject.CopyOnWrite cow) {
            if (own == null) {
                own = new HashMap<>(4);
            }
            CosemObject copy = cow.copy();
            own.put(key, copy);
            return copy;
        }
        return s;
    }

    /** How many objects this device has its own copies of (the rest are shared). */
    public synchronized int ownObjects() {
        return own == null ? 0 : own.size();
    }

    public boolean supports(int messageCode) {
        return supportedMessageCodes.contains(messageCode);
    }

    public synchronized List<Rejection> securityLog() {
        return List.copyOf(securityLog);
    }

    public synchronized int rejections(Rejection.Reason reason) {
        return rejections.getOrDefault(reason, 0);
    }

    /** The last counter accepted from each party, for the gate's replay stage (called under this device's lock). */
    Map<Eui64, Long> acceptedCounters() {
        return acceptedCounters;
    }

    public synchronized Optional<Long> lastAcceptedCounter(Eui64 party) {
        return Optional.ofNullable(acceptedCounters.get(party));
    }

    /** Handles one frame from the WAN: the response and any alerts to send, in order; empty if refused. */
    public synchronized List<Outbound> receive(byte[] wire) {
        Instant now = clock.now();
        SecurityGate.Verdict verdict = gate.check(wire);
        if (verdict instanceof SecurityGate.Refused r) {
            List<Outbound> out = reject(now, r.reason(), r.detail());
            if (r.reportUnsupported()) {
                // GBCS 7.2.9.1: the device reports the command it does not support (ECS100) to a trusted sender.
                out = new ArrayList<>(out);
                out.add(alert(new DeviceAlert.CommandNotSupported(CosemDateTime.ofInstant(now), r.command().messageCode(),
                        r.command().originatorCounter()), r.command().originator()));
            }
            return out;
        }
        SecurityGate.Admitted admitted = (SecurityGate.Admitted) verdict;
        GeneralSigningApdu cmd = admitted.command();
        UseCase uc = admitted.useCase();
        boolean critical = admitted.critical();
        if (uc.payloadFamily() == org.dccsim.gbcs.usecase.PayloadFamily.ASN1_DER) {
            Optional<AsnOutcome> done = executeAsn1(cmd, uc, admitted.role(), now);
            if (done.isEmpty()) {
                return reject(now, Rejection.Reason.MALFORMED_PAYLOAD, "not a " + uc.id() + " this device takes from its "
                        + admitted.role());
            }
            List<Outbound> out = new ArrayList<>();
            out.add(respond(cmd, uc, SecurityGate.answerSigned(admitted), done.get().response(), now, cmd.otherInformation()));
            out.addAll(done.get().alerts());
            if (done.get().placed() != null) {
                ownCredentials.activate(done.get().placed());
            }
            return out;
        }
        XdlmsApdu.AccessRequest request;
        try {
            if (!(XdlmsCodec.decode(cmd.content()) instanceof XdlmsApdu.AccessRequest r)
                    || r.specifications().size() != r.data().size()) {
                return reject(now, Rejection.Reason.MALFORMED_PAYLOAD, "not an access-request");
            }
            request = r;
        } catch (GbcsDecodeException e) {
            return reject(now, Rejection.Reason.MALFORMED_PAYLOAD, e.getMessage());
        }
        Invocation inv;
        OtherInformation oi = cmd.otherInformation();
        if (oi.supplementaryCertificate() != null) {
            // An Unknown Remote Party read: the response names the party again, with this device's own counter
            // for the encryption in place of the certificate (GBCS-NOTES a.3, b.3).
            org.dccsim.gbcs.crypto.SmkiCertificates.Parsed cert;
            try {
                cert = org.dccsim.gbcs.crypto.SmkiCertificates.parse(oi.supplementaryCertificate());
            } catch (RuntimeException e) {
                return reject(now, Rejection.Reason.MALFORMED_PAYLOAD, "unreadable Unknown Remote Party certificate");
            }
            if (!cert.keyAgreement() || !cert.party().equals(oi.supplementaryRemotePartyId())) {
                return reject(now, Rejection.Reason.MALFORMED_PAYLOAD,
                        "the Unknown Remote Party certificate is not " + oi.supplementaryRemotePartyId() + "'s key agreement key");
            }
            inv = new Invocation(now, cmd, this, new OtherInformation(oi.messageCode(), oi.supplementaryRemotePartyId(),
                    oi.supplementaryRemotePartyCounter(), ++alertCounter, null), cert.key());
        } else {
            inv = new Invocation(now, cmd, this);
        }
        XdlmsApdu.AccessResponse response = execute(request, inv);
        boolean allOk = response.results().stream().allMatch(r -> r.result() == DataAccessResult.SUCCESS);
        if (allOk) {
            inv.successActions().forEach(Runnable::run);
            if ("ECS46c".equals(uc.id()) || "ECS46d".equals(uc.id())) {
                runCalendar(request, now);
            }
            Eui64 originator = cmd.originator();
            for (Invocation.Deferred d : inv.deferred()) {
                scheduleAt(d.at(), at -> d.work().apply(at).stream().map(a -> new AlertTo(a, originator)).toList());
            }
        }
        List<Outbound> out = new ArrayList<>();
        out.add(respond(cmd, uc, critical, XdlmsCodec.encode(response), now, inv.responseOtherInformation()));
        if (allOk) {
            for (DeviceAlert a : inv.alerts()) {
                out.add(alert(a, cmd.originator()));
            }
        }
        return out;
    }

    /** Executes the items in order; after the first failure every later item returns other-reason. */
    private XdlmsApdu.AccessResponse execute(XdlmsApdu.AccessRequest request, Invocation inv) {
        List<Data> data = new ArrayList<>(request.specifications().size());
        List<XdlmsApdu.AccessResponseSpecification> results = new ArrayList<>(request.specifications().size());
        boolean failed = false;
        for (int i = 0; i < request.specifications().size(); i++) {
            AccessRequestSpecification spec = request.specifications().get(i);
            int choice = spec.choice() == AccessRequestSpecification.GET_WITH_SELECTION ? AccessRequestSpecification.GET
                    : spec.choice() == AccessRequestSpecification.SET_WITH_SELECTION ? AccessRequestSpecification.SET
                    : spec.choice();
            AccessResult r;
            if (failed) {
                // GBCS: once an item fails, the device attempts none after it.
                r = AccessResult.fail(DataAccessResult.OTHER_REASON);
            } else if (i == faultAtItem) {
                r = AccessResult.fail(DataAccessResult.HARDWARE_FAULT);
                failed = true;
            } else {
                r = executeOne(spec, request.data().get(i), inv);
                failed = !r.success();
            }
            data.add(r.success() ? r.data() : Data.NULL);
            results.add(new XdlmsApdu.AccessResponseSpecification(choice, r.result()));
        }
        faultAtItem = -1;
        return new XdlmsApdu.AccessResponse(request.invokeIdAndPriority(), data, results);
    }

    /**
     * Makes item {@code index} of the next DLMS command this device executes fail with hardware-fault, as a meter
     * whose register or relay has broken does (the RTDS's ERROR responses); the items after it fail with other-reason.
     */
    public synchronized void injectHardwareFault(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("item index " + index);
        }
        faultAtItem = index;
    }

    private AccessResult executeOne(AccessRequestSpecification spec, Data data, Invocation inv) {
        CosemAttribute t = spec.target();
        long key = CosemObject.key(t.classId(), t.obis());
        CosemObject o = spec instanceof AccessRequestSpecification.Set ? writable(key) : lookup(key);
        if (spec instanceof AccessRequestSpecification.Action && o instanceof CosemObject.CopyOnWrite c && c.methodsWrite()) {
            o = writable(key);
        }
        if (o == null) {
            return AccessResult.fail(DataAccessResult.OBJECT_UNDEFINED);
        }
        try {
            if (spec instanceof AccessRequestSpecification.Get) {
                return o.get(t.id(), inv);
            } else if (spec instanceof AccessRequestSpecification.Set) {
                return o.set(t.id(), data, inv);
            } else if (spec instanceof AccessRequestSpecification.Action) {
                return o.action(t.id(), data, inv);
            } else if (spec instanceof AccessRequestSpecification.GetWithSelection g) {
                return o.getWithSelection(t.id(), g.selector(), g.parameters(), inv);
            }
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        } catch (RuntimeException e) {
            // A value of a shape an object did not expect: a failed item, never a failed device.
            LOG.log(Level.FINE, "item on " + t + " failed", e);
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
    }

    /**
     * A command whose payload is ASN.1 (joins, security credentials): its response content and any alerts, and, for a
     * device certificate placed (CS02d), the signing key to use once the response is signed with the old one.
     */
    private record AsnOutcome(byte[] response, List<Outbound> alerts, OwnCredentials.Outcome placed) {
        AsnOutcome(byte[] response, List<Outbound> alerts) {
            this(response, alerts, null);
        }
    }


    /** The response: signed by the device where the command was critical, MACed for the sender otherwise. */
    private Outbound respond(GeneralSigningApdu cmd, UseCase uc, boolean signed, byte[] content, Instant now,
            OtherInformation oi) {
        CosemDateTime dateTime = Boolean.TRUE.equals(uc.responseDateTime()) ? CosemDateTime.ofInstant(now) : null;
        GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.RESPONSE, cmd.originatorCounter(), eui, cmd.originator(),
                dateTime, oi, content, SignatureField.NULL);
        byte[] frame = signed ? GbcsFrameEncoder.encodeApdu(sign(apdu))
                : GbcsFrameEncoder.encode(security.addMac(apdu));
        return new Outbound(Outbound.Kind.RESPONSE, eui, cmd.originator(), frame);
    }

    /** An alert frame: critical alerts are signed by the device, the others MACed for the recipient. */
    private Outbound alert(DeviceAlert alert, Eui64 recipient) {
        GeneralSigningApdu apdu = DeviceAlerts.build(alert, eui, recipient, ++alertCounter);
        byte[] frame = alert.critical() ? GbcsFrameEncoder.encodeApdu(sign(apdu))
                : GbcsFrameEncoder.encode(security.addMac(apdu));
        return new Outbound(Outbound.Kind.ALERT, eui, recipient, frame);
    }

    /** A critical alert whose content is not DLMS (the CS02g outcome alert, 0x0124), signed by the device. */
    private Outbound signedAlert(int messageCode, byte[] content, Eui64 recipient) {
        GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.ALERT, ++alertCounter, eui, recipient, null,
                org.dccsim.gbcs.frame.OtherInformation.of(messageCode), content, SignatureField.NULL);
        return new Outbound(Outbound.Kind.ALERT, eui, recipient, GbcsFrameEncoder.encodeApdu(sign(apdu)));
    }

    /** Signs as this device: with the key CS02d placed a certificate for, else its key from the key store. */
    private GeneralSigningApdu sign(GeneralSigningApdu apdu) {
        org.dccsim.gbcs.crypto.EcKeys.PrivateKey own = ownCredentials == null ? null : ownCredentials.signingKey();
        return own == null ? security.sign(apdu, eui) : security.sign(apdu, own);
    }

    /** This device's signing key now (WAN registration proofs sign with it); empty if it has none. */
    public synchronized Optional<org.dccsim.gbcs.crypto.EcKeys.PrivateKey> signingKey() {
        org.dccsim.gbcs.crypto.EcKeys.PrivateKey own = ownCredentials == null ? null : ownCredentials.signingKey();
        return own != null ? Optional.of(own) : security.keyStore().privateKey(eui, org.dccsim.gbcs.crypto.KeyUsage.DS);
    }

    private List<Outbound> reject(Instant now, Rejection.Reason reason, String detail) {
        if (securityLog.size() == SECURITY_LOG_SIZE) {
            securityLog.removeFirst();
        }
        securityLog.addLast(new Rejection(now, reason, detail));
        rejections.merge(reason, 1, Integer::sum);
        LOG.fine(() -> eui + " refused a frame: " + reason + " (" + detail + ")");
        // The operator's log (dccsim serve and devices, at info): one line a second at most, so a flood of hostile
        // frames cannot drown the log; the lines between are counted in the next one.
        long t = System.nanoTime();
        long last = SECURITY_LINE_AT.get();
        if (t - last >= 1_000_000_000L && SECURITY_LINE_AT.compareAndSet(last, t)) {
            int skipped = SECURITY_LINES_SKIPPED.getAndSet(0);
            SECURITY.info(() -> "device " + eui + " refused a command: " + reason + " (" + detail + ")"
                    + (skipped > 0 ? "; " + skipped + " other refusals since the last line" : ""));
        } else {
            SECURITY_LINES_SKIPPED.incrementAndGet();
        }
        return List.of();
    }

    /** Schedules work at a simulated time. */
    private void scheduleAt(Instant at, Task task) {
        scheduleFrames(at, t -> {
            List<Outbound> out = new ArrayList<>();
            for (AlertTo a : task.run(t)) {
                out.add(alert(a.alert(), a.recipient()));
            }
            return out;
        });
    }

    private void scheduleFrames(Instant at, FrameTask task) {
        if (schedule == null) {
            schedule = new PriorityQueue<>(4);
        }
        schedule.add(new Scheduled(at, scheduleSequence++, task));
        dueAt(schedule.peek().at());
    }

    /**
     * Told when a device's earliest scheduled work appears or moves: a fleet's due index, so that the comms hub's
     * due-poll takes the devices that are due instead of asking every device on every tick.
     */
    @FunctionalInterface
    public interface DueListener {
        void due(Device device, Instant at);
    }

    private volatile DueListener dueListener;

    /** Reports this device's earliest scheduled work to {@code l}, now if it has some and whenever it changes. */
    public void onDue(DueListener l) {
        dueListener = l;
        Instant at = nextDueAt;
        if (at != null) {
            l.due(this, at);
        }
    }

    private void dueAt(Instant at) {
        Instant before = nextDueAt;
        nextDueAt = at;
        DueListener l = dueListener;
        if (l != null && at != null && !at.equals(before)) {
            l.due(this, at);
        }
    }

    /** The security and configuration part of {@link #snapshot}: trust anchors, counters, objects written. */
    private DeviceState baseSnapshot() {
        Map<String, DeviceState.Cell> cells = new java.util.TreeMap<>();
        for (Role r : Role.values()) {
            trust.cell(r).ifPresent(c -> cells.put(r.name(), new DeviceState.Cell(c.party().toString(),
                    c.signingKey() == null ? null : Hex.encode(c.signingKey().encoded()),
                    c.keyAgreementKey() == null ? null : Hex.encode(c.keyAgreementKey().encoded()),
                    c.signingKeyId() == null ? null : Hex.encode(c.signingKeyId()))));
        }
        Map<String, String> counters = new java.util.TreeMap<>();
        acceptedCounters.forEach((p, c) -> counters.put(p.toString(), Long.toUnsignedString(c)));
        Map<String, Map<Integer, String>> objects = new java.util.TreeMap<>();
        if (own != null) {
            own.forEach((key, o) -> {
                if (o instanceof org.dccsim.device.cosem.AttributeStore a) {
                    objects.put(Long.toHexString(key), a.values().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> Hex.encode(org.dccsim.gbcs.dlms.DataCodec.encode(e.getValue())),
                            (x, y) -> x, java.util.TreeMap::new)));
                }
            });
        }
        return new DeviceState(eui.toString(), cells, counters, alertCounter, Map.of(), List.of(), false, objects);
    }

    /** Puts back what {@link #baseSnapshot} took; anything unreadable in it is skipped with a warning. */
    private void restoreBase(DeviceState s) {
        TrustAnchors t = trust;
        for (Map.Entry<String, DeviceState.Cell> e : s.trust().entrySet()) {
            try {
                DeviceState.Cell c = e.getValue();
                t = t.with(Role.valueOf(e.getKey()), new TrustAnchors.Cell(Eui64.parse(c.party()),
                        c.signingKey() == null ? null : org.dccsim.gbcs.crypto.EcKeys.PublicKey.fromEncoded(Hex.of(c.signingKey())),
                        c.keyAgreementKey() == null ? null
                                : org.dccsim.gbcs.crypto.EcKeys.PublicKey.fromEncoded(Hex.of(c.keyAgreementKey())),
                        c.signingKeyId() == null ? null : Hex.of(c.signingKeyId())));
            } catch (RuntimeException x) {
                LOG.warning(() -> eui + ": trust anchor " + e.getKey() + " in the saved state is unreadable; kept the fleet's");
            }
        }
        trust = t;
        s.counters().forEach((p, c) -> acceptedCounters.put(Eui64.parse(p), Long.parseUnsignedLong(c)));
        alertCounter = Math.max(alertCounter, s.alertCounter());
        for (Map.Entry<String, Map<Integer, String>> e : s.objects().entrySet()) {
            CosemObject o = writable(Long.parseUnsignedLong(e.getKey(), 16));
            if (!(o instanceof org.dccsim.device.cosem.AttributeStore a)) {
                continue;
            }
            for (Map.Entry<Integer, String> v : e.getValue().entrySet()) {
                try {
                    a.with(v.getKey(), org.dccsim.gbcs.dlms.DataCodec.decode(Hex.decode(v.getValue())));
                } catch (org.dccsim.gbcs.GbcsDecodeException x) {
                    LOG.warning(() -> eui + ": a saved attribute of object " + e.getKey() + " does not decode; kept the default");
                }
            }
        }
    }

    /** Runs everything due by the clock's now; returns the alerts to send. */
    public synchronized List<Outbound> poll() {
        if (schedule == null || schedule.isEmpty()) {
            return List.of();
        }
        Instant now = clock.now();
        List<Outbound> out = new ArrayList<>();
        while (!schedule.isEmpty() && !schedule.peek().at().isAfter(now)) {
            Scheduled s = schedule.poll();
            out.addAll(s.task().run(s.at()));
        }
        dueAt(schedule.isEmpty() ? null : schedule.peek().at());
        return out;
    }

    /** The alert counter GBCS alerts carry: the device's own, strictly increasing. */
    private long currentAlertCounter() {
        return alertCounter;
    }

    // ---- metering state: controllers, supply, clock skew ----

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

    /**
     * What of this device must survive a restart ({@link DeviceState}): its trust, counters and objects written, its
     * controllers' and supply's histories, the supply's armed flag, and whom it is joined with.
     */
    public synchronized DeviceState snapshot() {
        DeviceState d = baseSnapshot();
        Map<Integer, List<DeviceState.Period>> cs = new java.util.TreeMap<>();
        for (int n = 1; n <= 5; n++) {
            ControlHistory h = controllers.get(n - 1);
            if (h != null) {
                cs.put(n, periods(h));
            }
        }
        return new DeviceState(d.eui(), d.trust(), d.counters(), d.alertCounter(), cs,
                supply == null ? List.of() : periods(supply), armed, d.objects(),
                joined.isEmpty() ? null : joined.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList(),
                ownCredentials == null ? null : ownCredentials.saved());
    }

    private static List<DeviceState.Period> periods(ControlHistory h) {
        return h.periods().stream().map(p -> new DeviceState.Period(p.start().toString(),
                p.end() == null ? null : p.end().toString(), p.level())).toList();
    }

    /** Puts back what {@link #snapshot} took; anything unreadable in it is skipped with a warning. */
    public synchronized void restore(DeviceState s) {
        restoreBase(s);
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
        if (s.ownKey() != null) {
            try {
                ownCredentials = OwnCredentials.restored(s.ownKey());
            } catch (RuntimeException x) {
                LOG.warning(() -> eui + ": its saved signing key is unreadable; it signs with the key it was made with");
                ownCredentials = null;
            }
        }
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
    public synchronized boolean activateTable(int classId, ObisCode passive, ObisCode active) {
        CosemObject from = lookup(CosemObject.key(classId, passive));
        Data table = from instanceof AttributeStore p ? p.value(2) : null;
        if (table == null || !(lookup(CosemObject.key(classId, active)) instanceof AttributeStore)) {
            return false;
        }
        ((AttributeStore) writable(CosemObject.key(classId, active))).with(2, table);
        return true;
    }

    @Override
    public synchronized boolean activateAccount(ObisCode passive, ObisCode active) {
        long to = CosemObject.key(org.dccsim.device.cosem.AccountObject.CLASS_ID, active);
        CosemObject from = lookup(CosemObject.key(org.dccsim.device.cosem.AccountObject.CLASS_ID, passive));
        List<Data> values = from instanceof AttributeStore p ? org.dccsim.device.cosem.AccountObject.activated(p) : null;
        if (values == null || !(lookup(to) instanceof AttributeStore)) {
            return false;
        }
        AttributeStore account = (AttributeStore) writable(to);
        account.with(org.dccsim.device.cosem.AccountObject.MODE_AND_STATUS, values.get(0));
        account.with(org.dccsim.device.cosem.AccountObject.CREDIT_CHARGE_CONFIGURATION, values.get(1));
        return true;
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

    /**
     * The APC limit (ECS47e) and auxiliary controller state (ECS47a) scripts: controller code in the high byte,
     * level or state in the low byte. Only the addressed controller's period may be given.
     */
    AccessResult controllerScript(int selector, Invocation inv, boolean limit) {
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
            if (k != n && (inv.staged(MeterObjects.periodKey(k, fStart)) != null || inv.staged(MeterObjects.periodKey(k, fStart + 1)) != null)) {
                return AccessResult.fail(DataAccessResult.OTHER_REASON);
            }
        }
        Data s = inv.staged(MeterObjects.periodKey(n, fStart));
        Data e = inv.staged(MeterObjects.periodKey(n, fStart + 1));
        if ((s == null) != (e == null)) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        Instant now = inv.now();
        Instant start = s == null ? now : MeterObjects.instant((Data.OctetString) s, now);
        Instant end = e == null ? null : MeterObjects.instant((Data.OctetString) e, now);
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
                Data staged = inv.staged(MeterObjects.periodKey(n, f));
                if (staged != null) {
                    ((AttributeStore) writable(MeterObjects.periodKey(n, f))).with(2, staged);
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
    /**
     * A new switch (ECS46c) or auxiliary controller (ECS46d) calendar takes over the controllers it names from its
     * activation: what the one before wrote after that is ended, and its own switching is written a month ahead
     * ({@link SwitchCalendar}).
     */
    private void runCalendar(XdlmsApdu.AccessRequest request, Instant now) {
        Optional<Instant> from = SwitchCalendar.activation(request, now);
        if (from.isEmpty()) {
            return;
        }
        List<SwitchCalendar.Change> changes = SwitchCalendar.changes(request, from.get());
        Instant until = from.get().plus(SwitchCalendar.HORIZON);
        for (int n = 1; n <= 5; n++) {
            int controller = n;
            List<SwitchCalendar.Change> mine = changes.stream().filter(c -> c.controller() == controller).toList();
            if (mine.isEmpty()) {
                continue;
            }
            ControlHistory h = controller(n);
            h.cancelAt(from.get());
            for (int i = 0; i < mine.size(); i++) {
                Instant end = i + 1 < mine.size() ? mine.get(i + 1).at() : until;
                if (end.isAfter(mine.get(i).at())) {
                    h.add(new ControlHistory.Period(mine.get(i).at(), end, mine.get(i).level()));
                }
            }
        }
    }

    private AccessResult legacyAlcsScript(int n, int action, Invocation inv) {
        if (action < 0x11 || action > 0x13) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        Data minutes = inv.staged(MeterObjects.periodKey(n, action == 0x11 ? 1 : 2));
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

    // ---- CS02g and CS02b: a remote party's credentials ----

    /** Each trust anchor cell's pending future-dated update, by a token of its own (null until one is pending). */
    private Map<Role, Object> pendingCredentials;

    /** Executes an ASN.1 use case; empty if this device does not take it (the gate then refuses it). */
    private java.util.Optional<AsnOutcome> executeAsn1(org.dccsim.gbcs.frame.GeneralSigningApdu cmd, UseCase uc,
            org.dccsim.gbcs.usecase.Role from, Instant now) {
        int code = cmd.messageCode();
        if (code == JoinService.CS03A1 || code == JoinService.CS03A2 || code == JoinService.CS04AC || code == JoinService.CS07) {
            return joins(cmd, from);
        }
        if (code == org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02A
                || code == org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02F) {
            return credentialDetails(cmd, from);
        }
        if (code == FirmwareActivation.CS06 && from == org.dccsim.gbcs.usecase.Role.SUPPLIER) {
            return activateFirmware(cmd, now);
        }
        if ((code == DeviceSecurityCredentials.CS02C || code == DeviceSecurityCredentials.CS02D
                || code == DeviceSecurityCredentials.CS02E) && from == org.dccsim.gbcs.usecase.Role.SUPPLIER) {
            return ownCredentials(code, cmd.content());
        }
        return updateCredentials(cmd, from, now);
    }

    /**
     * GBCS 13.3, a remote party's trust anchor cell replaced: CS02g, the Load Controller's, by the supplier (0x0126) or
     * the Load Controller itself (0x0125); CS02b, the sender's own, by the supplier (0x0102), network operator
     * (0x0103), ACB (0x0104, 8.5's service opt-out), WAN provider (0x0105) or Transitional CoS party (0x0106); CS02b on
     * a change of supplier, the supplier's by the Transitional CoS party (0x0107). Checks each
     * replacement certificate against the certification path, installs the cell with the
     * certificates' keys, and answers as the RTDS does; future-dated updates are accepted, run at their time and
     * reported with alert 0x0124 (CS02g) or 0x00CB (CS02b), 8F66 or 8F67; a 9999-12-31 execution time cancels one. The
     * supplier's key agreement top-up certificate (cell 1) is checked and reported but not kept: prepayment top-ups by
     * UTRN, which it protects, are not simulated.
     */
    private java.util.Optional<AsnOutcome> updateCredentials(org.dccsim.gbcs.frame.GeneralSigningApdu cmd,
            org.dccsim.gbcs.usecase.Role from, Instant now) {
        int code = cmd.messageCode();
        boolean bySupplier = code == org.dccsim.gbcs.usecase.LoadControllerCredentials.BY_SUPPLIER
                && from == org.dccsim.gbcs.usecase.Role.SUPPLIER;
        boolean byLc = code == org.dccsim.gbcs.usecase.LoadControllerCredentials.BY_LOAD_CONTROLLER
                && from == org.dccsim.gbcs.usecase.Role.LOAD_CONTROLLER;
        boolean ownCell = org.dccsim.gbcs.usecase.LoadControllerCredentials.ownCellReplacedBy(code).filter(from::equals).isPresent();
        // A change of supplier (6.23): the DCC's Transitional CoS party replaces the supplier's cell.
        boolean changeOfSupplier = code == org.dccsim.gbcs.usecase.LoadControllerCredentials.SUPPLIER_BY_TRANSITIONAL_COS
                && from == org.dccsim.gbcs.usecase.Role.TRANSITIONAL_COS;
        boolean recovery = code == org.dccsim.gbcs.usecase.LoadControllerCredentials.RECOVERY_ANY_EXCEPT_ROOT
                && from == Role.RECOVERY;
        if (!bySupplier && !byLc && !ownCell && !changeOfSupplier && !recovery) {
            return java.util.Optional.empty();
        }
        org.dccsim.gbcs.usecase.LoadControllerCredentials.Command c;
        try {
            c = org.dccsim.gbcs.usecase.LoadControllerCredentials.decode(cmd.content());
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return java.util.Optional.empty();
        }
        if (recovery) {
            // Immediate only: the RTDS's is, and a recovery waits for nothing (a decision: a dated one is not taken).
            if (c.counter() != cmd.originatorCounter() || c.mode() != org.dccsim.gbcs.usecase.LoadControllerCredentials.MODE_RECOVERY
                    || c.execution() != null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new AsnOutcome(org.dccsim.gbcs.usecase.LoadControllerCredentials.encodeResponse(
                    recover(c)), List.of()));
        }
        // The cell replaced: the Load Controller's for CS02g, the sender's own for CS02b, in the mode its code names.
        Role cell = ownCell ? from : changeOfSupplier ? Role.SUPPLIER : Role.LOAD_CONTROLLER;
        boolean cs02b = ownCell || changeOfSupplier;
        // The mode each code carries (RTDS): the supplier's CS02g is the Load Controller command type (11), the Load
        // Controller's own 10; a CS02b names whose cell it replaces by whom.
        int expectedMode = changeOfSupplier ? org.dccsim.gbcs.usecase.LoadControllerCredentials.MODE_SUPPLIER_BY_TRANSITIONAL_COS
                : byLc ? org.dccsim.gbcs.usecase.LoadControllerCredentials.MODE_LOAD_CONTROLLER_BY_LOAD_CONTROLLER
                : bySupplier ? c.loadController() ? c.mode() : -1
                : org.dccsim.gbcs.usecase.LoadControllerCredentials.cs02bMode(code);
        if (c.counter() != cmd.originatorCounter() || c.remotePartyRole() != cell.smkiCode() || c.mode() != expectedMode) {
            return java.util.Optional.empty();
        }
        int alertCode = cs02b ? org.dccsim.gbcs.usecase.LoadControllerCredentials.CS02B_FUTURE_DATED_ALERT : org.dccsim.gbcs.usecase.LoadControllerCredentials.FUTURE_DATED_ALERT;
        byte[] accepted = org.dccsim.gbcs.usecase.LoadControllerCredentials.encodeAccepted();
        if (pendingCredentials == null) {
            pendingCredentials = new EnumMap<>(Role.class);
        }
        if (c.cancels()) {
            pendingCredentials.remove(cell);
            return java.util.Optional.of(new AsnOutcome(accepted, List.of()));
        }
        if (c.execution() != null && c.execution().isAfter(now)) {
            Instant at = c.execution();
            Object token = new Object(); // this update's own: a later one for the same cell replaces it, whatever its time
            pendingCredentials.put(cell, token);
            Eui64 to = cmd.originator();
            scheduleFrames(at, t -> {
                if (pendingCredentials.get(cell) != token) {
                    return List.of(); // cancelled or replaced
                }
                pendingCredentials.remove(cell);
                var r = installCredentials(c, cell, ownCell);
                boolean ok = r.replaced().stream().allMatch(x -> x.status() == 0);
                return List.of(signedAlert(alertCode, org.dccsim.gbcs.usecase.LoadControllerCredentials.encodeAlert(ok, t, r), to));
            });
            return java.util.Optional.of(new AsnOutcome(accepted, List.of()));
        }
        return java.util.Optional.of(new AsnOutcome(org.dccsim.gbcs.usecase.LoadControllerCredentials.encodeResponse(
                installCredentials(c, cell, ownCell)), List.of()));
    }

    // ---- CS06: firmware activation ----

    private Instant pendingFirmwareAt;

    /**
     * CS06 from the supplier: runs the image now, or at its time (then alert 0x00CA, 8F66), or cancels a pending one.
     * dccsim does not distribute images (DUIS 11.1 is the DSP's and not built), so a simulated device holds every
     * image it is asked to run (a decision); its version becomes the hash's first four octets (see
     * {@link #firmwareVersion}).
     */
    private java.util.Optional<AsnOutcome> activateFirmware(org.dccsim.gbcs.frame.GeneralSigningApdu cmd, Instant now) {
        FirmwareActivation.Command c;
        try {
            c = FirmwareActivation.decode(cmd.content());
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return java.util.Optional.empty();
        }
        if (c.counter() != cmd.originatorCounter()) {
            return java.util.Optional.empty();
        }
        if (c.cancels()) {
            pendingFirmwareAt = null;
            return java.util.Optional.of(new AsnOutcome(FirmwareActivation.encodeAccepted(), List.of()));
        }
        if (c.execution() != null && c.execution().isAfter(now)) {
            Instant at = c.execution();
            pendingFirmwareAt = at;
            Eui64 to = cmd.originator();
            scheduleFrames(at, t -> {
                if (!at.equals(pendingFirmwareAt)) {
                    return List.of(); // cancelled or replaced
                }
                pendingFirmwareAt = null;
                runImage(c.hash());
                return List.of(signedAlert(FirmwareActivation.ALERT, FirmwareActivation.encodeAlert(t, c.counter(),
                        FirmwareActivation.RESULT_ACTIVATED, firmwareVersion()), to));
            });
            return java.util.Optional.of(new AsnOutcome(FirmwareActivation.encodeAccepted(), List.of()));
        }
        runImage(c.hash());
        return java.util.Optional.of(new AsnOutcome(FirmwareActivation.encodeResponse(FirmwareActivation.RESULT_ACTIVATED,
                firmwareVersion()), List.of()));
    }

    /** The running image's version, as 11.2 reads it: "dccsim-" and the image hash's first four octets in hex. */
    private void runImage(byte[] hash) {
        String version = "dccsim-" + Hex.encode(java.util.Arrays.copyOf(hash, FirmwareActivation.VERSION_LENGTH));
        ((org.dccsim.device.cosem.AttributeStore) writable(CosemObject.key(GbcsObjects.CLASS_DATA, GbcsObjects.FIRMWARE_VERSION)))
                .with(2, Data.octets(version.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    /** CS06's four-octet version: the running image hash's first four octets; 00000001 for the factory image. */
    synchronized byte[] firmwareVersion() {
        Data v = object(GbcsObjects.CLASS_DATA, GbcsObjects.FIRMWARE_VERSION)
                .map(o -> o.get(2, null)).filter(r -> r.success()).map(r -> r.data()).orElse(null);
        String text = v instanceof Data.OctetString o ? new String(o.value(), java.nio.charset.StandardCharsets.US_ASCII) : "";
        return text.matches("dccsim-[0-9A-Fa-f]{8}") ? java.util.HexFormat.of().parseHex(text.substring(7)) : new byte[] {0, 0, 0, 1};
    }

    private static final List<Role> RECOVERABLE = List.of(Role.RECOVERY, Role.SUPPLIER, Role.NETWORK_OPERATOR, Role.ACB,
            Role.TRANSITIONAL_COS, Role.WAN_PROVIDER);

    /**
     * The Recovery party's CS02b (0x0108): each role's replacements installed in that role's cell, in the command's
     * order, each checked as any cell update is (certification path, usage, one party per cell, no party in two
     * cells), and a party may change: recovery replaces what a compromise left; an update queued for a cell it touches
     * is dropped. A role CS02b keeps no cell for fails its entries. The result lists every cell's floors, the Recovery
     * cell's first.
     */
    private org.dccsim.gbcs.usecase.LoadControllerCredentials.Result recover(
            org.dccsim.gbcs.usecase.LoadControllerCredentials.Command c) {
        Map<Integer, List<org.dccsim.gbcs.usecase.LoadControllerCredentials.Replacement>> byRole = new java.util.LinkedHashMap<>();
        for (var r : c.replacements()) {
            byRole.computeIfAbsent(r.role(), k -> new java.util.ArrayList<>()).add(r);
        }
        List<org.dccsim.gbcs.usecase.LoadControllerCredentials.Replaced> out = new java.util.ArrayList<>();
        for (var e : byRole.entrySet()) {
            // The cells CS02b keeps (GBCS 13.3): Recovery, supplier, network operator, ACB, Transitional CoS, WAN
            // provider. The Load Controller's is the supplier's to manage (CS02g), and no other role has a cell.
            Role cell = RECOVERABLE.stream().filter(r -> r.smkiCode() == e.getKey()).findFirst().orElse(null);
            if (cell == null) {
                for (var r : e.getValue()) {
                    out.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replaced(r.role(), r.usage(), r.cell(),
                            org.dccsim.gbcs.usecase.LoadControllerCredentials.STATUS_FAILED, Eui64.of(0), new byte[8],
                            Eui64.of(0), new byte[8]));
                }
                continue;
            }
            var one = new org.dccsim.gbcs.usecase.LoadControllerCredentials.Command(c.mode(), c.cpvTimeChecks(),
                    c.authorisingRole(), c.counter(), e.getKey(), 0, null, e.getValue(), c.certificationPath(), null);
            if (pendingCredentials != null) {
                // An update queued before the recovery (perhaps by the compromised key) must not undo it.
                pendingCredentials.remove(cell);
            }
            out.addAll(installCredentials(one, cell, false).replaced());
        }
        return new org.dccsim.gbcs.usecase.LoadControllerCredentials.Result(c.counter(), c.mode(), c.remotePartyRole(),
                c.floorSeqNumber(), c.topUpFloor(), out, c.moreFloors());
    }

    private org.dccsim.gbcs.usecase.LoadControllerCredentials.Result installCredentials(
            org.dccsim.gbcs.usecase.LoadControllerCredentials.Command c, Role cell, boolean ownCell) {
        var prior = trustAnchors().cell(cell).orElse(null);
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
            valid &= p != null && !c.certificationPath().isEmpty()
                    && org.dccsim.gbcs.crypto.SmkiCertificates.signedBy(r.certificate(), c.certificationPath().get(0));
            // No party may take another's place: the new party holds no other cell, and a party replacing its own cell
            // (CS02b by the supplier or network operator) keeps its identity. The ACB alone hands a cell it holds to
            // another party: its own (a service opt-out, DUIS 8.5, after which the DCC no longer reaches the device),
            // or a DCC-controlled device's supplier or network operator cell (DUIS 6.21's handover).
            if (p != null) {
                Eui64 party = p.party();
                // A party re-keyed in its own cell may hold others already (the DCC's ACB on a DCC-controlled device).
                boolean rekeyed = prior != null && party.equals(prior.party());
                for (Role other : Role.values()) {
                    if (!rekeyed && other != cell && trustAnchors().cell(other).map(x -> x.party().equals(party)).orElse(false)) {
                        valid = false;
                    }
                }
                boolean heldByAcb = prior != null && trustAnchors().party(Role.ACB).filter(prior.party()::equals).isPresent();
                if (ownCell && !heldByAcb && prior != null && !party.equals(prior.party())) {
                    valid = false;
                }
            }
            if (p != null && r.usage() == org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE) {
                valid &= p.digitalSignature();
                ds = p;
            } else if (p != null && r.usage() == org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_KEY_AGREEMENT) {
                valid &= p.keyAgreement();
                if (r.cell() < 0) {
                    ka = p;
                }
            }
            // Every certificate is the replaced party's own.
            valid &= p == null || p.party().equals(parsed.get(0) == null ? p.party() : parsed.get(0).party());
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
                out.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replaced(r.role(), r.usage(), r.cell(),
                        org.dccsim.gbcs.usecase.LoadControllerCredentials.STATUS_SUCCESS, newParty, newId,
                        priorParty == null ? newParty : priorParty, priorId));
            } else {
                // As the RTDS error response: not replaced, so "new" repeats what stands.
                Eui64 standing = priorParty == null ? newParty : priorParty;
                out.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replaced(r.role(), r.usage(), r.cell(),
                        org.dccsim.gbcs.usecase.LoadControllerCredentials.STATUS_FAILED, standing, priorId, standing, priorId));
            }
        }
        if (valid) {
            var dsKey = ds == null ? (prior == null ? null : prior.signingKey()) : ds.key();
            var kaKey = ka == null ? (prior == null ? null : prior.keyAgreementKey()) : ka.key();
            Eui64 party = ds != null ? ds.party() : ka.party();
            installAnchor(cell, new TrustAnchors.Cell(party, dsKey, kaKey, ds == null ? priorId : ds.keyId()));
        }
        return new org.dccsim.gbcs.usecase.LoadControllerCredentials.Result(c.counter(), c.mode(), c.remotePartyRole(),
                c.floorSeqNumber(), c.topUpFloor(), out);
    }

    /** CS02c, CS02d and CS02e from the supplier: the device's own signing credentials ({@link OwnCredentials}). */
    private Optional<AsnOutcome> ownCredentials(int code, byte[] content) {
        try {
            OwnCredentials.Outcome o;
            if (code == DeviceSecurityCredentials.CS02E) {
                o = OwnCredentials.report(ownCredentials, eui, security, content);
            } else {
                if (ownCredentials == null) {
                    ownCredentials = new OwnCredentials();
                }
                o = code == DeviceSecurityCredentials.CS02C ? ownCredentials.issue(eui, content)
                        : ownCredentials.place(eui, content);
            }
            return Optional.of(new AsnOutcome(o.answer(), List.of(), o.activate() == null ? null : o));
        } catch (GbcsDecodeException e) {
            return Optional.empty();
        }
    }

    /**
     * CS02a/CS02f Provide Security Credentials Details, MACed from the ACB or signed from any party the device trusts
     * (RTDS CS02aSignature, CS02fSignature): for each role asked, the party in its trust
     * anchor cell and the identifiers of its signing and key-agreement keys (status 25 and no cells for a role
     * this device holds no cell for). A key's identifier is the one its certificate carried when a CS02 installed
     * it, else the first eight bytes of SHA-256 over the key (dccsim's devices are given keys, not certificates).
     */
    private java.util.Optional<AsnOutcome> credentialDetails(org.dccsim.gbcs.frame.GeneralSigningApdu cmd,
            org.dccsim.gbcs.usecase.Role from) {
        // The ACB asks MACed; any other party the device trusts asks signed, MACed or not (the gate has verified the
        // signature: the use case is critical for them).
        if (from != org.dccsim.gbcs.usecase.Role.ACB
                && !(cmd.signature() instanceof org.dccsim.gbcs.frame.SignatureField.Ecdsa)) {
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
}
