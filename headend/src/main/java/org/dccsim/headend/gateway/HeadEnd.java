package org.dccsim.headend.gateway;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.dccsim.clock.SimClock;
import org.dccsim.clock.SimScheduler;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.DuisSignatures;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ResponseWriter;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.headend.users.Registry;
import org.dccsim.headend.wan.DeviceRouter;
import org.dccsim.srv.Srv;
import org.dccsim.srv.Transformer;
import org.w3c.dom.Document;

/**
 * The head-end: DUIS service requests in (DCC Boxed's three web services), GBCS commands out over the WAN, DUIS
 * responses and alerts back to users. Assembled with its servers by {@code HeadEndServer.builder()}.
 *
 * <p>Checks, in order, each refusal answered with its DUIS code and nothing executed: the document parses (and
 * validates, with a schema); the originator is a known user (E1) and signed it with its XML-signing key (E12); the
 * command variant suits the web service (E13) and dccsim supports it and the SRV (E12); the user's role may send the
 * SRV (E2); the device exists (E19), takes the SR (E11) and is one the user may address (E4); the variant matches
 * the SRV's criticality (E12); the RequestID counter is above the last accepted from that user for that device
 * (E12), checked and recorded in one step; for a signed pre-command, it matches the pre-command issued for that
 * RequestID, its signature verifies with the user's GBCS signing key, and the issued pre-command has not been used
 * (E12).
 *
 * <p>Simulated time ({@link SimClock}, shared with the devices of the same process) stamps responses and decides
 * when requests future dated by the DCC run; real time bounds how long a device may take to answer.
 */
