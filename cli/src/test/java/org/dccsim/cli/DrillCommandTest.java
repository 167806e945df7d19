package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.dccsim.drill.HtmlReport;
import org.dccsim.drill.ProfileReads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills end to end: the examples run through the embedded DCC over loopback; reports are read back. */
class DrillCommandTest {
    static final Path EXAMPLES = Paths.get("..", "examples");

    @TempDir
    Path tmp;

    private JsonNode run(String example, int expectedExit) throws Exception {
        Path report = tmp.resolve(example + ".json");
        // The HTML report goes beside it: its name with .html for .json.
        CliRunner r = CliRunner.run("drill", "run", EXAMPLES.resolve(example).toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(expectedExit);
        assertThat(r.out()).contains("dispatch:").contains("P375:").contains("report: " + report)
                .contains("html report: " + tmp.resolve(example + ".html"));
        return new ObjectMapper().readTree(report.toFile());
    }

    @Test
    void smallDrill_confirmsEveryLimit_balancesEverySettlementPeriod_andDeliversFlexibility() throws Exception {
        JsonNode j = run("drill-small.yaml", 0);
        JsonNode d = j.get("dispatch");
        assertThat(d.get("selected").asInt()).isPositive();
        assertThat(d.get("confirmed").asInt()).isEqualTo(d.get("selected").asInt());
        assertThat(d.get("confirmedAfterEventStart").asInt()).isZero();
        assertThat(d.get("failed").size()).isZero();
        assertThat(d.get("latencyMs").get("p50").asLong()).isPositive();
        // The heat pumps' 7.16s went out as the VLP, the EV chargers' 7.13s as the supplier.
        assertThat(d.get("bySender").get(org.dccsim.lab.Organisations.vlp(1).toString()).asInt()).isPositive();
        assertThat(d.get("bySender").get(org.dccsim.lab.Organisations.SUPPLIER.toString()).asInt()).isPositive();
        assertThat(d.get("bySender").get(org.dccsim.lab.Organisations.vlp(1).toString()).asInt() + d.get("bySender").get(org.dccsim.lab.Organisations.SUPPLIER
                .toString()).asInt()).isEqualTo(d.get("selected").asInt());
        JsonNode s = j.get("settlement");
        assertThat(s.get("mismatchedPeriods").asInt()).isZero();
        assertThat(s.get("incompleteSites").size()).isZero();
        assertThat(s.get("balancedPeriods").asInt()).isEqualTo(20 * 3);
        // Heat pumps and EV chargers held to 20 % import less than their baseline: positive delivery, each event.
        assertThat(j.get("delivery").get("deliveredWh").asLong()).isPositive();
        assertThat(j.get("delivery").get("events").get(0).get("deliveredWh").asLong()).isPositive();
        assertThat(j.get("delivery").get("limitedAssetsSeries")).hasSize(3);
        // Per VLP, the parts add up to the event: assets, requested, delivered and rebound.
        for (JsonNode ev : j.get("delivery").get("events")) {
            assertThat(ev.get("byVlp")).isNotEmpty();
            for (String field : new String[] {"assetsMetered", "requestedWh", "deliveredWh", "reboundWh", "netWh"}) {
                long sum = 0;
                for (JsonNode v : ev.get("byVlp")) {
                    sum += v.get(field).asLong();
                }
                assertThat(sum).as("event %s %s", ev.get("event"), field).isEqualTo(ev.get(field).asLong());
            }
        }
        htmlReport_isSelfContained_andChromiumDrawsEveryChart(tmp.resolve("drill-small.yaml.html"));
    }

    @Test
    void warmup_sendsTheDrillsLevelsOutsideItsWindow_andChangesNoFigure_butTheRates() throws Exception {
        JsonNode plain = run("drill-small.yaml", 0);
        Path report = tmp.resolve("warm.json");
        CliRunner r = CliRunner.run("drill", "run", EXAMPLES.resolve("drill-small.yaml").toString(), "--report",
                report.toString(), "--warmup", "4", "--crypto-baseline");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("warm-up: 4 limits at 20 %").contains("left out of every figure below")
                .contains("plus C14N and digests of its 12 XML signature operations");
        JsonNode warm = new ObjectMapper().readTree(report.toFile());
        JsonNode warmup = warm.get("warmup");
        assertThat(warmup.get("limits").asInt()).isEqualTo(4);
        // An explicit count is one round, every limit confirmed, its CPU per limit reported.
        assertThat(warmup.get("rounds").asInt()).isEqualTo(1);
        assertThat(warmup.get("sapcs").asInt()).isEqualTo(4);
        assertThat(warmup.get("confirmed").asInt()).isEqualTo(4);
        assertThat(warmup.get("cpuMsPerLimitByRound")).hasSize(1);
        assertThat(warmup.get("jitPercentByRound")).hasSize(1);
        assertThat(r.out()).contains("the JIT's share of it, %:").contains("timed on all ").contains("% of the bound (");
        // The measured dispatch is the drill's own commands only, and the warm-up's alerts are not among its alerts.
        assertThat(warm.get("dispatch").get("selected").asInt()).isEqualTo(plain.get("dispatch").get("selected").asInt());
        assertThat(warm.get("dispatch").get("confirmed").asInt()).isEqualTo(plain.get("dispatch").get("confirmed").asInt());
        assertThat(warm.get("dispatch").get("alerts")).isEqualTo(plain.get("dispatch").get("alerts"));
        // Limits a day after the metering window move no asset in it: the energy figures are the same.
        assertThat(warm.get("settlement")).isEqualTo(plain.get("settlement"));
        assertThat(warm.get("delivery").get("deliveredWh")).isEqualTo(plain.get("delivery").get("deliveredWh"));
        assertThat(warm.get("delivery").get("reboundWh")).isEqualTo(plain.get("delivery").get("reboundWh"));
        assertThat(warm.get("assetChecks").get("failures").asInt()).isZero();
        JsonNode bound = warm.get("cryptoAlone").get("bound");
        assertThat(bound.get("xmlOperationsPerLimit").asInt()).isEqualTo(12);
        assertThat(bound.get("c14nMs").asDouble()).isPositive();
        // The bound timed on every core at once, next to one thread's figure times the cores, each with its ratio.
        assertThat(bound.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(bound.get("limitsPerSecondAllCores").asDouble()).isPositive();
        assertThat(bound.get("limitsPerSecondOneCoreTimesCores").asDouble()).isPositive();
        assertThat(bound.get("ratio").asDouble()).isEqualTo(Math.round(bound.get("endToEndPerSecond").asDouble()
                / bound.get("limitsPerSecondAllCores").asDouble() * 1000) / 1000.0);
        assertThat(bound.get("ratioToOneCoreTimesCores").asDouble()).isPositive();
        assertThat(plain.get("warmup")).isNull();

        CliRunner bad = CliRunner.run("drill", "run", EXAMPLES.resolve("drill-small.yaml").toString(), "--warmup", "-1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--warmup takes a number of limits, 0 or more").doesNotContain("Exception");
    }

    /**
     * The default warm-up with --crypto-baseline: every SAPC a 7.16 of the drill limits, round after round until 40,000
     * limits and the CPU per limit stops falling (at most 100,000 limits, 40 rounds), each limit confirmed, every
     * round's CPU reported. Slow: a round takes a second or more.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void defaultWarmup_repeatsRoundsOverEverySapcOfA716() throws Exception {
        Path report = tmp.resolve("default-warm.json");
        CliRunner r = CliRunner.run("drill", "run", EXAMPLES.resolve("drill-small.yaml").toString(), "--report",
                report.toString(), "--crypto-baseline");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode warmup = new ObjectMapper().readTree(report.toFile()).get("warmup");
        int sapcs = warmup.get("sapcs").asInt();
        int rounds = warmup.get("rounds").asInt();
        assertThat(sapcs).isPositive();
        assertThat(rounds).isBetween((int) Math.min(40, (40_000 + sapcs - 1) / sapcs),
                (int) Math.max(Math.min(40, (40_000 + sapcs - 1) / sapcs), Math.min(40, 100_000 / sapcs)));
        assertThat(warmup.get("limits").asInt()).isEqualTo(sapcs * rounds);
        assertThat(warmup.get("confirmed").asInt()).isEqualTo(sapcs * rounds);
        assertThat(warmup.get("cpuMsPerLimitByRound")).hasSize(rounds);
        assertThat(warmup.get("jitPercentByRound")).hasSize(rounds);
        assertThat(warmup.get("jitSettleSeconds").asDouble()).isBetween(0.0, 21.0);
    }

    /** The page stands alone (no scripts, no external references) and a real browser lays out each chart. */
    private void htmlReport_isSelfContained_andChromiumDrawsEveryChart(Path page) throws Exception {
        assertThat(page).exists();
        String html = Files.readString(page);
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
        // Well-formed XML too: every chart is an svg of class chart with a fixed size.
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(html.replace("<!DOCTYPE html>", "").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(2 + 8); // latency, fleet power, 8 of 20 sites
        java.util.List<HeadlessChromium.Chart> charts = HeadlessChromium.measureCharts(page, tmp);
        assertThat(charts).extracting(HeadlessChromium.Chart::id).contains("chart-latency", "chart-fleet-power", "chart-site-0");
        for (HeadlessChromium.Chart c : charts) {
            assertThat(c.width()).as(c.id()).isEqualTo(HtmlReport.WIDTH);
            assertThat(c.height()).as(c.id()).isEqualTo(HtmlReport.HEIGHT);
        }
        assertThat(charts.stream().filter(c -> c.id().equals("chart-latency")).findFirst().orElseThrow().shapes())
                .as("a bar per latency bin plus at least two grid lines").isGreaterThanOrEqualTo(20 + 2);
        assertThat(charts.stream().filter(c -> c.id().equals("chart-site-0")).findFirst().orElseThrow().shapes())
                .as("stacked bars and a boundary mark per half-hour").isGreaterThanOrEqualTo(3 * 2);
        // A picture of the report for people: .ci/run keeps it as the CI run's artifact.
        Path png = Paths.get("target", "drill-report.png");
        HeadlessChromium.screenshot(page, png, tmp);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertThat(head).as("a PNG").isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        assertThat(Files.size(png)).as("more than a blank page").isGreaterThan(20_000);
    }

    @Test
    void drillWithOfflineDevicesAndPacketLoss_reportsTheFailuresAndDeliversLess() throws Exception {
        JsonNode j = run("drill-faults.yaml", 0);
        JsonNode d = j.get("dispatch");
        int selected = d.get("selected").asInt();
        int e20 = d.get("failed").path("head-end E20").asInt();
        assertThat(e20).as("offline SAPCs are refused with E20").isPositive();
        assertThat(d.get("acknowledged").asInt() + e20).isEqualTo(selected);
        assertThat(d.get("confirmed").asInt()).isLessThan(selected);
        int failedAfterAck = d.get("failed").path("device E21").asInt() + d.get("failed").path("no answer").asInt();
        assertThat(d.get("confirmed").asInt() + failedAfterAck).isEqualTo(d.get("acknowledged").asInt());
        assertThat(d.get("retries").asInt()).as("lost frames were retried (policy: two retries)").isPositive();
        // Every failure is listed by device with its reason, as many as the counts by reason.
        int failures = 0;
        for (JsonNode n : d.get("failed")) {
            failures += n.asInt();
        }
        assertThat(d.get("failedDevices")).hasSize(failures);
        assertThat(d.get("failedDevices")).anySatisfy(f -> {
            assertThat(f.get("reason").asText()).isEqualTo("head-end E20");
            assertThat(f.get("device").asText()).matches("[0-9A-F]{16}");
            assertThat(f.get("site").asText()).isNotBlank();
        });
        JsonNode s = j.get("settlement");
        assertThat(s.get("mismatchedPeriods").asInt()).as("lost reads make sites incomplete, never wrong").isZero();
        assertThat(s.get("incompleteSites").size()).isPositive();
        JsonNode ev = j.get("delivery").get("events").get(0);
        assertThat(ev.get("assetsMetered").asInt()).isLessThan(selected);
        assertThat(ev.get("deliveredWh").asLong()).isPositive();
    }

    @Test
    void withoutRetries_lostFramesFailWithE21_andTheRetryPolicyRecoversThem() throws Exception {
        String lossy = Files.readString(EXAMPLES.resolve("drill-faults.yaml"))
                .replace("dropProbability: 0.10", "dropProbability: 0.30").replace("offlineShare: 0.05", "offlineShare: 0.0");
        Path noRetries = tmp.resolve("no-retries.yaml");
        Files.writeString(noRetries, lossy.replace("retries: 2", "retries: 0"));
        Path report = tmp.resolve("no-retries.json");
        CliRunner r = CliRunner.run("drill", "run", noRetries.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode d = new ObjectMapper().readTree(report.toFile()).get("dispatch");
        // Each limit needs its command and its answer through: about half are lost at 30 % per frame.
        int e21 = d.get("failed").path("device E21").asInt() + d.get("failed").path("no answer").asInt();
        assertThat(e21).isPositive();
        assertThat(d.get("retries").asInt()).isZero();
        assertThat(d.get("confirmed").asInt() + e21).isEqualTo(d.get("selected").asInt());
    }

    @Test
    void badScenarios_exitTwoWithOneLineNamingTheProblem() throws Exception {
        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { }\nevents: []\nbogus: 1\n");
        Path level = tmp.resolve("level.yaml");
        Files.writeString(level, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T17:00:00Z, minutes: 30, level: 150 }\n");
        Path early = tmp.resolve("early.yaml");
        Files.writeString(early, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T15:00:00Z, minutes: 30, level: 10 }\n");
        Path garbage = tmp.resolve("garbage.json");
        Files.writeString(garbage, "{ \"clock\": [");
        Path retries = tmp.resolve("retries.yaml");
        Files.writeString(retries, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T17:00:00Z, minutes: 30, level: 10 }\ndispatch: { retries: 11 }\n");
        Path vlp = tmp.resolve("vlp.yaml");
        Files.writeString(vlp, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { sites: [ { id: h, esme: 00DB300000000001, assets: "
                + "[ { sapc: 00DB300000000011, type: BATTERY, loadController: 90B3D51F300100FF } ] } ] }\n"
                + "events:\n  - { at: 2026-06-01T17:00:00Z, minutes: 30, level: 10 }\n");
        Path metering = tmp.resolve("metering.yaml");
        Files.writeString(metering, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T17:00:00Z, minutes: 30, level: 10 }\n"
                + "metering: { from: 2026-06-01T16:10:00Z, to: 2026-06-01T18:00:00Z }\n");
        Path weather = tmp.resolve("weather.yaml");
        Files.writeString(weather, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { weather: { model: arctic }, generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T17:00:00Z, minutes: 30, level: 10 }\n");
        Path csv = tmp.resolve("csv.yaml");
        Files.writeString(csv, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { weather: { csv: nowhere.csv }, generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T17:00:00Z, minutes: 30, level: 10 }\n");
        Path switchOff = tmp.resolve("switch-off.yaml");
        Files.writeString(switchOff, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T17:00:00Z, minutes: 30, assetType: HEAT_PUMP, action: switchOff }\n");
        Path calendar = tmp.resolve("calendar.yaml");
        Files.writeString(calendar, "clock: { start: 2026-06-01T16:00:00Z }\nfleet: { generate: { sites: 1 } }\n"
                + "events:\n  - { at: 2026-06-01T23:00:00Z, minutes: 120, assetType: STORAGE_HEATER, action: calendar }\n");
        String[][] cases = {{retries.toString(), "dispatch.retries must be 0 to 10"},
            {calendar.toString(), "an event that ends on the day it starts"},
            {switchOff.toString(), "switchOff (7.6) turns off a load behind an ESME's auxiliary load control switch"},
            {vlp.toString(), "is not one of the drill's VLPs"}, {metering.toString(), "half-hour boundaries"},
            {unknown.toString(), "unknown field 'bogus'"}, {level.toString(), "events[0].level must be 0 to 100"},
            {early.toString(), "events[0].at is before clock.start"}, {garbage.toString(), "garbage.json"},
            {tmp.resolve("missing.yaml").toString(), "no such scenario file"}, {weather.toString(), "weather.model must be"},
            {csv.toString(), "weather.csv: no such file"}};
        for (String[] c : cases) {
            CliRunner r = CliRunner.run("drill", "run", c[0], "--report", tmp.resolve("r.json").toString());
            assertThat(r.exitCode()).as(c[1] + ": " + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains(c[1]);
            assertThat(r.err().strip().lines()).hasSize(1);
        }
        assertThat(tmp.resolve("r.json")).doesNotExist();
    }

    @Test
    void winterEvening_heatPumpsReboundAfterTheirHour_andEvEnergyMovesLaterWithoutLoss() throws Exception {
        JsonNode j = run("drill-winter-rebound.yaml", 0);
        assertThat(j.get("settlement").get("mismatchedPeriods").asInt()).isZero();
        assertThat(j.get("assetChecks").get("failures").asInt()).isZero();
        assertThat(j.get("assetChecks").get("assetsChecked").asInt()).isEqualTo(12);
        JsonNode heat = j.get("delivery").get("events").get(0);
        assertThat(heat.get("assetsMetered").asInt()).isPositive();
        long delivered = heat.get("deliveredWh").asLong();
        assertThat(delivered).isPositive().isCloseTo(heat.get("requestedWh").asLong(), org.assertj.core.data.Percentage.withPercentage(5));
        // The houses cooled for an hour and are heated back up: most of what was shed comes back after the event,
        // against the same fleet run without the limits; a little is saved (a cooler house loses less heat).
        long rebound = heat.get("reboundWh").asLong();
        assertThat(rebound).isNegative();
        assertThat(-rebound).isBetween(delivered / 2, delivered);
        assertThat(heat.get("netWh").asLong()).isEqualTo(delivered + rebound);
        JsonNode ev = j.get("delivery").get("events").get(1);
        assertThat(ev.get("deliveredWh").asLong()).isPositive();
        // Every car still leaves with what it needed: the energy moved later, none lost.
        assertThat(ev.get("netWh").asLong()).isBetween(-ev.get("assetsMetered").asLong() * 32, ev.get("assetsMetered").asLong() * 32);
        assertThat(j.get("assetChecks").get("evUnmetWh").asLong()).isZero();
    }

    @Test
    void deliberatelyBrokenAssetModels_failTheDrill_whileP375StillBalances() throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, String.join("\n",
                "clock: { start: 2026-12-01T16:00:00Z, speed: 3600 }",
                "fleet:",
                "  epoch: 2026-12-01T00:00:00Z",
                "  weather: { model: winter-day }",
                "  sites:",
                "    - { id: ignores-limit, esme: 00DB400000000001, assets: [ { sapc: 00DB400000000011, type: HEAT_PUMP, modelFault: LIMIT_IGNORED } ] }",
                "    - { id: flipped, esme: 00DB400000000002, assets: [ { sapc: 00DB400000000012, type: BATTERY, modelFault: SIGN_FLIPPED } ] }",
                "    - { id: honest, esme: 00DB400000000003, assets: [ { sapc: 00DB400000000013, type: HEAT_PUMP } ] }",
                "events:",
                "  - { at: 2026-12-01T17:00:00Z, minutes: 60, level: 10 }",
                "metering: { from: 2026-12-01T16:00:00Z, to: 2026-12-01T19:00:00Z }",
                ""));
        Path report = tmp.resolve("broken.json");
        CliRunner r = CliRunner.run("drill", "run", broken.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.err()).contains("asset checks failed");
        JsonNode j = new ObjectMapper().readTree(report.toFile());
        // Settlement cannot tell: the boundary meter sees the same wrong flows as the asset meters.
        assertThat(j.get("settlement").get("mismatchedPeriods").asInt()).isZero();
        java.util.Set<String> failed = new java.util.TreeSet<>();
        j.get("assetChecks").get("failed").forEach(f -> failed.add(f.get("sapc").asText() + " " + f.get("check").asText()));
        assertThat(failed).contains("00DB400000000011 limit", "00DB400000000012 energy", "00DB400000000012 battery")
                .noneMatch(f -> f.startsWith("00DB400000000013"));
    }

    @Test
    void storageAndImmersionHeaters_switchedOffThroughTheirEsmes_shedLoadAndRecoverAfterwards() throws Exception {
        JsonNode j = run("drill-storage-heaters.yaml", 0);
        JsonNode d = j.get("dispatch");
        assertThat(d.get("confirmed").asInt()).isEqualTo(d.get("selected").asInt()).isPositive();
        // 7.13 (storage heaters, sent ahead) and 7.6 (immersion heaters, sent at 06:30) to the ESMEs, from the supplier only.
        assertThat(d.get("bySender").get(org.dccsim.lab.Organisations.SUPPLIER.toString()).asInt()).isEqualTo(d.get("selected").asInt());
        assertThat(j.get("scenario").get("events").get(1).get("action").asText()).isEqualTo("switchOff");
        assertThat(j.get("settlement").get("mismatchedPeriods").asInt()).isZero();
        assertThat(j.get("assetChecks").get("failures").asInt()).isZero();
        JsonNode storage = j.get("delivery").get("events").get(0);
        assertThat(storage.get("assetsMetered").asInt()).isEqualTo(10);
        // Ten 3.4 kW heaters charging through the two hours their switches were open.
        assertThat(storage.get("deliveredWh").asLong()).isCloseTo(68_000L, org.assertj.core.data.Offset.offset(700L));
        // Their switches closed at 04:00 with the cheap window still open: they charge harder than they would have.
        assertThat(storage.get("reboundWh").asLong()).isLessThan(-10_000L);
        JsonNode immersion = j.get("delivery").get("events").get(1);
        long shed = immersion.get("deliveredWh").asLong();
        // Switched off on receipt of 7.6 at the event's start: the load stops then, not ahead of it.
        assertThat(shed).isPositive();
        // The cylinders reheat once their switches close: nearly all of it comes back.
        assertThat(-immersion.get("reboundWh").asLong()).isBetween(shed * 8 / 10, shed * 11 / 10);
    }

    @Test
    void storageHeatersSwitchedByACalendar_shedWhatTheSameWindowBy7_13Sheds() throws Exception {
        JsonNode j = run("drill-storage-calendar.yaml", 0);
        JsonNode d = j.get("dispatch");
        assertThat(d.get("confirmed").asInt()).isEqualTo(d.get("selected").asInt()).isEqualTo(10);
        assertThat(d.get("bySender").get(org.dccsim.lab.Organisations.SUPPLIER.toString()).asInt()).isEqualTo(10);
        assertThat(j.get("scenario").get("events").get(0).get("action").asText()).isEqualTo("calendar");
        assertThat(j.get("settlement").get("mismatchedPeriods").asInt()).isZero();
        assertThat(j.get("assetChecks").get("failures").asInt()).isZero();
        JsonNode storage = j.get("delivery").get("events").get(0);
        // The ESME runs the one-day calendar: the ten 3.4 kW heaters are off from 02:00 to 04:00, as under 7.13.
        assertThat(storage.get("deliveredWh").asLong()).isCloseTo(68_000L, org.assertj.core.data.Offset.offset(700L));
        assertThat(storage.get("reboundWh").asLong()).isLessThan(-10_000L);
    }
}
