package org.dccsim.duis.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.DuisSignatures;
import org.dccsim.duis.OutgoingDocument;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.poll.Multipart;
import org.dccsim.duis.poll.PollRequest;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.w3c.dom.Document;

/**
 * A DCC User's side of DUIS over HTTP: writes service requests, XML-signs them with the user's key, posts them to a
 * head-end's web services (DCC Boxed's paths), runs the critical flow (DUIS 3.2.4: transform, GBCS-sign the
 * pre-command, send) and long-polls for the asynchronous answers with dccsim's poll extension ({@link PollRequest}).
 * Every answer's XML signature is checked against the DSP's certificate. Thread-safe.
 *
 * <p>A client has a tag ({@link #clientTag()}), sent with every request: the head-end keeps the answers to those
 * requests, and the alerts from the devices they addressed, for this client's polls, so other tools polling for the
 * same user never take them, and this client never takes theirs.
 *
 * <p>HTTP is Apache HttpClient's classic API over a pool of keep-alive connections: each exchange runs on the calling
 * thread. Close the client to close its connections.
 *
 * <p>An exchange's time limit is not a socket read timeout but a deadline that aborts the exchange: a timed read
 * costs a poll(2) and a second read(2) for every response (the JDK switches a socket with a timeout to non-blocking),
 * and a plain socket stays non-blocking for good after one timed operation, such as its connect or the pool's stale
 * check. Sockets come from {@link SocketChannel}s, whose timed operations (the 3 s connect, the stale check) return
 * the socket to blocking mode, so each untimed response read is one blocking read(2).
 */
public final class DuisClient implements AutoCloseable {
    /** A user's DUIS identity: its EUI and its XML-signing key and certificate. */
    public record Identity(Eui64 eui, PrivateKey xmlKey, X509Certificate xmlCertificate) {
        @Override
        public String toString() {
            return "Identity[" + eui + "]";
        }
    }

