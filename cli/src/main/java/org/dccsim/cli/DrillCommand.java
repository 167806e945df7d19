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
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.Site;
import org.dccsim.device.SmartDevice;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.model.AssetType;
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
        /**
         * 7.6 Deactivate Auxiliary Load: a switched load off for {@code minutes}, from the supplier. 7.6 acts when the
         * ESME receives it and cannot be future dated (critical, and DUIS gives it no ExecutionDateTime), so the drill
         * sends it when simulated time reaches {@code at}; its level is 0 (off).
         */
        static final String SWITCH_OFF = "switchOff";

        boolean setState() {
            return SET_STATE.equals(action);
        }

        boolean switchOff() {
            return SWITCH_OFF.equals(action);
        }

        /** Sent at the event's time rather than ahead of it. */
        boolean timed() {
            return switchOff();
        }

        /** The level over the event: as given; a switch-off's is 0 when not given. */
        @Override
        public Integer level() {
            return level == null && switchOff() ? Integer.valueOf(0) : level;
        }

        String actionName() {
            return action == null ? LIMIT : action;
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

        DrillDispatcher dispatcher(EmbeddedDcc dcc, ClientProfile.Client who, ScaledClock clock, PrintWriter progress, String phase) {
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
            footer = ExitCodes.HELP + "%nExamples:%n  dccsim drill run examples/drill-small.yaml%n"
                    + "  dccsim drill run examples/drill-small.yaml --report reports/small.json%n")
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

        @Option(names = "--report", paramLabel = "FILE",
                description = "Where to write the JSON report (default: dccsim-data/drills/SCENARIO.json, SCENARIO being the "
                        + "scenario file's or directory's name).")
        Path report;

        @Spec
        CommandSpec spec;

        private PrintWriter out;
        private final Map<String, Integer> readCodes = new java.util.TreeMap<>();

        @Override
        public Integer call() throws Exception {
            out = spec.commandLine().getOut();
            Scenario s = read(file);
            if (report == null) {
                String name = file.toAbsolutePath().normalize().getFileName().toString();
                report = Path.of("dccsim-data", "drills", name.replaceFirst("\\.(ya?ml|json)$", "") + ".json");
            }
            // Simulated time stands at clock.start while the fleet connects and the limits go out, so how long that
            // takes on this machine cannot push the limits past their events; latencies are measured in real time.
            ScaledClock clock = ScaledClock.held(s.clock().start(), s.clock().speed());
            FleetSpec fleetSpec = new FleetSpec(s.fleet().epoch(), new FleetSpec.Trust(Organisations.SUPPLIER.toString(), null,
                    Organisations.ACB.toString(), Organisations.vlp(1).toString()), s.fleet().sites(), s.fleet().generate(),
                    s.fleet().faults(), s.fleet().weather());
            Policy policy = Policy.of(s.dispatch());
            SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
            rnd.setSeed(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Map<String, Object> result = new LinkedHashMap<>();
            try (EmbeddedDcc dcc = EmbeddedDcc.builder().organisations(Organisations.generate(Organisations.standard(2), rnd),
                    "dccsim-drill/" + file.getFileName()).fleet(fleetSpec).clock(clock)
                    .deviceTimeout(Duration.ofSeconds(policy.deviceTimeoutSeconds())).start()) {
                // Devices the fault plan keeps offline never register; wait for the others only.
                dcc.awaitDevices(Duration.ofSeconds(10));
                out.printf("dccsim drill: %s: %d sites, %d devices, %d events; head-end at %s; crypto: %s%n", file,
                        dcc.fleet().sites().size(), dcc.fleet().devices().size(), s.events().size(), dcc.duisBase(),
                        org.dccsim.gbcs.crypto.CryptoEngine.active().description());
                out.flush();
                List<Limit> limits = select(s, dcc.fleet());
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
                result.put("settlement", DrillSettlement.settle(dcc.fleet(), profiles, from, to,
                        table || dcc.fleet().sites().size() <= 3, out));
                result.put("delivery", DrillSettlement.delivery(s, limits, profiles, from, to, out));
                result.put("assetChecks", DrillChecks.check(dcc.fleet(), profiles, from, to, out));
                if (cryptoBaseline) {
                    int confirmed = (Integer) dispatched.get("confirmed");
                    Map<String, Object> c = DrillCryptoBaseline.measure(dcc, Math.max(1, confirmed));
                    result.put("cryptoAlone", c);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> bound = (Map<String, Object>) c.get("bound");
                    Object steady = dispatched.get("steadyConfirmedPerSecond");
                    double endToEnd = steady != null ? (Double) steady : (Double) dispatched.get("confirmedPerSecond");
                    double ratio = endToEnd / (Double) bound.get("limitsPerSecondAllCores");
                    bound.put("endToEndPerSecond", endToEnd);
                    bound.put("ratio", Math.round(ratio * 1000) / 1000.0);
                    out.printf("crypto alone for the same %d limits, one thread: %.1f s (XML sign %.3f ms, verify %.3f ms, ECDSA "
                            + "sign %.3f ms, verify %.3f ms): %.1f limits/s per core, %.1f on all %d cores%n", c.get("limits"),
                            c.get("seconds"), c.get("xmlSignMs"), c.get("xmlVerifyMs"), c.get("ecdsaSignMs"),
                            c.get("ecdsaVerifyMs"), c.get("limitsPerSecondOneCore"), c.get("limitsPerSecondAllCores"),
                            Runtime.getRuntime().availableProcessors());
                    out.printf("crypto bound (raw ECDSA, %d signatures and %d verifications per limit, all cores): %.1f limits/s; "
                            + "end to end (steady) %.1f confirmed/s = %.1f %% of the bound%n", bound.get("signsPerLimit"),
                            bound.get("verifiesPerLimit"), bound.get("limitsPerSecondAllCores"), endToEnd, ratio * 100);
                    out.flush();
                }
                Map<String, Object> sc = new LinkedHashMap<>();
                sc.put("file", file.toString());
                sc.put("sites", dcc.fleet().sites().size());
                sc.put("devices", dcc.fleet().devices().size());
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
                    m.put("action", e.actionName());
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
            @SuppressWarnings("unchecked")
            Map<String, Object> checks = (Map<String, Object>) result.get("assetChecks");
            int failures = (Integer) checks.get("failures");
            if (failures > 0) {
                throw new UserError(ExitCodes.CHECK_FAILED, failures + " asset checks failed (an asset's meter disagrees with "
                        + "its state or its SAPC's limit); see 'assetChecks' in " + report);
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
                    if (e.action() != null && !Event.LIMIT.equals(e.action()) && !Event.SET_STATE.equals(e.action())
                            && !e.switchOff()) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".action must be limit (7.16), setState (7.13) or "
                                + "switchOff (7.6)");
                    }
                    if (e.switchOff() && (e.assetType() == null || !e.assetType().switched() || e.level() != 0)) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ": switchOff (7.6) turns off a load behind an ESME's "
                                + "auxiliary load control switch: give assetType STORAGE_HEATER or IMMERSION_HEATER, and no level "
                                + "but 0");
                    }
                    if (e.at().isBefore(s.clock().start())) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ".at is before clock.start");
                    }
                    if (e.assetType() != null && e.assetType().switched() && !e.setState() && !e.switchOff()) {
                        throw new UserError(ExitCodes.BAD_INPUT, where + ": a " + e.assetType() + " hangs on its ESME's auxiliary "
                                + "load control switch: switch it with action setState (7.13) or switchOff (7.6), both from the "
                                + "supplier, not a 7.16 limit");
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
                        if (a.loadController() != null && !Eui64.parse(a.loadController()).equals(Organisations.vlp(1))
                                && !Eui64.parse(a.loadController()).equals(Organisations.vlp(2))) {
                            throw new UserError(ExitCodes.BAD_INPUT, f + ": site " + site.id() + ": loadController "
                                    + a.loadController() + " is not one of the drill's VLPs (" + Organisations.vlp(1) + ", "
                                    + Organisations.vlp(2) + ")");
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
                FleetSpec fleet = FleetSpecs.withWeatherFile(s.fleet(), f.toAbsolutePath().getParent(), f + " (fleet)");
                return new Scenario(fleet, new Clock(s.clock().start(), speed), s.events(), s.dispatch(), s.metering(),
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
         * The assets each event limits: those of its asset type (all of the SAPCs' if none), then a deterministic
         * share of them chosen by EUI so that reruns pick the same ones. Loads behind an ESME's switches are chosen
         * only by an event that names their type: a limit for "every asset" means the VLPs' assets.
         */
        private static List<Limit> select(Scenario s, Fleet fleet) {
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

        /** Sends every limit (future-dated 7.16s) through the critical flow and collects the answers. */
        private Map<String, Object> dispatch(EmbeddedDcc dcc, ScaledClock clock, Scenario s, List<Limit> limits, Policy policy)
                throws InterruptedException {
            // Each limit goes out as the VLP its SAPC names as Load Controller, each 7.13 as the supplier: one
            // dispatcher per sender.
            Map<Eui64, List<DrillDispatcher.Job>> jobsByVlp = new LinkedHashMap<>();
            // Switch-offs (7.6) wait for their event's time, by event start.
            java.util.TreeMap<Instant, Map<Eui64, List<DrillDispatcher.Job>>> timed = new java.util.TreeMap<>();
            Map<Eui64, Integer> bySender = new java.util.TreeMap<>();
            for (Limit l : limits) {
                Event e = s.events().get(l.event());
                XmlNode body = e.switchOff() ? Bodies.auxiliaryLoad(false, l.asset().controller(), e.minutes())
                        : e.setState() ? Bodies.setAuxiliaryControllerState(l.asset().controller(), e.at(), e.end(), e.level())
                        : Bodies.limitApcLevel(l.asset().controller(), e.at(), e.end(), e.level());
                Eui64 sender = e.setState() || e.switchOff() ? Organisations.SUPPLIER : dcc.loadControllerOf(l.asset().sapc().eui());
                String srv = e.switchOff() ? "7.6" : e.setState() ? "7.13" : "7.16";
                (e.timed() ? timed.computeIfAbsent(e.at(), k -> new LinkedHashMap<>()) : jobsByVlp)
                        .computeIfAbsent(sender, k -> new ArrayList<>())
                        .add(new DrillDispatcher.Job(l, l.asset().sapc().eui(), srv, body, true));
                bySender.merge(sender, 1, Integer::sum);
            }
            long started = System.nanoTime();
            List<DrillDispatcher.Outcome> outcomes = new ArrayList<>();
            Map<String, Integer> alerts = new java.util.TreeMap<>();
            int retries = 0;
            for (Map.Entry<Eui64, List<DrillDispatcher.Job>> e : jobsByVlp.entrySet()) {
                ClientProfile.Client sender = dcc.client(e.getKey().toString());
                DrillDispatcher dispatcher = policy.dispatcher(dcc, sender, clock, out, "dispatch");
                outcomes.addAll(dispatcher.run(e.getValue()));
                dispatcher.alerts().forEach((code, n) -> alerts.merge(code, n, Integer::sum));
                retries += dispatcher.retried();
            }
            // The rates below are of the commands sent ahead of their events; the timed ones follow, each at its time.
            long aheadEnded = outcomes.stream().mapToLong(o -> o.answeredNanos).max().orElse(started);
            List<Long> aheadConfirmedAt = outcomes.stream().filter(o -> o.failure == null && DuisCodes.I0.equals(o.reply.code()))
                    .map(o -> o.answeredNanos).toList();
            if (!timed.isEmpty()) {
                clock.release();
            }
            for (Map.Entry<Instant, Map<Eui64, List<DrillDispatcher.Job>>> at : timed.entrySet()) {
                Duration until = Duration.between(clock.now(), at.getKey());
                if (!until.isNegative()) {
                    Thread.sleep(clock.realTimeFor(until).toMillis());
                }
                for (Map.Entry<Eui64, List<DrillDispatcher.Job>> e : at.getValue().entrySet()) {
                    DrillDispatcher dispatcher = policy.dispatcher(dcc, dcc.client(e.getKey().toString()), clock, out,
                            "switch at " + at.getKey());
                    outcomes.addAll(dispatcher.run(e.getValue()));
                    dispatcher.alerts().forEach((code, n) -> alerts.merge(code, n, Integer::sum));
                    retries += dispatcher.retried();
                }
            }
            Map<String, Integer> failed = new java.util.TreeMap<>();
            // The failures by device, so an operator can re-dispatch exactly those (the first 1,000).
            List<Map<String, Object>> failedDevices = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            List<Long> confirmedAt = new ArrayList<>();
            int confirmed = 0;
            int late = 0;
            int acknowledged = 0;
            long lastAnswer = started;
            for (DrillDispatcher.Outcome o : outcomes) {
                String why = o.failure != null ? o.failure
                        : DuisCodes.I0.equals(o.reply.code()) ? null : "device " + o.reply.code();
                if (why != null && failedDevices.size() < 1000) {
                    Limit l = (Limit) o.job.tag();
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("event", l.event());
                    f.put("site", l.site().id());
                    f.put("device", o.job.device().toString());
                    f.put("srv", o.job.srv());
                    f.put("reason", why);
                    f.put("attempts", o.attempts);
                    failedDevices.add(f);
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
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("selected", limits.size());
            d.put("acknowledged", acknowledged);
            d.put("confirmed", confirmed);
            // Confirmed only after the event had started in simulated time: the clock outran the dispatch.
            d.put("confirmedAfterEventStart", late);
            d.put("failed", failed);
            d.put("failedDevices", failedDevices);
            d.put("retries", retries);
            d.put("alerts", alerts);
            d.put("bySender", bySender.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    x -> x.getKey().toString(), Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new)));
            d.put("seconds", Math.round(seconds * 100) / 100.0);
            d.put("confirmedPerSecond", Math.round(ratedConfirmed / seconds * 10) / 10.0);
            d.put("steadyConfirmedPerSecond", steadyRate(jobsByVlp.isEmpty() ? confirmedAt : aheadConfirmedAt));
            Map<String, Object> lat = new LinkedHashMap<>();
            for (double q : new double[] {0.5, 0.95, 0.99, 1.0}) {
                lat.put(q == 1.0 ? "max" : "p" + Math.round(q * 100), latencies.isEmpty() ? null
                        : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(q * latencies.size()) - 1)) / 1_000_000);
            }
            d.put("latencyMs", lat);
            d.put("latencyHistogramMs", histogram(latencies));
            out.printf("dispatch: %d commands selected, %d acknowledged, %d confirmed by devices (%d after their event started), "
                    + "failed %s, %d retries; alerts %s;%n          %.1f confirmed/s (steady %s); latency ms p50 %s p95 %s p99 %s "
                    + "max %s%n",
                    limits.size(), acknowledged, confirmed, late, failed, retries, d.get("alerts"),
                    d.get("confirmedPerSecond"), d.get("steadyConfirmedPerSecond"), lat.get("p50"), lat.get("p95"), lat.get("p99"), lat.get("max"));
            out.flush();
            return d;
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
            Instant first = from.plus(Duration.ofMinutes(30));
            List<DrillDispatcher.Job> jobs = new ArrayList<>();
            for (SmartDevice d : dcc.fleet().devices()) {
                jobs.add(new DrillDispatcher.Job(true, d.eui(), "4.8.1",
                        Bodies.readLog("ReadActiveImportProfileData", first, to, null), false));
                jobs.add(new DrillDispatcher.Job(false, d.eui(), "4.8.3", Bodies.readLog("ReadExportProfileData", first, to, null),
                        false));
            }
            List<DrillDispatcher.Outcome> outcomes = policy.dispatcher(dcc, dcc.client("supplier"), clock, out, "reads").run(jobs);
            int periods = (int) (Duration.between(from, to).toMinutes() / 30);
            Map<Eui64, long[]> profiles = new LinkedHashMap<>();
            Map<Eui64, Integer> parts = new LinkedHashMap<>();
            MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(), dcc.headEnd().security());
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
