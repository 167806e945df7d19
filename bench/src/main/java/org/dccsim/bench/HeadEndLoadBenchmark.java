package org.dccsim.bench;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dccsim.device.SmartDevice;
import org.dccsim.device.clock.ScaledClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DerivedKeyStore;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.LayeredKeyStore;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.headend.duis.DuisDocuments;
import org.dccsim.headend.gateway.Delivery;
import org.dccsim.headend.gateway.DuisHttpServer;
import org.dccsim.headend.gateway.DuisResponses;
import org.dccsim.headend.gateway.HeadEnd;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.headend.users.Registry;
import org.dccsim.headend.users.UserRole;
import org.dccsim.headend.wan.DeviceRouter;
import org.dccsim.headend.xmldsig.DuisSignatures;
import org.w3c.dom.Document;

/**
 * Load through the whole head-end on this machine, in one process, over loopback HTTP and TCP: signed DUIS
 * requests in, GBCS to simulated devices, signed DUIS responses back by long-poll. Reports throughput and
 * latency percentiles (request sent to device answer delivered) for non-critical profile reads (4.8.1) and for
 * critical APC limits (7.16: transform, sign the pre-command, send), next to what the cryptography alone costs
 * for the same work on one thread. Not a unit test:
 *
 * <pre>java -cp bench/target/benchmarks.jar org.dccsim.bench.HeadEndLoadBenchmark [requests] [concurrency]</pre>
 */
public final class HeadEndLoadBenchmark {
    static final Eui64 ACB = Eui64.parse("90B3D51F30000002");
    static final Eui64 SUPPLIER = Eui64.parse("90B3D51F30010000");
    static final Eui64 LC = Eui64.parse("90B3D51F30010008");

