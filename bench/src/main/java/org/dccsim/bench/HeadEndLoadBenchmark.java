package org.dccsim.bench;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.DeviceType;
import org.dccsim.device.Device;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.model.AssetType;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisSignatures;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.Ecdsa;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Organisations;

/**
 * Load through the whole head-end on this machine, in one process, over loopback HTTP and TCP, through the DUIS
 * library a DCC User would use: signed DUIS requests in, GBCS to simulated devices, signed DUIS responses back by
 * long-poll (batched, explicitly acknowledged). Reports throughput and latency percentiles (request sent to device
 * answer delivered) for non-critical profile reads (4.8.1) and critical APC limits (7.16: transform, sign the
 * pre-command, send), next to what the cryptography alone costs for the same work on one thread. Not a unit test:
 *
 * <pre>java -cp bench/target/benchmarks.jar org.dccsim.bench.HeadEndLoadBenchmark [requests] [concurrency]</pre>
 */
public final class HeadEndLoadBenchmark {
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong done = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        new HeadEndLoadBenchmark().run(n, concurrency);
        System.exit(0);
    }

    void run(int n, int concurrency) throws Exception {
        int sites = Math.max(1, Math.min(n, 1000));
        FleetSpec fleet = new FleetSpec(Instant.parse("2026-06-01T00:00:00Z"), new FleetSpec.Trust(
                Organisations.SUPPLIER.toString(), null, Organisations.ACB.toString(), Organisations.vlp(1).toString()), null,
                new FleetSpec.Generate(sites, 1, Map.of(AssetType.BATTERY, 1.0), 1L, null, null), null);
        SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
        rnd.setSeed(1);
        try (EmbeddedDcc dcc = EmbeddedDcc.builder().organisations(Organisations.generate(Organisations.standard(1), rnd),
                "load").fleet(fleet).clock(new ScaledClock(Instant.parse("2026-06-01T12:00:00Z"), 1.0))
                .deviceTimeout(Duration.ofSeconds(30)).start()) {
            dcc.awaitDevices(Duration.ofSeconds(30));
            List<Eui64> esmes = new ArrayList<>();
            List<Eui64> sapcs = new ArrayList<>();
            for (Device d : dcc.fleet().devices()) {
                (d.type() == DeviceType.ESME ? esmes : sapcs).add(d.eui());
            }
            System.out.printf("head-end load: %d devices connected; %d requests per phase, %d in flight%n",
                    dcc.fleet().devices().size(), n, concurrency);
            ClientProfile.Client supplier = dcc.client("supplier");
            ClientProfile.Client vlp = dcc.client("vlp1");
            startPoller(dcc.duis("supplier"), supplier);
            startPoller(dcc.duis("vlp1"), vlp);
            XmlNode read = Bodies.readLog("ReadActiveImportProfileData", Instant.parse("2026-06-01T00:30:00Z"),
                    Instant.parse("2026-06-01T12:00:00Z"), null);
            XmlNode limit = Bodies.limitApcLevel(1, Instant.parse("2026-06-01T12:00:00Z"), Instant.parse("2026-06-01T14:00:00Z"), 30);
            phase("non-critical 4.8.1 profile reads", n, concurrency,
                    i -> submit(dcc, supplier, esmes.get(i % esmes.size()), "4.8.1", read, false));
            phase("critical 7.16 APC limits", n, concurrency,
                    i -> submit(dcc, vlp, sapcs.get(i % sapcs.size()), "7.16", limit, true));
            cryptoAlone(vlp, Math.min(n, 500));
        }
    }

    interface Job {
        void run(int i) throws Exception;
    }

    private void submit(EmbeddedDcc dcc, ClientProfile.Client who, Eui64 device, String srv, XmlNode body, boolean critical)
            throws DuisClientException {
        DuisClient client = dcc.duis(who.name());
        String[] id = {null};
        try {
            client.submit(who.identity(), device, srv, body, critical, dcc.headEnd().security(), r -> {
                id[0] = r.toString();
                sentAt.put(id[0], System.nanoTime());
            });
        } catch (DuisClientException e) {
            if (id[0] != null) {
                sentAt.remove(id[0]);
            }
            done.incrementAndGet();
            throw e;
        }
    }

    private void phase(String name, int n, int concurrency, Job job) throws Exception {
        latencies.clear();
        done.set(0);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Semaphore inFlight = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int idx = i;
            pool.execute(() -> {
                try {
                    job.run(idx);
                } catch (Exception e) {
                    System.err.println("request failed: " + e.getMessage());
                }
            });
            // An answer frees a slot; wait for the one that frees this slot so at most `concurrency` are in flight.
            long needed = i + 1L - concurrency;
            while (needed > 0 && done.get() < needed && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(300)) {
                Thread.sleep(1);
            }
            inFlight.release();
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

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Answers in batches of up to 100 per long-poll, each checked against the DSP's signature by the client. */
    private void startPoller(DuisClient client, ClientProfile.Client who) {
        Thread th = new Thread(() -> {
            List<Long> acks = new ArrayList<>();
            while (true) {
                try {
                    List<DuisClient.Delivered> got = client.poll(who.identity(), Duration.ofSeconds(5), 100, acks, true);
                    acks.clear();
                    for (DuisClient.Delivered d : got) {
                        acks.add(d.seq());
                        if (d.response().isAlert()) {
                            continue;
                        }
                        Long t0 = sentAt.remove(d.response().requestId());
                        if (t0 != null) {
                            latencies.add(System.nanoTime() - t0);
                            done.incrementAndGet();
                        }
                    }
                } catch (DuisClientException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            }
        }, "load-poller");
        th.setDaemon(true);
        th.start();
    }

    /** The cryptography one request costs, alone, on one thread. */
    private void cryptoAlone(ClientProfile.Client vlp, int n) throws Exception {
        DuisDocuments docs = DuisDocuments.withoutSchema();
        DuisSignatures signer = new DuisSignatures();
        ServiceRequest sr = ServiceRequest.of(new RequestId(vlp.eui(), Organisations.ACB, 1), 4, "7.16", Bodies.empty("X"));
        byte[] plain = DuisDocuments.serialise(sr.toDocument());
        var d0 = docs.parse(plain);
        signer.sign(d0, vlp.identity().xmlKey(), vlp.identity().xmlCertificate());
        byte[] sample = DuisDocuments.serialise(d0);
        DuisSignatures verifier = new DuisSignatures().trust(vlp.identity().xmlCertificate());
        EcKeys.KeyPair k = EcKeys.deterministic("crypto-alone");
        byte[] data = new byte[100];
        byte[] sig = Ecdsa.sign(k.privateKey(), data);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            verifier.verify(docs.parse(sample));
        }
        double xmlVerify = (System.nanoTime() - t0) / 1e6 / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            var d = docs.parse(plain);
            signer.sign(d, vlp.identity().xmlKey(), vlp.identity().xmlCertificate());
            DuisDocuments.serialise(d);
        }
        double xmlSign = (System.nanoTime() - t0) / 1e6 / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Ecdsa.sign(k.privateKey(), data);
        }
        double ecSign = (System.nanoTime() - t0) / 1e6 / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Ecdsa.verify(k.publicKey(), data, sig);
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
