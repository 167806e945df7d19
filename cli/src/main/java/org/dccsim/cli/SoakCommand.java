package org.dccsim.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.DeviceType;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.duis.client.Inbox;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Lab;
import org.dccsim.lab.LabInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dccsim bench soak}: a steady load on a whole DCC in this process (head-end with its journal on disk, WAN, a
 * lab's fleet; a VLP limiting an asset through the critical flow every 10 s, and a supplier reading
 * registers, profiles and firmware versions; all answers collected by long-poll), sampled every 30 s: live set after a full GC, resident memory, threads, open files and the
 * journal's size. At the end, a verdict on each trend over the run's second half, when warm-up is over. Exit 1 when
 * a resource kept growing.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run a steady load on an embedded DCC and report live set, RSS, threads, open files and journal size "
                + "every 30 s, with a verdict on each trend.",
        footer = ExitCodes.HELP + "%n  1   a resource kept growing%nExample:%n  dccsim bench soak --minutes 30%n")
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "30", paramLabel = "N", description = "How long (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--sites", defaultValue = "20", paramLabel = "N", description = "Sites in the lab (default ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N",
            description = "Requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--sample-seconds", defaultValue = "30", paramLabel = "S", hidden = true)
    int sampleSeconds;

    @Spec
    CommandSpec spec;

    /** One sample of the process's resources. */
    record Sample(long atSeconds, long requests, long failures, double liveMb, double rssMb, int threads, long fds,
            double journalMb) {
    }

    @Override
    public Integer call() throws Exception {
        if (minutes < 1 || minutes > 24 * 60 || sites < 1 || sites > 10_000 || concurrency < 1 || concurrency > 256
                || sampleSeconds < 1) {
            throw new UserError(ExitCodes.BAD_INPUT, "--minutes 1-1440, --sites 1-10000, --concurrency 1-256");
        }
        Path dir = Files.createTempDirectory("dccsim-soak");
        var out = spec.commandLine().getOut();
        try {
            Lab lab = LabInit.write(dir.resolve("lab"), new LabInit.Choices(sites, 1, LabInit.mix("BATTERY=1"), 1, 7, 8079, 8179,
                    Instant.parse("2026-06-01T00:00:00Z")));
            Path journal = dir.resolve("headend.journal");
            ScaledClock clock = new ScaledClock(Instant.now(), 1);
            try (EmbeddedDcc dcc = EmbeddedDcc.builder().lab(lab).clock(clock).journal(journal).requestLog(false)
                    .deviceTimeout(Duration.ofSeconds(20)).start()) {
                dcc.awaitDevices(Duration.ofSeconds(60));
                List<Sample> samples = run(dcc, journal, out);
                return verdict(samples, out) ? ExitCodes.OK : 1;
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private List<Sample> run(EmbeddedDcc dcc, Path journal, java.io.PrintWriter out) throws Exception {
        ClientProfile.Client vlp = dcc.client("vlp1");
        ClientProfile.Client supplier = dcc.client("supplier");
        DuisClient vlpDuis = new DuisClient(java.net.URI.create(dcc.duisBase()), vlp.dspCertificates(), "soak-vlp");
        DuisClient supplierDuis = new DuisClient(java.net.URI.create(dcc.duisBase()), supplier.dspCertificates(), "soak-supplier");
        GbcsSecurity vlpKeys = new GbcsSecurity(vlp.gbcsKeys());
        List<Eui64> sapcs = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.SAPC).map(d -> d.eui()).toList();
        List<Eui64> esmes = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.ESME).map(d -> d.eui()).toList();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "dccsim-soak-load");
            t.setDaemon(true);
            return t;
        });
        List<Sample> samples = new ArrayList<>();
        long[] nextLimit = {System.nanoTime()};
        try (vlpDuis; supplierDuis; Inbox vlpInbox = new Inbox(vlpDuis, vlp.identity(), 200);
             Inbox supplierInbox = new Inbox(supplierDuis, supplier.identity(), 200)) {
            for (int w = 0; w < concurrency; w++) {
                long seed = w;
                load.execute(() -> {
                    Random rnd = new Random(seed);
                    while (!stop.get()) {
                        try {
                            int kind = rnd.nextInt(100);
                            RequestId id;
                            Inbox inbox = supplierInbox;
                            if (seed == 0 && System.nanoTime() >= nextLimit[0]) {
                                // One VLP limit every 10 s through the critical flow, whatever the read rate: a dispatcher's
                                // pace. Each limit stays in its asset's control history for 62 days (the meter's profiles
                                // are computed from it), so a limit a second per asset would grow the heap by design.
                                nextLimit[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                                Instant from = dcc.now();
                                id = vlpDuis.submit(vlp.identity(), sapcs.get(rnd.nextInt(sapcs.size())), "7.16",
                                        Bodies.limitApcLevel(1, from, from.plus(Duration.ofMinutes(30)), rnd.nextInt(101)), true,
                                        vlpKeys);
                                inbox = vlpInbox;
                            } else {
                                Eui64 esme = esmes.get(rnd.nextInt(esmes.size()));
                                Instant now = dcc.now();
                                id = kind < 60
                                        ? supplierDuis.submit(supplier.identity(), esme, "4.1.1",
                                                Bodies.empty("ReadInstantaneousImportRegisters"), false, null)
                                        : kind < 80 ? supplierDuis.submit(supplier.identity(), esme, "4.8.1", Bodies.readLog(
                                                "ReadActiveImportProfileData", now.minus(Duration.ofHours(2)), now, null), false, null)
                                        : supplierDuis.submit(supplier.identity(), esme, "11.2", Bodies.empty("ReadFirmwareVersion"),
                                                false, null);
                            }
                            String code = inbox.await(id, Duration.ofSeconds(30)).code();
                            (DuisCodes.I0.equals(code) ? done : failed).incrementAndGet();
                        } catch (DuisClientException e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
            out.printf("dccsim bench soak: %d min, %d sites, %d requests in flight; a sample every %d s%n", minutes, sites,
                    concurrency, sampleSeconds);
            out.printf("%7s %10s %8s %9s %8s %8s %6s %11s%n", "time s", "requests", "failed", "live MB", "RSS MB", "threads",
                    "fds", "journal MB");
            out.flush();
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            while (true) {
                long next = start + TimeUnit.SECONDS.toNanos((long) sampleSeconds * (samples.size() + 1));
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(Math.min(next, end) - System.nanoTime())));
                Sample s = sample((System.nanoTime() - start) / 1_000_000_000L, done.get(), failed.get(), journal);
                samples.add(s);
                out.printf("%7d %10d %8d %9.1f %8.1f %8d %6d %11.2f%n", s.atSeconds(), s.requests(), s.failures(), s.liveMb(),
                        s.rssMb(), s.threads(), s.fds(), s.journalMb());
                out.flush();
                if (System.nanoTime() >= end) {
                    break;
                }
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
            load.awaitTermination(30, TimeUnit.SECONDS);
        }
        return samples;
    }

    private static Sample sample(long at, long requests, long failures, Path journal) throws IOException {
        System.gc();
        System.gc();
        double live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        double rss = procStatus("VmRSS:") / 1024.0;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds;
        Path fd = Path.of("/proc/self/fd");
        if (Files.isDirectory(fd)) {
            try (Stream<Path> s = Files.list(fd)) {
                fds = s.count();
            }
        } else {
            fds = -1;
        }
        return new Sample(at, requests, failures, live, rss, threads, fds,
                Files.exists(journal) ? Files.size(journal) / 1048576.0 : 0);
    }

    /** A field of /proc/self/status in kB (Linux), or -1. */
    private static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * A verdict per resource over the run's second half, when warm-up is over. The live set (heap after a full GC) grows
     * when its least-squares slope, kept up for a day, would more than double it. RSS follows the heap the JVM keeps
     * committed, which rises and falls with GC by hundreds of MB, so a slope over it is noise: it grows when the last
     * third's mean is more than 10 % above the middle third's. Threads and open files grow when they end more than 5
     * above their lowest and rise; the journal when it passes three times its compaction threshold.
     */
    static boolean verdict(List<Sample> samples, java.io.PrintWriter out) {
        List<Sample> tail = samples.subList(samples.size() / 2, samples.size());
        if (tail.size() < 3) {
            out.println("verdict: too few samples for a trend (run at least 2 minutes)");
            return true;
        }
        boolean ok = true;
        Map<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("live set MB", tail.stream().mapToDouble(Sample::liveMb).toArray());
        series.put("RSS MB", tail.stream().mapToDouble(Sample::rssMb).toArray());
        series.put("threads", tail.stream().mapToDouble(Sample::threads).toArray());
        series.put("open files", tail.stream().mapToDouble(Sample::fds).toArray());
        series.put("journal MB", tail.stream().mapToDouble(Sample::journalMb).toArray());
        double[] minutes = tail.stream().mapToDouble(s -> s.atSeconds() / 60.0).toArray();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            double slope = slope(minutes, v);
            double mean = java.util.Arrays.stream(v).average().orElse(0);
            double max = java.util.Arrays.stream(v).max().orElse(0);
            double min = java.util.Arrays.stream(v).min().orElse(0);
            int third = Math.max(1, v.length / 3);
            double middle = java.util.Arrays.stream(v, third, Math.max(third + 1, v.length - third)).average().orElse(0);
            double last = java.util.Arrays.stream(v, v.length - third, v.length).average().orElse(0);
            boolean grows = switch (e.getKey()) {
                case "threads", "open files" -> v[v.length - 1] - min > 5 && slope > 0.1;
                case "journal MB" -> max > 3 * 8; // three times the compaction threshold: compaction is not keeping up
                case "RSS MB" -> last > 1.1 * middle;
                default -> mean > 0 && slope * 24 * 60 > mean;
            };
            ok &= !grows;
            out.printf("verdict: %-11s %s (from %.1f to %.1f, slope %+.3f per minute)%n", e.getKey(),
                    grows ? "GROWS" : "flat", v[0], v[v.length - 1], slope);
        }
        Sample end = samples.get(samples.size() - 1);
        out.printf("verdict: %s; %d requests answered I0, %d failed%n", ok ? "no resource kept growing" : "a resource kept growing",
                end.requests(), end.failures());
        return ok;
    }

    static double slope(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElse(0);
        double my = java.util.Arrays.stream(y).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