    private final DuisDocuments docs = DuisDocuments.withoutSchema();
    private final DuisSignatures signer = new DuisSignatures();
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong done = new AtomicLong();
    private String base;
    private GbcsSecurity security;
    private TestCertificates.Issued supplierXml;
    private TestCertificates.Issued lcXml;
    private TestCertificates.Issued dspXml;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        new HeadEndLoadBenchmark().run(n, concurrency);
        System.exit(0);
    }

    void run(int n, int concurrency) throws Exception {
        InMemoryKeyStore orgs = new InMemoryKeyStore();
        for (Eui64 p : List.of(ACB, SUPPLIER, LC)) {
            for (KeyUsage u : KeyUsage.values()) {
                orgs.putPair(p, u, EcKeys.deterministic("load/" + p + "/" + u.fileTag()));
            }
        }
        security = new GbcsSecurity(new LayeredKeyStore(orgs, new DerivedKeyStore("load-devices",
                e -> (e.value() >>> 56) == 0)), ACB);
        SecureRandom rnd = new SecureRandom();
        supplierXml = TestCertificates.selfSigned(SUPPLIER, 135, BigInteger.valueOf(1), rnd);
        lcXml = TestCertificates.selfSigned(LC, 135, BigInteger.valueOf(2), rnd);
        dspXml = TestCertificates.selfSigned(ACB, 137, BigInteger.valueOf(3), rnd);
        int sites = Math.max(1, Math.min(n, 1000));
        ScaledClock clock = new ScaledClock(Instant.parse("2026-06-01T12:00:00Z"), 1.0);
        Fleet fleet = Fleet.build(new FleetSpec(Instant.parse("2026-06-01T00:00:00Z"), new FleetSpec.Trust(
                SUPPLIER.toString(), null, ACB.toString(), LC.toString()), null,
                new FleetSpec.Generate(sites, 1, Map.of(org.dccsim.device.model.AssetType.BATTERY, 1.0), 1L, null, null), null),
                clock, security);
        Registry registry = new Registry()
                .add(new DccUser(SUPPLIER, Set.of(UserRole.SUPPLIER), supplierXml.certificate(), null))
                .add(new DccUser(LC, Set.of(UserRole.LOAD_CONTROLLER), lcXml.certificate(), null));
        List<Eui64> esmes = new ArrayList<>();
        List<Eui64> sapcs = new ArrayList<>();
        for (SmartDevice d : fleet.devices()) {
            boolean esme = d.type() == org.dccsim.device.DeviceType.ESME;
            registry.add(new DeviceRecord(d.eui(), esme ? DeviceRecord.Type.ESME : DeviceRecord.Type.SAPC, SUPPLIER, null,
                    Set.of(LC)));
            (esme ? esmes : sapcs).add(d.eui());
        }
        DeviceRouter router = new DeviceRouter();
        int wan = router.server().start("127.0.0.1", 0);
        DuisSignatures gw = new DuisSignatures();
        Journal journal = Journal.inMemory();
        HeadEnd headEnd = new HeadEnd(registry, security, docs, gw, new DuisResponses(new DuisSignatures(),
                dspXml.keys().getPrivate(), dspXml.certificate()), router, new Delivery(journal), Duration.ofSeconds(30), journal);
        DuisHttpServer server = new DuisHttpServer(headEnd, gw, 2);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        CommsHubLink link = new CommsHubLink(fleet, "127.0.0.1", wan, fleet.faults(), Duration.ofMillis(200)).start();
        link.awaitConnected(Duration.ofSeconds(10));
        while (router.server().connectedDevices() < fleet.devices().size()) {
            Thread.sleep(20);
        }
        System.out.printf("head-end load: %d devices connected; %d requests per phase, %d in flight%n",
                fleet.devices().size(), n, concurrency);

        answers.trust(dspXml.certificate());
        startPollers(SUPPLIER, supplierXml, 2);
        startPollers(LC, lcXml, 2);
        long counter = System.currentTimeMillis() * 1000;
        phase("non-critical 4.8.1 profile reads", n, concurrency, counter, (i, c) -> readProfile(esmes.get(i % esmes.size()), c));
        phase("critical 7.16 APC limits", n, concurrency, counter + 10_000_000L, (i, c) -> limitApc(sapcs.get(i % sapcs.size()), c));
        cryptoAlone(Math.min(n, 500));
        link.close();
        server.close();
        router.server().close();
    }

    interface Job {
        void run(int i, long counter) throws Exception;
    }

    private void phase(String name, int n, int concurrency, long counterBase, Job job) throws Exception {
        latencies.clear();
        done.set(0);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(concurrency);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int idx = i;
            pool.execute(() -> {
                try {
                    job.run(idx, counterBase + idx);
                } catch (Exception e) {
                    System.err.println("request failed: " + e);
                    done.incrementAndGet();
                }
            });
            // Completion releases the slot (in the poller); cap waiting so a lost answer cannot stall the run.
            releaseWhenDone(inFlight, i + 1 - concurrency);
        }
        while (done.get() < n && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(300)) {
            Thread.sleep(5);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdownNow();
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s: %d answered in %.1f s = %.0f per second; latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                name, l.length, secs, l.length / secs, pct(l, 50), pct(l, 95), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1] / 1e6);
    }

    private void releaseWhenDone(java.util.concurrent.Semaphore inFlight, long needed) throws InterruptedException {
        while (needed > 0 && done.get() < needed) {
            Thread.sleep(1);
        }
        inFlight.release();
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private String request(Eui64 from, Eui64 to, long c, int cv, String sr, String srv, String body) {
        return "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\" schemaVersion=\"5.4\"><sr:Header>"
                + "<sr:RequestID>" + from.dashed() + ":" + to.dashed() + ":" + c + "</sr:RequestID><sr:CommandVariant>" + cv
                + "</sr:CommandVariant><sr:ServiceReference>" + sr + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv
                + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
    }

    byte[] sign(String xml, TestCertificates.Issued who) throws Exception {
        Document d = docs.parse(xml.getBytes(StandardCharsets.UTF_8));
        signer.sign(d, who.keys().getPrivate(), who.certificate());
        return DuisDocuments.serialise(d);
    }

    private byte[] post(String service, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/" + service)).POST(
                HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static String field(byte[] xml, String name) {
        String s = new String(xml, StandardCharsets.UTF_8);
        int a = s.indexOf("<sr:" + name + ">");
        int b = s.indexOf("</sr:" + name + ">");
        return a < 0 || b < 0 ? null : s.substring(a + name.length() + 5, b).trim();
    }

    private void readProfile(Eui64 esme, long c) throws Exception {
        String body = "<sr:ReadActiveImportProfileData><sr:ReadLogPeriod><sr:StartDateTime>2026-06-01T00:00:00Z</sr:StartDateTime>"
                + "<sr:EndDateTime>2026-06-01T12:00:00Z</sr:EndDateTime></sr:ReadLogPeriod></sr:ReadActiveImportProfileData>";
        String id = SUPPLIER.dashed() + ":" + esme.dashed() + ":" + c;
        byte[] signed = sign(request(SUPPLIER, esme, c, 1, "4.8", "4.8.1", body), supplierXml);
        sentAt.put(id, System.nanoTime());
        expect(post("serviceS", signed), "I99", id);
    }

    private void limitApc(Eui64 sapc, long c) throws Exception {
        String body = "<sr:LimitAPCLevel auxiliaryControllerN=\"1\"><sr:StartDateTime>2026-06-01T12:00:00Z</sr:StartDateTime>"
                + "<sr:EndDateTime>2026-06-01T14:00:00Z</sr:EndDateTime><sr:CommandedStateLevel>30</sr:CommandedStateLevel>"
                + "</sr:LimitAPCLevel>";
        String id = LC.dashed() + ":" + sapc.dashed() + ":" + c;
        sentAt.put(id, System.nanoTime());
        byte[] pre = post("serviceT", sign(request(LC, sapc, c, 4, "7.16", "7.16", body), lcXml));
        GbcsMessage m = new GbcsFrameDecoder().decode(Base64.getMimeDecoder().decode(field(pre, "GBCSPayload")));
        byte[] signedPre = GbcsFrameEncoder.encodeApdu(security.sign(m.apdu(), LC));
        String send = "<sr:SignedPreCommand><sr:GBCSPayload>" + Base64.getEncoder().encodeToString(signedPre)
                + "</sr:GBCSPayload></sr:SignedPreCommand>";
        expect(post("serviceS", sign(request(LC, sapc, c, 5, "7.16", "7.16", send), lcXml)), "I99", id);
    }

    private void expect(byte[] reply, String code, String id) {
        if (!code.equals(field(reply, "ResponseCode"))) {
            System.err.println(id + ": " + field(reply, "ResponseCode"));
            sentAt.remove(id);
            done.incrementAndGet();
        }
    }

    /** Verifies the gateway's answers, as the users' adapters would. */
    private final DuisSignatures answers = new DuisSignatures();

    private void startPollers(Eui64 user, TestCertificates.Issued who, int threads) {
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                while (true) {
                    try {
                        // Answers in batches of up to 100 per long-poll, each checked against the DSP's signature
                        // as a DCC User's adapter would.
                        String poll = "<dccsim:Poll xmlns:dccsim=\"urn:dccsim:poll\" user=\"" + user.dashed() + "\" sent=\""
                                + Instant.now() + "\" wait=\"5\" max=\"100\"/>";
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + DuisHttpServer.POLL_PATH))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(sign(poll, who))).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            continue;
                        }
                        String boundary = org.dccsim.headend.gateway.Multipart.boundary(
                                r.headers().firstValue("Content-Type").orElse(null));
                        for (byte[] answer : org.dccsim.headend.gateway.Multipart.read(boundary, r.body())) {
                            answers.verify(docs.parse(answer));
                            if (field(answer, "AlertCode") != null) {
                                continue;
                            }
                            Long t0 = sentAt.remove(field(answer, "RequestID"));
                            if (t0 != null) {
                                latencies.add(System.nanoTime() - t0);
                                done.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "load-poller");
            th.setDaemon(true);
            th.start();
        }
    }

    /** The cryptography one critical request costs, alone, on one thread. */
    private void cryptoAlone(int n) throws Exception {
        byte[] sample = sign(request(LC, ACB, 1, 4, "7.16", "7.16", "<sr:X/>"), lcXml);
        DuisSignatures verifier = new DuisSignatures().trust(lcXml.certificate());
        EcKeys.KeyPair k = EcKeys.deterministic("crypto-alone");
        byte[] data = new byte[100];
        byte[] sig = org.dccsim.gbcs.crypto.Ecdsa.sign(k.privateKey(), data);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            verifier.verify(docs.parse(sample));
        }
        double xmlVerify = (System.nanoTime() - t0) / 1e6 / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sign(request(LC, ACB, i, 4, "7.16", "7.16", "<sr:X/>"), lcXml);
        }
        double xmlSign = (System.nanoTime() - t0) / 1e6 / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            org.dccsim.gbcs.crypto.Ecdsa.sign(k.privateKey(), data);
        }
        double ecSign = (System.nanoTime() - t0) / 1e6 / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            org.dccsim.gbcs.crypto.Ecdsa.verify(k.publicKey(), data, sig);
        }
        double ecVerify = (System.nanoTime() - t0) / 1e6 / n;
        // A 7.16 end to end: 2 requests XML-signed by the user and verified by the gateway, 3 responses (I0
        // pre-command, I99, I0 result) XML-signed by the gateway, the pre-command signed by the user and
        // verified twice (gateway, device), the response signed by the device and verified by the user.
        double critical = 2 * (xmlSign + xmlVerify) + 3 * xmlSign + 2 * ecSign + 3 * ecVerify;
        // A 4.8.1: 1 request signed and verified, 2 responses signed.
        double read = (xmlSign + xmlVerify) + 2 * xmlSign;
        System.out.printf("crypto alone, one thread: XML sign %.2f ms, XML verify %.2f ms, ECDSA sign %.2f ms, verify %.2f ms%n",
                xmlSign, xmlVerify, ecSign, ecVerify);
        System.out.printf("crypto alone per request: 4.8.1 read %.2f ms (%.0f per second per core), 7.16 limit %.2f ms "
                + "(%.0f per second per core)%n", read, 1000 / read, critical, 1000 / critical);
    }
}
