package org.dccsim.drill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisSignatures;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.gbcs.crypto.CryptoEngine;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.Ecdsa;
import org.dccsim.lab.EmbeddedDcc;
import org.w3c.dom.Document;

/**
 * The cryptography a drill's confirmed limits cost, timed alone on one thread in the same process with the process's
 * {@link CryptoEngine}, each figure the fastest of {@link #PASSES} passes right after the measured dispatch: what the
 * end-to-end rate is compared against.
 *
 * <p>One confirmed 7.16 needs, end to end (DUIS 3.2 critical flow, GBCS 4.3.3):
 * <ul>
 * <li>six XML signatures and six verifications: the user's serviceT and serviceS requests (signed by the user,
 * verified by the gateway); the I0 pre-command, the I99, the device's I0 answer and its 8F86 alert (signed by
 * the gateway, verified by the user; polls are batched, so their own signatures are left out);</li>
 * <li>three GBCS signatures (the user's on the pre-command, the device's on its response and on the alert) and
 * four verifications (the gateway's and the device's of the user's, the gateway's of the device's two).</li>
 * </ul>
 * Two figures come of it. The <b>crypto bound</b> is the raw ECDSA, 9 signatures and 10 verifications per limit,
 * plus the canonicalisation and digests of the twelve XML signature operations (DuisSignatures.canonicalWork: the
 * canonical document and SignedInfo, hashed), on all cores: no implementation of DUIS and GBCS can beat it on this
 * machine. The bound is timed twice: on one thread, times the cores (the figure drills printed up to 2026-12-06), and
 * with every core running it at once, which is the bound: two threads of ECDSA on this 2-core machine did 1.5 to 2
 * times one thread's work, varying from minute to minute (bench/README, 2026-12-06), and a drill runs on all cores
 * at once too. Both are printed and written to the report. The
 * <b>crypto alone</b> figure is today's path: the XML signatures as DuisSignatures makes them (a request written
 * and signed straight to bytes; parse, verify) plus the raw GBCS ECDSA. MACs (AES-GCM, about 7 us each) are left out of both.
 */
final class CryptoBaseline {
    static final int XML_SIGNS_PER_LIMIT = 6;
    static final int XML_VERIFIES_PER_LIMIT = 6;
    static final int ECDSA_SIGNS_PER_LIMIT = 3;
    static final int ECDSA_VERIFIES_PER_LIMIT = 4;
    static final int BOUND_SIGNS_PER_LIMIT = XML_SIGNS_PER_LIMIT + ECDSA_SIGNS_PER_LIMIT;
    static final int BOUND_VERIFIES_PER_LIMIT = XML_VERIFIES_PER_LIMIT + ECDSA_VERIFIES_PER_LIMIT;
    static final int XML_OPERATIONS_PER_LIMIT = XML_SIGNS_PER_LIMIT + XML_VERIFIES_PER_LIMIT;
    /**
     * Timed passes, right after the measured dispatch; every figure is the fastest of them. Right after it, because
     * this machine's speed drifts by a quarter over a minute or two (a neighbour on the host: the same jar's bound
     * measured 2,637 and 3,430 limits/s in two runs, 2026-12-06), and a bound timed after the drill's minute of
     * simulated time and its reads could fall in another period than the dispatch did. Not before it as well: the
     * baseline's own paths (a DOM signed and parsed) would change the type profiles of code the dispatch runs.
     */
    static final int PASSES = 3;

    private final DuisClient.Identity vlp;
    private final ServiceRequest request;
    private final DuisDocuments docs = DuisDocuments.withoutSchema();
    private final DuisSignatures signer = new DuisSignatures();
    private final DuisSignatures verifier;
    private final byte[] signed;
    private final Document d0;
    private final EcKeys.KeyPair k = EcKeys.deterministic("drill-crypto-baseline");
    private final byte[] preCommand = new byte[120];
    private final byte[] sig;
    /** The fastest pass's nanoseconds per operation so far. */
    private double xmlSign = Double.MAX_VALUE;
    private double xmlVerify = Double.MAX_VALUE;
    private double ecdsaSign = Double.MAX_VALUE;
    private double ecdsaVerify = Double.MAX_VALUE;
    private double c14n = Double.MAX_VALUE;
    /** The fastest all-cores pass's wall-clock nanoseconds per limit of the bound's work. */
    private double boundAllCores = Double.MAX_VALUE;
    private int keep;

