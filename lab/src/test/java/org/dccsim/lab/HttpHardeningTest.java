package org.dccsim.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dccsim.device.DeviceType;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.poll.PollRequest;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.headend.gateway.DuisHttpServer;
import org.dccsim.lab.junit.DccLab;
import org.junit.jupiter.api.Test;

/**
 * The DUIS port's defences over real sockets, one test per defect the attack run found (issue: hostile network):
 * pipelined requests answered in order, a global budget for request bodies, deeply nested XML, replayed and dropped
 * polls, and identical requests racing for one counter or one pre-command. Each failed before its fix.
 */
@DccLab(sites = 2, vlps = 1, mix = "BATTERY=1")
class HttpHardeningTest {

    private static int port(EmbeddedDcc dcc) {
        return URI.create(dcc.duisBase()).getPort();
    }

    private static Eui64 first(EmbeddedDcc dcc, DeviceType type) {
        return dcc.fleet().devices().stream().filter(d -> d.type() == type).findFirst().orElseThrow().eui();
    }

    /** A signed 4.1.1 read of the ESME by the supplier, with the counter given. */
    private static byte[] signedRead(EmbeddedDcc dcc, DuisClient duis, long counter) {
        ClientProfile.Client supplier = dcc.client("supplier");
        RequestId id = new RequestId(supplier.eui(), first(dcc, DeviceType.ESME), counter);
        return duis.sign(supplier.identity(), ServiceRequest.of(id, 1, "4.1.1",
                Bodies.empty("ReadInstantaneousImportRegisters")).toDocument());
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder_eachWithItsOwnAnswer(EmbeddedDcc dcc) throws Exception {
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), dcc.client("supplier").dspCertificates(), "pipe");
        long counter = System.currentTimeMillis();
        List<Integer> statuses = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        try (RawHttp http = new RawHttp(port(dcc))) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 40; i++) {
                switch (i % 4) {
                    case 0 -> all.write(http.get("/health"));
                    case 1 -> all.write(http.post("/api/v1/serviceS", "<not-xml".getBytes(StandardCharsets.UTF_8)));
                    case 2 -> all.write(http.get("/no-such-thing"));
                    default -> {
                        byte[] doc = signedRead(dcc, duis, counter + i);
                        requestIds.add(new RequestId(dcc.client("supplier").eui(), first(dcc, DeviceType.ESME), counter + i)
                                .toString());
                        all.write(http.post("/api/v1/serviceS", doc));
                    }
                }
            }
            http.send(all.toByteArray()); // all 40 at once, before reading any answer
            List<String> answered = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RawHttp.Response r = http.read();
                assertThat(r).as("answer %d", i).isNotNull();
                statuses.add(r.status());
                if (i % 4 == 1) {
                    assertThat(r.text()).as("a 400 says what it refused").contains("not a readable DUIS service request");
                }
                if (i % 4 == 3) {
                    DuisResponse d = duis.read(r.body());
                    answered.add(d.requestId());
                    assertThat(d.code()).isEqualTo(DuisCodes.I99);
                }
            }
            assertThat(answered).containsExactlyElementsOf(requestIds);
        }
        for (int i = 0; i < 40; i++) {
            assertThat(statuses.get(i)).as("status of request %d", i).isEqualTo(new int[] {200, 400, 404, 200}[i % 4]);
        }
    }

    @Test
    void requestBodies_shareOneBudget_andAreRefusedWith503WhenItIsSpent(EmbeddedDcc dcc) throws Exception {
        // Slow senders: headers announcing a maximum-size body that never comes. Each holds its reservation.
        int holders = (int) (DuisHttpServer.MAX_BUFFERED_BYTES / org.dccsim.duis.DuisDocuments.MAX_DOCUMENT_BYTES);
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < holders; i++) {
                RawHttp h = new RawHttp(port(dcc));
                slow.add(h);
                h.send(("POST /api/v1/serviceS HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: "
                        + org.dccsim.duis.DuisDocuments.MAX_DOCUMENT_BYTES + "\r\n\r\n<sr:Request").getBytes(StandardCharsets.US_ASCII));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dcc.headEnd().http().bufferedBytes() < DuisHttpServer.MAX_BUFFERED_BYTES && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (RawHttp one = new RawHttp(port(dcc))) {
                one.send(one.post("/api/v1/serviceS", "<x/>".getBytes(StandardCharsets.UTF_8)));
                RawHttp.Response r = one.read();
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.headers()).containsEntry("retry-after", "1");
                assertThat(one.closedByPeer()).isTrue();
            }
        } finally {
            for (RawHttp h : slow) {
                h.close();
            }
        }
        // Closed connections give their reservations back.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dcc.headEnd().http().bufferedBytes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(dcc.headEnd().http().bufferedBytes()).isZero();
        try (RawHttp again = new RawHttp(port(dcc))) {
            again.send(again.post("/api/v1/serviceS", "<x/>".getBytes(StandardCharsets.UTF_8)));
            assertThat(again.read().status()).isEqualTo(400);
        }
    }

    @Test
    void deeplyNestedXml_isRefusedWith400_andTheConnectionServesTheNextRequest(EmbeddedDcc dcc) throws Exception {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            deep.append("<a>");
        }
        for (int i = 0; i < 20_000; i++) {
            deep.append("</a>");
        }
        try (RawHttp http = new RawHttp(port(dcc))) {
            http.send(http.post("/api/v1/serviceS", deep.toString().getBytes(StandardCharsets.UTF_8)));
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("deeper than");
            http.send(http.get("/health"));
            assertThat(http.read().status()).isEqualTo(200);
        }
    }

    private static byte[] signedPoll(EmbeddedDcc dcc, DuisClient duis, String nonce, int waitSeconds, String client) {
        return signedPoll(dcc, duis, nonce, waitSeconds, client, 10);
    }

    private static byte[] signedPoll(EmbeddedDcc dcc, DuisClient duis, String nonce, int waitSeconds, String client, int max) {
        ClientProfile.Client supplier = dcc.client("supplier");
        return duis.sign(supplier.identity(), new PollRequest(supplier.eui(), Instant.now(), nonce, waitSeconds, max, client,
                false, List.of()).toDocument());
    }

    @Test
    void aReplayedPoll_isRefused(EmbeddedDcc dcc) throws Exception {
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), dcc.client("supplier").dspCertificates(), "replay");
        byte[] poll = signedPoll(dcc, duis, HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), 0, "replay");
        try (RawHttp http = new RawHttp(port(dcc))) {
            http.send(http.post(PollRequest.PATH, poll));
            assertThat(http.read().status()).isIn(200, 204);
            http.send(http.post(PollRequest.PATH, poll));
            RawHttp.Response again = http.read();
            assertThat(again.status()).isEqualTo(403);
            assertThat(again.text()).contains("nonce was used before");
        }
    }

    @Test
    void aDroppedPoll_losesNothing_andReleasesItsWait(EmbeddedDcc dcc) throws Exception {
        ClientProfile.Client supplier = dcc.client("supplier");
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), supplier.dspCertificates(), "dropper");
        int waitingBefore = dcc.headEnd().delivery().waitingPolls();
        // A long-poll whose client goes away while it waits.
        try (RawHttp http = new RawHttp(port(dcc))) {
            http.send(http.post(PollRequest.PATH, signedPoll(dcc, duis, "0102030405060708aa", 30, "dropper"),
                    PollRequest.CLIENT_HEADER + ": dropper"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dcc.headEnd().delivery().waitingPolls() == waitingBefore && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(dcc.headEnd().delivery().waitingPolls()).isEqualTo(waitingBefore + 1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dcc.headEnd().delivery().waitingPolls() > waitingBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(dcc.headEnd().delivery().waitingPolls()).as("the dropped poll's wait released").isEqualTo(waitingBefore);
        // The answer that comes after is still there for the client's next poll.
        RequestId id = duis.submit(supplier.identity(), first(dcc, DeviceType.ESME), "4.1.1",
                Bodies.empty("ReadInstantaneousImportRegisters"), false, null);
        List<String> got = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!got.contains(id.toString()) && System.nanoTime() < until) {
            duis.poll(supplier.identity(), Duration.ofSeconds(2), 10, List.of(), false).forEach(d -> got.add(d.response()
                    .requestId()));
        }
        assertThat(got).contains(id.toString());
    }

    /** Sends the same bytes on {@code n} connections at once; the DUIS codes that come back. */
    private static List<String> race(EmbeddedDcc dcc, DuisClient duis, String path, byte[] doc, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<String> c = () -> {
                    try (RawHttp http = new RawHttp(port(dcc))) {
                        byte[] request = http.post(path, doc);
                        go.await();
                        http.send(request);
                        return duis.read(http.read().body()).code();
                    }
                };
                answers.add(pool.submit(c));
            }
            go.countDown();
            List<String> codes = new ArrayList<>();
            for (Future<String> f : answers) {
                codes.add(f.get(30, TimeUnit.SECONDS));
            }
            return codes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void identicalRequestsRacing_onlyOneIsAccepted(EmbeddedDcc dcc) throws Exception {
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), dcc.client("supplier").dspCertificates(), "race");
        for (int trial = 0; trial < 5; trial++) {
            List<String> codes = race(dcc, duis, "/api/v1/serviceS", signedRead(dcc, duis, System.currentTimeMillis() + trial),
                    12);
            assertThat(codes).as("trial %d", trial).containsOnlyOnce(DuisCodes.I99);
            assertThat(codes.stream().filter(DuisCodes.E12::equals).count()).isEqualTo(11);
        }
    }

    @Test
    void identicalSignedPreCommandsRacing_onlyOneIsSent(EmbeddedDcc dcc) throws Exception {
        ClientProfile.Client vlp = dcc.client("vlp1");
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), vlp.dspCertificates(), "race-cv5");
        Eui64 sapc = first(dcc, DeviceType.SAPC);
        Instant from = dcc.now();
        XmlNode body = Bodies.limitApcLevel(1, from, from.plus(Duration.ofHours(1)), 40);
        for (int trial = 0; trial < 3; trial++) {
            RequestId id = new RequestId(vlp.eui(), sapc, duis.nextCounter(vlp.eui(), sapc));
            DuisResponse t = duis.post("serviceT", vlp.identity(), ServiceRequest.of(id, 4, "7.16", body));
            assertThat(t.code()).isEqualTo(DuisCodes.I0);
            byte[] signed = GbcsFrameEncoder.encodeApdu(new GbcsSecurity(vlp.gbcsKeys()).sign(new GbcsFrameDecoder()
                    .decode(t.content().gbcs().orElseThrow()).apdu(), vlp.eui()));
            byte[] doc = duis.sign(vlp.identity(), ServiceRequest.of(id, 5, "7.16", XmlNode.element("SignedPreCommand",
                    XmlNode.leaf("GBCSPayload", Base64.getEncoder().encodeToString(signed)))).toDocument());
            List<String> codes = race(dcc, duis, "/api/v1/serviceS", doc, 10);
            assertThat(codes).as("trial %d", trial).containsOnlyOnce(DuisCodes.I99);
        }
    }

    @Test
    void aPreCommandSignedWithAnotherKey_isRefused_andTheRightOneStillGoesOut(EmbeddedDcc dcc) throws Exception {
        ClientProfile.Client vlp = dcc.client("vlp1");
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), vlp.dspCertificates(), "wrong-key");
        Eui64 sapc = first(dcc, DeviceType.SAPC);
        Instant from = dcc.now();
        XmlNode body = Bodies.limitApcLevel(1, from, from.plus(Duration.ofHours(1)), 60);
        RequestId id = new RequestId(vlp.eui(), sapc, duis.nextCounter(vlp.eui(), sapc));
        DuisResponse t = duis.post("serviceT", vlp.identity(), ServiceRequest.of(id, 4, "7.16", body));
        var pre = new GbcsFrameDecoder().decode(t.content().gbcs().orElseThrow()).apdu();
        // The same pre-command, signed as the VLP but with a key the device does not hold for it.
        GbcsSecurity impostor = new GbcsSecurity(new org.dccsim.gbcs.crypto.InMemoryKeyStore().putPair(vlp.eui(),
                org.dccsim.gbcs.crypto.KeyUsage.DS, org.dccsim.gbcs.crypto.EcKeys.deterministic("not-the-vlp")));
        java.util.function.Function<GbcsSecurity, byte[]> send = keys -> duis.sign(vlp.identity(), ServiceRequest.of(id, 5,
                "7.16", XmlNode.element("SignedPreCommand", XmlNode.leaf("GBCSPayload", Base64.getEncoder().encodeToString(
                        GbcsFrameEncoder.encodeApdu(keys.sign(pre, vlp.eui())))))).toDocument());
        try (RawHttp http = new RawHttp(port(dcc))) {
            http.send(http.post("/api/v1/serviceS", send.apply(impostor)));
            assertThat(duis.read(http.read().body()).code()).isEqualTo(DuisCodes.E12);
            // Refusing the forgery did not use up the pre-command: the genuine signature still goes out.
            http.send(http.post("/api/v1/serviceS", send.apply(new GbcsSecurity(vlp.gbcsKeys()))));
            assertThat(duis.read(http.read().body()).code()).isEqualTo(DuisCodes.I99);
        }
    }

    @Test
    void answeredPolls_leaveNothingBehindOnAKeepAliveConnection(EmbeddedDcc dcc) throws Exception {
        ClientProfile.Client supplier = dcc.client("supplier");
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), supplier.dspCertificates(), "keep-alive");
        Eui64 esme = first(dcc, DeviceType.ESME);
        try (RawHttp http = new RawHttp(port(dcc))) {
            for (int i = 0; i < 30; i++) {
                RequestId id = duis.submit(supplier.identity(), esme, "4.1.1", Bodies.empty("ReadInstantaneousImportRegisters"),
                        false, null);
                // A poll that waits up to 30 s, answered as soon as the read's answer is there.
                http.send(http.post(PollRequest.PATH, signedPoll(dcc, duis, "ka" + i + "x" + System.nanoTime(), 30, "keep-alive", 1),
                        PollRequest.CLIENT_HEADER + ": keep-alive"));
                RawHttp.Response r = http.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(duis.read(r.body()).requestId()).isEqualTo(id.toString());
            }
        }
        // The soak found each answered poll's 30 s timer and close listener left on the connection.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (dcc.headEnd().http().pollTimers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(dcc.headEnd().http().pollTimers()).isZero();
    }
}
