package org.dccsim.device;

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
import org.dccsim.device.cosem.CosemObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.device.cosem.Invocation;
import org.dccsim.device.model.Meter;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.AccessRequestSpecification;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.gbcs.usecase.UseCase;

/**
 * A simulated GBCS device: a COSEM server behind a security gate.
 *
 * <p>Each received command first passes the {@link SecurityGate}, a pipeline of stages in GBCS's order (decode,
 * address, MAC header, MAC, message code, role, signature, replay), each of which can refuse it with a typed
 * {@link Rejection}; then its payload must be an access-request (or, for the credential use cases, ASN.1), and only
 * then are the items executed against the device's objects, in order, with break-on-error. A rejection changes no
 * state and is logged.
 *
 * <p>Thread-safe: one command or poll at a time per device.
 */
public class Device {
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
    /** The schedule's head, kept by the (synchronized) code that changes the schedule, for {@link #nextDue}. */
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

    protected Device(Eui64 eui, DeviceType type, SimClock clock, GbcsSecurity security, TrustAnchors trust,
            Set<Integer> supportedMessageCodes, Map<Long, CosemObject> sharedObjects) {
        this.shared = sharedObjects;
        this.eui = eui;
        this.type = type;
        this.clock = clock;
        this.security = security;
        this.trust = trust;
        this.supportedMessageCodes = supportedMessageCodes;
        // Alerts are numbered from one counter that never goes back, also across a restart without saved state
        // (the head-end refuses a repeated alert counter as a replay): start from the wall clock in microseconds.
        this.alertCounter = Math.max(0x0000_0001_0000_0000L, System.currentTimeMillis() * 1000);
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
    protected synchronized void installAnchor(Role role, TrustAnchors.Cell cell) {
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
    protected synchronized CosemObject writable(long key) {
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
            out.add(respond(cmd, uc, critical, done.get().response(), now, cmd.otherInformation()));
            out.addAll(done.get().alerts());
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

    /** A command whose payload is ASN.1 (security credentials): its response content and any alerts. */
    protected record AsnOutcome(byte[] response, List<Outbound> alerts) {
    }

    /** Executes an ASN.1 use case; empty if this device does not take it (the gate then refuses it). */
    protected Optional<AsnOutcome> executeAsn1(GeneralSigningApdu cmd, UseCase uc, Role from, Instant now) {
        return Optional.empty();
    }

    /** The response: signed by the device where the command was critical, MACed for the sender otherwise. */
    private Outbound respond(GeneralSigningApdu cmd, UseCase uc, boolean signed, byte[] content, Instant now,
            OtherInformation oi) {
        CosemDateTime dateTime = Boolean.TRUE.equals(uc.responseDateTime()) ? CosemDateTime.ofInstant(now) : null;
        GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.RESPONSE, cmd.originatorCounter(), eui, cmd.originator(),
                dateTime, oi, content, SignatureField.NULL);
        byte[] frame = signed ? GbcsFrameEncoder.encodeApdu(security.sign(apdu, eui))
                : GbcsFrameEncoder.encode(security.addMac(apdu));
        return new Outbound(Outbound.Kind.RESPONSE, eui, cmd.originator(), frame);
    }

    /** An alert frame: critical alerts are signed by the device, the others MACed for the recipient. */
    protected Outbound alert(DeviceAlert alert, Eui64 recipient) {
        GeneralSigningApdu apdu = DeviceAlerts.build(alert, eui, recipient, ++alertCounter);
        byte[] frame = alert.critical() ? GbcsFrameEncoder.encodeApdu(security.sign(apdu, eui))
                : GbcsFrameEncoder.encode(security.addMac(apdu));
        return new Outbound(Outbound.Kind.ALERT, eui, recipient, frame);
    }

    /** A critical alert whose content is not DLMS (the CS02g outcome alert, 0x0124), signed by the device. */
    protected Outbound signedAlert(int messageCode, byte[] content, Eui64 recipient) {
        GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.ALERT, ++alertCounter, eui, recipient, null,
                org.dccsim.gbcs.frame.OtherInformation.of(messageCode), content, SignatureField.NULL);
        return new Outbound(Outbound.Kind.ALERT, eui, recipient, GbcsFrameEncoder.encodeApdu(security.sign(apdu, eui)));
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
    protected void scheduleAt(Instant at, Task task) {
        scheduleFrames(at, t -> {
            List<Outbound> out = new ArrayList<>();
            for (AlertTo a : task.run(t)) {
                out.add(alert(a.alert(), a.recipient()));
            }
            return out;
        });
    }

    protected void scheduleFrames(Instant at, FrameTask task) {
        if (schedule == null) {
            schedule = new PriorityQueue<>(4);
        }
        schedule.add(new Scheduled(at, scheduleSequence++, task));
        nextDueAt = schedule.peek().at();
    }

    /** What of this device must survive a restart ({@link DeviceState}). */
    public synchronized DeviceState snapshot() {
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

    /** Puts back what {@link #snapshot} took; anything unreadable in it is skipped with a warning. */
    public synchronized void restore(DeviceState s) {
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

    /**
     * The earliest scheduled time, if any: fleets use it to sleep until there is work. Read without the device's
     * lock: the comms hub asks every device on every tick, and taking thousands of monitors that command threads
     * hold measured 3-7 % of a drill's CPU.
     */
    public Optional<Instant> nextDue() {
        return Optional.ofNullable(nextDueAt);
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
        nextDueAt = schedule.isEmpty() ? null : schedule.peek().at();
        return out;
    }

    /** The alert counter GBCS alerts carry: the device's own, strictly increasing. */
    protected long currentAlertCounter() {
        return alertCounter;
    }
}