    private CryptoBaseline(EmbeddedDcc dcc) throws Exception {
        this.vlp = dcc.client("vlp1").identity();
        this.request = ServiceRequest.of(new RequestId(vlp.eui(), dcc.fleet().devices().iterator().next().eui(), 1), 4,
                "7.16", Bodies.limitApcLevel(1, Instant.parse("2026-06-01T17:00:00Z"), Instant.parse("2026-06-01T17:30:00Z"), 20));
        this.verifier = new DuisSignatures().trust(vlp.xmlCertificate());
        this.signed = signer.sign(request.toXml(), vlp.xmlKey(), vlp.xmlCertificate());
        this.d0 = docs.parse(signed);
        this.sig = Ecdsa.sign(k.privateKey(), preCommand);
        // Warm up the JIT on every path first, so the figures are the steady state as in the drill.
        for (int i = 0; i < 200; i++) {
            signer.sign(request.toXml(), vlp.xmlKey(), vlp.xmlCertificate());
            verifier.verify(docs.parse(signed));
            Ecdsa.verify(k.publicKey(), preCommand, sig);
            Ecdsa.sign(k.privateKey(), preCommand);
            DuisSignatures.canonicalWork(d0);
        }
    }

    /** A baseline for the drill's process, its code paths warmed; nothing timed yet. */
    static CryptoBaseline prepare(EmbeddedDcc dcc) throws Exception {
        return new CryptoBaseline(dcc);
    }

