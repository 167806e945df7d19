package org.dccsim.drill;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.Site;
import org.dccsim.device.Device;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Organisations;
import org.dccsim.drill.Scenario.Event;
import org.dccsim.drill.Scenario.Limit;
import org.dccsim.drill.Scenario.Policy;

/**
 * Runs one drill: an embedded DCC with the scenario's fleet on a held simulated clock; the events' commands
 * dispatched through DUIS as their senders (the assets' VLPs, the supplier); simulated time let run past the events;
 * every meter's half-hour profiles read back; then P375 settlement, delivery against the counterfactual, and the asset
 * checks. Progress goes to {@code out} as it happens; the result is the report.
 */
public final class Drill {
    private final Scenario s;
    private final Path file;
    private final boolean table;
    private final boolean cryptoBaseline;
    private final int warmup;
    /**
     * The default warm-up: every SAPC a 7.16 of the drill limits, in rounds until {@link #WARMUP_LIMITS} limits have
     * gone out. A sentinel no count can be, so that an explicit count of any size stays one round.
     */
    public static final int WARM_EVERY_ASSET = -1;
    /**
     * The default warm-up's rounds go on until at least this many limits have gone out, all rounds counted, and then
     * until the CPU per limit has stopped falling ({@link #plateaued}), up to {@link #WARMUP_MAX_LIMITS}.
     */
    static final int WARMUP_LIMITS = 40_000;
    static final int WARMUP_MAX_LIMITS = 100_000;
    static final int MAX_WARMUP_ROUNDS = 40;
    /** Rounds compared on each side by {@link #plateaued}, and the fall between them that still counts as falling. */
    static final int PLATEAU_ROUNDS = 3;
    static final double PLATEAU_FALL = 0.03;
    /** The JIT counts as settled after this long without compiling anything. */
    static final long JIT_QUIET_MS = 500;
    /** The JIT's share of a warm-up round's CPU, in percent, below which it counts as done with the flow. */
    static final double JIT_QUIET_PERCENT = 3.0;
    static final long JIT_SETTLE_MAX_MS = 20_000;
    private final PrintWriter out;
    private final Map<String, Integer> readCodes = new java.util.TreeMap<>();

    /**
     * @param file  the scenario's file, named in the report and seeding the drill's organisations' keys
     * @param table print the P375 table for every site and half-hour (else only for drills of at most three sites)
     * @param cryptoBaseline time the cryptography of the confirmed limits alone afterwards, against the end-to-end rate
     * @param warmup   how many SAPCs to warm up with before the measured dispatch, one round ({@link #warmUp}); 0 for
     *                 none; {@link #WARM_EVERY_ASSET} for the default rounds
     */
    public Drill(Scenario s, Path file, boolean table, boolean cryptoBaseline, int warmup, PrintWriter out) {
        if (warmup < 0 && warmup != WARM_EVERY_ASSET) {
            throw new IllegalArgumentException("a warm-up of " + warmup + " limits");
        }
        this.s = s;
        this.warmup = warmup;
        this.file = file;
        this.table = table;
        this.cryptoBaseline = cryptoBaseline;
        this.out = out;
    }