    /** A document a poll handed over, with the sequence number that acknowledges it. */
    public record Delivered(long seq, DuisResponse response) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Aborts exchanges past their deadline, for every client: one daemon thread that wakes only when a deadline passes
     * (a cancelled deadline leaves the queue at once, so a busy client does not fill it).
     */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "duis-client-deadlines");
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }

    private final URI base;
    private final String clientTag;
    /**
     * The largest answer body read: a poll's multipart of up to 200 signed answers of a few KiB each (a 4.8.1
     * profile answer is the largest, under 16 KiB) fits many times over; a hostile or broken head-end cannot make the
     * client hold more.
     */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    /** Connections kept per head-end: more than any caller's threads (a drill's senders plus its poller). */
    private static final int MAX_CONNECTIONS = 256;
    private final CloseableHttpClient http;
    private final Timeouts timeouts;
    /** The head-end's few endpoints, each parsed once rather than per exchange. */
    private final Map<String, URI> endpoints = new ConcurrentHashMap<>();
    /**
     * Long-polls in progress, by the user polling: a blocking socket read does not end on Thread.interrupt (the JDK's
     * HttpClient did), so {@link #cancelPolls} aborts them for an {@link Inbox} that closes.
     */
    private final Map<HttpPost, Eui64> polls = new ConcurrentHashMap<>();
    private final DuisDocuments docs = DuisDocuments.withoutSchema();
    private final DuisSignatures signer = new DuisSignatures();
    private final DuisSignatures verifier = new DuisSignatures();
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private final Map<String, Long> lastCounters = new ConcurrentHashMap<>();
    private final Object[] pairLocks = new Object[1024];

    {
        for (int i = 0; i < pairLocks.length; i++) {
            pairLocks[i] = new Object();
        }
    }

    /**
     * @param base             the head-end, e.g. {@code http://127.0.0.1:8079}
     * @param dspCertificates  the DSP XML-signing certificates answers may be signed with
     * @param clientTag        this client's tag (see {@link PollRequest}); null picks a random one
     */
    public DuisClient(URI base, Collection<X509Certificate> dspCertificates, String clientTag) {
        this(base, dspCertificates, clientTag, true, Timeouts.DEFAULT);
    }

    /**
     * How long an exchange may take before the client gives up on it (TIMEOUT): a service request's answer, and what
     * a long-poll may take beyond the wait it asked for.
     */
    record Timeouts(Duration answer, Duration pollSlack) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** A tagged client with other time limits, for tests that watch a deadline pass. */
    static DuisClient withTimeouts(URI base, X509Certificate dspCertificate, Timeouts timeouts) {
        return new DuisClient(base, List.of(dspCertificate), null, true, timeouts);
    }

    private DuisClient(URI base, Collection<X509Certificate> dspCertificates, String clientTag, boolean tagged,
            Timeouts timeouts) {
        this.timeouts = timeouts;
        String b = base.toString().replaceAll("/+$", "");
        this.base = URI.create(b);
        if (clientTag != null && !PollRequest.validToken(clientTag)) {
            throw new IllegalArgumentException("a client tag is 1 to 64 letters, digits and . _ : -, not " + clientTag);
        }
        this.clientTag = !tagged ? null : clientTag != null ? clientTag : "client-" + nonce().substring(0, 12);
        dspCertificates.forEach(verifier::trust);
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManagerBuilder() {
            @Override
            protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                    TlsSocketStrategy tls) {
                return new DefaultHttpClientConnectionOperator(DuisClient::channelSocket, ports, dns,
                        RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
            }
        }.setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.DISABLED).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(3))
                        .setSocketTimeout(Timeout.DISABLED).build())
                .build();
        // DUIS requests are not idempotent (a replayed counter is refused, E12): never retried, never redirected.
        this.http = HttpClients.custom().setConnectionManager(connections).disableAutomaticRetries()
                .disableRedirectHandling().disableCookieManagement().disableAuthCaching().disableContentCompression()
                .setUserAgent("dccsim-duis-client").build();
    }

    /**
     * A client without a tag, like a DUIS tool that knows nothing of dccsim's claims: its requests claim nothing, and
     * its polls take only what no client claimed (or a lapsed claim left behind).
     */
    public static DuisClient untagged(URI base, Collection<X509Certificate> dspCertificates) {
        return new DuisClient(base, dspCertificates, null, false, Timeouts.DEFAULT);
    }

    public DuisClient(URI base, X509Certificate dspCertificate) {
        this(base, List.of(dspCertificate), null);
    }

    /** This client's tag, or null for an untagged one. */
    public String clientTag() {
        return clientTag;
    }

    public URI base() {
        return base;
    }

    /**
     * A RequestID counter for a request from {@code user} to {@code device}: the current time in milliseconds, as DCC
     * Boxed and its signing tool use, raised above this client's last counter for the pair so that it strictly
     * increases (DUIS 1a) even for requests sent within one millisecond.
     */
    public long nextCounter(Eui64 user, Eui64 device) {
        return lastCounters.merge(user + ":" + device, System.currentTimeMillis(), (last, now) -> Math.max(last + 1, now));
    }

    /** A socket for the pool: a channel's, direct or through {@code proxy} as a plain socket (see the class comment). */
    private static Socket channelSocket(Proxy proxy) throws IOException {
        return proxy == null || proxy.type() == Proxy.Type.DIRECT ? SocketChannel.open().socket() : new Socket(proxy);
    }

    /** Signs a request as {@code who}; the document's bytes as sent. */
    public byte[] sign(Identity who, Document unsigned) {
        signer.sign(unsigned, who.xmlKey(), who.xmlCertificate());
        return DuisDocuments.serialise(unsigned);
    }

    /**
     * A poll's nonce: 12 random bytes. From nextBytes, not generateSeed, which asks the operating system's entropy
     * source each time and is meant for seeding generators, not for values.
     */
    private static String nonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Signs a document dccsim wrote as {@code who}; its bytes as sent. */
    public byte[] sign(Identity who, OutgoingDocument unsigned) {
        return signer.sign(unsigned, who.xmlKey(), who.xmlCertificate());
    }

    /**
     * Submits a service request and returns its RequestID once the head-end has accepted it (I99): variant 1 for a
     * non-critical one; for a critical one the whole critical flow, the pre-command signed by {@code gbcs} as the
     * user. Its answer comes later, to a poll.
     */
    public RequestId submit(Identity who, Eui64 device, String srv, XmlNode body, boolean critical, GbcsSecurity gbcs)
            throws DuisClientException {
        return submit(who, device, srv, body, critical, gbcs, id -> {
        });
    }

    /**
     * As {@link #submit(Identity, Eui64, String, XmlNode, boolean, GbcsSecurity)}, telling {@code beforeSend} the
     * RequestID before anything is sent (its answer may arrive before this returns). Requests from one user to one device
     * are sent one at a time, in counter order: the head-end accepts a user's counters for a device only increasing, so
     * two threads racing would refuse each other (E12).
     */
    public RequestId submit(Identity who, Eui64 device, String srv, XmlNode body, boolean critical, GbcsSecurity gbcs,
            java.util.function.Consumer<RequestId> beforeSend) throws DuisClientException {
        synchronized (pairLocks[Math.floorMod((who.eui().value() * 31 + device.value()) ^ (device.value() >>> 32),
                pairLocks.length)]) {
            RequestId id = new RequestId(who.eui(), device, nextCounter(who.eui(), device));
            beforeSend.accept(id);
            submit(who, id, srv, body, critical, gbcs);
            return id;
        }
    }

    /**
     * {@link #submit(Identity, Eui64, String, XmlNode, boolean, GbcsSecurity)} with a RequestID the caller chose (from
     * {@link #nextCounter}), for callers that must know it before the answer can arrive.
     */
    public void submit(Identity who, RequestId id, String srv, XmlNode body, boolean critical, GbcsSecurity gbcs)
            throws DuisClientException {
        if (!critical) {
            expect(post("serviceS", who, ServiceRequest.of(id, 1, srv, body)), DuisCodes.I99, id);
            return;
        }
        DuisResponse t = post("serviceT", who, ServiceRequest.of(id, 4, srv, body));
        expect(t, DuisCodes.I0, id);
        byte[] pre = t.content().gbcs()
                .orElseThrow(() -> DuisClientException.of(DuisClientException.Reason.BAD_ANSWER, "the transform of " + id
                        + " carries no pre-command"));
        byte[] signed;
        try {
            GeneralSigningApdu apdu = decoder.decode(pre).apdu();
            signed = GbcsFrameEncoder.encodeApdu(gbcs.sign(apdu, who.eui()));
        } catch (GbcsDecodeException e) {
            throw DuisClientException.of(DuisClientException.Reason.BAD_ANSWER, "the pre-command for " + id
                    + " does not decode: " + e.getMessage());
        } catch (KeyStoreException e) {
            throw DuisClientException.of(DuisClientException.Reason.NO_KEY, "cannot sign the pre-command as " + who.eui()
                    + ": " + e.getMessage());
        }
        XmlNode send = XmlNode.element("SignedPreCommand", XmlNode.leaf("GBCSPayload", Base64.getEncoder().encodeToString(signed)));
        expect(post("serviceS", who, ServiceRequest.of(id, 5, srv, send)), DuisCodes.I99, id);
    }

    private static void expect(DuisResponse r, String code, RequestId id) throws DuisClientException {
        if (!code.equals(r.code())) {
            throw DuisClientException.refused(r.code(), id.toString());
        }
    }

    /** Signs and POSTs a request to a web service ("serviceS", "serviceT", "serviceD") and reads the signed reply. */
    public DuisResponse post(String service, Identity who, ServiceRequest request) throws DuisClientException {
        byte[] body = sign(who, request.toXml());
        Answer r = exchange(base + "/api/v1/" + service, body, timeouts.answer(), request.requestId().toString(), null);
        if (r.status() != 200) {
            throw DuisClientException.httpStatus(r.status(), request.requestId().toString());
        }
        return read(r.body());
    }

    /**
     * One long-poll: waits up to {@code wait} for this client's next answers (at most {@code max}), acknowledging
     * {@code acks} from earlier polls. With {@code explicitAck}, what comes back stays leased until acknowledged by a
     * later poll and comes again if it is not; without, the head-end forgets it once written. Empty if none came.
     */
    public List<Delivered> poll(Identity who, Duration wait, int max, Collection<Long> acks, boolean explicitAck)
            throws DuisClientException {
        PollRequest p = new PollRequest(who.eui(), Instant.now(), nonce(),
                (int) Math.min(PollRequest.MAX_WAIT_SECONDS, Math.max(0, wait.toSeconds())), max, clientTag, explicitAck,
                List.copyOf(acks));
        Answer r = exchange(base + PollRequest.PATH, sign(who, p.toXml()), wait.plus(timeouts.pollSlack()), "a poll",
                who.eui());
        List<Delivered> out = new ArrayList<>();
        if (r.status() == 204) {
            return out;
        }
        if (r.status() != 200) {
            throw DuisClientException.httpStatus(r.status(), "poll as " + who.eui());
        }
        String boundary = Multipart.boundary(r.contentType());
        if (boundary == null) {
            long seq;
            try {
                seq = r.seq() == null ? -1L : Long.parseLong(r.seq().trim());
            } catch (NumberFormatException e) {
                throw DuisClientException.of(DuisClientException.Reason.BAD_ANSWER, "the poll answer's " + Multipart.SEQ_HEADER
                        + " is not a number");
            }
            out.add(new Delivered(seq, read(r.body())));
            return out;
        }
        try {
            for (Multipart.Part part : Multipart.read(boundary, r.body())) {
                out.add(new Delivered(part.seq(), read(part.body())));
            }
        } catch (IllegalArgumentException e) {
            throw DuisClientException.of(DuisClientException.Reason.BAD_ANSWER, "the poll answer is not a readable "
                    + "multipart: " + e.getMessage());
        }
        return out;
    }

    /** An HTTP answer as read: status, the two headers a DUIS client needs, the body (empty when none). */
    private record Answer(int status, String contentType, String seq, byte[] body) {
    }

    /** Aborts {@code user}'s polls in progress on this client: they fail (TIMEOUT) at once instead of waiting out their time. */
    public void cancelPolls(Eui64 user) {
        polls.forEach((post, u) -> {
            if (u.equals(user)) {
                post.cancel();
            }
        });
    }

    private Answer exchange(String uri, byte[] body, Duration timeout, String what, Eui64 polling)
            throws DuisClientException {
        HttpPost post = new HttpPost(endpoints.computeIfAbsent(uri, URI::create));
        if (polling != null) {
            polls.put(post, polling);
        }
        try {
            return exchange(post, body, timeout, what);
        } finally {
            if (polling != null) {
                polls.remove(post);
            }
        }
    }

    private Answer exchange(HttpPost post, byte[] body, Duration timeout, String what) throws DuisClientException {
        post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.DISABLED).build());
        if (clientTag != null) {
            post.setHeader(PollRequest.CLIENT_HEADER, clientTag);
        }
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_XML));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = Deadlines.TIMER.schedule(() -> {
            late.set(true);
            post.cancel();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return exchange(post, what, late);
        } finally {
            deadline.cancel(false);
        }
    }

    private Answer exchange(HttpPost post, String what, AtomicBoolean late) throws DuisClientException {
        try {
            return http.execute(post, response -> {
                HttpEntity entity = response.getEntity();
                Header type = response.getFirstHeader("Content-Type");
                Header seq = response.getFirstHeader(Multipart.SEQ_HEADER);
                return new Answer(response.getCode(), type == null ? null : type.getValue(),
                        seq == null ? null : seq.getValue(), entity == null ? new byte[0] : readCapped(entity));
            });
        } catch (ConnectTimeoutException | ConnectException e) {
            throw DuisClientException.of(DuisClientException.Reason.UNREACHABLE, "cannot reach the head-end at " + base);
        } catch (SocketTimeoutException e) {
            throw DuisClientException.of(DuisClientException.Reason.TIMEOUT, "the head-end at " + base
                    + " did not answer " + what + " in time");
        } catch (InterruptedIOException e) {
            // Also how HttpClient ends a request cancelled by cancelPolls or its deadline: the thread itself was not
            // interrupted then.
            if (post.isCancelled()) {
                throw cancelled(what, late);
            }
            Thread.currentThread().interrupt();
            throw DuisClientException.of(DuisClientException.Reason.TIMEOUT, "interrupted while waiting for " + what);
        } catch (AnswerTooLarge e) {
            throw DuisClientException.of(DuisClientException.Reason.BAD_ANSWER, "the head-end's answer to " + what
                    + " exceeds " + MAX_ANSWER_BYTES + " bytes");
        } catch (IOException e) {
            if (post.isCancelled()) {
                throw cancelled(what, late);
            }
            throw DuisClientException.of(DuisClientException.Reason.UNREACHABLE, "cannot talk to the head-end at " + base
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (RuntimeException e) {
            // HttpClient's unchecked ends: a cancelled request (CancellationException), a closed client's pool.
            if (post.isCancelled()) {
                throw cancelled(what, late);
            }
            throw DuisClientException.of(DuisClientException.Reason.UNREACHABLE, what + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** An exchange aborted by its deadline (the head-end was too slow) or by {@link #cancelPolls}. */
    private DuisClientException cancelled(String what, AtomicBoolean late) {
        return late.get()
                ? DuisClientException.of(DuisClientException.Reason.TIMEOUT, "the head-end at " + base
                        + " did not answer " + what + " in time")
                : DuisClientException.of(DuisClientException.Reason.TIMEOUT, what + " was cancelled");
    }

    /** Signals, through the response handler, a body over {@link #MAX_ANSWER_BYTES}. */
    private static final class AnswerTooLarge extends IOException {
        AnswerTooLarge() {
            super(null, null);
        }
    }

    /** The entity's bytes, refusing more than {@link #MAX_ANSWER_BYTES} whatever its Content-Length claims. */
    private static byte[] readCapped(HttpEntity entity) throws IOException {
        long declared = entity.getContentLength();
        if (declared > MAX_ANSWER_BYTES) {
            throw new AnswerTooLarge();
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            // readNBytes grows its buffer as bytes arrive, so a claimed length allocates nothing ahead of them.
            byte[] body = in.readNBytes(declared >= 0 ? (int) declared : MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new AnswerTooLarge();
            }
            if (declared >= 0 && body.length != declared) {
                throw new java.io.EOFException("the answer ended after " + body.length + " of " + declared + " bytes");
            }
            return body;
        }
    }

    /** Closes this client's connections; requests in progress fail. */
    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    /** Parses a head-end's answer and checks it is signed by the DSP. */
    public DuisResponse read(byte[] xml) throws DuisClientException {
        try {
            Document d = docs.parse(xml);
            verifier.verify(d);
            return DuisResponse.read(d);
        } catch (DuisException e) {
            throw DuisClientException.of(DuisClientException.Reason.BAD_ANSWER, "the head-end's answer is not a valid "
                    + "signed DUIS response: " + e.getMessage());
        }
    }
}