public final class HeadEnd implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HeadEnd.class.getName());

    /** The web services of DCC Boxed's DUIS interface. */
    public enum Service {
        SEND_COMMAND("/api/v1/serviceS"), TRANSFORM("/api/v1/serviceT"), NON_DEVICE("/api/v1/serviceD");

        public final String path;

        Service(String path) {
            this.path = path;
        }

        public static Optional<Service> of(String path) {
            for (Service s : values()) {
                if (s.path.equals(path)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** An HTTP answer: status, body, its content type, and the DUIS code it carries (or the HTTP status). */
    public record Reply(int status, byte[] body, String contentType, String code) {
        static Reply xml(byte[] body, String code) {
            return new Reply(200, body, "application/xml", code);
        }

        static Reply text(int status, String message) {
            return new Reply(status, (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8", Integer.toString(status));
        }
    }

    /** What happened to one request, for the request log and the metrics. */
    public record RequestEvent(String service, String user, String srv, String device, int commandVariant, String code,
            String reason, long micros, String client) {
    }

    /**
     * A device's answer (or its absence) delivered to a user: {@code millis} from dispatch (the WAN and the device
     * included), {@code handlingMicros} the head-end's own part, from the answer's arrival (or the timeout) until the
     * DUIS response is ready for the user, queueing for the answer thread included.
     */
    public record AnswerEvent(String user, String requestId, String srv, String device, String code, long millis,
            long handlingMicros) {
    }

    /** A device's outcome and when the router had it, so the time the head-end adds on the way back can be told. */
    private record Arrived(DeviceRouter.Outcome outcome, long nanos) {
        static Arrived now(DeviceRouter.Outcome o) {
            return new Arrived(o, System.nanoTime());
        }
    }

    /** A device alert delivered to a user, or refused by the head-end's checks ({@code refusal} non-null). */
    public record AlertEvent(String device, String user, String alertCode, String refusal) {
    }

    /** Hears every request, answer and alert; implementations must be quick and must not throw. */
    public interface Observer {
        default void request(RequestEvent e) {
        }

        default void answer(AnswerEvent e) {
        }

        default void alert(AlertEvent e) {
        }
    }

    /**
     * Where an answer goes: the user, its request and the SR it answers; for a credentials update (6.15.1), the party and
     * signing key it installs, recorded once the device confirms it.
     */
    private record Pending(DccUser user, RequestId requestId, String sr, String srv, long sentNanos, Installs installs,
            long scheduleId, Eui64 whitelists, String cin) {
        Pending(DccUser user, RequestId requestId, String sr, String srv, long sentNanos, Installs installs) {
            this(user, requestId, sr, srv, sentNanos, installs, 0, null, null);
        }
    }

    /**
     * A signing key a credentials update installs on a device for a party (6.15.1), or, with the certificate, the device's
     * own new signing key and certificate (6.15.2; the party is the device).
     */
    private record Installs(Eui64 party, org.dccsim.gbcs.crypto.EcKeys.PublicKey signingKey, byte[] deviceCertificate) {
        Installs(Eui64 party, org.dccsim.gbcs.crypto.EcKeys.PublicKey signingKey) {
            this(party, signingKey, null);
        }
    }

    /** Told of every device certificate a device confirmed placing (6.15.2): the head-end's SMKI serves it from then. */
    private volatile java.util.function.BiConsumer<Eui64, byte[]> certificatePlaced = (d, c) -> { };

    /** How far ahead the DCC holds a future-dated request (a decision; DUIS leaves the bound to the DCC). */
    public static final Duration MAX_FUTURE_DATING = Duration.ofDays(30);

    private final Registry registry;
    private final GbcsSecurity security;
    private final DuisDocuments documents;
    private final DuisSignatures signatures;
    private final ResponseWriter responses;
    private final DeviceRouter router;
    private final Delivery delivery;
    private final Duration deviceTimeout;
    private final SimClock clock;
    private final java.util.function.Function<Eui64, List<java.security.cert.X509Certificate>> organisationCertificates;
    /**
     * Asks the inventory what a request leaves to the DSP: device types, for 8.11's CCS01 and 8.7.x's join method, and
     * the DSP's backups of hubs' device logs, for 8.12.1.
     */
    private final Transformer transformer = new Transformer(org.dccsim.srv.SrvCatalogue.standard(),
            new org.dccsim.srv.DeviceDirectory() {
                @Override
                public Optional<String> deviceType(Eui64 device) {
                    return registry().device(device).map(d -> switch (d.type()) {
                        case ESME -> "ESME";
                        // DUIS and GBCS have no SAPC device type; the HAN-connected auxiliary load control switch is nearest.
                        case SAPC -> "HCALCS";
                        case CHF -> "CHF";
                    });
                }

                @Override
                public Optional<Eui64> networkOperator(Eui64 device) {
                    return registry().device(device).map(DeviceRecord::networkOperator);
                }

                @Override
                public Optional<org.dccsim.gbcs.usecase.ChfDeviceLog.Restore> hanLogBackup(Eui64 hub) {
                    return journal.hanBackup(hub);
                }
            });
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private final Journal journal;
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    /**
     * Device answers and alerts become signed DUIS messages here, not on the WAN link's I/O thread: one link carries
     * a whole fleet, and an XML signature per answer on that thread held every later frame behind it until commands
     * timed out (E21) under load. One thread keeps a device's response and its alerts in order.
     */
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dccsim-answers");
        t.setDaemon(true);
        return t;
    });
    /** Runs requests future dated by the DSP at their ExecutionDateTime, on the simulated clock. */
    private final SimScheduler scheduler;
    private final NonDeviceServices nonDevice;

    /**
     * What a head-end is made of; {@code HeadEndServer.builder()} fills it in.
     *
     * @param organisationCertificates the organisation certificates SMKI holds for a party (the DCC's ACB's, which 8.6
     *                                 answers with)
     */
    public record Parts(Registry registry, GbcsSecurity security, DuisDocuments documents, DuisSignatures signatures,
            ResponseWriter responses, DeviceRouter router, Delivery delivery, Journal journal, SimClock clock,
            Duration deviceTimeout,
            java.util.function.Function<Eui64, List<java.security.cert.X509Certificate>> organisationCertificates) {
    }

    public HeadEnd(Parts b) {
        this.registry = b.registry();
        this.security = b.security();
        this.documents = b.documents();
        this.signatures = b.signatures();
        this.responses = b.responses();
        this.router = b.router();
        this.delivery = b.delivery();
        this.deviceTimeout = b.deviceTimeout();
        this.journal = b.journal();
        this.clock = b.clock();
        this.organisationCertificates = b.organisationCertificates();
        this.scheduler = new SimScheduler(clock, "dccsim-scheduler");
        router.onAlerts((device, alert) -> answers.execute(() -> onAlert(device, alert)));
        // The router logs refusals (rate-limited); alerts also reach the observers, for the metrics by reason.
        router.onRefused((device, alert, reason) -> {
            if (alert) {
                refuseAlert(device, null, reason);
            }
        });
        for (DccUser u : registry.users()) {
            signatures.trust(u.xmlSigningCertificate());
        }
        // Devices re-keyed before a restart (6.15.2) sign with their new keys; those being re-keyed may.
        security.onKeyConfirmed(this::keyConfirmed);
        journal.placings().forEach((d, hex) -> {
            try {
                security.expectSigningKey(d, org.dccsim.gbcs.crypto.SmkiCertificates.parse(org.dccsim.gbcs.Hex.of(hex)).key());
            } catch (RuntimeException e) {
                LOG.warning(() -> "the journal's certificate being placed on " + d + " is unreadable");
            }
        });
        journal.deviceCertificates().forEach((d, hex) -> {
            try {
                security.replaceKey(d, org.dccsim.gbcs.crypto.KeyUsage.DS,
                        org.dccsim.gbcs.crypto.SmkiCertificates.parse(org.dccsim.gbcs.Hex.of(hex)).key(), null);
            } catch (RuntimeException e) {
                LOG.warning(() -> "the journal's certificate for " + d + " is unreadable; its signatures are checked with its old key");
            }
        });
        // Commands sent before a restart: their answers may still come, until their deadline.
        for (Journal.Pending p : journal.pendingCommands()) {
            Optional<DccUser> user = registry.user(p.user());
            if (user.isEmpty()) {
                journal.done(p.requestId());
                continue;
            }
            Pending to;
            try {
                to = new Pending(user.get(), RequestId.parse(p.requestId()), p.sr(), p.srv(), System.nanoTime(), null, 0,
                        null, p.customerIdentificationNumber());
            } catch (DuisException e) {
                journal.done(p.requestId());
                continue;
            }
            Duration left = Duration.ofMillis(Math.max(0, p.deadlineMillis() - System.currentTimeMillis()));
            // A journal written before originators were recorded does not say whether the user or the ACB sent it.
            List<Eui64> parties = p.originator() != null ? List.of(p.originator())
                    : List.of(p.user(), security.accessControlBroker());
            router.expect(p.device(), parties, p.counter(), left).thenApply(Arrived::now)
                    .thenAcceptAsync(a -> complete(to, a), answers);
        }
        // Requests future dated before a restart: each still runs at its time (at once if that has passed).
        journal.scheduledRequests().forEach(this::runAt);
        this.nonDevice = new NonDeviceServices(journal, new NonDeviceServices.Host() {
            @Override
            public void checkMayAddress(DccUser user, UserRole role, DeviceRecord device) throws DuisException {
                HeadEnd.this.checkMayAddress(user, role, device);
            }

            @Override
            public DeviceRecord device(Eui64 eui) throws DuisException {
                return known(eui);
            }

            @Override
            public Optional<DeviceRecord> simulated(Eui64 eui) {
                return registry.device(eui);
            }

            @Override
            public Boolean deviceSigned(byte[] wire, org.dccsim.gbcs.frame.GbcsMessage message) {
                if (!(message.apdu().signature() instanceof org.dccsim.gbcs.frame.SignatureField.Ecdsa)) {
                    return null;
                }
                return security.verifySignature(wire, message) == org.dccsim.gbcs.crypto.Check.VALID;
            }

            @Override
            public String status(Eui64 device) {
                return deviceStatus(device);
            }

            @Override
            public void checkRunnable(ServiceRequest sr, UserRole role) throws DuisException {
                Srv srv = transformer.catalogue().get(sr.serviceReferenceVariant())
                        .orElseThrow(() -> org.dccsim.srv.CoverageGaps.notSupported(sr.serviceReferenceVariant()));
                if (!srv.roles().contains(role)) {
                    throw new DuisException(DuisCodes.E2, role + " may not send " + sr.serviceReferenceVariant());
                }
                Transformer.Plan plan = transformer.plan(sr, role);
                transformer.transform(sr, plan, plan.byAcb() ? new Transformer.OnBehalf(security.accessControlBroker(), 0) : null);
            }

            @Override
            public Eui64 accessControlBroker() {
                return security.accessControlBroker();
            }

            @Override
            public List<java.security.cert.X509Certificate> organisationCertificates(Eui64 party) {
                return organisationCertificates.apply(party);
            }

            @Override
            public void arm(Journal.DspSchedule schedule) {
                armSchedule(schedule);
            }

            @Override
            public Instant now() {
                return clock.now();
            }
        });
        // DSP schedules: each runs next at its first time after its last run and now (runs missed while the head-end
        // was down are not made up).
        journal.dspSchedules().forEach(this::armSchedule);
    }

    /** Adds (or replaces) a DCC User while running: its requests are accepted, signed with its certificate. */
    public void register(DccUser user) {
        registry.add(user);
        signatures.trust(user.xmlSigningCertificate());
    }

    public void observe(Observer o) {
        observers.add(o);
    }

    /** Stops turning answers into DUIS messages; the servers around the head-end close themselves. */
    @Override
    public void close() {
        scheduler.close();
        answers.shutdownNow();
    }

    public Delivery delivery() {
        return delivery;
    }

    public Registry registry() {
        return registry;
    }

    public SimClock clock() {
        return clock;
    }

    public DuisSignatures signatures() {
        return signatures;
    }

    /** Requests the DCC holds until their ExecutionDateTime. */
    public int scheduledRequests() {
        return scheduler.pending();
    }

    /** Handles one POST to a DUIS web service; {@code client} is the requester's tag (may be null). */
    public Reply handle(String path, byte[] body, String client) {
        long start = System.nanoTime();
        Optional<Service> service = Service.of(path);
        if (service.isEmpty()) {
            return Reply.text(404, "no DUIS web service at " + path + " (serviceS, serviceT, serviceD under /api/v1/)");
        }
        ServiceRequest sr = null;
        Reply reply;
        String code;
        String reason = null;
        try {
            Document doc = documents.parse(body);
            sr = ServiceRequest.read(doc);
            reply = process(service.get(), doc, sr, client);
            code = reply.code();
        } catch (DuisException e) {
            code = e.responseCode();
            reason = e.getMessage();
            if (sr == null) {
                // Not readable as a service request (not XML, a DOCTYPE, no header): a DUIS Response needs the SR it
                // answers, so the refusal is HTTP 400, with the reason in plain text.
                reply = Reply.text(400, "not a readable DUIS service request: " + e.getMessage());
                code = "400";
            } else {
                reply = Reply.xml(responses.build(sr.requestId().toString(), null, e.responseCode(), clock.now(),
                new DuisResponse.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())), e.responseCode());
            }
        }
        RequestEvent event = new RequestEvent(service.get().name(), sr == null ? null : sr.requestId().originator().toString(),
                sr == null ? null : sr.serviceReferenceVariant(), sr == null ? null : sr.requestId().target().toString(),
                sr == null ? 0 : sr.commandVariant(), code, reason, (System.nanoTime() - start) / 1000, client);
        observers.forEach(o -> o.request(event));
        return reply;
    }

    private Reply process(Service service, Document doc, ServiceRequest sr, String client) throws DuisException {
        RequestId id = sr.requestId();
        DccUser user = registry.user(id.originator())
                .orElseThrow(() -> new DuisException(DuisCodes.E1, "unknown user " + id.originator()));
        X509Certificate signer = signatures.verify(doc);
        if (!signer.getSerialNumber().equals(user.xmlSigningCertificate().getSerialNumber())) {
            throw new DuisException(DuisCodes.E12, "signed with a certificate that is not " + id.originator() + "'s");
        }
        int cv = sr.commandVariant();
        boolean cvForService = switch (service) {
            case SEND_COMMAND -> cv == 1 || cv == 3 || cv == 5 || cv == 7;
            case TRANSFORM -> cv == 4;
            case NON_DEVICE -> cv == 2 || cv == 6 || cv == 8;
        };
        if (!cvForService) {
            throw new DuisException(DuisCodes.E13, "command variant " + cv + " is not for " + service.path);
        }
        if (cv == 8) {
            if (!NonDeviceServices.handles(sr.serviceReferenceVariant())) {
                throw org.dccsim.srv.CoverageGaps.notSupported(sr.serviceReferenceVariant());
            }
            NonDeviceServices.Answer a = nonDevice.handle(user, sr);
            acceptCounter(id);
            DuisResponse.Content content = a.message() == null
                    ? new DuisResponse.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())
                    : new DuisResponse.Content.NonDevice(sr.serviceReference(), sr.serviceReferenceVariant(), a.message());
            return Reply.xml(responses.build(id.toString(), null, a.code(), clock.now(), content), a.code());
        }
        if (cv != 1 && cv != 4 && cv != 5) {
            throw new DuisException(DuisCodes.E12, "command variant " + cv + " is not supported by dccsim");
        }
        Srv srv = transformer.catalogue().get(sr.serviceReferenceVariant())
                .orElseThrow(() -> org.dccsim.srv.CoverageGaps.notSupported(sr.serviceReferenceVariant()));
        UserRole role = user.roles().stream().filter(srv.roles()::contains).findFirst()
                .orElseThrow(() -> new DuisException(DuisCodes.E2, "no role of " + id.originator() + " may send "
                        + sr.serviceReferenceVariant()));
        DeviceRecord device = known(id.target());
        checkMayAddress(user, role, device);
        // DUIS E5: the device's status does not allow the request. Only a commissioned device takes requests, except
        // that one installed and not yet commissioned takes 8.1.1, Commission Device.
        String status = deviceStatus(device.eui());
        if (!status.equals(NonDeviceServices.COMMISSIONED) && !(status.equals(NonDeviceServices.INSTALLED_NOT_COMMISSIONED)
                && "8.1.1".equals(sr.serviceReferenceVariant()))) {
            throw new DuisException(DuisCodes.E5, id.target() + " is " + status);
        }
        if (cv == 5) {
            // The body is the signed pre-command: the request itself was checked when it was transformed (variant 4).
            return sendSignedPreCommand(user, sr, client);
        }
        Transformer.Plan plan = transformer.plan(sr, role);
        if (device.type() == DeviceRecord.Type.SAPC && !srv.takenBySapc(plan.useCase())) {
            throw new DuisException(DuisCodes.E11, sr.serviceReferenceVariant() + " does not apply to a SAPC");
        }
        // A hub takes the hub's use cases (8.11, 8.9: CCS..) and a meter the meters': the use-case table's target.
        if ((device.type() == DeviceRecord.Type.CHF) != Srv.targetsHub(plan.useCase())) {
            throw new DuisException(DuisCodes.E11, sr.serviceReferenceVariant() + " does not apply to "
                    + (device.type() == DeviceRecord.Type.CHF ? "a communications hub" : "a " + device.type()));
        }
        if (cv == 1 && plan.executeAt() != null) {
            return schedule(user, role, sr, plan, doc, client);
        }
        Transformer.OnBehalf onBehalf = plan.byAcb()
                ? new Transformer.OnBehalf(security.accessControlBroker(), journal.nextAcbCounter()) : null;
        Transformer.Transformed t = transformer.transform(sr, plan, onBehalf);
        if (t.critical() != (cv == 4)) {
            throw new DuisException(DuisCodes.E12, sr.serviceReferenceVariant() + (t.critical()
                    ? " is critical: transform it (variant 4) first" : " is not critical: send it with variant 1"));
        }
        acceptCounter(id);
        if (cv == 4) {
            journal.issued(new Journal.Issued(id.toString(), sr.serviceReference(), sr.serviceReferenceVariant(),
                    t.useCase().id(), GbcsFrameEncoder.encodeApdu(t.apdu())));
            return Reply.xml(responses.build(id.toString(), null, DuisCodes.I0, clock.now(),
                new DuisResponse.Content.PreCommand(sr.serviceReference(), sr.serviceReferenceVariant(),
                            GbcsFrameEncoder.encodeApdu(t.apdu()))), DuisCodes.I0);
        }
        return dispatch(user, sr, outgoing(t), client);
    }

    /**
     * A request future dated by the DSP (DUIS: an ExecutionDateTime on an SRV the device does not future-date itself):
     * checked and transformed now, so that a request that cannot run is refused at once, acknowledged with I99,
     * journalled (it survives a restart) and run when the simulated clock reaches its time, from when its answer
     * arrives as usual. A time in the past runs at once; one more than {@link #MAX_FUTURE_DATING} ahead is refused.
     */
    private Reply schedule(DccUser user, UserRole role, ServiceRequest sr, Transformer.Plan plan, Document doc, String client)
            throws DuisException {
        Instant at = plan.executeAt();
        if (at.isAfter(clock.now().plus(MAX_FUTURE_DATING))) {
            throw new DuisException(DuisCodes.E12, "ExecutionDateTime " + at + " is more than " + MAX_FUTURE_DATING.toDays()
                    + " days ahead");
        }
        Transformer.Transformed check = transformer.transform(sr, plan, plan.byAcb()
                ? new Transformer.OnBehalf(security.accessControlBroker(), 0) : null);
        if (check.critical()) {
            throw new DuisException(DuisCodes.E12, sr.serviceReferenceVariant() + " is critical: it cannot be future dated by the DCC");
        }
        acceptCounter(sr.requestId());
        Journal.Scheduled x = new Journal.Scheduled(sr.requestId().toString(), user.eui(), role.name(), at.toEpochMilli(),
                DuisDocuments.serialise(doc), client);
        journal.schedule(x);
        delivery.claim(user.eui(), client, sr.requestId().toString(), sr.requestId().target());
        runAt(x);
        return Reply.xml(responses.build(sr.requestId().toString(), null, DuisCodes.I99, clock.now(),
                new DuisResponse.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())), DuisCodes.I99);
    }

    private void runAt(Journal.Scheduled x) {
        scheduler.schedule(Instant.ofEpochMilli(x.atMillis()), () -> answers.execute(() -> runScheduled(x)));
    }

    /**
     * How long a request the DCC held waits for its device at its time, when the device is not connected (devices
     * reconnect after a head-end restart, with a backoff of up to 5 s): a decision; after it, E20.
     */
    public static final Duration RECONNECT_GRACE = Duration.ofSeconds(30);
    private final java.util.Map<String, Long> waitingForDevice = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Runs a scheduled request as it arrived, its time now come: the plan is made again (the binding's checks, a
     * mandatory ExecutionDateTime among them, see the request as the user sent it), its time ignored, and the transform
     * leaves the ExecutionDateTime out as for any request the DCC holds; a failure is its answer.
     */
    private void runScheduled(Journal.Scheduled x) {
        ServiceRequest sr = null;
        try {
            sr = ServiceRequest.read(documents.parse(x.xml()));
            long firstTry = waitingForDevice.computeIfAbsent(x.requestId(), k -> System.nanoTime());
            if (!router.server().connected(sr.requestId().target())
                    && System.nanoTime() - firstTry < RECONNECT_GRACE.toNanos()) {
                // Not yet: look again in a second, still journalled as scheduled (the finally below is skipped).
                java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS, answers)
                        .execute(() -> runScheduled(x));
                return;
            }
            waitingForDevice.remove(x.requestId());
            // Claims live in memory: after a restart the answer (or the failure below) must still go to its client.
            delivery.claim(x.user(), x.client(), x.requestId(), sr.requestId().target());
            DccUser user = registry.user(x.user())
                    .orElseThrow(() -> new DuisException(DuisCodes.E1, "user " + x.user() + " has left the registry"));
            UserRole role = UserRole.valueOf(x.role());
            Transformer.Plan plan = transformer.plan(sr, role);
            Transformer.OnBehalf onBehalf = plan.byAcb()
                    ? new Transformer.OnBehalf(security.accessControlBroker(), journal.nextAcbCounter()) : null;
            Transformer.Transformed t = transformer.transform(sr, plan, onBehalf);
            dispatch(user, sr, outgoing(t), x.client());
        } catch (DuisException | RuntimeException e) {
            LOG.info(() -> "scheduled request " + x.requestId() + " could not run: " + e);
            Optional<DccUser> user = registry.user(x.user());
            if (sr != null && user.isPresent()) {
                String code = e instanceof DuisException d ? d.responseCode() : DuisCodes.E12;
                delivery.deliver(user.get(), new Delivery.Message(responses.build(x.requestId(), null, code, clock.now(),
                        new DuisResponse.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())), x.requestId(),
                        sr.requestId().target(), false));
            }
        }
        journal.ran(x.requestId());
    }

    /** E4 unless {@code user}, in {@code role}, is responsible for or may reach {@code device}. */
    private void checkMayAddress(DccUser user, UserRole role, DeviceRecord device) throws DuisException {
        Eui64 u = user.eui();
        boolean mayAddress = user.roles().contains(role) && switch (role) {
            case SUPPLIER -> u.equals(device.supplier());
            case NETWORK_OPERATOR -> u.equals(device.networkOperator());
            case LOAD_CONTROLLER -> device.loadControllers().contains(u);
            // DCC leaves an Other User's right to a meter's data to consent (SEC), so reads are open; but under P375
            // an asset meter (SAPC) belongs to its VLP, so a VLP (an Other User that is also a Load Controller)
            // reads a SAPC only if it is that SAPC's Load Controller: one VLP never reads another's asset.
            case OTHER_USER -> device.type() != DeviceRecord.Type.SAPC || !user.roles().contains(UserRole.LOAD_CONTROLLER)
                    || device.loadControllers().contains(u);
        };
        if (!mayAddress) {
            throw new DuisException(DuisCodes.E4, u + " is not " + role + " of " + device.eui());
        }
    }

    /**
     * The device's DUIS status: what 8.3, 8.4 or 8.1.1 last made it, else the configured one, else Commissioned (a
     * configured device).
     */
    /** A device in the DCC's inventory: E19 for one dccsim does not simulate or the DCC has not been told of (12.2). */
    private DeviceRecord known(Eui64 eui) throws DuisException {
        DeviceRecord d = registry.device(eui).orElseThrow(() -> new DuisException(DuisCodes.E19, "no device " + eui));
        if (NonDeviceServices.NOT_PRENOTIFIED.equals(deviceStatus(eui))) {
            throw new DuisException(DuisCodes.E19, "no device " + eui + " (not pre-notified: 12.2)");
        }
        return d;
    }

    private String deviceStatus(Eui64 device) {
        String s = journal.deviceStatus(device);
        return s != null ? s : registry.initialStatus(device).orElse(NonDeviceServices.COMMISSIONED);
    }

    private void armSchedule(Journal.DspSchedule d) {
        NonDeviceServices.Schedule s;
        try {
            s = NonDeviceServices.Schedule.read(NonDeviceServices.definition(d));
        } catch (DuisException e) {
            LOG.warning(() -> "DSP schedule " + d.id() + " cannot be read and is not run: " + e.getMessage());
            return;
        }
        Instant after = clock.now().minusMillis(1);
        if (d.lastRunMillis() > 0 && Instant.ofEpochMilli(d.lastRunMillis()).isAfter(after)) {
            after = Instant.ofEpochMilli(d.lastRunMillis());
        }
        Instant next = s.nextAfter(after);
        if (next != null) {
            scheduler.schedule(next, () -> answers.execute(() -> runSchedule(d.id(), next)));
        }
    }

    /**
     * One run of a DSP schedule: the request it stands for, sent as its user with a counter from the run's time, its
     * answer delivered as a DSPScheduledMessage naming the schedule. A run that cannot be sent is delivered as its
     * DUIS code, and the schedule goes on.
     */
    private void runSchedule(long id, Instant at) {
        Journal.DspSchedule d = journal.dspSchedules().stream().filter(x -> x.id() == id).findFirst().orElse(null);
        if (d == null) {
            return; // deleted since it was armed
        }
        Optional<DccUser> user = registry.user(d.user());
        ServiceRequest sr = null;
        try {
            NonDeviceServices.Schedule s = NonDeviceServices.Schedule.read(NonDeviceServices.definition(d));
            sr = s.request(d.user(), at.toEpochMilli(), at);
            if (user.isEmpty()) {
                throw new DuisException(DuisCodes.E1, "user " + d.user() + " has left the registry");
            }
            UserRole role = UserRole.valueOf(d.role());
            DeviceRecord device = registry.device(s.device())
                    .orElseThrow(() -> new DuisException(DuisCodes.E19, "no device " + s.device()));
            checkMayAddress(user.get(), role, device);
            if (!deviceStatus(device.eui()).equals(NonDeviceServices.COMMISSIONED)) {
                throw new DuisException(DuisCodes.E5, device.eui() + " is " + deviceStatus(device.eui()));
            }
            Transformer.Plan plan = transformer.plan(sr, role);
            Transformer.OnBehalf onBehalf = plan.byAcb()
                    ? new Transformer.OnBehalf(security.accessControlBroker(), journal.nextAcbCounter()) : null;
            Transformer.Transformed t = transformer.transform(sr, plan, onBehalf);
            dispatch(user.get(), sr, outgoing(t), null, id);
        } catch (DuisException | RuntimeException e) {
            LOG.info(() -> "DSP schedule " + id + "'s run at " + at + " could not be sent: " + e);
            if (sr != null && user.isPresent()) {
                String code = e instanceof DuisException x ? x.responseCode() : DuisCodes.E12;
                delivery.deliver(user.get(), new Delivery.Message(responses.build(sr.requestId().toString(), null, code,
                        clock.now(), new DuisResponse.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())),
                        sr.requestId().toString(), sr.requestId().target(), false));
            }
        }
        if (journal.scheduleRan(id, at.toEpochMilli())) {
            armSchedule(d.ranAt(at.toEpochMilli()));
        }
    }

    /**
     * Strictly increasing per user and device, checked and recorded in one step (two identical requests arriving
     * together cannot both pass); recorded only once the request has passed every other check.
     *
     * <p>A decision: DUIS asks for increasing counters per originator, but a user with requests in flight to many
     * devices cannot control the order they arrive in over concurrent connections. Checking per (user, device) is
     * what the devices themselves enforce (GBCS replay protection is per remote party), keeps every replay refused,
     * and lets a VLP dispatch to a fleet in parallel.
     */
    private void acceptCounter(RequestId id) throws DuisException {
        String key = id.originator() + ":" + id.target();
        Long refused = journal.advanceCounter(key, id.counter());
        if (refused != null) {
            throw new DuisException(DuisCodes.E12, "RequestID counter " + Long.toUnsignedString(id.counter())
                    + " is not above the last accepted, " + Long.toUnsignedString(refused));
        }
    }

    private Reply sendSignedPreCommand(DccUser user, ServiceRequest sr, String client) throws DuisException {
        if (!sr.signedPreCommand()) {
            throw new DuisException(DuisCodes.E12, "command variant 5 carries a SignedPreCommand");
        }
        Journal.Issued pre = journal.issued(sr.requestId().toString());
        if (pre == null) {
            throw new DuisException(DuisCodes.E12, "no pre-command was issued for " + sr.requestId() + ", or it was used");
        }
        byte[] signedBytes;
        try {
            signedBytes = Base64.getMimeDecoder().decode(sr.body().text("GBCSPayload"));
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "GBCSPayload is not base64");
        }
        GbcsMessage m;
        try {
            m = decoder.decode(signedBytes);
        } catch (GbcsDecodeException e) {
            throw new DuisException(DuisCodes.E12, "the signed pre-command does not decode: " + e.getMessage());
        }
        if (!(m instanceof GbcsMessage.Bare) || !(m.apdu().signature() instanceof SignatureField.Ecdsa)) {
            throw new DuisException(DuisCodes.E12, "the signed pre-command is not a signed General-Signing APDU");
        }
        GeneralSigningApdu issuedApdu;
        try {
            issuedApdu = decoder.decode(pre.preCommand()).apdu();
        } catch (GbcsDecodeException e) {
            throw new IllegalStateException("the journal holds an undecodable pre-command for " + sr.requestId(), e);
        }
        if (!m.apdu().withSignature(SignatureField.ABSENT).equals(issuedApdu)) {
            throw new DuisException(DuisCodes.E12, "the signed pre-command differs from the one issued");
        }
        // The key the device trusts for the user: one a credentials update installed, else the user's own.
        String installed = journal.credential(m.apdu().recipient(), sr.requestId().originator());
        Check signature = installed == null ? security.verifySignature(signedBytes, m)
                : security.verifySignature(signedBytes, m, org.dccsim.gbcs.crypto.EcKeys.PublicKey.fromEncoded(
                        org.dccsim.gbcs.Hex.of(installed)));
        if (signature != Check.VALID) {
            throw new DuisException(DuisCodes.E12, "the pre-command's signature does not verify with "
                    + sr.requestId().originator() + "'s signing key");
        }
        // Single use: of two identical signed pre-commands arriving together, only the first consumes it.
        if (!journal.sent(sr.requestId().toString())) {
            throw new DuisException(DuisCodes.E12, "the pre-command issued for " + sr.requestId() + " was already used");
        }
        return dispatch(user, sr, m.apdu(), client);
    }

    /**
     * The command as it leaves: signed by the DCC party that sends it where that party signs (the ACB on the user's
     * behalf, 8.7.2 and 8.8.2; the Transitional CoS party, 6.23), as it is otherwise (the user signed a critical one
     * already; the rest are MACed in dispatch). E12 when the head-end holds no signing key for that party (a lab's
     * PKI has no Transitional CoS party).
     */
    private GeneralSigningApdu outgoing(Transformer.Transformed t) throws DuisException {
        if (!t.acbSigns()) {
            return t.apdu();
        }
        try {
            return security.sign(t.apdu(), t.apdu().originator());
        } catch (org.dccsim.gbcs.crypto.KeyStoreException e) {
            throw new DuisException(DuisCodes.E12, "the DCC holds no signing key for " + t.apdu().originator()
                    + ", which sends this SRV");
        }
    }

    private Reply dispatch(DccUser user, ServiceRequest sr, GeneralSigningApdu apdu, String client) throws DuisException {
        return dispatch(user, sr, apdu, client, 0);
    }

    /** As above; a run of DSP schedule {@code scheduleId} (0 for none) is answered as a DSPScheduledMessage. */
    private Reply dispatch(DccUser user, ServiceRequest sr, GeneralSigningApdu apdu, String client, long scheduleId)
            throws DuisException {
        byte[] command = GbcsFrameEncoder.encode(security.addMac(apdu));
        Eui64 device = apdu.recipient();
        if (!router.server().connected(device)) {
            throw new DuisException(DuisCodes.E20, "device " + device + " is not connected");
        }
        String cin = customerIdentificationNumber(sr, apdu);
        Installs installs = installs(sr, apdu);
        if (installs != null && installs.deviceCertificate() != null) {
            // The DCC places only a certificate for the key the device made for its last 6.17: a user cannot make the
            // head-end expect, and so follow, a key of the user's choosing.
            String requested = journal.requestedKey(device);
            if (requested == null || !requested.equals(org.dccsim.gbcs.Hex.encode(installs.signingKey().encoded()))) {
                throw new DuisException(DuisCodes.E12, "the certificate's key is not the one " + device
                        + " made for its last 6.17 (Issue Security Credentials)");
            }
            // 6.15.2: expect the device to sign with the new key from its answer on, even if that answer is missed.
            journal.placing(device, org.dccsim.gbcs.Hex.encode(installs.deviceCertificate()));
            security.expectSigningKey(device, installs.signingKey());
        }
        Pending p = new Pending(user, sr.requestId(), sr.serviceReference(), sr.serviceReferenceVariant(), System.nanoTime(),
                installs, scheduleId, whitelists(sr, apdu), cin);
        journal.pending(new Journal.Pending(sr.requestId().toString(), user.eui(), device, apdu.originatorCounter(),
                sr.serviceReference(), sr.serviceReferenceVariant(), System.currentTimeMillis() + deviceTimeout.toMillis(),
                client, cin, apdu.originator()));
        delivery.claim(user.eui(), client, sr.requestId().toString(), sr.requestId().target());
        router.send(device, apdu.originator(), apdu.originatorCounter(), command, deviceTimeout).thenApply(Arrived::now)
                .thenAcceptAsync(a -> complete(p, a), answers);
        return Reply.xml(responses.build(sr.requestId().toString(), null, DuisCodes.I99, clock.now(),
                new DuisResponse.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())), DuisCodes.I99);
    }

    /**
     * The Customer Identification Number a 9.1 sends (ECS50's one octet-string, as the transformer wrote it), which the
     * answer returns to the user (DUIS CINMessage); null for anything else.
     */
    private static String customerIdentificationNumber(ServiceRequest sr, GeneralSigningApdu apdu) {
        if (!"9.1".equals(sr.serviceReferenceVariant())) {
            return null;
        }
        try {
            if (org.dccsim.gbcs.dlms.XdlmsCodec.decode(apdu.content()) instanceof org.dccsim.gbcs.dlms.XdlmsApdu.AccessRequest r
                    && !r.data().isEmpty() && r.data().get(0) instanceof org.dccsim.gbcs.dlms.Data.OctetString digits) {
                return new String(digits.value(), java.nio.charset.StandardCharsets.US_ASCII);
            }
        } catch (GbcsDecodeException e) {
            // Our own transform wrote it; a command that does not decode is a bug, reported as a missing CIN below.
        }
        throw new IllegalStateException("9.1's command carries no Customer Identification Number");
    }

    /** The device an 8.11 Add (CCS01) puts on its hub's log, from the request; null for anything else. */
    private static Eui64 whitelists(ServiceRequest sr, GeneralSigningApdu apdu) {
        if (!"8.11".equals(sr.serviceReferenceVariant()) || apdu.messageCode() != 0x0001) {
            return null;
        }
        try {
            return Eui64.parse(sr.body().text("DeviceID"));
        } catch (DuisException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The signing certificate a 6.15.1 installs, from its command's CS02 payload, or the device certificate a 6.15.2
     * places (CS02d's payload, a DS certificate for the device itself); null for anything else.
     */
    private Installs installs(ServiceRequest sr, GeneralSigningApdu apdu) {
        if ("6.15.2".equals(sr.serviceReferenceVariant())) {
            try {
                var cert = org.dccsim.gbcs.crypto.SmkiCertificates.parse(apdu.content());
                return cert.digitalSignature() && cert.party().equals(apdu.recipient())
                        ? new Installs(cert.party(), cert.key(), apdu.content()) : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
        if (!"6.15.1".equals(sr.serviceReferenceVariant())) {
            return null;
        }
        try {
            var command = org.dccsim.gbcs.usecase.LoadControllerCredentials.decode(apdu.content());
            if (command.cancels()) {
                // A cancellation installs nothing, and ends what was pending for the party it names.
                for (var r : command.replacements()) {
                    journal.pendingCredentialDone(apdu.recipient(),
                            org.dccsim.gbcs.crypto.SmkiCertificates.parse(r.certificate()).party());
                }
                return null;
            }
            for (var r : command.replacements()) {
                if (r.usage() == org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE) {
                    var cert = org.dccsim.gbcs.crypto.SmkiCertificates.parse(r.certificate());
                    return new Installs(cert.party(), cert.key());
                }
            }
        } catch (GbcsDecodeException | RuntimeException e) {
            LOG.fine(() -> "could not read the credentials " + sr.requestId() + " installs: " + e);
        }
        return null;
    }

    private void complete(Pending p, Arrived arrived) {
        DeviceRouter.Outcome o = arrived.outcome();
        RequestId id = p.requestId();
        if (p.installs() != null && o instanceof DeviceRouter.Outcome.Answered a) {
            recordInstalled(p, a.response());
        }
        if ("6.17".equals(p.srv()) && o instanceof DeviceRouter.Outcome.Answered a) {
            recordRequestedKey(id.target(), a.response());
        }
        String responseId = id.target().dashed() + ":" + id.originator().dashed() + ":" + Long.toUnsignedString(id.counter());
        byte[] xml;
        String code;
        if (o instanceof DeviceRouter.Outcome.Answered a) {
            code = DuisCodes.I0;
            xml = responses.build(id.toString(), responseId, code, clock.now(), p.scheduleId() > 0
                    ? new DuisResponse.Content.Scheduled(p.sr(), p.srv(), a.response(), p.scheduleId())
                    : p.cin() != null ? new DuisResponse.Content.Cin(p.sr(), p.srv(), a.response(), p.cin())
                    : new DuisResponse.Content.GbcsPayload(p.sr(), p.srv(), a.response()));
            if ("8.9".equals(p.srv())) {
                keepHanLogBackup(id.target(), a.response());
            }
            recordStatusChange(p.srv(), id.target(), a.response());
            if (p.whitelists() != null && NonDeviceServices.PENDING.equals(deviceStatus(p.whitelists())) && allSucceeded(a.response())) {
                // A pre-notified device its hub now lists: Whitelisted (DUIS status), until 8.4 or the install moves it on.
                journal.deviceStatus(p.whitelists(), NonDeviceServices.WHITELISTED);
            }
        } else {
            code = o instanceof DeviceRouter.Outcome.NotConnected ? DuisCodes.E20 : DuisCodes.E21;
            xml = responses.build(id.toString(), responseId, code, clock.now(), new DuisResponse.Content.Empty(p.sr(), p.srv()));
        }
        delivery.deliver(p.user(), new Delivery.Message(xml, id.toString(), id.target(), false));
        journal.done(id.toString());
        long now = System.nanoTime();
        AnswerEvent e = new AnswerEvent(p.user().eui().toString(), id.toString(), p.srv(), id.target().toString(), code,
                (now - p.sentNanos()) / 1_000_000, (now - arrived.nanos()) / 1000);
        observers.forEach(ob -> ob.answer(e));
    }

    /** Whether a device's DLMS answer reports every item done. */
    /**
     * A hub's CCS07 answer (8.9 with ReadSecurityDetails) carries the backup of its device log: {date-time, extended
     * PAN id, devices {EUI, link key}}. The DSP keeps the latest, which 8.12.1 restores on a replacement hub. Other
     * answers to 8.9, and a failed CCS07, leave the backup as it was.
     */
    private void keepHanLogBackup(Eui64 hub, byte[] response) {
        try {
            GeneralSigningApdu apdu = decoder.decode(response).apdu();
            if (apdu.messageCode() != CCS07
                    || !(org.dccsim.gbcs.dlms.XdlmsCodec.decode(apdu.content()) instanceof org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponse r)
                    || r.results().isEmpty() || r.results().get(0).result() != 0
                    || !(r.data().get(0) instanceof org.dccsim.gbcs.dlms.Data.Structure backup) || backup.size() != 3
                    || !(backup.get(1) instanceof org.dccsim.gbcs.dlms.Data.OctetString pan) || pan.length() != 8
                    || !(backup.get(2) instanceof org.dccsim.gbcs.dlms.Data.Array entries)) {
                return;
            }
            List<org.dccsim.gbcs.usecase.ChfDeviceLog.RestoredDevice> devices = new ArrayList<>();
            for (org.dccsim.gbcs.dlms.Data e : entries.elements()) {
                if (!(e instanceof org.dccsim.gbcs.dlms.Data.Structure d) || d.size() != 2
                        || !(d.get(0) instanceof org.dccsim.gbcs.dlms.Data.OctetString eui) || eui.length() != 8
                        || !(d.get(1) instanceof org.dccsim.gbcs.dlms.Data.OctetString key) || key.length() != 16) {
                    return;
                }
                devices.add(new org.dccsim.gbcs.usecase.ChfDeviceLog.RestoredDevice(Eui64.fromBytes(eui.value(), 0), key.value()));
            }
            journal.hanBackup(hub, devices.isEmpty() || devices.size() > org.dccsim.gbcs.usecase.ChfDeviceLog.CAPACITY ? null
                    : new org.dccsim.gbcs.usecase.ChfDeviceLog.Restore(Eui64.fromBytes(pan.value(), 0), devices));
        } catch (GbcsDecodeException | RuntimeException e) {
            LOG.fine(() -> "no device log backup in " + hub + "'s answer: " + e);
        }
    }

    /** GBCS message code of CCS07 Read CHF Device Logs. */
    private static final int CCS07 = 0x00FE;

    private boolean allSucceeded(byte[] response) {
        try {
            return org.dccsim.gbcs.dlms.XdlmsCodec.decode(decoder.decode(response).apdu().content())
                    instanceof org.dccsim.gbcs.dlms.XdlmsApdu.AccessResponse r && r.results().stream().allMatch(x -> x.result() == 0);
        } catch (GbcsDecodeException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The device's DUIS status after an SRV that changes it, once its answer shows it took effect (the binding's
     * {@link Srv.StatusChange}: 8.1.1 Commissioned, 8.5 Withdrawn).
     */
    private void recordStatusChange(String variant, Eui64 device, byte[] response) {
        Srv.StatusChange change = transformer.catalogue().get(variant).map(Srv::statusChange).orElse(null);
        if (change == null) {
            return;
        }
        byte[] content;
        try {
            content = decoder.decode(response).apdu().content();
        } catch (GbcsDecodeException | RuntimeException e) {
            return;
        }
        // A request the DCC held (8.5 to its ExecutionDateTime) may be answered after the device was decommissioned
        // (8.3) meanwhile: Decommissioned is final.
        if (change.tookEffect().test(content) && !NonDeviceServices.DECOMMISSIONED.equals(journal.deviceStatus(device))) {
            journal.deviceStatus(device, change.status());
        }
    }

    /** A credentials update the device confirmed (every certificate status success): remember the key it now trusts. */
    private void recordInstalled(Pending p, byte[] response) {
        if (p.installs().deviceCertificate() != null) {
            recordPlaced(p.installs(), response);
            return;
        }
        try {
            var result = org.dccsim.gbcs.usecase.LoadControllerCredentials.decodeResponse(decoder.decode(response).apdu().content());
            if (result.isEmpty()) {
                // Accepted for later (or a cancellation): its outcome alert (8F66) installs it.
                journal.pendingCredential(p.requestId().target(), p.installs().party(),
                        org.dccsim.gbcs.Hex.encode(p.installs().signingKey().encoded()));
                return;
            }
            if (result.get().allReplaced()) {
                journal.credential(p.requestId().target(), p.installs().party(),
                        org.dccsim.gbcs.Hex.encode(p.installs().signingKey().encoded()));
            }
        } catch (GbcsDecodeException | RuntimeException e) {
            LOG.fine(() -> "could not read the credentials update's answer for " + p.requestId() + ": " + e);
        }
    }

    /**
     * A device's answer to 6.17 (CS02c), a certification request for a key it made: the only key a 6.15.2 may then
     * place on it (an answer the device signed, which the router checked; the request's own signature proves the key).
     */
    private void recordRequestedKey(Eui64 device, byte[] response) {
        try {
            byte[] content = decoder.decode(response).apdu().content();
            if (org.dccsim.gbcs.usecase.DeviceSecurityCredentials.isResult(content)) {
                return; // refused
            }
            var request = org.dccsim.gbcs.crypto.CertificationRequests.parse(content);
            if (request.device().equals(device)) {
                journal.requestedKey(device, org.dccsim.gbcs.Hex.encode(request.key().encoded()));
            }
        } catch (GbcsDecodeException | RuntimeException e) {
            LOG.fine(() -> "could not read " + device + "'s certification request: " + e);
        }
    }

    /**
     * A device certificate the device confirmed placing (CS02d's answer INTEGER 0): the device signs with its key from now
     * on, so the head-end checks its signatures with it, journalled so that a restart keeps it.
     */
    private void recordPlaced(Installs placed, byte[] response) {
        try {
            byte[] content = decoder.decode(response).apdu().content();
            if (!org.dccsim.gbcs.usecase.DeviceSecurityCredentials.isResult(content)
                    || org.dccsim.gbcs.usecase.DeviceSecurityCredentials.decodeResult(content)
                            != org.dccsim.gbcs.usecase.DeviceSecurityCredentials.RESULT_SUCCESS) {
                // Refused: the device keeps its key; this certificate is not being placed any more.
                security.dropExpectedSigningKey(placed.party(), placed.signingKey());
                journal.notPlacing(placed.party(), org.dccsim.gbcs.Hex.encode(placed.deviceCertificate()));
                return;
            }
        } catch (GbcsDecodeException | RuntimeException e) {
            LOG.fine(() -> "could not read the certificate update's answer from " + placed.party() + ": " + e);
            return;
        }
        if (!security.confirmSigningKey(placed.party(), placed.signingKey())) {
            // Confirmed already (a message signed with the new key came first), or expected no longer.
            LOG.fine(() -> placed.party() + " confirmed a certificate the head-end no longer expected");
        }
    }

    /**
     * A device proved it signs with the key a 6.15.2 placed (its confirmation, or a message signed with it): journal the
     * certificate, so the head-end checks the device with it after restarts too, and tell SMKI.
     */
    private void keyConfirmed(Eui64 device, org.dccsim.gbcs.crypto.EcKeys.PublicKey key) {
        String hex = journal.placings().get(device);
        if (hex == null || !java.util.Arrays.equals(org.dccsim.gbcs.crypto.SmkiCertificates.parse(org.dccsim.gbcs.Hex.of(hex))
                .key().encoded(), key.encoded())) {
            return; // not the certificate being placed last (an earlier one of several): the device's key changes, no record
        }
        byte[] cert = org.dccsim.gbcs.Hex.of(hex);
        journal.deviceCertificate(device, hex);
        certificatePlaced.accept(device, cert);
    }

    /**
     * A future-dated credentials update's outcome alert (0x00CB, 0x0124): on 8F66 the device now trusts the key it
     * installed, so the head-end checks that party's pre-commands to it with that key; on 8F67 nothing changed.
     */
    private void futureDatedCredentials(Eui64 device, byte[] content) {
        java.util.Map<Eui64, String> pending = journal.pendingCredentials(device);
        if (pending.isEmpty()) {
            return;
        }
        boolean success;
        java.util.Set<Eui64> replaced = new java.util.HashSet<>();
        try {
            success = org.dccsim.gbcs.usecase.LoadControllerCredentials.decodeAlertSuccess(content);
            var result = org.dccsim.gbcs.usecase.LoadControllerCredentials.decodeAlertResult(content);
            for (var r : result.replaced()) {
                if (r.usage() == org.dccsim.gbcs.usecase.LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE) {
                    replaced.add(r.newParty());
                }
            }
        } catch (GbcsDecodeException e) {
            return;
        }
        // Only the updates the alert reports: the party whose signing certificate it names.
        pending.forEach((party, key) -> {
            if (!replaced.contains(party)) {
                return;
            }
            if (success) {
                journal.credential(device, party, key);
            } else {
                journal.pendingCredentialDone(device, party);
            }
        });
    }

    /**
     * Who hears of device certificates placed (6.15.2 confirmed), told first of those the journal holds: the head-end's
     * SMKI, which serves them.
     */
    public void onDeviceCertificatePlaced(java.util.function.BiConsumer<Eui64, byte[]> listener) {
        journal.deviceCertificates().forEach((d, hex) -> listener.accept(d, org.dccsim.gbcs.Hex.of(hex)));
        certificatePlaced = listener;
    }

    private void onAlert(Eui64 device, byte[] gbcs) {
        GeneralSigningApdu apdu;
        try {
            apdu = decoder.decode(gbcs).apdu();
        } catch (GbcsDecodeException e) {
            refuseAlert(device, null, "it does not decode: " + e.getMessage());
            return;
        }
        Eui64 to = apdu.otherInformation().supplementaryRemotePartyId() != null
                ? apdu.otherInformation().supplementaryRemotePartyId() : apdu.recipient();
        int messageCode = apdu.messageCode();
        if (messageCode == org.dccsim.gbcs.usecase.LoadControllerCredentials.CS02B_FUTURE_DATED_ALERT
                || messageCode == org.dccsim.gbcs.usecase.LoadControllerCredentials.FUTURE_DATED_ALERT) {
            futureDatedCredentials(device, apdu.content());
        }
        if (to.equals(Transformer.OnBehalf.BOXED_TRANSITIONAL_COS)) {
            // The outcome of a future-dated change of supplier (6.23), to the DCC's own party: no user hears of it.
            return;
        }
        if (to.equals(security.accessControlBroker()) && DeviceAlerts.parse(apdu).orElse(null)
                instanceof DeviceAlert.HanWhitelistChanged changed) {
            // CS14: a hub's whitelist changed; the DSP's backup of its device log (8.12.1's source) follows it. The
            // alert is the DCC's own: no user hears of it.
            journal.hanBackup(device, changed.backup().orElse(null));
            return;
        }
        Optional<DccUser> user = registry.user(to);
        if (user.isEmpty()) {
            refuseAlert(device, to, "it is for " + to + ", who is not a DCC User here");
            return;
        }
        int code = DeviceAlerts.parse(apdu).map(DeviceAlert::alertCode).orElse(0);
        String responseId = device.dashed() + ":" + to.dashed() + ":" + Long.toUnsignedString(apdu.originatorCounter());
        delivery.deliver(user.get(), new Delivery.Message(responses.build(null, responseId, DuisCodes.I0, clock.now(),
                new DuisResponse.Content.DeviceAlert(code, gbcs)), null, device, true));
        AlertEvent e = new AlertEvent(device.toString(), to.toString(), DuisResponse.alertCodeHex(code), null);
        observers.forEach(o -> o.alert(e));
    }

    private void refuseAlert(Eui64 device, Eui64 to, String why) {
        LOG.fine(() -> "alert from " + device + " refused: " + why);
        AlertEvent e = new AlertEvent(device.toString(), to == null ? null : to.toString(), null, why);
        observers.forEach(o -> o.alert(e));
    }
}
