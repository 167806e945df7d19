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
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.headend.duis.DuisCodes;
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
            @JsonProperty("dispatch") Dispatch dispatch,
            @JsonProperty("metering") Metering metering,
            @JsonProperty("baseline") Metering baseline) {
    }

    /** The half-hours to read back and settle, [from, to); by default from half an hour before the first event. */
    record Metering(@JsonProperty("from") Instant from, @JsonProperty("to") Instant to) {
    }

    record Clock(@JsonProperty("start") Instant start, @JsonProperty("speed") Double speed) {
    }

    /** From {@code at} for {@code minutes}, limit the selected assets' APCs to {@code level} percent (7.16). */
    record Event(@JsonProperty("at") Instant at, @JsonProperty("minutes") Integer minutes, @JsonProperty("level") Integer level,
            @JsonProperty("assetType") AssetType assetType, @JsonProperty("share") Double share, @JsonProperty("tag") String tag,
            @JsonProperty("action") String action) {
        /** 7.16 Limit APC Level, sent by the asset's VLP (the default). */
        static final String LIMIT = "limit";
        /** 7.13 Set Auxiliary Controller State over the event, sent by the supplier (DUIS allows only it). */
        static final String SET_STATE = "setState";

        boolean setState() {
            return SET_STATE.equals(action);
        }

        Instant end() {
            return at.plus(Duration.ofMinutes(minutes));
        }
    }

    record Dispatch(@JsonProperty("concurrency") Integer concurrency, @JsonProperty("deviceTimeoutSeconds") Integer deviceTimeoutSeconds,
            @JsonProperty("window") Integer window, @JsonProperty("retries") Integer retries,
            @JsonProperty("retryDelayMillis") Integer retryDelayMillis) {
    }

    /** The dispatch settings with their defaults filled in (docs/drill-scenario.md). */
    record Policy(int concurrency, int deviceTimeoutSeconds, int window, int retries, int retryDelayMillis) {
        static Policy of(Dispatch d) {
            Dispatch x = d == null ? new Dispatch(null, null, null, null, null) : d;
            return new Policy(or(x.concurrency(), 8), or(x.deviceTimeoutSeconds(), 5), or(x.window(), 256), or(x.retries(), 0),
                    or(x.retryDelayMillis(), 1000));
        }

        private static int or(Integer v, int dflt) {
            return v == null ? dflt : v;
        }

        DrillDispatcher dispatcher(EmbeddedDcc dcc, DuisClient.Identity who, ScaledClock clock, PrintWriter progress, String phase) {
            // Idle: no answer at all for the device timeout plus a margin means the rest will not come.
            return new DrillDispatcher(dcc, who, clock, concurrency, window, retries, Duration.ofMillis(retryDelayMillis),
                    Duration.ofSeconds(deviceTimeoutSeconds + 30L), progress, phase);
        }
    }

    /** One APC limit sent to one asset's SAPC. */
    record Limit(int event, Site site, Site.Asset asset) {
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a drill: dispatch its APC limits through DUIS, read the meters, settle P375, write a report.",
            footer = ExitCodes.HELP + "%nExample:%n  dccsim drill run examples/drill-small.yaml --report drill.json%n")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        static final long MAX_SCENARIO_BYTES = 1024 * 1024;

        @Parameters(index = "0", paramLabel = "SCENARIO",
                description = "The scenario file (YAML or JSON), or a directory holding scenario.yaml.")
        Path file;

        @Option(names = "--html", paramLabel = "FILE",
                description = "Where to write the HTML report (default: the JSON report's name with .html).")
        Path html;

        @Option(names = "--crypto-baseline", description = "After the drill, time the cryptography its confirmed limits "
                + "cost (XML signatures, ECDSA) alone on one thread, for comparison with the end-to-end rate.")
        boolean cryptoBaseline;

        @Option(names = "--table", description = "Print the P375 power-flow table for every site and half-hour "
                + "(default: only for drills of at most three sites).")
        boolean table;

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
            Policy policy = Policy.of(s.dispatch());
            SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
            rnd.setSeed(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Map<String, Object> result = new LinkedHashMap<>();
            try (EmbeddedDcc dcc = new EmbeddedDcc("dccsim-drill/" + file.getFileName(), rnd, fleetSpec, clock,
                    Duration.ofSeconds(policy.deviceTimeoutSeconds()))) {
                // Devices the fault plan keeps offline never register; wait for the others only.
                long online = dcc.fleet.devices().stream().filter(d -> !dcc.fleet.faults().of(d.eui()).offline()).count();
                dcc.awaitDevices((int) online, Duration.ofSeconds(10));
                out.printf("dccsim drill: %s: %d sites, %d devices, %d events; head-end at %s%n", file, dcc.fleet.sites().size(),
                        dcc.fleet.devices().size(), s.events().size(), dcc.duisBase);
                out.flush();
                List<Limit> limits = select(s, dcc.fleet);
                Map<String, Object> dispatched = dispatch(dcc, clock, s, limits, policy);
                result.put("dispatch", dispatched);
                clock.release();
                Instant last = s.events().stream().map(Event::end).max(Instant::compareTo).orElseThrow();
                Instant from = s.metering() != null ? s.metering().from()
                        : halfHourFloor(s.events().stream().map(Event::at).min(Instant::compareTo).orElseThrow()
                                .minus(Duration.ofMinutes(30)));
                Instant to = s.metering() != null ? s.metering().to() : halfHourFloor(last.plus(Duration.ofMinutes(29)));
                Instant runUntil = to.isAfter(last) ? to : last;
                Duration wait = Duration.between(clock.now(), runUntil.plusSeconds(60));
                if (!wait.isNegative()) {
                    Thread.sleep(clock.realTimeFor(wait).toMillis());
                }
                Map<Eui64, long[]> profiles = readProfiles(dcc, clock, from, to, policy);
                result.put("reads", new java.util.TreeMap<>(readCodes));
                result.put("settlement", settle(dcc.fleet, profiles, from, to, table || dcc.fleet.sites().size() <= 3));
                result.put("delivery", delivery(s, limits, profiles, from, to));
                if (cryptoBaseline) {
                    int confirmed = (Integer) dispatched.get("confirmed");
                    Map<String, Object> c = DrillCryptoBaseline.measure(dcc, Math.max(1, confirmed));
                    result.put("cryptoAlone", c);
                    out.printf("crypto alone for the same %d limits, one thread: %.1f s (XML sign %.3f ms, verify %.3f ms, ECDSA "
                            + "sign %.3f ms, verify %.3f ms): %.1f limits/s per core, %.1f on all %d cores; end to end: %s "
                            + "confirmed/s%n", c.get("limits"), c.get("seconds"), c.get("xmlSignMs"), c.get("xmlVerifyMs"),
                            c.get("ecdsaSignMs"), c.get("ecdsaVerifyMs"), c.get("limitsPerSecondOneCore"),
                            c.get("limitsPerSecondAllCores"), Runtime.getRuntime().availableProcessors(),
                            dispatched.get("confirmedPerSecond"));
                    out.flush();
                }
                Map<String, Object> sc = new LinkedHashMap<>();
                sc.put("file", file.toString());
                sc.put("sites", dcc.fleet.sites().size());
                sc.put("devices", dcc.fleet.devices().size());
                sc.put("metering", Map.of("from", from.toString(), "to", to.toString()));
                List<Map<String, Object>> evs = new ArrayList<>();
                for (Event e : s.events()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", e.at().toString());
                    m.put("end", e.end().toString());
                    m.put("level", e.level());
                    m.put("assetType", e.assetType() == null ? null : e.assetType().name());
                    m.put("share", e.share());
                    m.put("tag", e.tag());
                    m.put("action", e.setState() ? Event.SET_STATE : Event.LIMIT);
                    evs.add(m);
                }
                sc.put("events", evs);
                result.put("scenario", sc);
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

        private Scenario read(Path given) {
            Path f = Files.isDirectory(given) ? given.resolve("scenario.yaml") : given;
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
                    if (e.action() != null && !Event.LIMIT.equals(e.action()) && !Event.SET_STATE.equals(e.action())) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".action must be limit (7.16) or setState (7.13)");
                    }
                    if (e.at().isBefore(s.clock().start())) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".at is before clock.start");
                    }
                }
                Policy p = Policy.of(s.dispatch());
                range(f, "dispatch.concurrency", p.concurrency(), 1, 256);
                range(f, "dispatch.deviceTimeoutSeconds", p.deviceTimeoutSeconds(), 1, 300);
                range(f, "dispatch.window", p.window(), 1, 100_000);
                range(f, "dispatch.retries", p.retries(), 0, 10);
                range(f, "dispatch.retryDelayMillis", p.retryDelayMillis(), 0, 600_000);
                if (s.metering() != null) {
                    Metering m = s.metering();
                    if (m.from() == null || m.to() == null || !m.from().isBefore(m.to())
                            || m.from().getEpochSecond() % 1800 != 0 || m.to().getEpochSecond() % 1800 != 0) {
                        throw new UserError(ExitCodes.BAD_INPUT, f + ": metering needs from and to on half-hour boundaries, from before to");
                    }
                    if (Duration.between(m.from(), m.to()).toDays() > 7) {
                        throw new UserError(ExitCodes.BAD_INPUT, f + ": metering covers at most seven days");
                    }
                }
                for (FleetSpec.SiteSpec site : s.fleet().sites() == null ? List.<FleetSpec.SiteSpec>of() : s.fleet().sites()) {
                    for (FleetSpec.AssetSpec a : site.assets() == null ? List.<FleetSpec.AssetSpec>of() : site.assets()) {
                        if (a.loadController() != null && !Eui64.parse(a.loadController()).equals(EmbeddedDcc.VLP)
                                && !Eui64.parse(a.loadController()).equals(EmbeddedDcc.VLP2)) {
                            throw new UserError(ExitCodes.BAD_INPUT, f + ": site " + site.id() + ": loadController "
                                    + a.loadController() + " is not one of the drill's VLPs (" + EmbeddedDcc.VLP + ", "
                                    + EmbeddedDcc.VLP2 + ")");
                        }
                    }
                }
                if (s.baseline() != null) {
                    Metering b = s.baseline();
                    if (b.from() == null || b.to() == null || !b.from().isBefore(b.to())) {
                        throw new UserError(ExitCodes.BAD_INPUT, f + ": baseline needs from before to");
                    }
                    Instant firstEvent = s.events().stream().map(Event::at).min(Instant::compareTo).orElseThrow();
                    if (b.to().isAfter(firstEvent)) {
                        throw new UserError(ExitCodes.BAD_INPUT, f + ": the baseline window must end by the first event");
                    }
                    if (s.metering() == null || b.from().isBefore(s.metering().from())) {
                        throw new UserError(ExitCodes.BAD_INPUT, f + ": the baseline window must lie inside 'metering' (give both)");
                    }
                }
                return new Scenario(s.fleet(), new Clock(s.clock().start(), speed), s.events(), s.dispatch(), s.metering(),
                        s.baseline());
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

        private static void range(Path f, String field, int v, int min, int max) {
            if (v < min || v > max) {
                throw new UserError(ExitCodes.BAD_INPUT, f + ": " + field + " must be " + min + " to " + max);
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
                        if (e.tag() != null && !fleet.tags(a.sapc().eui()).contains(e.tag())) {
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
        private Map<String, Object> dispatch(EmbeddedDcc dcc, ScaledClock clock, Scenario s, List<Limit> limits, Policy policy)
                throws InterruptedException {
            // Each limit goes out as the VLP its SAPC names as Load Controller, each 7.13 as the supplier: one
            // dispatcher per sender.
            Map<Eui64, List<DrillDispatcher.Job>> jobsByVlp = new LinkedHashMap<>();
            for (Limit l : limits) {
                Event e = s.events().get(l.event());
                String element = e.setState() ? "SetAuxiliaryControllerState" : "LimitAPCLevel";
                String body = "<sr:" + element + " auxiliaryControllerN=\"" + l.asset().controller() + "\"><sr:StartDateTime>"
                        + e.at() + "</sr:StartDateTime><sr:EndDateTime>" + e.end() + "</sr:EndDateTime>"
                        + "<sr:CommandedStateLevel>" + e.level() + "</sr:CommandedStateLevel></sr:" + element + ">";
                Eui64 sender = e.setState() ? EmbeddedDcc.SUPPLIER : EmbeddedDcc.loadControllerOf(l.asset().sapc());
                jobsByVlp.computeIfAbsent(sender, k -> new ArrayList<>())
                        .add(new DrillDispatcher.Job(l, l.asset().sapc().eui(), e.setState() ? "7.13" : "7.16", body, true));
            }
            long started = System.nanoTime();
            List<DrillDispatcher.Outcome> outcomes = new ArrayList<>();
            Map<String, Integer> alerts = new java.util.TreeMap<>();
            int retries = 0;
            for (Map.Entry<Eui64, List<DrillDispatcher.Job>> e : jobsByVlp.entrySet()) {
                DuisClient.Identity sender = e.getKey().equals(EmbeddedDcc.SUPPLIER) ? dcc.supplier : dcc.loadController(e.getKey());
                DrillDispatcher dispatcher = policy.dispatcher(dcc, sender, clock, out, "dispatch");
                outcomes.addAll(dispatcher.run(e.getValue()));
                dispatcher.alerts().forEach((code, n) -> alerts.merge(code, n, Integer::sum));
                retries += dispatcher.retried();
            }
            Map<String, Integer> failed = new java.util.TreeMap<>();
            List<Long> latencies = new ArrayList<>();
            int confirmed = 0;
            int late = 0;
            int acknowledged = 0;
            long lastAnswer = started;
            for (DrillDispatcher.Outcome o : outcomes) {
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
                    if (o.answeredSim.isAfter(s.events().get(((Limit) o.job.tag()).event()).at())) {
                        late++;
                    }
                } else {
                    failed.merge("device " + o.reply.code(), 1, Integer::sum);
                }
            }
            // From the first submission to the last answer (the poller's quiet tail is not dispatch time).
            double seconds = Math.max(1e-3, (lastAnswer - started) / 1e9);
            Collections.sort(latencies);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("selected", limits.size());
            d.put("acknowledged", acknowledged);
            d.put("confirmed", confirmed);
            // Confirmed only after the event had started in simulated time: the clock outran the dispatch.
            d.put("confirmedAfterEventStart", late);
            d.put("failed", failed);
            d.put("retries", retries);
            d.put("alerts", alerts);
            d.put("bySender", jobsByVlp.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    x -> x.getKey().toString(), x -> x.getValue().size(), (a, b) -> a, java.util.TreeMap::new)));
            d.put("seconds", Math.round(seconds * 100) / 100.0);
            d.put("confirmedPerSecond", Math.round(confirmed / seconds * 10) / 10.0);
            Map<String, Object> lat = new LinkedHashMap<>();
            for (double q : new double[] {0.5, 0.95, 0.99, 1.0}) {
                lat.put(q == 1.0 ? "max" : "p" + Math.round(q * 100), latencies.isEmpty() ? null
                        : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(q * latencies.size()) - 1)) / 1_000_000);
            }
            d.put("latencyMs", lat);
            d.put("latencyHistogramMs", histogram(latencies));
            out.printf("dispatch: %d commands selected, %d acknowledged, %d confirmed by devices (%d after their event started), "
                    + "failed %s, %d retries; alerts %s;%n          %.1f confirmed/s; latency ms p50 %s p95 %s p99 %s max %s%n",
                    limits.size(), acknowledged, confirmed, late, failed, retries, d.get("alerts"),
                    d.get("confirmedPerSecond"), lat.get("p50"), lat.get("p95"), lat.get("p99"), lat.get("max"));
            out.flush();
            return d;
        }

        /** Latencies in twenty equal bins from zero to the largest: {"binMs": w, "counts": [...]} for the report's chart. */
        private static Map<String, Object> histogram(List<Long> sortedNanos) {
            Map<String, Object> h = new LinkedHashMap<>();
            long max = sortedNanos.isEmpty() ? 0 : sortedNanos.get(sortedNanos.size() - 1) / 1_000_000;
            long bin = Math.max(1, (max + 20) / 20);
            int[] counts = new int[20];
            for (long n : sortedNanos) {
                counts[(int) Math.min(19, n / 1_000_000 / bin)]++;
            }
            h.put("binMs", bin);
            h.put("counts", counts);
            return h;
        }

        /** Import and export profiles of every device over [from, to): [imports..., exports...] in Wh per half-hour. */
        private Map<Eui64, long[]> readProfiles(EmbeddedDcc dcc, ScaledClock clock, Instant from, Instant to, Policy policy)
                throws InterruptedException {
            String period = "<sr:ReadLogPeriod><sr:StartDateTime>" + from.plus(Duration.ofMinutes(30)) + "</sr:StartDateTime>"
                    + "<sr:EndDateTime>" + to + "</sr:EndDateTime></sr:ReadLogPeriod>";
            List<DrillDispatcher.Job> jobs = new ArrayList<>();
            for (SmartDevice d : dcc.fleet.devices()) {
                jobs.add(new DrillDispatcher.Job(true, d.eui(), "4.8.1",
                        "<sr:ReadActiveImportProfileData>" + period + "</sr:ReadActiveImportProfileData>", false));
                jobs.add(new DrillDispatcher.Job(false, d.eui(), "4.8.3",
                        "<sr:ReadExportProfileData>" + period + "</sr:ReadExportProfileData>", false));
            }
            List<DrillDispatcher.Outcome> outcomes = policy.dispatcher(dcc, dcc.supplier, clock, out, "reads").run(jobs);
            int periods = (int) (Duration.between(from, to).toMinutes() / 30);
            Map<Eui64, long[]> profiles = new LinkedHashMap<>();
            Map<Eui64, Integer> parts = new LinkedHashMap<>();
            MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(), dcc.security);
            readCodes.clear();
            for (DrillDispatcher.Outcome o : outcomes) {
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
                    p = ProfileReads.of(inspector.inspect(o.reply.gbcs()));
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

        /**
         * P375 per site and period: primary = boundary - sum(assets), against the household's true demand. Volumes
         * in the report are net import in Wh (export negative), as settlement reads a meter.
         */
        private Map<String, Object> settle(Fleet fleet, Map<Eui64, long[]> profiles, Instant from, Instant to, boolean print) {
            int periods = (int) (Duration.between(from, to).toMinutes() / 30);
            int ok = 0;
            int mismatched = 0;
            int boundaryAloneWrong = 0;
            List<String> incomplete = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Site site : fleet.sites()) {
                List<SmartDevice> devices = new ArrayList<>(site.sapcs());
                devices.add(site.boundary());
                if (!devices.stream().allMatch(d -> profiles.containsKey(d.eui()))) {
                    incomplete.add(site.id());
                    continue;
                }
                List<String[]> lines = new ArrayList<>();
                for (int h = 0; h < periods; h++) {
                    Instant start = from.plus(Duration.ofMinutes(30L * h));
                    long boundary = -ProfileReads.net(profiles.get(site.boundary().eui()), h);
                    long assets = 0;
                    List<Map<String, Object>> perAsset = new ArrayList<>();
                    for (SmartDevice sapc : site.sapcs()) {
                        long v = -ProfileReads.net(profiles.get(sapc.eui()), h);
                        assets += v;
                        Map<String, Object> a = new LinkedHashMap<>();
                        a.put("sapc", sapc.eui().toString());
                        a.put("assets", site.assets().stream().filter(x -> x.sapc() == sapc).map(x -> x.model().type().name()).toList());
                        a.put("loadController", EmbeddedDcc.loadControllerOf(sapc).toString());
                        a.put("importWh", v);
                        perAsset.add(a);
                    }
                    long primary = boundary - assets;
                    long household = Math.round(site.trueDemandWmin(start, start.plus(Duration.ofMinutes(30))) / 60.0);
                    // Each meter rounds its half-hour to the Wh: allow one Wh per meter involved.
                    boolean good = Math.abs(primary - household) <= 1 + site.sapcs().size();
                    boolean boundaryAlone = Math.abs(boundary - household) <= 1;
                    if (good) {
                        ok++;
                    } else {
                        mismatched++;
                    }
                    if (!boundaryAlone) {
                        boundaryAloneWrong++;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("site", site.id());
                    row.put("period", start.toString());
                    row.put("boundaryImportWh", boundary);
                    row.put("assets", perAsset);
                    row.put("assetsImportWh", assets);
                    row.put("primaryImportWh", primary);
                    row.put("householdWh", household);
                    row.put("ok", good);
                    row.put("boundaryEqualsHousehold", boundaryAlone);
                    rows.add(row);
                    List<String> cells = new ArrayList<>(List.of(start.toString().substring(11, 16), Long.toString(boundary)));
                    perAsset.forEach(a -> cells.add(a.get("importWh").toString()));
                    cells.addAll(List.of(Long.toString(primary), Long.toString(household), good ? "yes" : "NO",
                            boundaryAlone ? "yes" : "no"));
                    lines.add(cells.toArray(new String[0]));
                }
                if (print) {
                    printTable(site, lines);
                }
            }
            out.printf("P375: %d site-periods balance (primary = boundary - sum(assets) equals the household's true demand), "
                    + "%d do not; %d sites not fully read%s; the boundary meter alone differs from the household in %d%n", ok,
                    mismatched, incomplete.size(), incomplete.isEmpty() ? "" : " " + incomplete.subList(0, Math.min(5, incomplete.size())),
                    boundaryAloneWrong);
            out.flush();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("balancedPeriods", ok);
            r.put("mismatchedPeriods", mismatched);
            r.put("boundaryAloneDiffers", boundaryAloneWrong);
            r.put("incompleteSites", incomplete);
            r.put("periods", rows);
            return r;
        }

        /** One site's half-hours as a fixed-width table: what each meter recorded and what settlement makes of it. */
        private void printTable(Site site, List<String[]> lines) {
            List<String> head = new ArrayList<>(List.of("half-hour", "boundary"));
            for (SmartDevice sapc : site.sapcs()) {
                String types = site.assets().stream().filter(a -> a.sapc() == sapc).map(a -> a.model().type().name().toLowerCase())
                        .collect(java.util.stream.Collectors.joining("+"));
                Eui64 lc = EmbeddedDcc.loadControllerOf(sapc);
                head.add(types + (lc.equals(EmbeddedDcc.VLP) ? " (VLP 1)" : lc.equals(EmbeddedDcc.VLP2) ? " (VLP 2)" : ""));
            }
            head.addAll(List.of("primary", "household", "primary=household", "boundary=household"));
            int[] w = new int[head.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = head.get(i).length();
                for (String[] l : lines) {
                    w[i] = Math.max(w[i], l[i].length());
                }
            }
            out.printf("site %s: net import per half-hour in Wh (export negative); primary = boundary - sum(assets)%n", site.id());
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < w.length; i++) {
                sb.append(i == 0 ? "  " : "  ").append(String.format("%" + w[i] + "s", head.get(i)));
            }
            out.println(sb);
            for (String[] l : lines) {
                sb.setLength(0);
                for (int i = 0; i < w.length; i++) {
                    sb.append("  ").append(String.format("%" + w[i] + "s", l[i]));
                }
                out.println(sb);
            }
            out.flush();
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
            // The baseline window's half-hours (within the metering window), for the reads-based baseline.
            List<Integer> window = new ArrayList<>();
            if (s.baseline() != null) {
                for (int h = 0; h < periods; h++) {
                    Instant start = from.plus(Duration.ofMinutes(30L * h));
                    if (!start.isBefore(s.baseline().from()) && start.isBefore(s.baseline().to())) {
                        window.add(h);
                    }
                }
            }
            long[] seriesMetered = new long[periods];
            long[] seriesBaseline = new long[periods];
            java.util.Set<Eui64> inSeries = new java.util.HashSet<>();
            for (int i = 0; i < s.events().size(); i++) {
                Event e = s.events().get(i);
                long baseline = 0;
                long metered = 0;
                long readBaseline = 0;
                int assets = 0;
                for (Limit l : limits) {
                    long[] p = profiles.get(l.asset().sapc().eui());
                    if (l.event() != i || p == null || l.site().assets().stream().filter(a -> a.sapc() == l.asset().sapc()).count() != 1) {
                        continue;
                    }
                    assets++;
                    boolean first = inSeries.add(l.asset().sapc().eui());
                    long windowMean = 0;
                    if (!window.isEmpty()) {
                        long sum = 0;
                        for (int h : window) {
                            sum += ProfileReads.net(p, h);
                        }
                        windowMean = Math.round((double) sum / window.size());
                    }
                    for (int h = 0; h < periods; h++) {
                        Instant start = from.plus(Duration.ofMinutes(30L * h));
                        long wMin = 0;
                        for (long m = Meter.minuteOf(start); m < Meter.minuteOf(start.plus(Duration.ofMinutes(30))); m++) {
                            wMin += l.asset().model().uncontrolledW(m);
                        }
                        long counterfactual = Math.round(wMin / 60.0);
                        if (first) {
                            seriesMetered[h] += ProfileReads.net(p, h);
                            seriesBaseline[h] += counterfactual;
                        }
                        if (start.isBefore(e.at()) || !start.isBefore(e.end())) {
                            continue;
                        }
                        metered += ProfileReads.net(p, h);
                        baseline += counterfactual;
                        readBaseline += windowMean;
                    }
                }
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("event", i);
                ev.put("assetsMetered", assets);
                ev.put("baselineNetExportWh", baseline);
                ev.put("meteredNetExportWh", metered);
                ev.put("deliveredWh", metered - baseline);
                ev.put("deliveredAverageKw", Math.round((metered - baseline) / (e.minutes() / 60.0)) / 1000.0);
                if (!window.isEmpty()) {
                    ev.put("readBaselineNetExportWh", readBaseline);
                    ev.put("deliveredVsReadBaselineWh", metered - readBaseline);
                }
                events.add(ev);
                totalDelivered += metered - baseline;
                out.printf("event %d (%s, %d min at %d %%): %d assets metered, baseline %.3f kWh, metered %.3f kWh net export: "
                        + "%.3f kWh delivered%s%n", i, e.at(), e.minutes(), e.level(), assets, baseline / 1000.0, metered / 1000.0,
                        (metered - baseline) / 1000.0, window.isEmpty() ? "" : String.format(" (%.3f kWh against the baseline "
                                + "window's reads)", (metered - readBaseline) / 1000.0));
            }
            out.flush();
            List<Map<String, Object>> series = new ArrayList<>();
            for (int h = 0; h < periods; h++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("period", from.plus(Duration.ofMinutes(30L * h)).toString());
                p.put("meteredNetExportWh", seriesMetered[h]);
                p.put("baselineNetExportWh", seriesBaseline[h]);
                series.add(p);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("events", events);
            r.put("deliveredWh", Math.round(totalDelivered));
            r.put("limitedAssetsSeries", series);
            return r;
        }

        /** --html, or the JSON report's path with .html for its extension. */
        private Path htmlPath() {
            if (html != null) {
                return html;
            }
            String name = report.getFileName().toString();
            String base = name.toLowerCase().endsWith(".json") ? name.substring(0, name.length() - 5) : name;
            return report.resolveSibling(base + ".html");
        }

        private void write(Map<String, Object> result) {
            try {
                Path parent = report.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                json.writeValue(report.toFile(), result);
                Path page = htmlPath();
                Files.writeString(page, DrillHtmlReport.render(json.valueToTree(result)));
                out.printf("report: %s%nhtml report: %s%n", report, page);
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "cannot write the report " + report + ": " + e.getMessage());
            }
            out.flush();
        }
    }
}
