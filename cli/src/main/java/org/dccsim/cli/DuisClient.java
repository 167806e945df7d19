package org.dccsim.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.headend.duis.DuisCodes;
import org.dccsim.headend.duis.DuisDocuments;
import org.dccsim.headend.duis.DuisException;
import org.dccsim.headend.gateway.DuisHttpServer;
import org.dccsim.headend.gateway.Multipart;
import org.dccsim.headend.xmldsig.DuisSignatures;
import org.w3c.dom.Document;

/**
 * A DCC User's side of DUIS over HTTP: builds service requests, XML-signs them with the user's key, posts them
 * to a head-end and long-polls for the asynchronous answers. Used by the demo (and, later, dccsim sr).
 */
final class DuisClient {
    /** A user's DUIS identity: its EUI and its XML-signing key and certificate. */
    record Identity(Eui64 eui, PrivateKey xmlKey, X509Certificate xmlCertificate) {
        @Override
        public String toString() {
            return "Identity[" + eui + "]";
        }
    }

    /** A DUIS Response as read: its code, request and response IDs, alert code and GBCS payload. */
    record Reply(String code, String requestId, String responseId, String alertCode, byte[] gbcs) {
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final DuisDocuments docs = DuisDocuments.withoutSchema();
    private final DuisSignatures signer = new DuisSignatures();
    private final DuisSignatures verifier;

    DuisClient(String base, X509Certificate dspCertificate) {
        this.base = base;
        this.verifier = new DuisSignatures().trust(dspCertificate);
    }

    static String request(Eui64 from, Eui64 to, long counter, int cv, String srv, String body) {
        String sr = srv.chars().filter(c -> c == '.').count() == 2 ? srv.substring(0, srv.lastIndexOf('.')) : srv;
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS
                + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>" + requestId(from, to, counter) + "</sr:RequestID><sr:CommandVariant>" + cv + "</sr:CommandVariant>"
                + "<sr:ServiceReference>" + sr + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv
                + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
    }

    byte[] sign(String xml, Identity who) throws DuisException {
        Document d = docs.parse(xml.getBytes(StandardCharsets.UTF_8));
        signer.sign(d, who.xmlKey(), who.xmlCertificate());
        return DuisDocuments.serialise(d);
    }

    /** The head-end answered a request with another code than the acknowledgement the exchange expects. */
    static final class Refused extends UserError {
        private static final long serialVersionUID = 1L;
        final String code;

        Refused(String code, String requestId) {
            super(ExitCodes.REFUSED, "the head-end refused " + requestId + ": " + code + " (" + DuisCodes.meaning(code) + ")");
            this.code = code;
        }
    }

    /** A non-critical request (command variant 1) to serviceS, acknowledged with I99. */
    void sendNonCritical(Identity who, Eui64 device, long counter, String srv, String body)
            throws java.io.IOException, InterruptedException, DuisException {
        expect(post("serviceS", sign(request(who.eui(), device, counter, 1, srv, body), who)), DuisCodes.I99, who, device, counter);
    }

    /**
     * The critical flow (DUIS 3.2.4): variant 4 to serviceT returns the pre-command; the user GBCS-signs it
     * ({@code security} holds the user's signing key); variant 5 to serviceS sends it, acknowledged with I99.
     *
     * @throws org.dccsim.gbcs.crypto.KeyStoreException if {@code security} holds no signing key for the user
     */
    void sendCritical(Identity who, Eui64 device, long counter, String srv, String body, GbcsSecurity security)
            throws java.io.IOException, InterruptedException, DuisException, GbcsDecodeException {
        Reply t = post("serviceT", sign(request(who.eui(), device, counter, 4, srv, body), who));
        expect(t, DuisCodes.I0, who, device, counter);
        var pre = new GbcsFrameDecoder().decode(t.gbcs());
        byte[] signed = GbcsFrameEncoder.encodeApdu(security.sign(pre.apdu(), who.eui()));
        String send = "<sr:SignedPreCommand><sr:GBCSPayload>" + Base64.getEncoder().encodeToString(signed)
                + "</sr:GBCSPayload></sr:SignedPreCommand>";
        expect(post("serviceS", sign(request(who.eui(), device, counter, 5, srv, send), who)), DuisCodes.I99, who, device, counter);
    }

    static String requestId(Eui64 from, Eui64 to, long counter) {
        return from.dashed() + ":" + to.dashed() + ":" + Long.toUnsignedString(counter);
    }

    private static void expect(Reply r, String code, Identity who, Eui64 device, long counter) {
        if (!code.equals(r.code())) {
            throw new Refused(r.code(), requestId(who.eui(), device, counter));
        }
    }

    /** POSTs a signed request to a web service ("serviceS", "serviceT") and reads the signed reply. */
    Reply post(String service, byte[] signed) throws java.io.IOException, InterruptedException, DuisException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/" + service))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new UserError(ExitCodes.BAD_INPUT, "the head-end answered HTTP " + r.statusCode());
        }
        return read(r.body());
    }

    /** The next held answer for the user, waiting up to {@code wait}; null if none came. */
    Reply poll(Identity who, Duration wait) throws java.io.IOException, InterruptedException, DuisException {
        String xml = "<dccsim:Poll xmlns:dccsim=\"" + DuisHttpServer.POLL_NS + "\" user=\"" + who.eui().dashed() + "\" sent=\""
                + Instant.now() + "\" wait=\"" + Math.max(0, wait.toSeconds()) + "\"/>";
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + DuisHttpServer.POLL_PATH))
                .timeout(wait.plusSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(sign(xml, who))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 ? read(r.body()) : null;
    }

    /**
     * Up to {@code max} held answers for the user in one round trip (the poll extension's multipart batch),
     * waiting up to {@code wait} for the first; empty if none came. Each answer's signature is checked.
     */
    java.util.List<Reply> pollBatch(Identity who, Duration wait, int max)
            throws java.io.IOException, InterruptedException, DuisException {
        String xml = "<dccsim:Poll xmlns:dccsim=\"" + DuisHttpServer.POLL_NS + "\" user=\"" + who.eui().dashed() + "\" sent=\""
                + Instant.now() + "\" wait=\"" + Math.max(0, wait.toSeconds()) + "\" max=\"" + max + "\"/>";
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + DuisHttpServer.POLL_PATH))
                .timeout(wait.plusSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(sign(xml, who))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        java.util.List<Reply> out = new java.util.ArrayList<>();
        if (r.statusCode() != 200) {
            return out;
        }
        String boundary = Multipart.boundary(r.headers().firstValue("Content-Type").orElse(null));
        if (boundary == null) {
            out.add(read(r.body())); // a head-end that does not batch answers one document
            return out;
        }
        try {
            for (byte[] part : Multipart.read(boundary, r.body())) {
                out.add(read(part));
            }
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "the poll answer is not a readable multipart: " + e.getMessage());
        }
        return out;
    }

    private Reply read(byte[] xml) throws DuisException {
        Document d = docs.parse(xml);
        verifier.verify(d);
        String payload = field(d, "GBCSPayload");
        return new Reply(field(d, "ResponseCode"), field(d, "RequestID"), field(d, "ResponseID"), field(d, "AlertCode"),
                payload == null ? null : Base64.getMimeDecoder().decode(payload));
    }

    private static String field(Document d, String name) {
        var nl = d.getElementsByTagNameNS(DuisDocuments.DUIS_NS, name);
        return nl.getLength() == 0 ? null : nl.item(0).getTextContent().trim();
    }
}
