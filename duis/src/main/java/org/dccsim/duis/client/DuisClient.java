package org.dccsim.duis.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.DuisSignatures;
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
 */
public final class DuisClient {
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

    private final URI base;
    private final String clientTag;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
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
        this(base, dspCertificates, clientTag, true);
    }

    private DuisClient(URI base, Collection<X509Certificate> dspCertificates, String clientTag, boolean tagged) {
        String b = base.toString().replaceAll("/+$", "");
        this.base = URI.create(b);
        if (clientTag != null && !PollRequest.validToken(clientTag)) {
            throw new IllegalArgumentException("a client tag is 1 to 64 letters, digits and . _ : -, not " + clientTag);
        }
        this.clientTag = !tagged ? null : clientTag != null ? clientTag : "client-" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        dspCertificates.forEach(verifier::trust);
    }

    /**
     * A client without a tag, like a DUIS tool that knows nothing of dccsim's claims: its requests claim nothing, and
     * its polls take only what no client claimed (or a lapsed claim left behind).
     */
    public static DuisClient untagged(URI base, Collection<X509Certificate> dspCertificates) {
        return new DuisClient(base, dspCertificates, null, false);
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

    /** Signs a request as {@code who}; the document's bytes as sent. */
    public byte[] sign(Identity who, Document unsigned) {
        signer.sign(unsigned, who.xmlKey(), who.xmlCertificate());
        return DuisDocuments.serialise(unsigned);
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
        byte[] body = sign(who, request.toDocument());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/api/v1/" + service))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/xml");
        if (clientTag != null) {
            post.header(PollRequest.CLIENT_HEADER, clientTag);
        }
        HttpResponse<byte[]> r = exchange(post.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                request.requestId().toString());
        if (r.statusCode() != 200) {
            throw DuisClientException.httpStatus(r.statusCode(), request.requestId().toString());
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
        PollRequest p = new PollRequest(who.eui(), Instant.now(), HexFormat.of().formatHex(RANDOM.generateSeed(12)),
                (int) Math.min(PollRequest.MAX_WAIT_SECONDS, Math.max(0, wait.toSeconds())), max, clientTag, explicitAck,
                List.copyOf(acks));
        HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(URI.create(base + PollRequest.PATH))
                .timeout(wait.plusSeconds(10)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sign(who, p.toDocument()))).build(), "a poll");
        List<Delivered> out = new ArrayList<>();
        if (r.statusCode() == 204) {
            return out;
        }
        if (r.statusCode() != 200) {
            throw DuisClientException.httpStatus(r.statusCode(), "poll as " + who.eui());
        }
        String boundary = Multipart.boundary(r.headers().firstValue("Content-Type").orElse(null));
        if (boundary == null) {
            long seq = r.headers().firstValue(Multipart.SEQ_HEADER).map(Long::parseLong).orElse(-1L);
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

    private HttpResponse<byte[]> exchange(HttpRequest request, String what) throws DuisClientException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw DuisClientException.of(DuisClientException.Reason.UNREACHABLE, "cannot reach the head-end at " + base);
        } catch (HttpTimeoutException e) {
            throw DuisClientException.of(DuisClientException.Reason.TIMEOUT, "the head-end at " + base
                    + " did not answer " + what + " in time");
        } catch (IOException e) {
            throw DuisClientException.of(DuisClientException.Reason.UNREACHABLE, "cannot talk to the head-end at " + base
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DuisClientException.of(DuisClientException.Reason.TIMEOUT, "interrupted while waiting for " + what);
        }
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
