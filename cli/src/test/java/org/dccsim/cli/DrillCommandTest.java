package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills end to end: the examples run through the embedded DCC over loopback; reports are read back. */
class DrillCommandTest {
    static final Path EXAMPLES = Paths.get("..", "examples");

    @TempDir
    Path tmp;

    private JsonNode run(String example, int expectedExit) throws Exception {
        Path report = tmp.resolve(example + ".json");
        CliRunner r = CliRunner.run("drill", "run", EXAMPLES.resolve(example).toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(expectedExit);
        assertThat(r.out()).contains("dispatch:").contains("P375:").contains("report: " + report);
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
        JsonNode s = j.get("settlement");
        assertThat(s.get("mismatchedPeriods").asInt()).isZero();
        assertThat(s.get("incompleteSites").size()).isZero();
        assertThat(s.get("balancedPeriods").asInt()).isEqualTo(20 * 3);
        // Heat pumps and EV chargers held to 20 % import less than their baseline: positive delivery.
        assertThat(j.get("delivery").get("deliveredWh").asLong()).isPositive();
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
        JsonNode s = j.get("settlement");
        assertThat(s.get("mismatchedPeriods").asInt()).as("lost reads make sites incomplete, never wrong").isZero();
        assertThat(s.get("incompleteSites").size()).isPositive();
        JsonNode ev = j.get("delivery").get("events").get(0);
        assertThat(ev.get("assetsMetered").asInt()).isLessThan(selected);
        assertThat(ev.get("deliveredWh").asLong()).isPositive();
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
        String[][] cases = {{unknown.toString(), "unknown field 'bogus'"}, {level.toString(), "events[0].level must be 0 to 100"},
            {early.toString(), "events[0].at is before clock.start"}, {garbage.toString(), "garbage.json"},
            {tmp.resolve("missing.yaml").toString(), "no such scenario file"}};
        for (String[] c : cases) {
            CliRunner r = CliRunner.run("drill", "run", c[0], "--report", tmp.resolve("r.json").toString());
            assertThat(r.exitCode()).as(c[1] + ": " + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains(c[1]);
            assertThat(r.err().strip().lines()).hasSize(1);
        }
        assertThat(tmp.resolve("r.json")).doesNotExist();
    }
}
