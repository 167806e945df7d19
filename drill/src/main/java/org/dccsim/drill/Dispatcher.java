package org.dccsim.drill;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dccsim.clock.ScaledClock;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.gbcs.Eui64;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.EmbeddedDcc;

/**
 * Sends a batch of service requests as one DCC User and collects their asynchronous answers: a fixed number of
 * threads make the DUIS calls, at most {@code window} requests wait for their device's answer at a time (more
 * would only queue in front of the devices until the head-end times them out with E21), answers come back in
 * batches over the long-poll, and a request that failed for a reason worth retrying is sent again, with a new
 * counter, up to the retry policy's attempts.
 *
 * <p>Retried: the head-end's E20 (device not connected) and E21 (device did not answer in time), whether they
 * come as the synchronous refusal or as the asynchronous answer, and a failed HTTP exchange. Never retried:
 * any other refusal (E4, E12, ...) and any answer from the device itself, which a resend would not change.
 */
final class Dispatcher {
    /** One request to send: {@code tag} is the caller's, handed back with the outcome. */
    record Job(Object tag, Eui64 device, String srv, XmlNode body, boolean critical) {
    }

    /** How a job ended. {@code reply} is null when it failed before the device answered. */
    static final class Outcome {
        final Job job;
        volatile int attempts;
        volatile long firstSubmitNanos;
        volatile long answeredNanos;
        volatile Instant answeredSim;
        volatile DuisResponse reply;
        /** Why it failed ("head-end E4", "client error", "no answer", ...), or null if the device answered. */
        volatile String failure;

        Outcome(Job job) {
            this.job = job;
        }

        long latencyNanos() {
            return answeredNanos - firstSubmitNanos;
        }
    }

    static final Set<String> RETRIED_CODES = Set.of(DuisCodes.E20, DuisCodes.E21);
    private static final int POLL_BATCH = 200;

    private final EmbeddedDcc dcc;
    private final ClientProfile.Client who;
    private final DuisClient client;
    private final ScaledClock clock;
    private final int threads;
    private final int window;
    private final int retries;
    private final Duration retryDelay;
    private final Duration idle;
    private final PrintWriter progress;
    private final String phase;
    private final Map<String, Integer> alerts = new ConcurrentHashMap<>();
    private final AtomicInteger retried = new AtomicInteger();

    Dispatcher(EmbeddedDcc dcc, ClientProfile.Client who, ScaledClock clock, int threads, int window, int retries,
            Duration retryDelay, Duration idle, PrintWriter progress, String phase) {
        this.dcc = dcc;
        this.who = who;
        this.client = dcc.duis(who.name());
        this.clock = clock;
        this.threads = threads;
        this.window = window;
        this.retries = retries;
        this.retryDelay = retryDelay;
        this.idle = idle;
        this.progress = progress;
        this.phase = phase;
    }

    /** Alert codes received while the jobs ran, with their counts. */
    Map<String, Integer> alerts() {
        return alerts;
    }

    /** Sends beyond the first attempt. */
    int retried() {
        return retried.get();
    }

