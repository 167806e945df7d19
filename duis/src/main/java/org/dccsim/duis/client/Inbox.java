package org.dccsim.duis.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.gbcs.Eui64;

/**
 * A user's asynchronous answers, collected by one poll loop and handed to whoever waits for them: the answer to a
 * RequestID completes its future; an alert goes to the listeners for its device and is kept for
 * {@link #alertsFrom}. Polls acknowledge explicitly, so an answer the loop has not yet processed (the process died)
 * is delivered again rather than lost. Thread-safe; one loop thread.
 */
public final class Inbox implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Inbox.class.getName());

    private final DuisClient client;
    private final DuisClient.Identity who;
    private final int batch;
    private final Map<String, CompletableFuture<DuisResponse>> answers = new ConcurrentHashMap<>();
    /**
     * What an inbox keeps for a long-running client: the last {@value} alerts per device, and as many answers that
     * arrived before anyone asked for them (or after their waiter gave up), and as many other documents, oldest dropped
     * first.
     */
    public static final int KEEP = 1_000;
    private final Map<Eui64, java.util.ArrayDeque<DuisResponse>> alerts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unasked = new ConcurrentLinkedQueue<>();
    private final Map<Eui64, List<Consumer<DuisResponse>>> alertListeners = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<DuisResponse> other = new ConcurrentLinkedQueue<>();
    private final List<Long> toAck = new ArrayList<>();
    private final Thread loop;
    private volatile boolean open = true;
    private volatile DuisClientException lastFailure;

    public Inbox(DuisClient client, DuisClient.Identity who, int batch) {
        this.client = client;
        this.who = who;
        this.batch = batch;
        this.loop = new Thread(this::run, "dccsim-inbox-" + who.eui());
        loop.setDaemon(true);
        loop.start();
    }

    /** The answer to a request (its future completes when it arrives, even if it arrived before this call). */
    public CompletableFuture<DuisResponse> answer(RequestId id) {
        return answers.computeIfAbsent(id.toString(), k -> new CompletableFuture<>());
    }

    /**
     * Waits up to {@code timeout} for the answer to {@code id}.
     *
     * @throws DuisClientException TIMEOUT if none came (with the poll loop's last failure, if it was failing)
     */
    public DuisResponse await(RequestId id, java.time.Duration timeout) throws DuisClientException {
        try {
            return answer(id).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            DuisClientException f = lastFailure;
            throw DuisClientException.of(f != null && f.reason() == DuisClientException.Reason.UNREACHABLE
                    ? DuisClientException.Reason.UNREACHABLE : DuisClientException.Reason.TIMEOUT,
                    "no answer to " + id + " within " + timeout.toSeconds() + " s" + (f == null ? "" : " (" + f.getMessage() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DuisClientException.of(DuisClientException.Reason.TIMEOUT, "interrupted while waiting for " + id);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            forget(id);
        }
    }

    /** Waits up to {@code timeout} until {@code device} has raised at least {@code n} alerts; returns those seen. */
    public List<DuisResponse> awaitAlerts(Eui64 device, int n, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alertsFrom(device).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return alertsFrom(device);
    }

    /** Forgets a request's answer (its waiter gave up). */
    public void forget(RequestId id) {
        answers.remove(id.toString());
    }

    /** Alerts received from a device so far, oldest first. */
    public List<DuisResponse> alertsFrom(Eui64 device) {
        java.util.ArrayDeque<DuisResponse> l = alerts.get(device);
        if (l == null) {
            return List.of();
        }
        synchronized (l) {
            return List.copyOf(l);
        }
    }

    /** Calls {@code listener} with every later alert from {@code device}. */
    public void onAlert(Eui64 device, Consumer<DuisResponse> listener) {
        alertListeners.computeIfAbsent(device, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Answers to requests nobody here waits for, taken off the queue. */
    public List<DuisResponse> drainOther() {
        List<DuisResponse> out = new ArrayList<>();
        for (DuisResponse r; (r = other.poll()) != null; ) {
            out.add(r);
        }
        return out;
    }

    /** The last poll failure, if the loop is failing (the head-end went away, say); null while polls succeed. */
    public DuisClientException lastFailure() {
        return lastFailure;
    }

    private void run() {
        while (open) {
            List<Long> acks;
            synchronized (toAck) {
                acks = List.copyOf(toAck);
                toAck.clear();
            }
            try {
                List<DuisClient.Delivered> got = client.poll(who, Duration.ofSeconds(5), batch, acks, true);
                lastFailure = null;
                for (DuisClient.Delivered d : got) {
                    route(d.response());
                    synchronized (toAck) {
                        toAck.add(d.seq());
                    }
                }
            } catch (DuisClientException e) {
                // Unacknowledged ones come again after their lease; keep the acknowledgements for the next poll.
                synchronized (toAck) {
                    toAck.addAll(0, acks);
                }
                lastFailure = e;
                LOG.fine(() -> "poll failed: " + e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException x) {
                    return;
                }
            }
        }
    }

    private void route(DuisResponse r) {
        if (r.isAlert()) {
            Eui64 device = deviceOf(r.responseId());
            if (device != null) {
                java.util.ArrayDeque<DuisResponse> kept = alerts.computeIfAbsent(device, k -> new java.util.ArrayDeque<>());
                synchronized (kept) {
                    if (kept.size() == KEEP) {
                        kept.removeFirst();
                    }
                    kept.addLast(r);
                }
                for (Consumer<DuisResponse> l : alertListeners.getOrDefault(device, List.of())) {
                    l.accept(r);
                }
                return;
            }
            other.add(r);
            return;
        }
        if (r.requestId() != null) {
            boolean[] waited = {true};
            answers.computeIfAbsent(r.requestId(), k -> {
                waited[0] = false;
                return new CompletableFuture<>();
            }).complete(r);
            if (!waited[0]) {
                unasked.add(r.requestId());
                while (unasked.size() > KEEP) {
                    String oldest = unasked.poll();
                    CompletableFuture<DuisResponse> f = oldest == null ? null : answers.get(oldest);
                    if (f != null && f.isDone()) {
                        answers.remove(oldest, f);
                    }
                }
            }
            return;
        }
        other.add(r);
        while (other.size() > KEEP) {
            other.poll();
        }
    }

    /** The device of an alert's ResponseID ({@code device:user:counter}). */
    private static Eui64 deviceOf(String responseId) {
        if (responseId == null || responseId.indexOf(':') < 0) {
            return null;
        }
        try {
            return Eui64.parse(responseId.substring(0, responseId.indexOf(':')));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Stops polling, and acknowledges what was already handed over so it is not delivered again. */
    @Override
    public void close() {
        open = false;
        loop.interrupt();
        client.cancelPolls(who.eui());
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> acks;
        synchronized (toAck) {
            acks = List.copyOf(toAck);
            toAck.clear();
        }
        if (!acks.isEmpty()) {
            try {
                client.poll(who, Duration.ZERO, 0, acks, true);
            } catch (DuisClientException e) {
                LOG.fine(() -> "final acknowledgement failed: " + e.getMessage());
            }
        }
    }
}
