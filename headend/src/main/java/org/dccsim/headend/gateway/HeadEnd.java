package org.dccsim.headend.gateway;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
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
import org.dccsim.headend.duis.DuisCodes;
import org.dccsim.headend.duis.DuisDocuments;
import org.dccsim.headend.duis.DuisException;
import org.dccsim.headend.duis.RequestId;
import org.dccsim.headend.duis.ServiceRequest;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.transform.Transformer;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.headend.users.Registry;
import org.dccsim.headend.users.UserRole;
import org.dccsim.headend.wan.DeviceRouter;
import org.dccsim.headend.xmldsig.DuisSignatures;
import org.w3c.dom.Document;

/**
 * The head-end: DUIS service requests in (DCC Boxed's three web services), GBCS commands out over the WAN,
 * DUIS responses and alerts back to users.
 *
 * <p>Checks, in order, each refusal answered with its DUIS code and nothing executed: the document parses (and
 * validates, with a schema); the originator is a known user (E1) and signed it with its XML-signing key
 * (E12); the command variant suits the web service (E13) and dccsim supports it and the SRV (E12); the user's
 * role may send the SRV (E2); the device exists (E19), takes the SR (E11) and is one the user may address (E4);
 * the variant matches the SRV's criticality (E12); the RequestID counter is above the last accepted from that
 * user (E12); for a signed pre-command, it matches the pre-command issued for that RequestID and its signature
 * verifies with the user's GBCS signing key (E12).
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

        static Optional<Service> of(String path) {
            for (Service s : values()) {
                if (s.path.equals(path)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** An HTTP answer: status and a DUIS Response document (or nothing). */
    public record Reply(int status, byte[] body) {
    }

    /** Where an answer goes: the user, its request and the SR it answers. */
    private record Pending(DccUser user, RequestId requestId, String sr, String srv) {
    }

    private final Registry registry;
    private final GbcsSecurity security;
    private final DuisDocuments documents;
    private final DuisSignatures signatures;
    private final DuisResponses responses;
    private final DeviceRouter router;
    private final Delivery delivery;
    private final Duration deviceTimeout;
    private final Transformer transformer = new Transformer();
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private final Journal journal;
    /**
     * Device answers and alerts become signed DUIS messages here, not on the WAN link's I/O thread: one link
     * carries a whole fleet, and an XML signature per answer on that thread held every later frame behind it
     * until commands timed out (E21) under load. One thread keeps a device's response and its alerts in order.
     */
    private final java.util.concurrent.ExecutorService answers = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dccsim-answers");
        t.setDaemon(true);
        return t;
    });
    /** Runs requests future dated by the DSP at their ExecutionDateTime. */
    private final java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dccsim-scheduler");
                t.setDaemon(true);
                return t;
            });
    /** How far ahead the DCC holds a future-dated request (a decision; DUIS leaves the bound to the DCC). */
    public static final Duration MAX_FUTURE_DATING = Duration.ofDays(30);
    /** Use cases the device itself future-dates (the time travels in the command): never held by the DCC. */
    private static final java.util.Set<String> DEVICE_FUTURE_DATED = java.util.Set.of("ECS28a", "ECS46c", "ECS46d", "CS02g");

    public HeadEnd(Registry registry, GbcsSecurity security, DuisDocuments documents, DuisSignatures signatures,
            DuisResponses responses, DeviceRouter router, Delivery delivery, Duration deviceTimeout, Journal journal) {
        this.registry = registry;
        this.security = security;
        this.documents = documents;
        this.signatures = signatures;
        this.responses = responses;
        this.router = router;
        this.delivery = delivery;
        this.deviceTimeout = deviceTimeout;
        this.journal = journal;
        router.onAlerts((device, alert) -> answers.execute(() -> onAlert(device, alert)));
        for (DccUser u : registry.users()) {
            signatures.trust(u.xmlSigningCertificate());
        }
        // Commands sent before a restart: their answers may still come, until their deadline.
        for (Journal.Pending p : journal.pendingCommands()) {
            Optional<DccUser> user = registry.user(p.user());
            if (user.isEmpty()) {
                journal.done(p.requestId());
                continue;
            }
            Pending to;
            try {
                to = new Pending(user.get(), RequestId.parse(p.requestId()), p.sr(), p.srv());
            } catch (DuisException e) {
                journal.done(p.requestId());
                continue;
            }
            Duration left = Duration.ofMillis(Math.max(0, p.deadlineMillis() - System.currentTimeMillis()));
            router.expect(p.device(), p.counter(), left).thenAcceptAsync(o -> complete(to, o), answers);
        }
        // Requests future dated before a restart: each still runs at its time (at once if that has passed).
        journal.scheduledRequests().forEach(this::runAt);
    }

    /** Adds (or replaces) a DCC User while running: its requests are accepted, signed with its certificate. */
    public void register(DccUser user) {
        registry.add(user);
        signatures.trust(user.xmlSigningCertificate());
    }

    /** Stops turning answers into DUIS messages; the servers around the head-end close themselves. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        answers.shutdownNow();
    }

    public Delivery delivery() {
        return delivery;
    }

    public Registry registry() {
        return registry;
    }

    /** Handles one POST to a DUIS web service. */
    public Reply handle(String path, byte[] body) {
        Optional<Service> service = Service.of(path);
        if (service.isEmpty()) {
            return new Reply(404, new byte[0]);
        }
        ServiceRequest sr = null;
        try {
            Document doc = documents.parse(body);
            sr = ServiceRequest.read(doc);
            return process(service.get(), doc, sr);
        } catch (DuisException e) {
            LOG.info(() -> "refused a request: " + e);
            if (sr == null) {
                // Not readable as a service request (not XML, a DOCTYPE, no header): a DUIS Response needs the
                // SR it answers, so the refusal is HTTP 400 with no body.
                return new Reply(400, new byte[0]);
            }
            return new Reply(200, responses.build(sr.requestId().toString(), null, e.responseCode(), Instant.now(),
                    new DuisResponses.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())));
        }
    }

    private Reply process(Service service, Document doc, ServiceRequest sr) throws DuisException {
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
        if (cv != 1 && cv != 4 && cv != 5) {
            throw new DuisException(DuisCodes.E12, "command variant " + cv + " is not supported by dccsim");
        }
        if (!Transformer.supports(sr.serviceReferenceVariant())) {
            throw new DuisException(DuisCodes.E12, "SRV " + sr.serviceReferenceVariant() + " is not supported by dccsim");
        }
        var allowed = AccessRules.ROLES.get(sr.serviceReferenceVariant());
        UserRole role = user.roles().stream().filter(allowed::contains).findFirst()
                .orElseThrow(() -> new DuisException(DuisCodes.E2, "no role of " + id.originator() + " may send "
                        + sr.serviceReferenceVariant()));
        DeviceRecord device = registry.device(id.target())
                .orElseThrow(() -> new DuisException(DuisCodes.E19, "no device " + id.target()));
        String useCase = Transformer.useCaseFor(sr);
        if (device.type() == DeviceRecord.Type.SAPC
                && !org.dccsim.gbcs.usecase.UseCaseRegistry.SAPC_USE_CASES.contains(Transformer.registryId(useCase))) {
            throw new DuisException(DuisCodes.E11, sr.serviceReferenceVariant() + " does not apply to a SAPC");
        }
        boolean mayAddress = switch (role) {
            case SUPPLIER -> id.originator().equals(device.supplier());
            case NETWORK_OPERATOR -> id.originator().equals(device.networkOperator());
            case LOAD_CONTROLLER -> device.loadControllers().contains(id.originator());
            // DCC leaves an Other User's right to a meter's data to consent (SEC), so reads are open; but under P375
            // an asset meter (SAPC) belongs to its VLP, so a VLP (an Other User that is also a Load Controller)
            // reads a SAPC only if it is that SAPC's Load Controller: one VLP never reads another's asset.
            case OTHER_USER -> device.type() != DeviceRecord.Type.SAPC || !user.roles().contains(UserRole.LOAD_CONTROLLER)
                    || device.loadControllers().contains(id.originator());
        };
        if (!mayAddress) {
            throw new DuisException(DuisCodes.E4, id.originator() + " is not " + role + " of " + id.target());
        }
        if (cv == 5) {
            return sendSignedPreCommand(user, sr);
        }
        if (cv == 1 && sr.body().child("ExecutionDateTime").isPresent()
                && !DEVICE_FUTURE_DATED.contains(Transformer.registryId(useCase))) {
            return schedule(user, role, sr, useCase, doc);
        }
        Transformer.OnBehalf onBehalf = sentByAcb(role, useCase, sr)
                ? new Transformer.OnBehalf(security.accessControlBroker(), journal.nextAcbCounter()) : null;
        Transformer.Transformed t = transformer.transform(sr, useCase, onBehalf);
        if (t.critical() != (cv == 4)) {
            throw new DuisException(DuisCodes.E12, sr.serviceReferenceVariant() + (t.critical()
                    ? " is critical: transform it (variant 4) first" : " is not critical: send it with variant 1"));
        }
        acceptCounter(id);
        if (cv == 4) {
            journal.issued(new Journal.Issued(id.toString(), sr.serviceReference(), sr.serviceReferenceVariant(),
                    t.useCase().id(), GbcsFrameEncoder.encodeApdu(t.apdu())));
            return new Reply(200, responses.build(id.toString(), null, DuisCodes.I0, Instant.now(),
                    new DuisResponses.Content.PreCommand(sr.serviceReference(), sr.serviceReferenceVariant(),
                            GbcsFrameEncoder.encodeApdu(t.apdu()))));
        }
        return dispatch(user, sr, t.apdu());
    }

    /**
     * Strictly increasing per user and device; recorded only once the request has passed every other check.
     *
     * <p>A decision: DUIS asks for increasing counters per originator, but a user with requests in flight to
     * many devices cannot control the order they arrive in over concurrent connections. Checking per
     * (user, device) is what the devices themselves enforce (GBCS replay protection is per remote party), keeps
     * every replay refused, and lets a VLP dispatch to a fleet in parallel.
     */
    /**
     * Whether the DCC sends the command itself, as the Access Control Broker: always for Other Users, and for any
     * user whose own remote party role the device does not accept for the use case while it accepts the ACB (the
     * GBCS section 17 access tables; ECS22a, the export profile that DUIS 4.8.3 offers to suppliers, is one).
     */
    /**
     * Whether the DCC sends this request as the ACB: on an Other User's behalf, where the device does not take the
     * user's own role, for an Unknown Remote Party read (the user's KA certificate in the request), and for 6.24.1,
     * which the ACB sends in its own name.
     */
    private static boolean sentByAcb(UserRole role, String useCase, ServiceRequest sr) throws DuisException {
        return sentByAcb(role, useCase) || Transformer.unknownRemoteParty(sr) != null
                || sr.serviceReferenceVariant().equals("6.24.1");
    }

    /**
     * A request future dated by the DSP (DUIS: an ExecutionDateTime on an SRV the device does not future-date
     * itself): checked and transformed now, so that a request that cannot run is refused at once, acknowledged
     * with I99, journalled (it survives a restart) and run at its time, from when its answer arrives as usual. A
     * time in the past runs at once; one more than {@link #MAX_FUTURE_DATING} ahead is refused (E12).
     */
    private Reply schedule(DccUser user, UserRole role, ServiceRequest sr, String useCase, Document doc) throws DuisException {
        Instant at = Transformer.instant(sr.body(), "ExecutionDateTime");
        if (at.isAfter(Instant.now().plus(MAX_FUTURE_DATING))) {
            throw new DuisException(DuisCodes.E12, "ExecutionDateTime " + at + " is more than " + MAX_FUTURE_DATING.toDays()
                    + " days ahead");
        }
        ServiceRequest now = sr.withBody(sr.body().without("ExecutionDateTime"));
        Transformer.Transformed check = transformer.transform(now, useCase, sentByAcb(role, useCase, now)
                ? new Transformer.OnBehalf(security.accessControlBroker(), 0) : null);
        if (check.critical()) {
            throw new DuisException(DuisCodes.E12, sr.serviceReferenceVariant() + " is critical: it cannot be future dated by the DCC");
        }
        acceptCounter(sr.requestId());
        Journal.Scheduled x = new Journal.Scheduled(sr.requestId().toString(), user.eui(), role.name(), at.toEpochMilli(),
                DuisDocuments.serialise(doc));
        journal.schedule(x);
        runAt(x);
        return new Reply(200, responses.build(sr.requestId().toString(), null, DuisCodes.I99, Instant.now(),
                new DuisResponses.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())));
    }

    private void runAt(Journal.Scheduled x) {
        long delay = Math.max(0, x.atMillis() - System.currentTimeMillis());
        scheduler.schedule(() -> answers.execute(() -> runScheduled(x)), delay, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Runs a scheduled request as if it had just arrived without its ExecutionDateTime; a failure is its answer. */
    private void runScheduled(Journal.Scheduled x) {
        ServiceRequest sr = null;
        try {
            sr = ServiceRequest.read(documents.parse(x.xml()));
            sr = sr.withBody(sr.body().without("ExecutionDateTime"));
            DccUser user = registry.user(x.user())
                    .orElseThrow(() -> new DuisException(DuisCodes.E1, "user " + x.user() + " has left the registry"));
            UserRole role = UserRole.valueOf(x.role());
            String useCase = Transformer.useCaseFor(sr);
            Transformer.OnBehalf onBehalf = sentByAcb(role, useCase, sr)
                    ? new Transformer.OnBehalf(security.accessControlBroker(), journal.nextAcbCounter()) : null;
            Transformer.Transformed t = transformer.transform(sr, useCase, onBehalf);
            dispatch(user, sr, t.apdu());
        } catch (DuisException | RuntimeException e) {
            LOG.info(() -> "scheduled request " + x.requestId() + " could not run: " + e);
            Optional<DccUser> user = registry.user(x.user());
            if (sr != null && user.isPresent()) {
                String code = e instanceof DuisException d ? d.responseCode() : DuisCodes.E12;
                delivery.deliver(user.get(), responses.build(x.requestId(), null, code, Instant.now(),
                        new DuisResponses.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())));
            }
        } finally {
            journal.ran(x.requestId());
        }
    }

    private static boolean sentByAcb(UserRole role, String useCase) {
        if (role == UserRole.OTHER_USER) {
            return true;
        }
        var uc = org.dccsim.gbcs.usecase.UseCaseRegistry.standard().byId(Transformer.registryId(useCase));
        if (uc.isEmpty()) {
            return false;
        }
        org.dccsim.gbcs.usecase.Role own = switch (role) {
            case SUPPLIER -> org.dccsim.gbcs.usecase.Role.SUPPLIER;
            case NETWORK_OPERATOR -> org.dccsim.gbcs.usecase.Role.NETWORK_OPERATOR;
            case LOAD_CONTROLLER -> org.dccsim.gbcs.usecase.Role.LOAD_CONTROLLER;
            case OTHER_USER -> org.dccsim.gbcs.usecase.Role.OTHER_USER;
        };
        return !uc.get().mayBeSentBy(own) && uc.get().mayBeSentBy(org.dccsim.gbcs.usecase.Role.ACB);
    }

    private void acceptCounter(RequestId id) throws DuisException {
        String key = id.originator() + ":" + id.target();
        Long last = journal.counter(key);
        if (last != null && Long.compareUnsigned(id.counter(), last) <= 0) {
            throw new DuisException(DuisCodes.E12, "RequestID counter " + Long.toUnsignedString(id.counter())
                    + " is not above the last accepted, " + Long.toUnsignedString(last));
        }
        journal.counter(key, id.counter());
    }

    private Reply sendSignedPreCommand(DccUser user, ServiceRequest sr) throws DuisException {
        if (!sr.signedPreCommand()) {
            throw new DuisException(DuisCodes.E12, "command variant 5 carries a SignedPreCommand");
        }
        Journal.Issued pre = journal.issued(sr.requestId().toString());
        if (pre == null) {
            throw new DuisException(DuisCodes.E12, "no pre-command was issued for " + sr.requestId());
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
        if (security.verifySignature(signedBytes, m) != Check.VALID) {
            throw new DuisException(DuisCodes.E12, "the pre-command's signature does not verify with "
                    + sr.requestId().originator() + "'s signing key");
        }
        journal.sent(sr.requestId().toString());
        return dispatch(user, sr, m.apdu());
    }

    /** MACs as the ACB and sends; I99 now, the device's answer later. */
    private Reply dispatch(DccUser user, ServiceRequest sr, GeneralSigningApdu apdu) throws DuisException {
        byte[] command = GbcsFrameEncoder.encode(security.addMac(apdu));
        Eui64 device = apdu.recipient();
        if (!router.server().connected(device)) {
            throw new DuisException(DuisCodes.E20, "device " + device + " is not connected");
        }
        Pending p = new Pending(user, sr.requestId(), sr.serviceReference(), sr.serviceReferenceVariant());
        journal.pending(new Journal.Pending(sr.requestId().toString(), user.eui(), device, apdu.originatorCounter(),
                sr.serviceReference(), sr.serviceReferenceVariant(), System.currentTimeMillis() + deviceTimeout.toMillis()));
        router.send(device, apdu.originatorCounter(), command, deviceTimeout).thenAcceptAsync(o -> complete(p, o), answers);
        return new Reply(200, responses.build(sr.requestId().toString(), null, DuisCodes.I99, Instant.now(),
                new DuisResponses.Content.Empty(sr.serviceReference(), sr.serviceReferenceVariant())));
    }

    private void complete(Pending p, DeviceRouter.Outcome o) {
        RequestId id = p.requestId();
        String responseId = id.target().dashed() + ":" + id.originator().dashed() + ":" + Long.toUnsignedString(id.counter());
        byte[] xml;
        if (o instanceof DeviceRouter.Outcome.Answered a) {
            xml = responses.build(id.toString(), responseId, DuisCodes.I0, Instant.now(), new DuisResponses.Content.GbcsPayload(
                    p.sr(), p.srv(), a.response()));
        } else {
            String code = o instanceof DeviceRouter.Outcome.NotConnected ? DuisCodes.E20 : DuisCodes.E21;
            xml = responses.build(id.toString(), responseId, code, Instant.now(), new DuisResponses.Content.Empty(p.sr(), p.srv()));
        }
        delivery.deliver(p.user(), xml);
        journal.done(id.toString());
    }

    private void onAlert(Eui64 device, byte[] gbcs) {
        GeneralSigningApdu apdu;
        try {
            apdu = decoder.decode(gbcs).apdu();
        } catch (GbcsDecodeException e) {
            LOG.fine(() -> "undecodable alert from " + device);
            return;
        }
        Eui64 to = apdu.otherInformation().supplementaryRemotePartyId() != null
                ? apdu.otherInformation().supplementaryRemotePartyId() : apdu.recipient();
        Optional<DccUser> user = registry.user(to);
        if (user.isEmpty()) {
            LOG.fine(() -> "alert from " + device + " for unknown user " + to);
            return;
        }
        int code = DeviceAlerts.parse(apdu).map(DeviceAlert::alertCode).orElse(0);
        String responseId = device.dashed() + ":" + to.dashed() + ":" + Long.toUnsignedString(apdu.originatorCounter());
        delivery.deliver(user.get(), responses.build(null, responseId, DuisCodes.I0, Instant.now(),
                new DuisResponses.Content.DeviceAlert(code, gbcs)));
    }
}