    /** Times {@link #PASSES} passes of {@code limits} limits' cryptography, keeping each figure's fastest. */
    void time(int limits) throws Exception {
        int n = Math.max(1, limits);
        for (int pass = 0; pass < PASSES; pass++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n * XML_SIGNS_PER_LIMIT; i++) {
                keep += signer.sign(request.toXml(), vlp.xmlKey(), vlp.xmlCertificate()).length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n * XML_VERIFIES_PER_LIMIT; i++) {
                verifier.verify(docs.parse(signed));
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n * ECDSA_SIGNS_PER_LIMIT; i++) {
                Ecdsa.sign(k.privateKey(), preCommand);
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < n * ECDSA_VERIFIES_PER_LIMIT; i++) {
                Ecdsa.verify(k.publicKey(), preCommand, sig);
            }
            long t4 = System.nanoTime();
            for (int i = 0; i < n * XML_OPERATIONS_PER_LIMIT; i++) {
                keep += DuisSignatures.canonicalWork(d0);
            }
            long t5 = System.nanoTime();
            xmlSign = Math.min(xmlSign, (t1 - t0) / (double) (n * XML_SIGNS_PER_LIMIT));
            xmlVerify = Math.min(xmlVerify, (t2 - t1) / (double) (n * XML_VERIFIES_PER_LIMIT));
            ecdsaSign = Math.min(ecdsaSign, (t3 - t2) / (double) (n * ECDSA_SIGNS_PER_LIMIT));
            ecdsaVerify = Math.min(ecdsaVerify, (t4 - t3) / (double) (n * ECDSA_VERIFIES_PER_LIMIT));
            c14n = Math.min(c14n, (t5 - t4) / (double) (n * XML_OPERATIONS_PER_LIMIT));
        }
        timeAllCores(n);
        if (keep == Integer.MIN_VALUE) {
            throw new IllegalStateException(); // never: only keeps the loops' work alive
        }
    }

    /**
     * Times {@link #PASSES} passes of the bound's work for {@code limits} limits shared out over one thread per core,
     * all started together, keeping the fastest pass's wall-clock time per limit. Each thread has its own parsed
     * document (a DOM is not safe to read from two threads) and its own JCA objects (Ecdsa keeps them per thread).
     */
    private void timeAllCores(int limits) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int each = Math.max(1, (limits + cores - 1) / cores);
        AtomicInteger named = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
            Thread t = new Thread(r, "drill-crypto-bound-" + named.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        try {
            Document[] own = new Document[cores];
            for (int i = 0; i < cores; i++) {
                own[i] = docs.parse(signed);
            }
            // One short untimed round first, so each thread's JCA objects exist before the clock starts.
            runAllCores(pool, own, Math.min(each, 20));
            for (int pass = 0; pass < PASSES; pass++) {
                long wall = runAllCores(pool, own, each);
                boundAllCores = Math.min(boundAllCores, wall / (double) (each * cores));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code each} limits' bound work on every thread at once; the wall-clock nanoseconds from start to the last. */
    private long runAllCores(ExecutorService pool, Document[] own, int each) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (Document d : own) {
            done.add(pool.submit(() -> {
                go.await();
                int kept = 0;
                for (int i = 0; i < each * BOUND_SIGNS_PER_LIMIT; i++) {
                    kept += Ecdsa.sign(k.privateKey(), preCommand)[0];
                }
                for (int i = 0; i < each * BOUND_VERIFIES_PER_LIMIT; i++) {
                    kept += Ecdsa.verify(k.publicKey(), preCommand, sig) ? 1 : 0;
                }
                for (int i = 0; i < each * XML_OPERATIONS_PER_LIMIT; i++) {
                    kept += DuisSignatures.canonicalWork(d);
                }
                return kept;
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Future<Integer> f : done) {
            keep += f.get();
        }
        return System.nanoTime() - t0;
    }

    /**
     * The figures for {@code limits} limits from the fastest passes timed so far, with {@code endToEnd} (confirmed
     * limits a second) against the bound; IllegalStateException before any pass.
     */
    DrillReport.CryptoAlone result(int limits, double endToEnd) {
        if (xmlSign == Double.MAX_VALUE) {
            throw new IllegalStateException("no pass timed");
        }
        int n = Math.max(1, limits);
        double signMs = ecdsaSign / 1e6;
        double verifyMs = ecdsaVerify / 1e6;
        double c14nMs = c14n / 1e6;
        double seconds = n * (XML_SIGNS_PER_LIMIT * xmlSign + XML_VERIFIES_PER_LIMIT * xmlVerify
                + ECDSA_SIGNS_PER_LIMIT * ecdsaSign + ECDSA_VERIFIES_PER_LIMIT * ecdsaVerify) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        double boundMs = BOUND_SIGNS_PER_LIMIT * signMs + BOUND_VERIFIES_PER_LIMIT * verifyMs + XML_OPERATIONS_PER_LIMIT * c14nMs;
        DrillReport.Bound bound = new DrillReport.Bound(BOUND_SIGNS_PER_LIMIT, BOUND_VERIFIES_PER_LIMIT,
                XML_OPERATIONS_PER_LIMIT, Math.round(c14nMs * 10_000) / 10_000.0, round3(boundMs),
                Math.round(1e9 / Math.max(boundAllCores, 1e-9) * 10) / 10.0,
                Math.round(1000 / Math.max(boundMs, 1e-9) * cores * 10) / 10.0, cores, null, null, null).against(endToEnd);
        return new DrillReport.CryptoAlone(CryptoEngine.active().description(), n, round3(xmlSign / 1e6),
                round3(xmlVerify / 1e6), round3(signMs), round3(verifyMs), round3(seconds),
                Math.round(n / Math.max(seconds, 1e-9) * 10) / 10.0,
                Math.round(n / Math.max(seconds, 1e-9) * cores * 10) / 10.0, bound);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