    /** Runs the drill; the report, as the JSON report holds it. */
    public DrillReport run() throws Exception {
        // Simulated time stands at clock.start while the fleet connects and the limits go out, so how long that
        // takes on this machine cannot push the limits past their events; latencies are measured in real time.
        ScaledClock clock = ScaledClock.held(s.clock().start(), s.clock().speed());
        FleetSpec fleetSpec = new FleetSpec(s.fleet().epoch(), new FleetSpec.Trust(Organisations.SUPPLIER.toString(), null,
                Organisations.ACB.toString(), Organisations.vlp(1).toString()), s.fleet().sites(), s.fleet().generate(),
                s.fleet().faults(), s.fleet().weather());
        Policy policy = Policy.of(s.dispatch());
        SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
        rnd.setSeed(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (EmbeddedDcc dcc = EmbeddedDcc.builder().organisations(Organisations.generate(Organisations.standard(2), rnd),
                "dccsim-drill/" + file.getFileName()).fleet(fleetSpec).clock(clock)
                .deviceTimeout(Duration.ofSeconds(policy.deviceTimeoutSeconds())).start()) {
            // Devices the fault plan keeps offline never register; wait for the others only.
            dcc.awaitDevices(Duration.ofSeconds(10));
            out.printf("dccsim drill: %s: %d sites, %d devices, %d events; head-end at %s; crypto: %s; network I/O: %s%n", file,
                    dcc.fleet().sites().size(), dcc.fleet().devices().size(), s.events().size(), dcc.duisBase(),
                    org.dccsim.gbcs.crypto.CryptoEngine.active().description(), org.dccsim.wan.NettyTransport.description());
            out.flush();
            List<Limit> limits = select(s, dcc.fleet());
            Instant last = s.events().stream().map(Event::end).max(Instant::compareTo).orElseThrow();
            Instant from = s.metering() != null ? s.metering().from()
                    : halfHourFloor(s.events().stream().map(Event::at).min(Instant::compareTo).orElseThrow()
                            .minus(Duration.ofMinutes(30)));
            Instant to = s.metering() != null ? s.metering().to() : halfHourFloor(last.plus(Duration.ofMinutes(29)));
            Instant runUntil = to.isAfter(last) ? to : last;
            DrillReport.Warmup warmed = warmup == 0 ? null : warmUp(dcc, clock, limits, policy, runUntil.plus(Duration.ofDays(1)));
            DrillReport.Dispatch dispatched = dispatch(dcc, clock, s, limits, policy);
            // The crypto baseline is timed right after the dispatch, not after the reads (see CryptoBaseline.PASSES).
            CryptoBaseline baseline = null;
            if (cryptoBaseline) {
                baseline = CryptoBaseline.prepare(dcc);
                baseline.time(Math.max(1, dispatched.confirmed()));
            }
            clock.release();
            Duration wait = Duration.between(clock.now(), runUntil.plusSeconds(60));
            if (!wait.isNegative()) {
                Thread.sleep(clock.realTimeFor(wait).toMillis());
            }
            Map<Eui64, long[]> profiles = readProfiles(dcc, clock, from, to, policy);
            Map<String, Integer> reads = new java.util.TreeMap<>(readCodes);
            DrillReport.Settlement settlement = Settlement.settle(dcc.fleet(), profiles, from, to,
                    table || dcc.fleet().sites().size() <= 3, out);
            DrillReport.Delivery delivery = Settlement.delivery(s, limits, profiles, from, to, out);
            DrillReport.AssetChecks checks = AssetChecks.check(dcc.fleet(), profiles, from, to, out);
            DrillReport.CryptoAlone crypto = null;
            if (baseline != null) {
                Double steady = dispatched.steadyConfirmedPerSecond();
                DrillReport.CryptoAlone c = baseline.result(Math.max(1, dispatched.confirmed()),
                        steady != null ? steady : dispatched.confirmedPerSecond());
                DrillReport.Bound b = c.bound();
                crypto = c;
                out.printf("crypto alone for the same %d limits, one thread: %.1f s (XML sign %.3f ms, verify %.3f ms, ECDSA "
                        + "sign %.3f ms, verify %.3f ms): %.1f limits/s per core, %.1f on all %d cores%n", c.limits(),
                        c.seconds(), c.xmlSignMs(), c.xmlVerifyMs(), c.ecdsaSignMs(), c.ecdsaVerifyMs(),
                        c.limitsPerSecondOneCore(), c.limitsPerSecondAllCores(), Runtime.getRuntime().availableProcessors());
                out.printf("crypto bound (raw ECDSA, %d signatures and %d verifications per limit, plus C14N and digests of its "
                        + "%d XML signature operations at %.4f ms each), timed on all %d cores at once: %.1f limits/s (one "
                        + "thread's %.1f times %d: %.1f, %.2fx what the cores do together)%n", b.signsPerLimit(),
                        b.verifiesPerLimit(), b.xmlOperationsPerLimit(), b.c14nMs(), b.cores(), b.limitsPerSecondAllCores(),
                        b.limitsPerSecondOneCoreTimesCores() / b.cores(), b.cores(), b.limitsPerSecondOneCoreTimesCores(),
                        b.limitsPerSecondOneCoreTimesCores() / b.limitsPerSecondAllCores());
                out.printf("end to end (steady) %.1f confirmed/s = %.1f %% of the bound (%.1f %% of one thread's times %d)%n",
                        b.endToEndPerSecond(), b.ratio() * 100, b.ratioToOneCoreTimesCores() * 100, b.cores());
                out.flush();
            }
            List<DrillReport.EventSummary> evs = new ArrayList<>();
            for (Event e : s.events()) {
                evs.add(new DrillReport.EventSummary(e.at().toString(), e.end().toString(), e.level(),
                        e.assetType() == null ? null : e.assetType().name(), e.share(), e.tag(), e.actionName()));
            }
            DrillReport.ScenarioSummary sc = new DrillReport.ScenarioSummary(file.toString(), dcc.fleet().sites().size(),
                    dcc.fleet().devices().size(), new DrillReport.Window(from.toString(), to.toString()), evs);
            return new DrillReport(dispatched, reads, settlement, delivery, checks, crypto, sc, warmed);
        }
    }

    private static Instant halfHourFloor(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 1800) * 1800);
    }

    /**
     * The assets each event limits: those of its asset type (all of the SAPCs' if none), then a deterministic
     * share of them chosen by EUI so that reruns pick the same ones. Loads behind an ESME's switches are chosen
     * only by an event that names their type: a limit for "every asset" means the VLPs' assets.
     */
    static List<Limit> select(Scenario s, Fleet fleet) {
        List<Limit> out = new ArrayList<>();
        for (int i = 0; i < s.events().size(); i++) {
            Event e = s.events().get(i);
            double share = e.share() == null ? 1.0 : e.share();
            boolean switchedLoads = e.assetType() != null && e.assetType().switched();
            for (Site site : fleet.sites()) {
                for (Site.Asset a : switchedLoads ? site.switchedLoads() : site.assets()) {
                    if (e.assetType() != null && a.model().type() != e.assetType()) {
                        continue;
                    }
                    if (e.tag() != null && !fleet.tags(a.sapc().eui()).contains(e.tag())) {
                        continue;
                    }
                    long h = (a.sapc().eui().value() * 0x9E3779B97F4A7C15L + 31L * a.controller() + i) >>> 11;
                    if ((h % 10_000) < Math.round(share * 10_000)) {
                        out.add(new Limit(i, site, a));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Warms the process before the measured dispatch: the first {@link #warmup} of the limits' SAPCs get a 7.16 through
     * the same critical flow, from the same VLPs, at the level of the drill's own limit for each (so the devices run
     * the same code as in the dispatch: at 100 %, the SAPC's default, they skipped the work of a real restriction,
     * and the dispatch then paid the JIT for it, C2 taking 5 % of its CPU, async-profiler 2026-12-06) for half an
     * hour starting {@code at}, a day after everything the drill meters, so that neither the assets nor any figure
     * of the drill sees them. With the default warm-up ({@link #WARM_EVERY_ASSET}) the round
     * repeats, each an hour later, until {@link #WARMUP_LIMITS} limits have gone out and then until the CPU per limit
     * has stopped falling ({@link #plateaued}; at most {@link #WARMUP_MAX_LIMITS} limits, {@link #MAX_WARMUP_ROUNDS}
     * rounds): in the 2,000-SAPC drill the process's CPU per limit fell round by round (6.5, 3.6, 3.3, 3.0, ... 2.0
     * ms) as the JIT worked through the flow's hot paths with both cores busy, and was still falling after 40,000
     * limits (1.58, 1.42, 1.37 then 1.41, 1.38, 1.32 ms in rounds 15 to 20, 2026-12-05); a steady head-end has long
     * done that. An explicit count is one round. Only the measured dispatch's commands
     * count in the report's rates and latencies; the warm-up's own figures are reported apart, the CPU per limit of
     * each round among them. Null when no limit is a 7.16 to warm up with.
     */
    private DrillReport.Warmup warmUp(EmbeddedDcc dcc, ScaledClock clock, List<Limit> limits, Policy policy, Instant at)
            throws InterruptedException {
        List<Limit> chosen = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Limit l : limits) {
            if (chosen.size() == warmup) {
                break;
            }
            Event e = s.events().get(l.event());
            if (!e.switchOff() && !e.calendar() && !e.setState() && !e.timed()
                    && seen.add(l.asset().sapc().eui() + "/" + l.asset().controller())) {
                chosen.add(l);
            }
        }
        if (chosen.isEmpty()) {
            out.println("warm-up: no APC limit in this drill to warm up with; none sent");
            return null;
        }
        boolean byDefault = warmup == WARM_EVERY_ASSET;
        int minRounds = byDefault ? (int) Math.min(MAX_WARMUP_ROUNDS, (WARMUP_LIMITS + chosen.size() - 1) / chosen.size()) : 1;
        int maxRounds = byDefault
                ? (int) Math.max(minRounds, Math.min(MAX_WARMUP_ROUNDS, WARMUP_MAX_LIMITS / chosen.size())) : 1;
        long started = System.nanoTime();
        int confirmed = 0;
        int rounds = 0;
        List<Double> cpuByRound = new ArrayList<>();
        List<Double> jitByRound = new ArrayList<>();
        while (rounds < maxRounds && (rounds < minRounds || byDefault && !(plateaued(cpuByRound, rounds)
                && jitQuiet(jitByRound, rounds)))) {
            int round = rounds++;
            Instant from = roundStart(at, maxRounds, round);
            Map<Eui64, List<Dispatcher.Job>> byVlp = new LinkedHashMap<>();
            for (Limit l : chosen) {
                byVlp.computeIfAbsent(dcc.loadControllerOf(l.asset().sapc().eui()), k -> new ArrayList<>())
                        .add(new Dispatcher.Job(l, l.asset().sapc().eui(), "7.16",
                                Bodies.limitApcLevel(l.asset().controller(), from, from.plus(Duration.ofMinutes(30)),
                                        s.events().get(l.event()).level()),
                                true));
            }
            long cpuBefore = processCpuNanos();
            long jitBefore = jitMillis();
            for (Map.Entry<Eui64, List<Dispatcher.Job>> e : byVlp.entrySet()) {
                Dispatcher d = policy.dispatcher(dcc, dcc.client(e.getKey().toString()), clock, out, "warm-up");
                for (Dispatcher.Outcome o : d.run(e.getValue())) {
                    if (o.failure == null && DuisCodes.I0.equals(o.reply.code())) {
                        confirmed++;
                    }
                }
            }
            if (cpuBefore >= 0) {
                long cpu = processCpuNanos() - cpuBefore;
                cpuByRound.add(Math.round(cpu / 1e3 / chosen.size()) / 1000.0);
                if (jitBefore >= 0 && cpu > 0) {
                    jitByRound.add(Math.round((jitMillis() - jitBefore) * 1e6 / cpu * 1000) / 10.0);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double settled = awaitJitQueue();
        String levels = chosen.stream().map(l -> s.events().get(l.event()).level()).distinct().sorted()
                .map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        out.printf("warm-up: %d limits at %s %% (%d round%s over %d SAPCs) from %s (CPU ms per limit by round: %s; the "
                + "JIT's share of it, %%: %s), %d confirmed in %.1f s, then %.1f s for the JIT's queue to drain; left out of "
                + "every figure below%n", chosen.size() * rounds, levels, rounds, rounds == 1 ? "" : "s", chosen.size(), at,
                joined(cpuByRound), joined(jitByRound), confirmed, seconds, settled);
        out.flush();
        return new DrillReport.Warmup(chosen.size() * rounds, chosen.size(), rounds, confirmed,
                Math.round(seconds * 100) / 100.0, at.toString(), cpuByRound.isEmpty() ? null : List.copyOf(cpuByRound),
                jitByRound.isEmpty() ? null : List.copyOf(jitByRound),
                Math.round(settled * 100) / 100.0);
    }

    /**
     * Where warm-up round {@code round} of at most {@code maxRounds} starts its limits: an hour earlier each round, the
     * last at {@code at}. So every limit becomes its SAPC's earliest scheduled work, as the dispatch's own limits do
     * (they fall before all of these). Rounds that went later each time only appended to the devices' schedules and
     * the fleet's due index, and the dispatch then paid C2 for the paths that move a device's earliest work
     * (-XX:+PrintCompilation, 2026-12-06: PriorityBlockingQueue.siftUp, Fleet.Due and ControlHistory deoptimised in
     * the dispatch).
     */
    static Instant roundStart(Instant at, int maxRounds, int round) {
        return at.plus(Duration.ofHours(maxRounds - 1 - round));
    }

    /**
     * Whether the CPU per limit has stopped falling: the mean of the last {@link #PLATEAU_ROUNDS} rounds is within
     * {@link #PLATEAU_FALL} of the mean of the rounds before them. True when the CPU cannot be measured (every round
     * then counts), so the warm-up ends at its minimum.
     */
    static boolean plateaued(List<Double> cpuByRound, int rounds) {
        if (cpuByRound.size() < rounds) {
            return true;
        }
        int n = cpuByRound.size();
        if (n < 2 * PLATEAU_ROUNDS) {
            return false;
        }
        return mean(cpuByRound.subList(n - PLATEAU_ROUNDS, n))
                >= mean(cpuByRound.subList(n - 2 * PLATEAU_ROUNDS, n - PLATEAU_ROUNDS)) * (1 - PLATEAU_FALL);
    }

    /**
     * Whether the JIT has stopped working: its compilation time over the last {@link #PLATEAU_ROUNDS} rounds came
     * to at most {@link #JIT_QUIET_PERCENT} of their CPU time. True when it cannot be measured.
     */
    static boolean jitQuiet(List<Double> jitPercentByRound, int rounds) {
        if (jitPercentByRound.size() < rounds) {
            return true;
        }
        int n = jitPercentByRound.size();
        if (n < PLATEAU_ROUNDS) {
            return false;
        }
        return mean(jitPercentByRound.subList(n - PLATEAU_ROUNDS, n)) <= JIT_QUIET_PERCENT;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static String joined(List<Double> values) {
        return values.isEmpty() ? "not measured"
                : values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The compilers' total time so far in ms (as the JVM counts it: their threads' elapsed time), or -1. */
    private static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * Waits, idle, until the JIT has compiled nothing for {@link #JIT_QUIET_MS} (at most {@link #JIT_SETTLE_MAX_MS}),
     * and returns the seconds waited. With both cores busy through the warm-up the compiler threads fall behind: the
     * C2 queue still held the critical flow's own methods (DUIS signing, parsing) 25 s into a 2,000-SAPC drill and took
     * a quarter of the dispatch's CPU (-XX:+PrintCompilation and async-profiler, 2026-12-05). A head-end in service
     * has long drained that queue.
     */
    private static double awaitJitQueue() throws InterruptedException {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long start = System.nanoTime();
        long last = jit.getTotalCompilationTime();
        long quietSince = start;
        while (System.nanoTime() - start < JIT_SETTLE_MAX_MS * 1_000_000L) {
            Thread.sleep(50);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= JIT_QUIET_MS * 1_000_000L) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sends every limit (future-dated 7.16s) through the critical flow and collects the answers. */
    private DrillReport.Dispatch dispatch(EmbeddedDcc dcc, ScaledClock clock, Scenario s, List<Limit> limits, Policy policy)
            throws InterruptedException {
        // Each limit goes out as the VLP its SAPC names as Load Controller, each 7.13 as the supplier: one
        // dispatcher per sender.
        Map<Eui64, List<Dispatcher.Job>> jobsByVlp = new LinkedHashMap<>();
        // Switch-offs (7.6) wait for their event's time, by event start.
        java.util.TreeMap<Instant, Map<Eui64, List<Dispatcher.Job>>> timed = new java.util.TreeMap<>();
        Map<Eui64, Integer> bySender = new java.util.TreeMap<>();
        for (Limit l : limits) {
            Event e = s.events().get(l.event());
            java.time.ZonedDateTime from = e.at().atZone(java.time.ZoneOffset.UTC);
            XmlNode body = e.switchOff() ? Bodies.auxiliaryLoad(false, l.asset().controller(), e.minutes())
                    : e.calendar() ? Bodies.alcsCalendarForOneDay(l.asset().controller(), from.toLocalDate(), from.toLocalTime(),
                            e.end().atZone(java.time.ZoneOffset.UTC).toLocalTime())
                    : e.setState() ? Bodies.setAuxiliaryControllerState(l.asset().controller(), e.at(), e.end(), e.level())
                    : Bodies.limitApcLevel(l.asset().controller(), e.at(), e.end(), e.level());
            Eui64 sender = e.setState() || e.switchOff() || e.calendar() ? Organisations.SUPPLIER
                    : dcc.loadControllerOf(l.asset().sapc().eui());
            String srv = e.switchOff() ? "7.6" : e.calendar() ? "6.14.2" : e.setState() ? "7.13" : "7.16";
            (e.timed() ? timed.computeIfAbsent(e.at(), k -> new LinkedHashMap<>()) : jobsByVlp)
                    .computeIfAbsent(sender, k -> new ArrayList<>())
                    .add(new Dispatcher.Job(l, l.asset().sapc().eui(), srv, body, true));
            bySender.merge(sender, 1, Integer::sum);
        }
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        List<Dispatcher.Outcome> outcomes = new ArrayList<>();
        Map<String, Integer> alerts = new java.util.TreeMap<>();
        int retries = 0;
        for (Map.Entry<Eui64, List<Dispatcher.Job>> e : jobsByVlp.entrySet()) {
            ClientProfile.Client sender = dcc.client(e.getKey().toString());
            Dispatcher dispatcher = policy.dispatcher(dcc, sender, clock, out, "dispatch");
            outcomes.addAll(dispatcher.run(e.getValue()));
            dispatcher.alerts().forEach((code, n) -> alerts.merge(code, n, Integer::sum));
            retries += dispatcher.retried();
        }
        // The rates below are of the commands sent ahead of their events; the timed ones follow, each at its time.
        long aheadEnded = outcomes.stream().mapToLong(o -> o.answeredNanos).max().orElse(started);
        long cpuEnded = processCpuNanos();
        List<Long> aheadConfirmedAt = outcomes.stream().filter(o -> o.failure == null && DuisCodes.I0.equals(o.reply.code()))
                .map(o -> o.answeredNanos).toList();
        if (!timed.isEmpty()) {
            clock.release();
        }
        for (Map.Entry<Instant, Map<Eui64, List<Dispatcher.Job>>> at : timed.entrySet()) {
            Duration until = Duration.between(clock.now(), at.getKey());
            if (!until.isNegative()) {
                Thread.sleep(clock.realTimeFor(until).toMillis());
            }
            for (Map.Entry<Eui64, List<Dispatcher.Job>> e : at.getValue().entrySet()) {
                Dispatcher dispatcher = policy.dispatcher(dcc, dcc.client(e.getKey().toString()), clock, out,
                        "switch at " + at.getKey());
                outcomes.addAll(dispatcher.run(e.getValue()));
                dispatcher.alerts().forEach((code, n) -> alerts.merge(code, n, Integer::sum));
                retries += dispatcher.retried();
            }
        }
        Map<String, Integer> failed = new java.util.TreeMap<>();
        // The failures by device, so an operator can re-dispatch exactly those (the first 1,000).
        List<DrillReport.FailedDevice> failedDevices = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        List<Long> confirmedAt = new ArrayList<>();
        int confirmed = 0;
        int late = 0;
        int acknowledged = 0;
        long lastAnswer = started;
        for (Dispatcher.Outcome o : outcomes) {
            String why = o.failure != null ? o.failure
                    : DuisCodes.I0.equals(o.reply.code()) ? null : "device " + o.reply.code();
            if (why != null && failedDevices.size() < 1000) {
                Limit l = (Limit) o.job.tag();
                failedDevices.add(new DrillReport.FailedDevice(l.event(), l.site().id(), o.job.device().toString(), o.job.srv(),
                        why, o.attempts));
            }
            if (o.failure != null) {
                failed.merge(o.failure, 1, Integer::sum);
                if (!o.failure.startsWith("head-end")) {
                    acknowledged++; // sent, but its answer never came
                }
                continue;
            }
            acknowledged++;
            latencies.add(o.latencyNanos());
            lastAnswer = Math.max(lastAnswer, o.answeredNanos);
            if (DuisCodes.I0.equals(o.reply.code())) {
                confirmed++;
                confirmedAt.add(o.answeredNanos);
                Event ev = s.events().get(((Limit) o.job.tag()).event());
                // A timed switch-off is sent at its event's start: only the ones sent ahead can be late.
                if (!ev.timed() && o.answeredSim.isAfter(ev.at())) {
                    late++;
                }
            } else {
                failed.merge("device " + o.reply.code(), 1, Integer::sum);
            }
        }
        // From the first submission to the last answer (the poller's quiet tail is not dispatch time), of the commands
        // sent ahead; with only timed ones, over all of them.
        double seconds = Math.max(1e-3, ((jobsByVlp.isEmpty() ? lastAnswer : aheadEnded) - started) / 1e9);
        int ratedConfirmed = jobsByVlp.isEmpty() ? confirmed : aheadConfirmedAt.size();
        Collections.sort(latencies);
        Long[] q = new Long[4];
        double[] quantiles = {0.5, 0.95, 0.99, 1.0};
        for (int i = 0; i < q.length; i++) {
            q[i] = latencies.isEmpty() ? null
                    : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(quantiles[i] * latencies.size()) - 1)) / 1_000_000;
        }
        // confirmedAfterEventStart: confirmed only after the event had started in simulated time (the clock outran the
        // dispatch).
        DrillReport.Dispatch d = new DrillReport.Dispatch(limits.size(), acknowledged, confirmed, late, failed, failedDevices,
                retries, alerts, bySender.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        x -> x.getKey().toString(), Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new)),
                Math.round(seconds * 100) / 100.0, Math.round(ratedConfirmed / seconds * 10) / 10.0,
                steadyRate(jobsByVlp.isEmpty() ? confirmedAt : aheadConfirmedAt),
                jobsByVlp.isEmpty() || cpuStarted < 0 || cpuEnded < 0 || aheadConfirmedAt.isEmpty() ? null
                        : Math.round((cpuEnded - cpuStarted) / 1e6 / aheadConfirmedAt.size() * 100) / 100.0,
                new DrillReport.Latency(q[0], q[1], q[2], q[3]),
                histogram(latencies));
        out.printf("dispatch: %d commands selected, %d acknowledged, %d confirmed by devices (%d after their event started), "
                + "failed %s, %d retries; alerts %s;%n          %.1f confirmed/s (steady %s), CPU %s ms per confirmed; "
                + "latency ms p50 %s p95 %s p99 %s max %s%n",
                limits.size(), acknowledged, confirmed, late, failed, retries, alerts, d.confirmedPerSecond(),
                d.steadyConfirmedPerSecond(), d.cpuMsPerConfirmed(), q[0], q[1], q[2], q[3]);
        out.flush();
        return d;
    }

    /** This process's CPU time so far, all threads, or -1 where the JVM does not tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /**
     * The confirmation rate once warm: confirmations between the 25th and the 95th percentile of their answer
     * times, over the time between the two. The first quarter holds the JIT's warm-up and the window filling;
     * the last twentieth the stragglers. Null below 20 confirmations, where there is no steady part to speak of.
     */
    static Double steadyRate(List<Long> answeredNanos) {
        if (answeredNanos.size() < 20) {
            return null;
        }
        List<Long> t = new ArrayList<>(answeredNanos);
        Collections.sort(t);
        int from = t.size() / 4;
        int to = (int) Math.ceil(t.size() * 0.95) - 1;
        double seconds = (t.get(to) - t.get(from)) / 1e9;
        return seconds <= 0 ? null : Math.round((to - from) / seconds * 10) / 10.0;
    }

    /** Latencies in twenty equal bins from zero to the largest: {"binMs": w, "counts": [...]} for the report's chart. */
    private static DrillReport.Histogram histogram(List<Long> sortedNanos) {
        long max = sortedNanos.isEmpty() ? 0 : sortedNanos.get(sortedNanos.size() - 1) / 1_000_000;
        long bin = Math.max(1, (max + 20) / 20);
        int[] counts = new int[20];
        for (long n : sortedNanos) {
            counts[(int) Math.min(19, n / 1_000_000 / bin)]++;
        }
        return new DrillReport.Histogram(bin, counts);
    }

    /** Import and export profiles of every device over [from, to): [imports..., exports...] in Wh per half-hour. */
    private Map<Eui64, long[]> readProfiles(EmbeddedDcc dcc, ScaledClock clock, Instant from, Instant to, Policy policy)
            throws InterruptedException {
        Instant first = from.plus(Duration.ofMinutes(30));
        List<Dispatcher.Job> jobs = new ArrayList<>();
        for (Device d : dcc.fleet().devices()) {
            jobs.add(new Dispatcher.Job(true, d.eui(), "4.8.1",
                    Bodies.readLog("ReadActiveImportProfileData", first, to, null), false));
            jobs.add(new Dispatcher.Job(false, d.eui(), "4.8.3", Bodies.readLog("ReadExportProfileData", first, to, null),
                    false));
        }
        List<Dispatcher.Outcome> outcomes = policy.dispatcher(dcc, dcc.client("supplier"), clock, out, "reads").run(jobs);
        int periods = (int) (Duration.between(from, to).toMinutes() / 30);
        Map<Eui64, long[]> profiles = new LinkedHashMap<>();
        Map<Eui64, Integer> parts = new LinkedHashMap<>();
        MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(), dcc.headEnd().security());
        readCodes.clear();
        for (Dispatcher.Outcome o : outcomes) {
            if (o.failure != null) {
                readCodes.merge(o.failure, 1, Integer::sum); // unread: the site is reported incomplete
                continue;
            }
            readCodes.merge(o.reply.code(), 1, Integer::sum);
            if (!DuisCodes.I0.equals(o.reply.code())) {
                continue;
            }
            HalfHourProfile p;
            try {
                p = ProfileReads.of(inspector.inspect(o.reply.content().gbcs().orElseThrow()));
            } catch (org.dccsim.gbcs.GbcsDecodeException e) {
                p = null;
            }
            if (p == null) {
                readCodes.merge("I0 without a profile", 1, Integer::sum);
                continue;
            }
            boolean imp = (Boolean) o.job.tag();
            Eui64 eui = o.job.device();
            long[] v = profiles.computeIfAbsent(eui, k -> new long[2 * periods]);
            for (int i = 0; i < Math.min(periods, p.entries().size()); i++) {
                v[(imp ? 0 : periods) + i] = p.entries().get(i).value();
            }
            parts.merge(eui, 1, Integer::sum);
        }
        profiles.keySet().removeIf(e -> parts.getOrDefault(e, 0) < 2);
        this.out.printf("reads: %d profile requests, answers %s%n", jobs.size(), readCodes);
        this.out.flush();
        return profiles;
    }
}
