package org.dccsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.dccsim.device.model.AssetType;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.duis.client.Inbox;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.CryptoEngine;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.Ecdsa;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.Lab;
import org.dccsim.lab.LabInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dccsim bench gb-day}: a GB day of DCC traffic at a scale of the national volume, replayed in compressed time
 * against a head-end in its own process, with the devices in one or more {@code dccsim devices} processes, as a DCC
 * would run them: this process is the DCC Users (a supplier and a VLP), sending each request when the day's shape
 * says it arrives ({@link GbDayTraffic}) whether or not earlier ones are answered, and collecting every answer by
 * long-poll.
 *
 * <p>It reports throughput, the head-end-added latency (the time the head-end spends on a request before its
 * synchronous reply, and on a device's answer before the user can poll it: both from the head-end's own metrics at
 * {@code /metrics}, so the WAN and the devices are not in them), end-to-end latency as the users see it, CPU by
 * process, and the ratio to the crypto bound of the day's mix. Warm-up (the JIT, each user's first contact with
 * each device) is a separate phase before the day, at the day's average rate, and counts in none of the figures;
 * the whole day counts.
 */
@Command(name = "gb-day", mixinStandardHelpOptions = true,
        description = "Replay a GB day of DCC traffic (33 million service requests nationally; a mix of reads, daily logs, "
                + "configuration and dispatch in the day's shape) at a scale, in compressed time, against a head-end and "
                + "devices in their own processes; report throughput, head-end-added latency, CPU and the crypto bound.",
        footer = ExitCodes.HELP + "%n  1   the replay fell behind the day or requests failed%nExamples:%n"
                + "  dccsim bench gb-day --scale 0.0005 --minutes 10%n"
                + "  dccsim bench gb-day --scale 0.002 --minutes 20 --sites 2000 --device-processes 2%n")
final class GbDayCommand implements Callable<Integer> {
    @Option(names = "--scale", defaultValue = "0.0005", paramLabel = "S",
            description = "Share of the national day (33 million requests) to replay (default ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--minutes", defaultValue = "10", paramLabel = "M",
            description = "Real minutes the 24-hour day is compressed into (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--sites", defaultValue = "500", paramLabel = "N",
            description = "Sites (each a hub, an ESME and a SAPC) the traffic is spread over (default ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--device-processes", defaultValue = "1", paramLabel = "N",
            description = "dccsim devices processes the fleet is split over (default ${DEFAULT-VALUE}).")
    int deviceProcesses;

    @Option(names = "--max-in-flight", defaultValue = "2000", paramLabel = "N",
            description = "Requests awaiting their answer at most; past it arrivals wait, and the lag shows it "
                    + "(default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--senders", defaultValue = "32", paramLabel = "N",
            description = "Client threads posting requests (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--warmup-seconds", defaultValue = "60", paramLabel = "S",
            description = "Real seconds of the day's mix at its average rate before the day, counted in nothing "
                    + "(default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the arrivals (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jvm", paramLabel = "OPTION", description = "A JVM option for the head-end and devices processes "
            + "(repeat; e.g. --jvm -Xmx4g).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--keep", description = "Keep the run's directory (lab, journals, the processes' logs) and print it.")
    boolean keep;

    @Spec
    CommandSpec spec;

    /** A process this run started: what it is, and its CPU time at the start of the measured part. */
    private record Child(String name, Process process, Path log) {
    }

