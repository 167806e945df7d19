package org.dccsim.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dccsim.device.Site;
import org.dccsim.device.SmartDevice;
import org.dccsim.device.clock.ScaledClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.model.AssetType;
import org.dccsim.device.model.Meter;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dccsim drill ...}: demand-response drills. */
@Command(name = "drill", mixinStandardHelpOptions = true, description = "Demand-response drills against an embedded DCC.",
        subcommands = {DrillCommand.Run.class}, footer = ExitCodes.HELP)
final class DrillCommand {
    /** A drill scenario file (docs/drill-scenario.md). */
    record Scenario(
            @JsonProperty("fleet") FleetSpec fleet,
            @JsonProperty("clock") Clock clock,
            @JsonProperty("events") List<Event> events,
            @JsonProperty("dispatch") Dispatch dispatch) {
    }

    record Clock(@JsonProperty("start") Instant start, @JsonProperty("speed") Double speed) {
    }

    /** From {@code at} for {@code minutes}, limit the selected assets' APCs to {@code level} percent (7.16). */
    record Event(@JsonProperty("at") Instant at, @JsonProperty("minutes") Integer minutes, @JsonProperty("level") Integer level,
            @JsonProperty("assetType") AssetType assetType, @JsonProperty("share") Double share) {
        Instant end() {
            return at.plus(Duration.ofMinutes(minutes));
        }
    }

    record Dispatch(@JsonProperty("concurrency") Integer concurrency, @JsonProperty("deviceTimeoutSeconds") Integer deviceTimeoutSeconds) {
    }

    /** One APC limit sent to one asset's SAPC. */
    record Limit(int event, Site site, Site.Asset asset) {
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a drill: dispatch its APC limits through DUIS, read the meters, settle P375, write a report.",
            footer = ExitCodes.HELP + "%nExample:%n  dccsim drill run examples/drill-small.yaml --report drill.json%n")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        static final long MAX_SCENARIO_BYTES = 1024 * 1024;

        @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file (YAML or JSON).")
        Path file;

        @Option(names = "--report", paramLabel = "FILE", defaultValue = "drill-report.json",
                description = "Where to write the JSON report (default: ${DEFAULT-VALUE}).")
        Path report;

        @Spec
        CommandSpec spec;

        private PrintWriter out;
        private final Map<String, Integer> readCodes = new java.util.TreeMap<>();