    /**
     * Runs every job to its end: answered, failed, or unanswered when no answer has come for the idle time.
     * Returns the outcomes in the jobs' order.
     */
    List<Outcome> run(List<Job> jobs) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            outcomes.add(new Outcome(j));
        }
        Map<String, Outcome> byRequest = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(jobs.size());
        Semaphore inFlight = new Semaphore(window);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "drill-sender");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        Sending sending = new Sending(senders, byRequest, done, inFlight, failed);
        List<Long> acks = new ArrayList<>();
        Thread poller = new Thread(() -> {
            while (done.getCount() > 0) {
                try {
                    List<DuisClient.Delivered> got = client.poll(who.identity(), Duration.ofSeconds(1), POLL_BATCH, acks, true);
                    acks.clear();
                    for (DuisClient.Delivered d : got) {
                        acks.add(d.seq());
                        DuisResponse r = d.response();
                        lastAnswer.set(System.nanoTime());
                        if (r.isAlert()) {
                            alerts.merge(r.alertCode().orElse("?"), 1, Integer::sum);
                            continue;
                        }
                        Outcome o = byRequest.remove(r.requestId());
                        if (o == null) {
                            continue; // an answer to an earlier phase's request
                        }
                        if (RETRIED_CODES.contains(r.code()) && o.attempts <= retries) {
                            sending.retry(o);
                            continue;
                        }
                        // Any other answer is final; the caller reads its code (I0, E21 after the last retry, ...).
                        o.answeredNanos = System.nanoTime();
                        o.answeredSim = clock.now();
                        o.reply = r;
                        answered.incrementAndGet();
                        sending.finish(o);
                    }
                } catch (DuisClientException e) {
                    // A poll that failed (the head-end busy or restarting): poll again; unacknowledged answers come again.
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            }
        }, "drill-poller");
        poller.setDaemon(true);
        poller.start();
        try {
            for (Outcome o : outcomes) {
                inFlight.acquire();
                o.firstSubmitNanos = System.nanoTime();
                sending.submit(o, 0);
                report(started, outcomes.size(), answered.get(), failed.get(), false);
            }
            long lastReport = System.nanoTime();
            while (!done.await(200, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - lastAnswer.get() > idle.toNanos() && byRequest.size() == done.getCount()) {
                    break; // nothing has come for the idle time and nothing is being sent: give up on the rest
                }
                if (System.nanoTime() - lastReport > Duration.ofSeconds(5).toNanos()) {
                    report(started, outcomes.size(), answered.get(), failed.get(), true);
                    lastReport = System.nanoTime();
                }
            }
        } finally {
            senders.shutdownNow();
            poller.interrupt();
            poller.join(5_000);
        }
        // Alerts a device raises with its answer can trail it: collect until a poll comes back empty (at most ten
        // seconds, in case a fleet keeps raising alerts).
        long stopAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            List<DuisClient.Delivered> late;
            do {
                late = client.poll(who.identity(), Duration.ofSeconds(1), POLL_BATCH, acks, true);
                acks.clear();
                for (DuisClient.Delivered d : late) {
                    acks.add(d.seq());
                    d.response().alertCode().ifPresent(code -> alerts.merge(code, 1, Integer::sum));
                }
            } while (!late.isEmpty() && System.nanoTime() < stopAt);
            client.poll(who.identity(), Duration.ZERO, 0, acks, true);
        } catch (DuisClientException e) {
            // The head-end went away: what was collected stands.
        }
        for (Outcome o : outcomes) {
            if (o.reply == null && o.failure == null) {
                o.failure = "no answer";
            }
        }
        return outcomes;
    }

    private long lastProgress = System.nanoTime();

    /** A progress line every five seconds while a phase runs: sent, rate, answered, failed, elapsed. */
    private void report(long started, int total, int answered, int failed, boolean force) {
        long now = System.nanoTime();
        if (progress == null || (!force && now - lastProgress < Duration.ofSeconds(5).toNanos())) {
            return;
        }
        lastProgress = now;
        double s = (now - started) / 1e9;
        progress.printf("  %s: %d of %d answered (%.0f/s), %d failed, %d retries, %.0f s%n", phase, answered, total,
                answered / Math.max(s, 1e-3), failed, retried.get(), s);
        progress.flush();
    }

    /** The sending side: each attempt gets a new counter, so a retry is a new request to the head-end. */
    private final class Sending {
        private final ScheduledExecutorService senders;
        private final Map<String, Outcome> byRequest;
        private final CountDownLatch done;
        private final Semaphore inFlight;
        private final AtomicInteger failed;

        Sending(ScheduledExecutorService senders, Map<String, Outcome> byRequest, CountDownLatch done, Semaphore inFlight,
                AtomicInteger failed) {
            this.senders = senders;
            this.byRequest = byRequest;
            this.done = done;
            this.inFlight = inFlight;
            this.failed = failed;
        }

        void submit(Outcome o, long delayMillis) {
            try {
                senders.schedule(() -> send(o), delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down: the job stays unanswered
            }
        }

        void retry(Outcome o) {
            retried.incrementAndGet();
            submit(o, retryDelay.toMillis());
        }

        void finish(Outcome o) {
            inFlight.release();
            done.countDown();
        }

        private void send(Outcome o) {
            o.attempts++;
            Job j = o.job;
            String[] id = {null};
            try {
                // Registered before the request goes out: the answer may come back before the call returns.
                client.submit(who.identity(), j.device(), j.srv(), j.body(), j.critical(), dcc.headEnd().security(), r -> {
                    id[0] = r.toString();
                    byRequest.put(id[0], o);
                });
            } catch (DuisClientException e) {
                if (id[0] != null && byRequest.remove(id[0]) == null) {
                    return;
                }
                boolean retriable = e.reason() == DuisClientException.Reason.REFUSED ? RETRIED_CODES.contains(e.code())
                        : e.reason() != DuisClientException.Reason.NO_KEY;
                if (retriable && o.attempts <= retries) {
                    retry(o);
                    return;
                }
                fail(o, e.reason() == DuisClientException.Reason.REFUSED ? "head-end " + e.code() : "client error");
            }
        }

        private void fail(Outcome o, String why) {
            o.failure = why;
            o.answeredNanos = System.nanoTime();
            failed.incrementAndGet();
            finish(o);
        }
    }
}
