package org.dccsim.headend.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.journal.Journal.Held;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;

/**
 * Delivers asynchronous DUIS responses and alerts, and makes sure each reaches the client that waits for it.
 *
 * <p><b>Claims.</b> A client tags its requests (HTTP header {@code DCCSIM-Client}); the answer to a tagged request,
 * and for a while the alerts from the device it went to, are <em>claimed</em> by that tag: only polls with the same
 * tag receive them, so several tools of one user (a VLP's adapter, {@code dccsim sr} calls, DCC's signing tool with
 * a poller) never take each other's answers. A poll without a tag receives what nobody claimed, and what a claimant
 * left behind: a claim lapses once its client has not polled for {@link #CLAIM_LAPSE}.
 *
 * <p><b>Where messages go.</b> Unclaimed messages for a user with a Receive Response Service URL are POSTed there
 * (three retries with growing pauses; 2xx means delivered), and held if every attempt fails; all others are held
 * for the long-poll, journalled so a restart keeps them.
 *
 * <p><b>When a held message is forgotten.</b> Only once delivered: with {@code ack="written"} when the poll's answer
 * has been written to its connection (a poll dropped before that gives the messages back); with
 * {@code ack="explicit"} when a later poll acknowledges it, the message being leased for {@link #LEASE} meanwhile
 * and handed out again if no acknowledgement comes.
 *
 * <p><b>Bounds.</b> At most {@link #MAX_HELD} messages per user; beyond that the oldest alert goes first (answers
 * to requests are worth more), then the oldest answer, each counted as dropped. Waiting polls hold no thread.
 */
