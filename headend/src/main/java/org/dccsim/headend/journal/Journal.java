package org.dccsim.headend.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.usecase.ChfDeviceLog;

/**
 * The head-end's durable state (DESIGN 3, "state that matters is durable"): the last RequestID counter accepted
 * from each user (and the last alert counter from each device), the ACB's own counter, the pre-commands issued and
 * not yet sent, commands awaiting answers, future-dated requests, installed credentials, and the responses and
 * alerts not yet delivered. An append-only JSON-lines file, replayed and compacted at start.
 *
 * <p>Why our own file and not an embedded database: the state is a few small maps written a record at a time;
 * a write-ahead log of one line per change needs no dependency, starts in milliseconds and is easy to inspect.
 * Each append is written to the OS before the call returns (it survives the process dying); a sync thread forces
 * the file to disk within {@link #FORCE_EVERY_MS} ms of any append, the last one included, so a power cut loses at
 * most that much.
 *
 * <p>The file stays bounded while running: once the records appended since the last compaction exceed
 * {@link #COMPACT_AFTER_BYTES} and twice the compacted size, the file is rewritten as the current state (under the
 * journal's lock, into a temporary file moved over the old one). The state itself is bounded: pre-commands expire
 * after {@link #ISSUED_LIFETIME} and at most {@link #MAX_ISSUED} are kept; held messages are capped per user by the
 * delivery; commands leave at their deadline. The same records map one-to-one onto tables when a deployment moves to
 * PostgreSQL.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    public static final long FORCE_EVERY_MS = 200;
    /** Appended bytes that (with twice the compacted size) trigger a compaction while running. */
    public static final long COMPACT_AFTER_BYTES = 8L << 20;
    /**
     * How long a transformed request's pre-command waits for its signed return (a decision: DUIS sets no limit; a
     * day covers any signing ceremony, and without a limit transforms never sent would stay for ever).
     */
    public static final java.time.Duration ISSUED_LIFETIME = java.time.Duration.ofHours(24);
    /** Pre-commands kept at most; the oldest expire first. */
    public static final int MAX_ISSUED = 100_000;

    /** An issued pre-command: enough to check and send the signed one; {@code atMillis} is when (wall clock). */
    public record Issued(String requestId, String sr, String srv, String useCase, byte[] preCommand, long atMillis) {
        public Issued(String requestId, String sr, String srv, String useCase, byte[] preCommand) {
            this(requestId, sr, srv, useCase, preCommand, System.currentTimeMillis());
        }
    }

    /**
     * A message held for a user, with the sequence number that removes it once delivered, the request it answers
     * (null for an alert), the device it came from, and the client that claimed it (null: any poll of the user's).
     */
    public record Held(long seq, byte[] xml, String requestId, Eui64 device, boolean alert, String claim) {
        public Held {
            xml = xml.clone();
        }

        @Override
        public byte[] xml() {
            return xml.clone();
        }
    }

    /**
     * A command sent to a device and not yet answered; {@code client} is the tag of the client that claimed its
     * answer (null if none did), {@code customerIdentificationNumber} the digits a 9.1 put on the display, which its
     * answer returns (null for other SRVs). {@code originator} is the command's GBCS originator, to whom the
     * device addresses its answer: the user, or the DCC's ACB for a command the DCC sends in its own name; null in a
     * journal written before it was recorded, which does not say which of the two it was.
     */
    public record Pending(String requestId, Eui64 user, Eui64 device, long counter, String sr, String srv, long deadlineMillis,
            String client, String customerIdentificationNumber, Eui64 originator) {
        public Pending(String requestId, Eui64 user, Eui64 device, long counter, String sr, String srv, long deadlineMillis,
                String client, String customerIdentificationNumber) {
            this(requestId, user, device, counter, sr, srv, deadlineMillis, client, customerIdentificationNumber, user);
        }

        public Pending(String requestId, Eui64 user, Eui64 device, long counter, String sr, String srv, long deadlineMillis,
                String client) {
            this(requestId, user, device, counter, sr, srv, deadlineMillis, client, null);
        }
    }

    /**
     * A future-dated request the DCC holds until its ExecutionDateTime (DUIS future dated by the DSP): the
     * signed request as received, the role it was accepted under, and when to run it.
     */
    /**
     * A DSP schedule (DUIS 5.1): its id, owner, the role it runs as, the DSPSchedule element as XML, and the simulated
     * time of its last run (0 before the first).
     */
    public record DspSchedule(long id, Eui64 user, String role, byte[] definition, long lastRunMillis) {
        public DspSchedule {
            definition = definition.clone();
        }

        @Override
        public byte[] definition() {
            return definition.clone();
        }

        public DspSchedule ranAt(long millis) {
            return new DspSchedule(id, user, role, definition, millis);
        }
    }

    public record Scheduled(String requestId, Eui64 user, String role, long atMillis, byte[] xml, String client) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    /** Last accepted RequestID counter per "originator:target" (EUI-64s in hex; see HeadEnd.acceptCounter). */
    private final Map<String, Long> counters = new HashMap<>();
    private final Map<String, Issued> issued = new LinkedHashMap<>();
    private final Map<Eui64, Deque<Held>> held = new HashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Scheduled> scheduled = new LinkedHashMap<>();
    /** "device:party" -> the signing key (hex SEC1 point) a device trusts for that party after a credentials update. */
    private final Map<String, String> credentials = new HashMap<>();
    /** Device -> the signing key (hex SEC1) it made for its last 6.17, the only one a 6.15.2 may place. */
    private final Map<Eui64, String> requestedKeys = new HashMap<>();
    /** "device:party" -> the signing key a future-dated credentials update will install, until its alert says it did. */
    private final Map<String, String> pendingCredentials = new HashMap<>();
    /** Device -> the signing certificate (DER, hex) it placed with 6.15.2 and now signs with. */
    private final Map<Eui64, String> deviceCertificates = new HashMap<>();
    /** Device -> the signing certificate (DER, hex) a 6.15.2 sent to it is placing, until the device is seen using it. */
    private final Map<Eui64, String> placings = new HashMap<>();
    /** Device statuses set by DUIS (8.3, 8.4, 8.1.1); a device with none has its configured status. */
    private final Map<Eui64, String> deviceStatus = new HashMap<>();
    /** The DSP's backup of each hub's device log, from its latest CCS07 answer (8.9), for 8.12.1. */
    private final Map<Eui64, ChfDeviceLog.Restore> hanBackups = new HashMap<>();
    private final Map<Long, DspSchedule> dspSchedules = new java.util.TreeMap<>();
    private long nextScheduleId = 1;
    private long acbCounter;
    private long nextSeq = 1;
    private FileChannel out;
    private boolean dirty;
    private long appended;
    private long compactedSize;
    private java.util.concurrent.ScheduledExecutorService sync;
    private final java.util.function.LongSupplier wallMillis;

    private Journal(Path file, java.util.function.LongSupplier wallMillis) {
        this.file = file;
        this.wallMillis = wallMillis;
    }

    /** A journal that keeps nothing across restarts (tests, benchmarks, throw-away demos). */
    public static Journal inMemory() {
        return new Journal(null, System::currentTimeMillis);
    }

    /** Opens (or creates) the journal, replaying and compacting what is there. */
    public static Journal open(Path file) throws IOException {
        return open(file, System::currentTimeMillis);
    }

    /** As {@link #open(Path)}, with the wall clock pre-commands expire by (tests). */
    static Journal open(Path file, java.util.function.LongSupplier wallMillis) throws IOException {
        Journal j = new Journal(file, wallMillis);
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            j.replay();
        }
        j.compact();
        j.sync = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dccsim-journal-sync");
            t.setDaemon(true);
            return t;
        });
        j.sync.scheduleWithFixedDelay(j::force, FORCE_EVERY_MS, FORCE_EVERY_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        return j;
    }

    /** Forces what was appended since the last force to disk; called by the sync thread. */
    private synchronized void force() {
        if (!dirty || out == null) {
            return;
        }
        try {
            out.force(false);
            dirty = false;
        } catch (IOException e) {
            LOG.warning(() -> "cannot sync the head-end journal " + file + ": " + e.getMessage());
        }
    }

    private void replay() throws IOException {
        int line = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = json.readTree(s);
                } catch (IOException e) {
                    // A torn last line from a crash mid-write: everything before it stands.
                    int at = line;
                    LOG.warning(() -> file + " line " + at + " is incomplete; ignored");
                    continue;
                }
                apply(n);
            }
        }
    }

    private void apply(JsonNode n) {
        switch (n.path("t").asText()) {
            case "counter" -> counters.put(n.get("key").asText(), Long.parseUnsignedLong(n.get("value").asText()));
            case "acb" -> acbCounter = Math.max(acbCounter, n.get("value").asLong());
            case "issued" -> issued.put(n.get("id").asText(), new Issued(n.get("id").asText(), n.get("sr").asText(),
                    n.get("srv").asText(), n.get("uc").asText(), Base64.getDecoder().decode(n.get("apdu").asText()),
                    n.has("at") ? n.get("at").asLong() : System.currentTimeMillis()));
            case "sent", "expired" -> issued.remove(n.get("id").asText());
            case "pending" -> pending.put(n.get("id").asText(), new Pending(n.get("id").asText(),
                    Eui64.parse(n.get("user").asText()), Eui64.parse(n.get("device").asText()),
                    Long.parseUnsignedLong(n.get("counter").asText()), n.get("sr").asText(), n.get("srv").asText(),
                    n.get("deadline").asLong(), text(n, "client"), text(n, "cin"),
                    n.hasNonNull("originator") ? Eui64.parse(n.get("originator").asText()) : null));
            case "done" -> pending.remove(n.get("id").asText());
            case "scheduled" -> scheduled.put(n.get("id").asText(), new Scheduled(n.get("id").asText(),
                    Eui64.parse(n.get("user").asText()), n.get("role").asText(), n.get("at").asLong(),
                    Base64.getDecoder().decode(n.get("xml").asText()), text(n, "client")));
            case "ran" -> scheduled.remove(n.get("id").asText());
            case "cred" -> {
                credentials.put(n.get("key").asText(), n.get("ds").asText());
                pendingCredentials.remove(n.get("key").asText());
            }
            case "credpending" -> pendingCredentials.put(n.get("key").asText(), n.get("ds").asText());
            case "csrkey" -> requestedKeys.put(Eui64.parse(n.get("device").asText()), n.get("key").asText());
            case "credpendingdone" -> pendingCredentials.remove(n.get("key").asText());
            case "placingdone" -> placings.remove(Eui64.parse(n.get("device").asText()));
            case "devcert" -> {
                deviceCertificates.put(Eui64.parse(n.get("device").asText()), n.get("cert").asText());
                placings.remove(Eui64.parse(n.get("device").asText()));
            }
            case "placing" -> placings.put(Eui64.parse(n.get("device").asText()), n.get("cert").asText());
            case "status" -> deviceStatus.put(Eui64.parse(n.get("device").asText()), n.get("status").asText());
            case "han" -> {
                Eui64 hub = Eui64.parse(n.get("hub").asText());
                List<ChfDeviceLog.RestoredDevice> devices = new ArrayList<>();
                for (JsonNode d : n.path("devices")) {
                    devices.add(new ChfDeviceLog.RestoredDevice(Eui64.parse(d.get("eui").asText()),
                            HexFormat.of().parseHex(d.get("key").asText())));
                }
                if (devices.isEmpty()) {
                    hanBackups.remove(hub);
                } else {
                    hanBackups.put(hub, new ChfDeviceLog.Restore(Eui64.parse(n.get("pan").asText()),
                            devices));
                }
            }
            case "dsp" -> {
                DspSchedule d = new DspSchedule(n.get("id").asLong(), Eui64.parse(n.get("user").asText()),
                        n.get("role").asText(), Base64.getDecoder().decode(n.get("def").asText()), n.path("last").asLong(0));
                dspSchedules.put(d.id(), d);
                nextScheduleId = Math.max(nextScheduleId, d.id() + 1);
            }
            case "dsprun" -> dspSchedules.computeIfPresent(n.get("id").asLong(), (k, d) -> d.ranAt(n.get("at").asLong()));
            case "dspdel" -> dspSchedules.remove(n.get("id").asLong());
            case "held" -> {
                long seq = n.get("seq").asLong();
                String device = text(n, "device");
                held.computeIfAbsent(Eui64.parse(n.get("user").asText()), k -> new ArrayDeque<>())
                        .addLast(new Held(seq, Base64.getDecoder().decode(n.get("xml").asText()), text(n, "rid"),
                                device == null ? null : Eui64.parse(device), n.path("alert").asBoolean(false),
                                text(n, "claim")));
                nextSeq = Math.max(nextSeq, seq + 1);
                answered(text(n, "rid"), n.path("alert").asBoolean(false));
            }
            case "taken" -> {
                Deque<Held> q = held.get(Eui64.parse(n.get("user").asText()));
                long seq = n.get("seq").asLong();
                if (q != null) {
                    q.removeIf(h -> h.seq() == seq);
                }
            }
            default -> LOG.warning(() -> "unknown journal record " + n.path("t").asText() + " ignored");
        }
    }

    /** A text field, or null where it is absent (older journals lack the newer fields). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Rewrites the file as the current state, then appends from there. */
    private void compact() throws IOException {
        expireIssued();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (Map.Entry<String, Long> e : counters.entrySet()) {
                write(c, counterRecord(e.getKey(), e.getValue()));
            }
            write(c, json.createObjectNode().put("t", "acb").put("value", acbCounter));
            for (Issued i : issued.values()) {
                write(c, issuedRecord(i));
            }
            for (Map.Entry<Eui64, Deque<Held>> e : held.entrySet()) {
                for (Held h : e.getValue()) {
                    write(c, heldRecord(e.getKey(), h));
                }
            }
            for (Pending p : pending.values()) {
                write(c, pendingRecord(p));
            }
            for (Scheduled x : scheduled.values()) {
                write(c, scheduledRecord(x));
            }
            for (Map.Entry<Eui64, String> e : deviceCertificates.entrySet()) {
                write(c, deviceCertificateRecord(e.getKey(), e.getValue()));
            }
            for (Map.Entry<Eui64, String> e : placings.entrySet()) {
                write(c, json.createObjectNode().put("t", "placing").put("device", e.getKey().toString()).put("cert", e.getValue()));
            }
            for (Map.Entry<String, String> e : credentials.entrySet()) {
                write(c, credentialRecord(e.getKey(), e.getValue()));
            }
            // After the credentials: replaying a credential ends what was pending for it.
            for (Map.Entry<String, String> e : pendingCredentials.entrySet()) {
                write(c, json.createObjectNode().put("t", "credpending").put("key", e.getKey()).put("ds", e.getValue()));
            }
            for (Map.Entry<Eui64, String> e : requestedKeys.entrySet()) {
                write(c, json.createObjectNode().put("t", "csrkey").put("device", e.getKey().toString()).put("key", e.getValue()));
            }
            for (Map.Entry<Eui64, String> e : deviceStatus.entrySet()) {
                write(c, statusRecord(e.getKey(), e.getValue()));
            }
            for (DspSchedule d : dspSchedules.values()) {
                write(c, dspRecord(d));
            }
            for (Map.Entry<Eui64, ChfDeviceLog.Restore> e : hanBackups.entrySet()) {
                write(c, hanRecord(e.getKey(), e.getValue()));
            }
            c.force(true);
            compactedSize = c.size();
        }
        if (out != null) {
            out.close();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        appended = 0;
        dirty = false;
    }

    /** Drops pre-commands past their lifetime (in memory: the compaction that follows leaves them out). */
    private void expireIssued() {
        long oldest = wallMillis.getAsLong() - ISSUED_LIFETIME.toMillis();
        issued.values().removeIf(i -> i.atMillis() < oldest);
    }

    /** Whether everything appended has been forced to disk. */
    public synchronized boolean synced() {
        return !dirty;
    }

    /** The journal file's size now (for the soak report and tests). */
    public synchronized long fileSize() {
        try {
            return out == null ? 0 : out.size();
        } catch (IOException e) {
            return -1;
        }
    }

    private ObjectNode counterRecord(String key, long value) {
        return json.createObjectNode().put("t", "counter").put("key", key).put("value", Long.toUnsignedString(value));
    }

    private ObjectNode issuedRecord(Issued i) {
        return json.createObjectNode().put("t", "issued").put("id", i.requestId()).put("sr", i.sr()).put("srv", i.srv())
                .put("uc", i.useCase()).put("apdu", Base64.getEncoder().encodeToString(i.preCommand())).put("at", i.atMillis());
    }

    private ObjectNode pendingRecord(Pending p) {
        return json.createObjectNode().put("t", "pending").put("id", p.requestId()).put("user", p.user().toString())
                .put("device", p.device().toString()).put("counter", Long.toUnsignedString(p.counter())).put("sr", p.sr())
                .put("srv", p.srv()).put("deadline", p.deadlineMillis()).put("client", p.client())
                .put("cin", p.customerIdentificationNumber())
                .put("originator", p.originator() == null ? null : p.originator().toString());
    }

    private ObjectNode scheduledRecord(Scheduled x) {
        return json.createObjectNode().put("t", "scheduled").put("id", x.requestId()).put("user", x.user().toString())
                .put("role", x.role()).put("at", x.atMillis()).put("xml", Base64.getEncoder().encodeToString(x.xml()))
                .put("client", x.client());
    }

    private ObjectNode hanRecord(Eui64 hub, ChfDeviceLog.Restore backup) {
        ObjectNode n = json.createObjectNode().put("t", "han").put("hub", hub.toString());
        ArrayNode devices = n.putArray("devices");
        if (backup != null) {
            n.put("pan", backup.extendedPanId().toString());
            for (ChfDeviceLog.RestoredDevice d : backup.devices()) {
                devices.addObject().put("eui", d.device().toString()).put("key", HexFormat.of().formatHex(d.linkKey()));
            }
        }
        return n;
    }

    private ObjectNode statusRecord(Eui64 device, String status) {
        return json.createObjectNode().put("t", "status").put("device", device.toString()).put("status", status);
    }

    private ObjectNode dspRecord(DspSchedule d) {
        return json.createObjectNode().put("t", "dsp").put("id", d.id()).put("user", d.user().toString()).put("role", d.role())
                .put("def", Base64.getEncoder().encodeToString(d.definition)).put("last", d.lastRunMillis());
    }

    private ObjectNode deviceCertificateRecord(Eui64 device, String cert) {
        return json.createObjectNode().put("t", "devcert").put("device", device.toString()).put("cert", cert);
    }

    private ObjectNode credentialRecord(String key, String ds) {
        return json.createObjectNode().put("t", "cred").put("key", key).put("ds", ds);
    }

    private ObjectNode heldRecord(Eui64 user, Held h) {
        return json.createObjectNode().put("t", "held").put("user", user.toString()).put("seq", h.seq())
                .put("rid", h.requestId()).put("device", h.device() == null ? null : h.device().toString())
                .put("alert", h.alert()).put("claim", h.claim()).put("xml", Base64.getEncoder().encodeToString(h.xml));
    }

    private int write(FileChannel c, ObjectNode n) {
        try {
            ByteBuffer b = ByteBuffer.wrap((json.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
            int size = b.remaining();
            while (b.hasRemaining()) {
                c.write(b);
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the head-end journal " + file, e);
        }
    }

    private void append(ObjectNode n) {
        if (file == null) {
            return;
        }
        appended += write(out, n);
        dirty = true;
        if (appended > COMPACT_AFTER_BYTES && appended > 2 * compactedSize) {
            try {
                compact();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compact the head-end journal " + file, e);
            }
        }
    }

    // ---- the state, read and written ----

    public synchronized Long counter(String key) {
        return counters.get(key);
    }

    /**
     * Records {@code value} as the last counter for {@code key} if it is above the last one (unsigned), in one step;
     * returns null when recorded, else the last counter that refused it.
     */
    public synchronized Long advanceCounter(String key, long value) {
        Long last = counters.get(key);
        if (last != null && Long.compareUnsigned(value, last) <= 0) {
            return last;
        }
        counters.put(key, value);
        append(counterRecord(key, value));
        return null;
    }

    /** The next ACB counter, recorded before it is used so it never repeats after a restart. */
    public synchronized long nextAcbCounter() {
        acbCounter = Math.max(acbCounter + 1, System.currentTimeMillis());
        append(json.createObjectNode().put("t", "acb").put("value", acbCounter));
        return acbCounter;
    }

    public synchronized void issued(Issued i) {
        if (issued.size() >= MAX_ISSUED) {
            String eldest = issued.keySet().iterator().next();
            issued.remove(eldest);
            append(json.createObjectNode().put("t", "expired").put("id", eldest));
        }
        issued.put(i.requestId(), i);
        append(issuedRecord(i));
    }

    /** The pre-command issued for a request, unless it was sent or has expired. */
    public synchronized Issued issued(String requestId) {
        Issued i = issued.get(requestId);
        if (i != null && i.atMillis() < wallMillis.getAsLong() - ISSUED_LIFETIME.toMillis()) {
            issued.remove(requestId);
            append(json.createObjectNode().put("t", "expired").put("id", requestId));
            return null;
        }
        return i;
    }

    /** How many pre-commands wait for their signed return. */
    public synchronized int issuedCount() {
        return issued.size();
    }

    /** Consumes an issued pre-command; false if there was none (or it was consumed already). */
    public synchronized boolean sent(String requestId) {
        if (issued.remove(requestId) == null) {
            return false;
        }
        append(json.createObjectNode().put("t", "sent").put("id", requestId));
        return true;
    }

    public synchronized Held hold(Eui64 user, byte[] xml, String requestId, Eui64 device, boolean alert, String claim) {
        Held h = new Held(nextSeq++, xml, requestId, device, alert, claim);
        held.computeIfAbsent(user, k -> new ArrayDeque<>()).addLast(h);
        answered(requestId, alert);
        append(heldRecord(user, h));
        return h;
    }

    /**
     * A held answer to a request completes its pending command in the same record: a head-end killed after holding the
     * answer and before {@link #done} must not, restarted, wait for the device again and then answer E21 as well.
     */
    private void answered(String requestId, boolean alert) {
        if (requestId != null && !alert) {
            pending.remove(requestId);
        }
    }

    /** Everything held, oldest first per user: what a restarted head-end still owes. */
    public synchronized Map<Eui64, Deque<Held>> heldMessages() {
        Map<Eui64, Deque<Held>> copy = new HashMap<>();
        held.forEach((k, v) -> copy.put(k, new ArrayDeque<>(v)));
        return copy;
    }

    public synchronized void taken(Eui64 user, long seq) {
        Deque<Held> q = held.get(user);
        if (q != null && q.removeIf(h -> h.seq() == seq)) {
            append(json.createObjectNode().put("t", "taken").put("user", user.toString()).put("seq", seq));
        }
    }

    public synchronized void pending(Pending p) {
        pending.put(p.requestId(), p);
        append(pendingRecord(p));
    }

    public synchronized void done(String requestId) {
        if (pending.remove(requestId) != null) {
            append(json.createObjectNode().put("t", "done").put("id", requestId));
        }
    }

    public synchronized java.util.List<Pending> pendingCommands() {
        return java.util.List.copyOf(pending.values());
    }

    public synchronized void schedule(Scheduled x) {
        scheduled.put(x.requestId(), x);
        append(scheduledRecord(x));
    }

    /** The scheduled request has run (or failed to): it is not run again after a restart. */
    public synchronized void ran(String requestId) {
        if (scheduled.remove(requestId) != null) {
            append(json.createObjectNode().put("t", "ran").put("id", requestId));
        }
    }

    /**
     * Records that {@code device} now trusts {@code signingKey} (a hex SEC1 point) for {@code party}: a credentials
     * update the device confirmed (6.15.1). The head-end then checks that party's pre-commands for the device with it.
     */
    public synchronized void credential(Eui64 device, Eui64 party, String signingKey) {
        String key = device + ":" + party;
        credentials.put(key, signingKey);
        pendingCredentials.remove(key);
        append(credentialRecord(key, signingKey));
    }

    /**
     * Records that {@code device} placed a new signing certificate (DER, hex) and signs with its key from now on: a 6.15.2
     * the device confirmed. The head-end checks the device's signatures with it, and its SMKI serves it, after restarts too.
     */
    public synchronized void deviceCertificate(Eui64 device, String certificate) {
        deviceCertificates.put(device, certificate);
        placings.remove(device);
        append(deviceCertificateRecord(device, certificate));
    }

    /**
     * Records that a 6.15.2 sent to {@code device} places {@code certificate} (DER, hex): until the device is seen
     * signing with its key ({@link #deviceCertificate}), the head-end expects it, after a restart too.
     */
    public synchronized void placing(Eui64 device, String certificate) {
        placings.put(device, certificate);
        append(json.createObjectNode().put("t", "placing").put("device", device.toString()).put("cert", certificate));
    }

    /** The certificates being placed on devices (DER, hex), by device. */
    public synchronized Map<Eui64, String> placings() {
        return Map.copyOf(placings);
    }

    /** Every device's placed signing certificate (DER, hex), as journalled. */
    public synchronized Map<Eui64, String> deviceCertificates() {
        return Map.copyOf(deviceCertificates);
    }

    /**
     * Records that a future-dated credentials update the device accepted will make it trust {@code signingKey} for
     * {@code party}; its outcome alert (8F66) makes it the party's credential ({@link #credential}).
     */
    public synchronized void pendingCredential(Eui64 device, Eui64 party, String signingKey) {
        String key = device + ":" + party;
        pendingCredentials.put(key, signingKey);
        append(json.createObjectNode().put("t", "credpending").put("key", key).put("ds", signingKey));
    }

    /** The future-dated credentials updates {@code device} accepted: party -> signing key (hex). */
    public synchronized Map<Eui64, String> pendingCredentials(Eui64 device) {
        Map<Eui64, String> out = new HashMap<>();
        String prefix = device + ":";
        pendingCredentials.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(Eui64.parse(k.substring(prefix.length())), v);
            }
        });
        return out;
    }

    /** A future-dated credentials update that failed or was cancelled: nothing to install. */
    public synchronized void pendingCredentialDone(Eui64 device, Eui64 party) {
        String key = device + ":" + party;
        if (pendingCredentials.remove(key) != null) {
            append(json.createObjectNode().put("t", "credpendingdone").put("key", key));
        }
    }

    /** A 6.15.2 the device refused: its certificate (DER, hex) is no longer being placed. */
    public synchronized void notPlacing(Eui64 device, String certificate) {
        if (certificate.equals(placings.get(device))) {
            placings.remove(device);
            append(json.createObjectNode().put("t", "placingdone").put("device", device.toString()));
        }
    }

    /** Records the signing key (hex SEC1) {@code device} made for a 6.17, replacing any earlier one. */
    public synchronized void requestedKey(Eui64 device, String key) {
        requestedKeys.put(device, key);
        append(json.createObjectNode().put("t", "csrkey").put("device", device.toString()).put("key", key));
    }

    /** The signing key {@code device} made for its last 6.17, or null. */
    public synchronized String requestedKey(Eui64 device) {
        return requestedKeys.get(device);
    }

    /** The signing key {@code device} trusts for {@code party} after an update, if there was one. */
    public synchronized String credential(Eui64 device, Eui64 party) {
        return credentials.get(device + ":" + party);
    }

    /** The status DUIS last set for a device (a DeviceStatus name), or null if none has been. */
    public synchronized String deviceStatus(Eui64 device) {
        return deviceStatus.get(device);
    }

    public synchronized void deviceStatus(Eui64 device, String status) {
        deviceStatus.put(device, status);
        append(statusRecord(device, status));
    }

    /**
     * The DSP's backup of {@code hub}'s device log (CCS07's backup of the log: its extended PAN id and each device's
     * link key), replacing the one before; null when the hub's log is empty, which leaves nothing to restore. Link keys
     * are key material: they stay in the journal, which holds the DCC's secrets already, and are never logged.
     */
    public synchronized void hanBackup(Eui64 hub, ChfDeviceLog.Restore backup) {
        if (backup == null) {
            hanBackups.remove(hub);
        } else {
            hanBackups.put(hub, backup);
        }
        append(hanRecord(hub, backup));
    }

    /** The DSP's last backup of {@code hub}'s device log, if it holds one. */
    public synchronized Optional<ChfDeviceLog.Restore> hanBackup(Eui64 hub) {
        return Optional.ofNullable(hanBackups.get(hub));
    }

    /** Records a new DSP schedule and returns it with its id. */
    public synchronized DspSchedule addSchedule(Eui64 user, String role, byte[] definition) {
        DspSchedule d = new DspSchedule(nextScheduleId++, user, role, definition, 0);
        dspSchedules.put(d.id(), d);
        append(dspRecord(d));
        return d;
    }

    /** Marks a schedule's run at a simulated time; false if it was deleted meanwhile. */
    public synchronized boolean scheduleRan(long id, long atMillis) {
        DspSchedule d = dspSchedules.computeIfPresent(id, (k, v) -> v.ranAt(atMillis));
        if (d != null) {
            append(json.createObjectNode().put("t", "dsprun").put("id", id).put("at", atMillis));
        }
        return d != null;
    }

    public synchronized boolean deleteSchedule(long id) {
        if (dspSchedules.remove(id) == null) {
            return false;
        }
        append(json.createObjectNode().put("t", "dspdel").put("id", id));
        return true;
    }

    public synchronized java.util.List<DspSchedule> dspSchedules() {
        return java.util.List.copyOf(dspSchedules.values());
    }

    public synchronized java.util.List<Scheduled> scheduledRequests() {
        return java.util.List.copyOf(scheduled.values());
    }

    @Override
    public synchronized void close() throws IOException {
        if (sync != null) {
            sync.shutdownNow();
        }
        if (out != null) {
            out.force(true);
            out.close();
            out = null;
        }
    }
}
