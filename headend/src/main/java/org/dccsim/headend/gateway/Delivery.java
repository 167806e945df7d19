package org.dccsim.headend.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.users.DccUser;

/**
 * Delivers asynchronous DUIS responses and alerts: POSTed to the user's Receive Response Service URL when it
 * has one (retried three times with growing pauses; 2xx is delivered), otherwise, or when every attempt
 * fails, held for the user to long-poll. A user's queue holds at most {@link #MAX_HELD} messages; beyond
 * that the oldest is dropped and counted, so a user who never polls cannot exhaust memory.
 */
public final class Delivery implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());
    public static final int MAX_HELD = 10_000;
    private static final Duration[] RETRY_PAUSES = {Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dccsim-delivery");
        t.setDaemon(true);
        return t;
    });
    private final Map<Eui64, BlockingDeque<org.dccsim.headend.journal.Journal.Held>> held = new ConcurrentHashMap<>();
    private final org.dccsim.headend.journal.Journal journal;
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Delivery whose held messages are kept in the journal, and those a previous run left are held again. */
    public Delivery(org.dccsim.headend.journal.Journal journal) {
        this.journal = journal;
        journal.heldMessages().forEach((user, msgs) -> held.put(user, new LinkedBlockingDeque<>(msgs)));
    }

    public Delivery() {
        this(org.dccsim.headend.journal.Journal.inMemory());
    }

    public void deliver(DccUser user, byte[] responseXml) {
        if (user.receiveResponseUrl() == null) {
            hold(user.eui(), responseXml);
        } else {
            post(user, responseXml, 0);
        }
    }

    private void post(DccUser user, byte[] xml, int attempt) {
        URI url = user.receiveResponseUrl();
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(xml)).build();
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
            if (err == null && resp.statusCode() / 100 == 2) {
                posted.incrementAndGet();
                return;
            }
            if (attempt < RETRY_PAUSES.length) {
                retries.schedule(() -> post(user, xml, attempt + 1), RETRY_PAUSES[attempt].toMillis(), TimeUnit.MILLISECONDS);
            } else {
                LOG.info(() -> "could not deliver to " + url + " (" + (err != null ? err : "HTTP " + resp.statusCode())
                        + "); holding it for " + user.eui() + " to poll");
                hold(user.eui(), xml);
            }
        });
    }

    private void hold(Eui64 user, byte[] xml) {
        BlockingDeque<org.dccsim.headend.journal.Journal.Held> q = held.computeIfAbsent(user, k -> new LinkedBlockingDeque<>());
        while (q.size() >= MAX_HELD) {
            org.dccsim.headend.journal.Journal.Held old = q.pollFirst();
            if (old != null) {
                journal.taken(user, old.seq());
                dropped.incrementAndGet();
            }
        }
        q.offerLast(journal.hold(user, xml));
    }

    /** The oldest held message for a user, waiting up to {@code wait} for one; handed over, it is forgotten. */
    public byte[] poll(Eui64 user, Duration wait) throws InterruptedException {
        org.dccsim.headend.journal.Journal.Held h = held.computeIfAbsent(user, k -> new LinkedBlockingDeque<>())
                .pollFirst(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (h == null) {
            return null;
        }
        journal.taken(user, h.seq());
        return h.xml();
    }

    /**
     * Up to {@code max} held messages for a user, oldest first: waits up to {@code wait} for the first, then takes
     * what else is already held without waiting. Empty if none came.
     */
    public java.util.List<byte[]> pollBatch(Eui64 user, Duration wait, int max) throws InterruptedException {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        byte[] first = poll(user, wait);
        if (first == null) {
            return out;
        }
        out.add(first);
        BlockingDeque<org.dccsim.headend.journal.Journal.Held> q = held.get(user);
        while (out.size() < max) {
            org.dccsim.headend.journal.Journal.Held h = q.pollFirst();
            if (h == null) {
                break;
            }
            journal.taken(user, h.seq());
            out.add(h.xml());
        }
        return out;
    }

    public int held(Eui64 user) {
        BlockingDeque<org.dccsim.headend.journal.Journal.Held> q = held.get(user);
        return q == null ? 0 : q.size();
    }

    public long posted() {
        return posted.get();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