public final class Delivery implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());
    public static final int MAX_HELD = 10_000;
    /** How long a claim outlives its client's last poll or request. */
    public static final Duration CLAIM_LAPSE = Duration.ofMinutes(2);
    /** How long an explicitly acknowledged delivery stays leased before it is handed out again. */
    public static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration[] RETRY_PAUSES = {Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)};

    /** One message to deliver: the signed document, the request it answers (null for alerts) and its device. */
    public record Message(byte[] xml, String requestId, Eui64 device, boolean alert) {
        public Message {
            xml = xml.clone();
        }

        @Override
        public byte[] xml() {
            return xml.clone();
        }
    }

    /** What a poll asks for. {@code client} may be null (the untagged poll). */
    public record PollSpec(Eui64 user, String client, int max, boolean explicitAck, List<Long> acks) {
        public PollSpec {
            acks = List.copyOf(acks);
        }
    }

    /** A waiting poll; cancel it when its connection closes. */
    public interface Waiting {
        void cancel();
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dccsim-delivery");
        t.setDaemon(true);
        return t;
    });
    private final Map<Eui64, Mailbox> boxes = new ConcurrentHashMap<>();
    private final Journal journal;
    private final LongSupplier millis;
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Delivery whose held messages are kept in the journal; those a previous run left are held again. */
    public Delivery(Journal journal) {
        this(journal, System::currentTimeMillis);
    }

    /** For tests: leases and claims lapse by {@code millis}, not the system clock. */
    public Delivery(Journal journal, LongSupplier millis) {
        this.journal = journal;
        this.millis = millis;
        journal.heldMessages().forEach((user, msgs) -> {
            Mailbox box = box(user);
            synchronized (box) {
                box.queue.addAll(msgs);
                for (Held h : msgs) {
                    if (h.claim() != null) {
                        box.lastSeen.putIfAbsent(h.claim(), millis.getAsLong());
                    }
                }
            }
        });
        for (Journal.Pending p : journal.pendingCommands()) {
            if (p.client() != null) {
                claim(p.user(), p.client(), p.requestId(), p.device());
            }
        }
        timers.scheduleWithFixedDelay(this::expireLeases, 1, 1, TimeUnit.SECONDS);
    }

    public Delivery() {
        this(Journal.inMemory());
    }

    /** A user's held messages, leases, claims and waiting polls; guarded by its own monitor. */
    private static final class Mailbox {
        final Deque<Held> queue = new ArrayDeque<>();
        final Map<Long, Lease> leased = new LinkedHashMap<>();
        /** RequestID -> client tag. */
        final Map<String, String> requestClaims = new HashMap<>();
        /** Device -> client tag: its alerts go to that client while the claim lives. */
        final Map<Eui64, String> deviceClaims = new HashMap<>();
        /** Client tag -> when it last polled or sent a request (ms). */
        final Map<String, Long> lastSeen = new HashMap<>();
        final List<Waiter> waiters = new ArrayList<>();
    }

    private record Lease(Held held, long expiresAt) {
    }

    private final class Waiter implements Waiting {
        final Mailbox box;
        final PollSpec spec;
        final Consumer<List<Held>> ready;

        Waiter(Mailbox box, PollSpec spec, Consumer<List<Held>> ready) {
            this.box = box;
            this.spec = spec;
            this.ready = ready;
        }

        @Override
        public void cancel() {
            synchronized (box) {
                box.waiters.remove(this);
            }
        }
    }

    private Mailbox box(Eui64 user) {
        return boxes.computeIfAbsent(user, k -> new Mailbox());
    }

    /**
     * Records that the answer to {@code requestId}, and the alerts {@code device} raises from now on, belong to
     * {@code client}: called when a tagged request is accepted.
     */
    public void claim(Eui64 user, String client, String requestId, Eui64 device) {
        if (client == null) {
            return;
        }
        Mailbox box = box(user);
        synchronized (box) {
            box.requestClaims.put(requestId, client);
            if (device != null) {
                box.deviceClaims.put(device, client);
            }
            box.lastSeen.put(client, millis.getAsLong());
        }
    }

    /** Delivers a response or alert to its user: to a waiting poll, its RRS, or held. */
    public void deliver(DccUser user, Message m) {
        Mailbox box = box(user.eui());
        String claim;
        synchronized (box) {
            claim = claimOf(box, m);
        }
        if (claim == null && user.receiveResponseUrl() != null) {
            post(user, m, 0);
            return;
        }
        hold(user.eui(), m, claim);
    }

    /** The client a message belongs to, if its claim is alive; call with the box's monitor held. */
    private String claimOf(Mailbox box, Message m) {
        String c = m.requestId() != null ? box.requestClaims.remove(m.requestId()) : null;
        if (c == null && m.alert() && m.device() != null) {
            c = box.deviceClaims.get(m.device());
        }
        return c != null && alive(box, c) ? c : null;
    }

    private boolean alive(Mailbox box, String client) {
        Long seen = box.lastSeen.get(client);
        return seen != null && millis.getAsLong() - seen < CLAIM_LAPSE.toMillis();
    }

    private void post(DccUser user, Message m, int attempt) {
        URI url = user.receiveResponseUrl();
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(m.xml())).build();
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
            if (err == null && resp.statusCode() / 100 == 2) {
                posted.incrementAndGet();
                return;
            }
            if (attempt < RETRY_PAUSES.length) {
                timers.schedule(() -> post(user, m, attempt + 1), RETRY_PAUSES[attempt].toMillis(), TimeUnit.MILLISECONDS);
            } else {
                LOG.info(() -> "could not deliver to " + url + " (" + (err != null ? err : "HTTP " + resp.statusCode())
                        + "); holding it for " + user.eui() + " to poll");
                hold(user.eui(), m, null);
            }
        });
    }

    private void hold(Eui64 user, Message m, String claim) {
        Mailbox box = box(user);
        List<Runnable> wake;
        synchronized (box) {
            while (box.queue.size() >= MAX_HELD) {
                dropOne(user, box);
            }
            box.queue.addLast(journal.hold(user, m.xml(), m.requestId(), m.device(), m.alert(), claim));
            wake = serveWaiters(box);
        }
        wake.forEach(Runnable::run);
    }

    /** Drops the oldest alert, or if there is none the oldest message; call with the box's monitor held. */
    private void dropOne(Eui64 user, Mailbox box) {
        Iterator<Held> it = box.queue.iterator();
        Held victim = null;
        while (it.hasNext()) {
            Held h = it.next();
            if (h.alert()) {
                victim = h;
                it.remove();
                break;
            }
        }
        if (victim == null) {
            victim = box.queue.pollFirst();
        }
        if (victim != null) {
            journal.taken(user, victim.seq());
            dropped.incrementAndGet();
            Held v = victim;
            LOG.warning(() -> "held messages for " + user + " exceed " + MAX_HELD + "; dropped message " + v.seq()
                    + (v.alert() ? " (an alert)" : " (an answer to " + v.requestId() + ")"));
        }
    }

    /**
     * A poll: acknowledges {@code spec.acks()}, then hands {@code ready} up to {@code spec.max()} messages for the
     * poll's client, at once if there are any, else when one comes. Returns the waiting poll (cancel it when the
     * connection goes, or when its wait is over: {@code ready} is then never called), or null if {@code ready}
     * already ran.
     */
    public Waiting poll(PollSpec spec, Consumer<List<Held>> ready) {
        Mailbox box = box(spec.user());
        List<Held> now;
        List<Waiter> superseded;
        Waiter waiter = null;
        synchronized (box) {
            for (long seq : spec.acks()) {
                Lease l = box.leased.remove(seq);
                if (l != null) {
                    journal.taken(spec.user(), seq);
                }
            }
            if (spec.client() != null) {
                box.lastSeen.put(spec.client(), millis.getAsLong());
            }
            superseded = supersede(box, spec.client());
            now = spec.max() == 0 ? List.of() : take(box, spec);
            if (now.isEmpty() && spec.max() > 0) {
                waiter = new Waiter(box, spec, ready);
                box.waiters.add(waiter);
            }
        }
        superseded.forEach(w -> w.ready.accept(List.of()));
        if (waiter != null) {
            return waiter;
        }
        ready.accept(now);
        return null;
    }

    /**
     * A tagged client waits with one poll at a time: a new poll supersedes the one before (answered empty), which the
     * client has given up on (its HTTP timeout, an interrupted thread) though its connection may linger. Otherwise the
     * old poll would take the next answer and write it where nobody reads. Call with the box's monitor held.
     */
    private static List<Waiter> supersede(Mailbox box, String client) {
        if (client == null) {
            return List.of();
        }
        List<Waiter> old = new ArrayList<>();
        box.waiters.removeIf(w -> {
            if (client.equals(w.spec.client())) {
                old.add(w);
                return true;
            }
            return false;
        });
        return old;
    }

    /** Takes up to max messages for the poll's client; leases them if explicit. Call with the box's monitor held. */
    private List<Held> take(Mailbox box, PollSpec spec) {
        List<Held> out = new ArrayList<>();
        Iterator<Held> it = box.queue.iterator();
        while (it.hasNext() && out.size() < spec.max()) {
            Held h = it.next();
            boolean mine = spec.client() != null ? spec.client().equals(h.claim())
                    : h.claim() == null || !alive(box, h.claim());
            if (mine) {
                it.remove();
                out.add(h);
                if (spec.explicitAck()) {
                    box.leased.put(h.seq(), new Lease(h, millis.getAsLong() + LEASE.toMillis()));
                }
            }
        }
        return out;
    }

    /** Hands messages to waiting polls that want them; returns the callbacks to run outside the monitor. */
    private List<Runnable> serveWaiters(Mailbox box) {
        List<Runnable> run = new ArrayList<>();
        Iterator<Waiter> it = box.waiters.iterator();
        while (it.hasNext() && !box.queue.isEmpty()) {
            Waiter w = it.next();
            List<Held> got = take(box, w.spec);
            if (!got.isEmpty()) {
                it.remove();
                run.add(() -> w.ready.accept(got));
            }
        }
        return run;
    }

    /**
     * After a poll's answer was written ({@code ok}) or failed: a written message is forgotten unless it is leased
     * (explicit acknowledgement); an unwritten one goes back to the front of the queue.
     */
    public void written(Eui64 user, List<Held> messages, boolean ok) {
        Mailbox box = box(user);
        List<Runnable> wake = List.of();
        synchronized (box) {
            if (ok) {
                for (Held h : messages) {
                    if (!box.leased.containsKey(h.seq())) {
                        journal.taken(user, h.seq());
                    }
                }
            } else {
                for (int i = messages.size() - 1; i >= 0; i--) {
                    Held h = messages.get(i);
                    box.leased.remove(h.seq());
                    box.queue.addFirst(h);
                }
                wake = serveWaiters(box);
            }
        }
        wake.forEach(Runnable::run);
    }

    private void expireLeases() {
        long now = millis.getAsLong();
        for (Mailbox box : boxes.values()) {
            List<Runnable> wake;
            synchronized (box) {
                List<Held> back = new ArrayList<>();
                box.leased.values().removeIf(l -> {
                    if (l.expiresAt() <= now) {
                        back.add(l.held());
                        return true;
                    }
                    return false;
                });
                for (int i = back.size() - 1; i >= 0; i--) {
                    box.queue.addFirst(back.get(i));
                }
                box.lastSeen.values().removeIf(seen -> now - seen > 10 * CLAIM_LAPSE.toMillis());
                box.deviceClaims.values().removeIf(c -> !box.lastSeen.containsKey(c));
                wake = back.isEmpty() ? List.of() : serveWaiters(box);
            }
            wake.forEach(Runnable::run);
        }
    }

    /** Messages held for a user (not leased). */
    public int held(Eui64 user) {
        Mailbox box = boxes.get(user);
        if (box == null) {
            return 0;
        }
        synchronized (box) {
            return box.queue.size();
        }
    }

    /** Held messages nobody claimed, or whose claim lapsed, for each user. */
    public Map<Eui64, Integer> heldByUser() {
        Map<Eui64, Integer> out = new HashMap<>();
        boxes.forEach((u, b) -> {
            synchronized (b) {
                out.put(u, b.queue.size());
            }
        });
        return out;
    }

    public long posted() {
        return posted.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Polls waiting now, across users. */
    public int waitingPolls() {
        int n = 0;
        for (Mailbox b : boxes.values()) {
            synchronized (b) {
                n += b.waiters.size();
            }
        }
        return n;
    }

    /** All users' held messages, for tests and the admin view. */
    Collection<Eui64> users() {
        return boxes.keySet();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