    @Override
    public Integer call() throws Exception {
        GbDayTraffic traffic;
        try {
            traffic = traffic(scale, seed);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "--scale: " + e.getMessage());
        }
        if (!(minutes >= 0.1) || minutes > 24 * 60 || sites < 1 || sites > 250_000 || deviceProcesses < 1
                || deviceProcesses > 16 || warmupSeconds < 0 || warmupSeconds > 3600 || maxInFlight < 1 || maxInFlight > 100_000 || senders < 1 || senders > 512) {
            throw new UserError(ExitCodes.BAD_INPUT, "--minutes 0.1-1440, --sites 1-250000, --device-processes 1-16, --warmup-seconds 0-3600, "
                    + "--max-in-flight 1-100000, --senders 1-512");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("dccsim-gb-day");
        List<Child> children = new ArrayList<>();
        Thread reaper = new Thread(() -> children.forEach(c -> c.process().destroyForcibly()), "dccsim-gb-day-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            int duisPort = freePort();
            int wanPort = freePort();
            Lab lab = LabInit.write(dir.resolve("lab"), new LabInit.Choices(sites, 1, Map.of(AssetType.BATTERY, 1.0), 1, 7,
                    duisPort, wanPort, Instant.parse("2026-06-01T00:00:00Z")));
            out.printf("dccsim bench gb-day: scale %s = %,d requests in a day compressed to %s min (x%.0f), %d sites (%d devices "
                    + "and %d hubs) in %d devices process(es); crypto: %s%n", scale, traffic.total(), minutes,
                    24 * 60 / minutes, sites, 2 * sites, sites, deviceProcesses, CryptoEngine.active().description());
            out.flush();
            children.add(start("headend", dir, List.of("headend", "--lab", lab.dir().toString(), "--data",
                    dir.resolve("headend-data").toString(), "--smki-port", "0", "--log-level", "warning")));
            URI base = lab.client("supplier").headend();
            URI metrics = base.resolve("/metrics");
            awaitMetric(metrics, "dccsim_devices_connected", 0, Duration.ofSeconds(120), children);
            for (int k = 1; k <= deviceProcesses; k++) {
                children.add(start("devices-" + k, dir, List.of("devices", "--lab", lab.dir().toString(), "--part",
                        k + "/" + deviceProcesses, "--data", dir.resolve("devices-" + k).toString(), "--log-level", "warning")));
            }
            long t0 = System.nanoTime();
            awaitMetric(metrics, "dccsim_devices_connected", 3L * sites, Duration.ofMinutes(30), children);
            out.printf("devices connected: %,d in %.1f s%n", 3L * sites, (System.nanoTime() - t0) / 1e9);
            out.flush();
            Replay r = new Replay(lab, traffic, base, metrics, children, out);
            Result result = r.run();
            report(result, children, out);
            return result.keptUp() && result.failed() == 0 ? ExitCodes.OK : 1;
        } finally {
            for (Child c : children) {
                c.process().destroy();
            }
            for (Child c : children) {
                if (!c.process().waitFor(20, TimeUnit.SECONDS)) {
                    c.process().destroyForcibly();
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
            if (keep) {
                out.println("kept: " + dir);
            } else {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            out.flush();
        }
    }

    private static GbDayTraffic traffic(double scale, long seed) {
        return new GbDayTraffic(scale, seed);
    }

    /** Starts {@code dccsim ARGS} as a child JVM on this process's class path, its output to a log file. */
    private Child start(String name, Path dir, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        String engine = System.getProperty("dccsim.crypto");
        if (engine != null) {
            cmd.add("--crypto");
            cmd.add(engine);
        } else if (!CryptoEngine.active().description().toLowerCase().contains("aws")) {
            cmd.add("--crypto");
            cmd.add("bc");
        }
        cmd.addAll(args);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Child(name, p, log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the head-end's metric {@code name} is at least {@code atLeast}, or a child has died. */
    private static void awaitMetric(URI metrics, String name, long atLeast, Duration max, List<Child> children)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            for (Child c : children) {
                if (!c.process().isAlive()) {
                    throw new UserError(ExitCodes.INTERNAL_ERROR, c.name() + " exited with " + c.process().exitValue() + "; its log: "
                            + tail(c.log()));
                }
            }
            try {
                Double v = Scrape.of(get(metrics)).value(name);
                if (v != null && v >= atLeast) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new UserError(ExitCodes.INTERNAL_ERROR, "waited " + max.toSeconds() + " s for " + name + " >= " + atLeast);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** What the measured part of the day came to. */
    record Result(long warmupSent, long sent, long answered, long failed, Map<String, Long> failures, double measuredSeconds,
            long measuredAnswered, double[] endToEndMs, double lagP99Seconds, double maxLagSeconds,
            Scrape.Histogram requestHandling, Scrape.Histogram answerHandling, Map<String, Double> cpuSeconds,
            double signMs, double verifyMs) {
        boolean keptUp() {
            return lagP99Seconds < 1.0;
        }
    }

    /** The replay: arrivals on one thread, posts on the senders, answers by long-poll. */
    private final class Replay {
        private final Lab lab;
        private final GbDayTraffic traffic;
        private final URI base;
        private final URI metrics;
        private final List<Child> children;
        private final PrintWriter out;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong warmupSent = new AtomicLong();
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong answeredMeasured = new AtomicLong();
        private final AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong failed = new AtomicLong();
        private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        private final Samples endToEnd = new Samples();
        private final Samples lag = new Samples();

        Replay(Lab lab, GbDayTraffic traffic, URI base, URI metrics, List<Child> children, PrintWriter out) {
            this.lab = lab;
            this.traffic = traffic;
            this.base = base;
            this.metrics = metrics;
            this.children = children;
            this.out = out;
        }

        Result run() throws Exception {
            ClientProfile.Client supplier = lab.client("supplier");
            ClientProfile.Client vlp = lab.client("vlp1");
            DuisClient supplierDuis = new DuisClient(base, supplier.dspCertificates(), "gb-day-supplier");
            DuisClient vlpDuis = new DuisClient(base, vlp.dspCertificates(), "gb-day-vlp");
            Map<GbDayTraffic.Sender, ClientProfile.Client> who = new EnumMap<>(Map.of(GbDayTraffic.Sender.SUPPLIER, supplier,
                    GbDayTraffic.Sender.VLP, vlp));
            Map<GbDayTraffic.Sender, DuisClient> duis = new EnumMap<>(Map.of(GbDayTraffic.Sender.SUPPLIER, supplierDuis,
                    GbDayTraffic.Sender.VLP, vlpDuis));
            Map<GbDayTraffic.Sender, GbcsSecurity> gbcs = new EnumMap<>(Map.of(GbDayTraffic.Sender.SUPPLIER,
                    new GbcsSecurity(supplier.gbcsKeys()), GbDayTraffic.Sender.VLP, new GbcsSecurity(vlp.gbcsKeys())));
            List<Eui64> esmes = new ArrayList<>();
            List<Eui64> sapcs = new ArrayList<>();
            for (String line : Files.readAllLines(lab.devicesFile())) {
                String[] f = line.split(",");
                if (f.length >= 2 && f[0].matches("[0-9A-Fa-f]{16}")) {
                    (f[1].trim().equals("ESME") ? esmes : f[1].trim().equals("SAPC") ? sapcs : new ArrayList<Eui64>())
                            .add(Eui64.parse(f[0]));
                }
            }
            if (esmes.isEmpty() || sapcs.isEmpty()) {
                throw new UserError(ExitCodes.INTERNAL_ERROR, "the lab lists no ESMEs or SAPCs in " + lab.devicesFile());
            }
            double speed = 24 * 60 / minutes;
            Semaphore window = new Semaphore(maxInFlight);
            ExecutorService pool = Executors.newFixedThreadPool(senders, r -> {
                Thread t = new Thread(r, "gb-day-sender");
                t.setDaemon(true);
                return t;
            });
            Scrape atStart = null;
            Map<String, Double> cpuAtStart = null;
            long measuredFrom = 0;
            try (supplierDuis; vlpDuis; Inbox supplierInbox = new Inbox(supplierDuis, supplier.identity(), 200);
                 Inbox vlpInbox = new Inbox(vlpDuis, vlp.identity(), 200)) {
                Map<GbDayTraffic.Sender, Inbox> inbox = new EnumMap<>(Map.of(GbDayTraffic.Sender.SUPPLIER, supplierInbox,
                        GbDayTraffic.Sender.VLP, vlpInbox));
                SplittableRandom rnd = new SplittableRandom(seed);
                // Warm-up, counted in nothing: the day's mix at its average rate (the JIT compiles the paths, each
                // user meets most devices once: ECDH, key derivation), then its answers drained, so no backlog of
                // it spills into the day.
                double warmupRate = traffic.total() / 86_400.0 * speed;
                List<GbDayTraffic.Arrival> warm = traffic.warmup((int) Math.min(1_000_000, Math.round(warmupRate * warmupSeconds)),
                        warmupSeconds);
                if (!warm.isEmpty()) {
                    out.printf("  warm-up: %,d requests in %d s%n", warm.size(), warmupSeconds);
                    out.flush();
                }
                long warmStart = System.nanoTime();
                // Waits for the arrival's time and a place in the window, sends it to a device of its kind's type on a
                // sender thread, and tells how late it went.
                Dispatch dispatch = (a, due, counted) -> {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    window.acquire();
                    long late = Math.max(0, System.nanoTime() - due);
                    GbDayTraffic.Kind k = a.kind();
                    Eui64 device = k.sender() == GbDayTraffic.Sender.VLP ? sapcs.get(rnd.nextInt(sapcs.size()))
                            : esmes.get(rnd.nextInt(esmes.size()));
                    pool.execute(() -> send(k, device, duis.get(k.sender()), who.get(k.sender()), gbcs.get(k.sender()),
                            inbox.get(k.sender()), window, counted));
                    return late;
                };
                for (GbDayTraffic.Arrival a : warm) {
                    dispatch.send(a, warmStart + (long) (a.atSecond() * 1e9), false);
                }
                if (window.tryAcquire(maxInFlight, 3, TimeUnit.MINUTES)) {
                    window.release(maxInFlight);
                }
                answered.set(0);
                atStart = Scrape.of(get(metrics));
                cpuAtStart = cpu(children);
                measuredFrom = System.nanoTime();
                long start = System.nanoTime();
                long lastReport = start;
                for (int h = 0; h < 24; h++) {
                    for (GbDayTraffic.Arrival a : traffic.hour(h)) {
                        lag.add(dispatch.send(a, start + (long) (a.atSecond() / speed * 1e9), true) / 1000);
                        if (System.nanoTime() - lastReport > 30_000_000_000L) {
                            lastReport = System.nanoTime();
                            out.printf("  %02d:%02d simulated, %,d sent, %,d answered, %,d failed, %d in flight%n",
                                    (int) (a.atSecond() / 3600), (int) (a.atSecond() % 3600 / 60), sent.get(), answered.get(),
                                    failed.get(), maxInFlight - window.availablePermits());
                            out.flush();
                        }
                    }
                }
                long lastArrival = System.nanoTime();
                // The day is sent; wait for its answers (each has the head-end's device timeout and its own).
                if (!window.tryAcquire(maxInFlight, 3, TimeUnit.MINUTES)) {
                    out.printf("  %d requests unanswered 3 minutes after the day's last arrival%n",
                            maxInFlight - window.availablePermits());
                }
                // The measured rate runs to the last answer to a measured request (the day's end when it kept up).
                long end = Math.max(lastArrival, lastAnswer.get());
                Scrape atEnd = Scrape.of(get(metrics));
                Map<String, Double> cpuAtEnd = cpu(children);
                Map<String, Double> cpuUsed = new TreeMap<>();
                for (Map.Entry<String, Double> e : cpuAtEnd.entrySet()) {
                    cpuUsed.put(e.getKey(), e.getValue() - cpuAtStart.getOrDefault(e.getKey(), 0.0));
                }
                double[] crypto = timeEcdsa();
                Map<String, Long> f = new TreeMap<>();
                failures.forEach((key, v) -> f.put(key, v.get()));
                return new Result(warmupSent.get(), sent.get(), answered.get(), failed.get(), f, (end - measuredFrom) / 1e9,
                        answeredMeasured.get(), endToEnd.percentiles(0.5, 0.95, 0.99), lag.percentile(0.99) / 1e6,
                        lag.max() / 1e6, atEnd.histogram("dccsim_duis_requests_seconds").minus(
                                atStart.histogram("dccsim_duis_requests_seconds")),
                        atEnd.histogram("dccsim_answer_handling_seconds").minus(atStart.histogram("dccsim_answer_handling_seconds")),
                        cpuUsed, crypto[0], crypto[1]);
            } finally {
                pool.shutdownNow();
            }
        }

        private void send(GbDayTraffic.Kind k, Eui64 device, DuisClient duis, ClientProfile.Client who, GbcsSecurity gbcs,
                Inbox inbox, Semaphore window, boolean counted) {
            long t = System.nanoTime();
            (counted ? sent : warmupSent).incrementAndGet();
            RequestId id;
            try {
                id = duis.submit(who.identity(), device, k.srv(), body(k), k.critical(), gbcs);
            } catch (DuisClientException | RuntimeException e) {
                fail(k, e instanceof DuisClientException d && d.code() != null ? d.code() : "post");
                window.release();
                return;
            }
            inbox.answer(id).orTimeout(3, TimeUnit.MINUTES).whenComplete((r, e) -> {
                inbox.forget(id);
                if (e == null && DuisCodes.I0.equals(r.code())) {
                    answered.incrementAndGet();
                    if (counted) {
                        answeredMeasured.incrementAndGet();
                        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                        endToEnd.add((System.nanoTime() - t) / 1000);
                    }
                } else {
                    fail(k, e != null ? "no answer" : r.code());
                }
                // Last: a drained window means every answer is counted (the warm-up's before the day's count starts).
                window.release();
            });
        }

        private void fail(GbDayTraffic.Kind k, String why) {
            failed.incrementAndGet();
            failures.computeIfAbsent(k.srv() + " " + why, x -> new AtomicLong()).incrementAndGet();
        }

        /** The body of one request of kind {@code k}, dated by the devices' clocks (real time). */
        private XmlNode body(GbDayTraffic.Kind k) {
            Instant now = Instant.now();
            return switch (k.srv()) {
                case "4.8.1", "4.17", "4.6.1" -> Bodies.readLog(k.element(), now.minus(Duration.ofDays(1)), now, null);
                case "6.4.1" -> Bodies.loadLimitSettings(null, 600, 20_000, 300, false);
                case "7.16" -> Bodies.limitApcLevel(1, now, now.plus(Duration.ofMinutes(30)), 50);
                default -> Bodies.empty(k.element());
            };
        }
    }

    /** Sends one arrival at its time; returns how late it went, in nanoseconds. */
    @FunctionalInterface
    private interface Dispatch {
        long send(GbDayTraffic.Arrival a, long dueNanos, boolean counted) throws InterruptedException;
    }

    /** CPU seconds used so far: this process (the users) and each child. */
    private static Map<String, Double> cpu(List<Child> children) {
        Map<String, Double> out = new TreeMap<>();
        out.put("users (this process)", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9);
        for (Child c : children) {
            out.put(c.name(), c.process().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN));
        }
        return out;
    }

    /** Raw ECDSA P-256 sign and verify on this process's engine, ms each, after warm-up (the crypto bound's unit). */
    private static double[] timeEcdsa() {
        EcKeys.KeyPair k = EcKeys.deterministic("gb-day-crypto-bound");
        byte[] message = new byte[200];
        byte[] sig = Ecdsa.sign(k.privateKey(), message);
        for (int i = 0; i < 2000; i++) {
            Ecdsa.verify(k.publicKey(), message, Ecdsa.sign(k.privateKey(), message));
        }
        int n = 3000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Ecdsa.sign(k.privateKey(), message);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Ecdsa.verify(k.publicKey(), message, sig);
        }
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n};
    }

    private void report(Result r, List<Child> children, PrintWriter out) {
        double rate = r.measuredAnswered() / Math.max(1e-9, r.measuredSeconds());
        double[] perRequest = GbDayTraffic.cryptoPerRequest();
        double boundMs = perRequest[0] * r.signMs() + perRequest[1] * r.verifyMs();
        int cores = Runtime.getRuntime().availableProcessors();
        double bound = cores * 1000 / boundMs;
        double offered = traffic(scale, seed).total() / (86_400 / (24 * 60 / minutes));
        out.printf("%nday: %,d sent, %,d answered I0, %,d failed (warm-up included)%s; warm-up: %,d sent%n", r.sent(),
                r.answered(), r.failed(), r.failures().isEmpty() ? "" : " " + r.failures(), r.warmupSent());
        out.printf("measured (the whole day, %.0f s real): %.1f answered/s (offered %.1f/s on average); arrivals late by "
                + "p99 %.3f s, at most %.3f s: %s%n", r.measuredSeconds(), rate, offered, r.lagP99Seconds(), r.maxLagSeconds(),
                r.keptUp() ? "kept up" : "FELL BEHIND");
        out.printf("head-end-added latency, request handling (receipt to synchronous reply; %,d requests): p50 %.2f, p95 %.2f, "
                + "p99 %.2f ms%n", r.requestHandling().count(), r.requestHandling().quantile(0.5) * 1e3,
                r.requestHandling().quantile(0.95) * 1e3, r.requestHandling().quantile(0.99) * 1e3);
        out.printf("head-end-added latency, answer handling (device answer to DUIS response ready; %,d answers): p50 %.2f, "
                + "p95 %.2f, p99 %.2f ms%n", r.answerHandling().count(), r.answerHandling().quantile(0.5) * 1e3,
                r.answerHandling().quantile(0.95) * 1e3, r.answerHandling().quantile(0.99) * 1e3);
        out.printf("end to end as the users see it (post to answer polled): p50 %.1f, p95 %.1f, p99 %.1f ms%n",
                r.endToEndMs()[0] / 1e3, r.endToEndMs()[1] / 1e3, r.endToEndMs()[2] / 1e3);
        double total = 0;
        StringBuilder cpu = new StringBuilder();
        for (Map.Entry<String, Double> e : r.cpuSeconds().entrySet()) {
            total += e.getValue();
            cpu.append(String.format("%s %.2f, ", e.getKey(), e.getValue() / r.measuredSeconds()));
        }
        out.printf("CPU, cores busy on average: %stotal %.2f of %d%n", cpu, total / r.measuredSeconds(), cores);
        out.printf("crypto bound of the mix: %.2f ECDSA signs and %.2f verifications a request at %.3f / %.3f ms = %.0f "
                + "requests/s on %d cores; the replay's rate is %.1f %% of it (the offered load, not the head-end's limit, "
                + "sets the rate while the replay keeps up)%n", perRequest[0], perRequest[1], r.signMs(), r.verifyMs(), bound,
                cores, 100 * rate / bound);
        out.flush();
    }

    /** Time samples in microseconds, kept whole (a scale's day fits: 8 bytes a request). */
    static final class Samples {
        private long[] v = new long[1024];
        private int n;

        synchronized void add(long micros) {
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, n * 2);
            }
            v[n++] = micros;
        }

        synchronized long percentile(double q) {
            if (n == 0) {
                return 0;
            }
            long[] s = java.util.Arrays.copyOf(v, n);
            java.util.Arrays.sort(s);
            return s[Math.max(0, Math.min(n - 1, (int) Math.ceil(q * n) - 1))];
        }

        synchronized double[] percentiles(double... qs) {
            double[] out = new double[qs.length];
            for (int i = 0; i < qs.length; i++) {
                out[i] = percentile(qs[i]);
            }
            return out;
        }

        synchronized long max() {
            long m = 0;
            for (int i = 0; i < n; i++) {
                m = Math.max(m, v[i]);
            }
            return m;
        }
    }
}