        @Override
        public Integer call() throws Exception {
            out = spec.commandLine().getOut();
            Scenario s = read(file);
            // Simulated time stands at clock.start while the fleet connects and the limits go out, so how long that
            // takes on this machine cannot push the limits past their events; latencies are measured in real time.
            ScaledClock clock = ScaledClock.held(s.clock().start(), s.clock().speed());
            FleetSpec fleetSpec = new FleetSpec(s.fleet().epoch(), new FleetSpec.Trust(EmbeddedDcc.SUPPLIER.toString(), null,
                    EmbeddedDcc.ACB.toString(), EmbeddedDcc.VLP.toString()), s.fleet().sites(), s.fleet().generate(),
                    s.fleet().faults());
            int concurrency = s.dispatch() == null || s.dispatch().concurrency() == null ? 8 : s.dispatch().concurrency();
            int timeout = s.dispatch() == null || s.dispatch().deviceTimeoutSeconds() == null ? 5
                    : s.dispatch().deviceTimeoutSeconds();
            SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
            rnd.setSeed(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Map<String, Object> result = new LinkedHashMap<>();
            try (EmbeddedDcc dcc = new EmbeddedDcc("dccsim-drill/" + file.getFileName(), rnd, fleetSpec, clock,
                    Duration.ofSeconds(timeout))) {
                // Devices the fault plan keeps offline never register; wait for the others only.
                long online = dcc.fleet.devices().stream().filter(d -> !dcc.fleet.faults().of(d.eui()).offline()).count();
                dcc.awaitDevices((int) online, Duration.ofSeconds(10));
                out.printf("dccsim drill: %s: %d sites, %d devices, %d events; head-end at %s%n", file, dcc.fleet.sites().size(),
                        dcc.fleet.devices().size(), s.events().size(), dcc.duisBase);
                out.flush();
                List<Limit> limits = select(s, dcc.fleet);
                result.put("dispatch", dispatch(dcc, clock, s, limits, concurrency, timeout));
                clock.release();
                Instant last = s.events().stream().map(Event::end).max(Instant::compareTo).orElseThrow();
                Duration wait = Duration.between(clock.now(), last.plusSeconds(60));
                if (!wait.isNegative()) {
                    Thread.sleep(clock.realTimeFor(wait).toMillis());
                }
                Instant from = halfHourFloor(s.events().stream().map(Event::at).min(Instant::compareTo).orElseThrow()
                        .minus(Duration.ofMinutes(30)));
                Instant to = halfHourFloor(last.plus(Duration.ofMinutes(29)));
                Map<Eui64, long[]> profiles = readProfiles(dcc, from, to, timeout);
                result.put("reads", new java.util.TreeMap<>(readCodes));
                result.put("settlement", settle(dcc.fleet, profiles, from, to));
                result.put("delivery", delivery(s, limits, profiles, from, to));
            }
            write(result);
            @SuppressWarnings("unchecked")
            Map<String, Object> settlement = (Map<String, Object>) result.get("settlement");
            int mismatched = (Integer) settlement.get("mismatchedPeriods");
            if (mismatched > 0) {
                throw new UserError(ExitCodes.CHECK_FAILED, mismatched + " settlement periods do not balance; see " + report);
            }
            return ExitCodes.OK;
        }

        private static Instant halfHourFloor(Instant t) {
            return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 1800) * 1800);
        }

        private Scenario read(Path f) {
            try {
                if (!Files.isRegularFile(f)) {
                    throw new UserError(ExitCodes.BAD_INPUT, f + ": no such scenario file");
                }
                if (Files.size(f) > MAX_SCENARIO_BYTES) {
                    throw new UserError(ExitCodes.BAD_INPUT, f + ": larger than 1 MiB");
                }
                String name = f.getFileName().toString().toLowerCase();
                boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
                Scenario s = FleetSpecs.mapper(yaml).readValue(Files.readString(f), Scenario.class);
                if (s == null || s.fleet() == null || s.clock() == null || s.clock().start() == null || s.events() == null
                        || s.events().isEmpty()) {
                    throw new UserError(ExitCodes.BAD_INPUT, f + ": a scenario needs fleet, clock.start and at least one event");
                }
                FleetSpecs.validate(s.fleet(), f + " (fleet)");
                double speed = s.clock().speed() == null ? 60 : s.clock().speed();
                if (!(speed >= 1 && speed <= 100_000)) {
                    throw new UserError(ExitCodes.BAD_INPUT, f + ": clock.speed must be 1 to 100000");
                }
                for (int i = 0; i < s.events().size(); i++) {
                    Event e = s.events().get(i);
                    String where = f + ": events[" + i + "]";
                    if (e == null || e.at() == null || e.minutes() == null || e.level() == null) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + " needs at, minutes and level");
                    }
                    if (e.minutes() < 1 || e.minutes() > 24 * 60) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".minutes must be 1 to 1440 (GBCS: a limit lasts at most 24 h)");
                    }
                    if (e.level() < 0 || e.level() > 100) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".level must be 0 to 100");
                    }
                    if (e.share() != null && !(e.share() > 0 && e.share() <= 1)) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".share must be above 0 and at most 1");
                    }
                    if (e.at().isBefore(s.clock().start())) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".at is before clock.start");
                    }
                }
                if (s.dispatch() != null && s.dispatch().concurrency() != null
                        && (s.dispatch().concurrency() < 1 || s.dispatch().concurrency() > 256)) {
                    throw new UserError(ExitCodes.BAD_INPUT, f + ": dispatch.concurrency must be 1 to 256");
                }
                if (s.dispatch() != null && s.dispatch().deviceTimeoutSeconds() != null
                        && (s.dispatch().deviceTimeoutSeconds() < 1 || s.dispatch().deviceTimeoutSeconds() > 300)) {
                    throw new UserError(ExitCodes.BAD_INPUT, f + ": dispatch.deviceTimeoutSeconds must be 1 to 300");
                }
                return new Scenario(s.fleet(), new Clock(s.clock().start(), speed), s.events(), s.dispatch());
            } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
                throw new UserError(ExitCodes.BAD_INPUT, f + ": unknown field '" + e.getPropertyName() + "' (known: "
                        + e.getKnownPropertyIds() + ")");
            } catch (JsonProcessingException e) {
                throw new UserError(ExitCodes.BAD_INPUT, f + ": " + e.getOriginalMessage().split("\n")[0]);
            } catch (FleetSpecException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, f + ": cannot read: " + e.getMessage());
            }
        }

        /**
         * The assets each event limits: those of its asset type (all if none), then a deterministic share of them
         * chosen by EUI so that reruns pick the same ones.
         */
        private static List<Limit> select(Scenario s, Fleet fleet) {
            List<Limit> out = new ArrayList<>();
            for (int i = 0; i < s.events().size(); i++) {
                Event e = s.events().get(i);
                double share = e.share() == null ? 1.0 : e.share();
                for (Site site : fleet.sites()) {
                    for (Site.Asset a : site.assets()) {
                        if (e.assetType() != null && a.model().type() != e.assetType()) {
                            continue;
                        }
                        long h = (a.sapc().eui().value() * 0x9E3779B97F4A7C15L + i) >>> 11;
                        if ((h % 10_000) < Math.round(share * 10_000)) {
                            out.add(new Limit(i, site, a));
                        }
                    }
                }
            }
            return out;
        }

        /** Sends every limit (future-dated 7.16s) through the critical flow and collects the answers. */
        private Map<String, Object> dispatch(EmbeddedDcc dcc, ScaledClock clock, Scenario s, List<Limit> limits, int concurrency,
                int timeout)
                throws Exception {
            Map<String, Long> submitted = new ConcurrentHashMap<>();
            Map<String, Integer> failed = new ConcurrentHashMap<>();
            Map<String, DuisClient.Reply> answers = new ConcurrentHashMap<>();
            Map<String, Long> arrived = new ConcurrentHashMap<>();
            Map<String, Instant> arrivedSim = new ConcurrentHashMap<>();
            Map<String, Integer> eventOf = new ConcurrentHashMap<>();
            Map<String, Integer> alerts = new ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicBoolean dispatching = new java.util.concurrent.atomic.AtomicBoolean(true);
            long started = System.nanoTime();
            // Answers are collected while requests are still going out, so latency is submission to answer.
            Thread poller = new Thread(() -> {
                long quietUntil = Long.MAX_VALUE;
                long deadline = Long.MAX_VALUE;
                while (System.nanoTime() < Math.min(quietUntil, deadline)) {
                    if (!dispatching.get() && deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + Duration.ofSeconds(timeout + 30L).toNanos();
                    }
                    if (!dispatching.get() && answers.size() >= submitted.size() && quietUntil == Long.MAX_VALUE) {
                        quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos(); // late alerts
                    }
                    try {
                        DuisClient.Reply r = dcc.client.poll(dcc.vlp, Duration.ofSeconds(1));
                        if (r == null) {
                            continue;
                        }
                        if (!dispatching.get()) {
                            deadline = System.nanoTime() + Duration.ofSeconds(timeout + 30L).toNanos();
                        }
                        if (r.alertCode() != null) {
                            alerts.merge(r.alertCode(), 1, Integer::sum);
                        } else {
                            arrived.put(r.requestId(), System.nanoTime());
                            arrivedSim.put(r.requestId(), clock.now());
                            answers.put(r.requestId(), r);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failed.merge("poll error", 1, Integer::sum);
                    }
                }
            }, "drill-poller");
            poller.start();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Limit l : limits) {
                    Event e = s.events().get(l.event());
                    String body = "<sr:LimitAPCLevel auxiliaryControllerN=\"" + l.asset().controller() + "\"><sr:StartDateTime>"
                            + e.at() + "</sr:StartDateTime><sr:EndDateTime>" + e.end() + "</sr:EndDateTime>"
                            + "<sr:CommandedStateLevel>" + e.level() + "</sr:CommandedStateLevel></sr:LimitAPCLevel>";
                    futures.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        try {
                            String id = dcc.critical(dcc.vlp, l.asset().sapc().eui(), "7.16", body);
                            eventOf.put(id, l.event());
                            submitted.put(id, t0);
                        } catch (DuisClient.Refused r) {
                            failed.merge("head-end " + r.code, 1, Integer::sum);
                        } catch (Exception x) {
                            failed.merge("client error", 1, Integer::sum);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
                dispatching.set(false);
            }
            poller.join();
            List<Long> latencies = new ArrayList<>();
            int confirmed = 0;
            int late = 0;
            for (Map.Entry<String, Long> sub : submitted.entrySet()) {
                DuisClient.Reply r = answers.get(sub.getKey());
                if (r == null) {
                    failed.merge("no answer", 1, Integer::sum);
                    continue;
                }
                latencies.add(arrived.get(sub.getKey()) - sub.getValue());
                if ("I0".equals(r.code())) {
                    confirmed++;
                    if (arrivedSim.get(sub.getKey()).isAfter(s.events().get(eventOf.get(sub.getKey())).at())) {
                        late++;
                    }
                } else {
                    failed.merge("device " + r.code(), 1, Integer::sum);
                }
            }
            // From the first submission to the last answer (the poller's quiet tail is not dispatch time).
            long lastAnswer = arrived.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
            double seconds = Math.max(1e-3, (lastAnswer - started) / 1e9);
            Collections.sort(latencies);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("selected", limits.size());
            d.put("acknowledged", submitted.size());
            d.put("confirmed", confirmed);
            // Confirmed only after the event had started in simulated time: the clock outran the dispatch.
            d.put("confirmedAfterEventStart", late);
            d.put("failed", new java.util.TreeMap<>(failed));
            d.put("alerts", new java.util.TreeMap<>(alerts));
            d.put("seconds", Math.round(seconds * 100) / 100.0);
            d.put("confirmedPerSecond", Math.round(confirmed / seconds * 10) / 10.0);
            Map<String, Object> lat = new LinkedHashMap<>();
            for (double q : new double[] {0.5, 0.95, 0.99, 1.0}) {
                lat.put(q == 1.0 ? "max" : "p" + Math.round(q * 100), latencies.isEmpty() ? null
                        : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(q * latencies.size()) - 1)) / 1_000_000);
            }
            d.put("latencyMs", lat);
            out.printf("dispatch: %d limits selected, %d acknowledged, %d confirmed by devices (%d after their event started), "
                    + "failed %s; alerts %s;%n          %.1f confirmed/s; latency ms p50 %s p95 %s p99 %s max %s%n", limits.size(),
                    submitted.size(), confirmed, late, d.get("failed"), d.get("alerts"), d.get("confirmedPerSecond"), lat.get("p50"), lat.get("p95"), lat.get("p99"),
                    lat.get("max"));
            out.flush();
            return d;
        }

        /** Import and export profiles of every device over [from, to): [imports..., exports...] in Wh per half-hour. */
        private Map<Eui64, long[]> readProfiles(EmbeddedDcc dcc, Instant from, Instant to, int timeout) throws Exception {
            String period = "<sr:ReadLogPeriod><sr:StartDateTime>" + from.plus(Duration.ofMinutes(30)) + "</sr:StartDateTime>"
                    + "<sr:EndDateTime>" + to + "</sr:EndDateTime></sr:ReadLogPeriod>";
            Map<String, Eui64> device = new LinkedHashMap<>();
            Map<String, Boolean> isImport = new LinkedHashMap<>();
            for (SmartDevice d : dcc.fleet.devices()) {
                for (boolean imp : new boolean[] {true, false}) {
                    String body = imp ? "<sr:ReadActiveImportProfileData>" + period + "</sr:ReadActiveImportProfileData>"
                            : "<sr:ReadExportProfileData>" + period + "</sr:ReadExportProfileData>";
                    try {
                        String id = dcc.request(dcc.supplier, d.eui(), imp ? "4.8.1" : "4.8.3", body);
                        device.put(id, d.eui());
                        isImport.put(id, imp);
                    } catch (DuisClient.Refused r) {
                        // Unread: the site is reported incomplete.
                    }
                }
            }
            int periods = (int) (Duration.between(from, to).toMinutes() / 30);
            Map<Eui64, long[]> out = new LinkedHashMap<>();
            Map<Eui64, Integer> parts = new LinkedHashMap<>();
            MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(), dcc.security);
            readCodes.clear();
            int answered = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(timeout + 30L).toNanos();
            while (answered < device.size() && System.nanoTime() < deadline) {
                DuisClient.Reply r = dcc.client.poll(dcc.supplier, Duration.ofSeconds(2));
                if (r == null || r.alertCode() != null || !device.containsKey(r.requestId())) {
                    continue;
                }
                // An idle deadline: a large fleet's answers take a while to collect, one per poll.
                deadline = System.nanoTime() + Duration.ofSeconds(timeout + 30L).toNanos();
                answered++;
                readCodes.merge(r.code(), 1, Integer::sum);
                if (!"I0".equals(r.code())) {
                    continue;
                }
                Inspection in = inspector.inspect(r.gbcs());
                HalfHourProfile p = ProfileReads.of(in);
                boolean imp = isImport.get(r.requestId());
                if (p == null) {
                    readCodes.merge("I0 without a profile", 1, Integer::sum);
                    continue;
                }
                Eui64 eui = device.get(r.requestId());
                long[] v = out.computeIfAbsent(eui, k -> new long[2 * periods]);
                for (int i = 0; i < Math.min(periods, p.entries().size()); i++) {
                    v[(imp ? 0 : periods) + i] = p.entries().get(i).value();
                }
                parts.merge(eui, 1, Integer::sum);
            }
            out.keySet().removeIf(e -> parts.getOrDefault(e, 0) < 2);
            if (answered < device.size()) {
                readCodes.merge("no answer", device.size() - answered, Integer::sum);
            }
            this.out.printf("reads: %d profile requests, answers %s%n", device.size(), readCodes);
            this.out.flush();
            return out;
        }

        /** P375 per site and period: primary = boundary - sum(assets), against the household's true demand. */
        private Map<String, Object> settle(Fleet fleet, Map<Eui64, long[]> profiles, Instant from, Instant to) {
            int periods = (int) (Duration.between(from, to).toMinutes() / 30);
            int ok = 0;
            int mismatched = 0;
            List<String> incomplete = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Site site : fleet.sites()) {
                List<SmartDevice> devices = new ArrayList<>(site.sapcs());
                devices.add(site.boundary());
                if (!devices.stream().allMatch(d -> profiles.containsKey(d.eui()))) {
                    incomplete.add(site.id());
                    continue;
                }
                for (int h = 0; h < periods; h++) {
                    Instant start = from.plus(Duration.ofMinutes(30L * h));
                    long boundary = ProfileReads.net(profiles.get(site.boundary().eui()), h);
                    long assets = 0;
                    for (SmartDevice sapc : site.sapcs()) {
                        assets += ProfileReads.net(profiles.get(sapc.eui()), h);
                    }
                    long primary = boundary - assets;
                    long household = -Math.round(site.trueDemandWmin(start, start.plus(Duration.ofMinutes(30))) / 60.0);
                    boolean good = Math.abs(primary - household) <= 1 + site.sapcs().size();
                    if (good) {
                        ok++;
                    } else {
                        mismatched++;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("site", site.id());
                    row.put("period", start.toString());
                    row.put("boundaryWh", boundary);
                    row.put("assetsWh", assets);
                    row.put("primaryWh", primary);
                    row.put("householdWh", household);
                    row.put("ok", good);
                    rows.add(row);
                }
            }
            out.printf("P375: %d site-periods balance (primary = boundary - sum(assets) equals the household's true demand), "
                    + "%d do not; %d sites not fully read%s%n", ok, mismatched, incomplete.size(),
                    incomplete.isEmpty() ? "" : " " + incomplete.subList(0, Math.min(5, incomplete.size())));
            out.flush();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("balancedPeriods", ok);
            r.put("mismatchedPeriods", mismatched);
            r.put("incompleteSites", incomplete);
            r.put("periods", rows);
            return r;
        }

        /**
         * Flexibility per event: for each limited asset whose meter was read, metered net export against the
         * model's counterfactual (the asset's uncontrolled flow, which the simulator knows) over the event's
         * half-hours. Positive delivered energy is less import or more export than the baseline.
         */
        private Map<String, Object> delivery(Scenario s, List<Limit> limits, Map<Eui64, long[]> profiles, Instant from, Instant to) {
            int periods = (int) (Duration.between(from, to).toMinutes() / 30);
            List<Map<String, Object>> events = new ArrayList<>();
            double totalDelivered = 0;
            for (int i = 0; i < s.events().size(); i++) {
                Event e = s.events().get(i);
                long baseline = 0;
                long metered = 0;
                int assets = 0;
                for (Limit l : limits) {
                    long[] p = profiles.get(l.asset().sapc().eui());
                    if (l.event() != i || p == null || l.site().assets().stream().filter(a -> a.sapc() == l.asset().sapc()).count() != 1) {
                        continue;
                    }
                    assets++;
                    for (int h = 0; h < periods; h++) {
                        Instant start = from.plus(Duration.ofMinutes(30L * h));
                        if (start.isBefore(e.at()) || !start.isBefore(e.end())) {
                            continue;
                        }
                        metered += ProfileReads.net(p, h);
                        long wMin = 0;
                        for (long m = Meter.minuteOf(start); m < Meter.minuteOf(start.plus(Duration.ofMinutes(30))); m++) {
                            wMin += l.asset().model().uncontrolledW(m);
                        }
                        baseline += Math.round(wMin / 60.0);
                    }
                }
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("event", i);
                ev.put("assetsMetered", assets);
                ev.put("baselineNetExportWh", baseline);
                ev.put("meteredNetExportWh", metered);
                ev.put("deliveredWh", metered - baseline);
                ev.put("deliveredAverageKw", Math.round((metered - baseline) / (e.minutes() / 60.0)) / 1000.0);
                events.add(ev);
                totalDelivered += metered - baseline;
                out.printf("event %d (%s, %d min at %d %%): %d assets metered, baseline %.3f kWh, metered %.3f kWh net export: "
                        + "%.3f kWh delivered%n", i, e.at(), e.minutes(), e.level(), assets, baseline / 1000.0, metered / 1000.0,
                        (metered - baseline) / 1000.0);
            }
            out.flush();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("events", events);
            r.put("deliveredWh", Math.round(totalDelivered));
            return r;
        }

        private void write(Map<String, Object> result) {
            try {
                Path parent = report.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), result);
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "cannot write the report " + report + ": " + e.getMessage());
            }
            out.printf("report: %s%n", report);
            out.flush();
        }
    }
}
