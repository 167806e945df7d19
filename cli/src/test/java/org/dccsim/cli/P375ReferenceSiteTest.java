package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.dccsim.device.clock.ManualClock;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.duis.DuisCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/p375-site: one home, a battery controlled by VLP 1 and a generator controlled by VLP 2, through every
 * combination of battery, generator and household states; and each VLP confined to its own asset.
 */
class P375ReferenceSiteTest {
    static final Path SITE = Paths.get("..", "examples", "p375-site");
    static final Eui64 BATTERY_SAPC = Eui64.parse("00DB300000000011");
    static final Eui64 GENERATOR_SAPC = Eui64.parse("00DB300000000012");

    @TempDir
    Path tmp;

    @Test
    void referenceSite_primaryVolumeEqualsHouseholdDemandInEveryCombination_boundaryAloneDoesNot() throws Exception {
        Path report = tmp.resolve("p375.json");
        CliRunner r = CliRunner.run("drill", "run", SITE.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("battery (VLP 1)").contains("generator (VLP 2)").contains("primary=household");
        JsonNode j = new ObjectMapper().readTree(report.toFile());
        JsonNode d = j.get("dispatch");
        assertThat(d.get("confirmed").asInt()).isEqualTo(2);
        assertThat(d.get("bySender").get(EmbeddedDcc.VLP.toString()).asInt()).isEqualTo(1);
        assertThat(d.get("bySender").get(EmbeddedDcc.VLP2.toString()).asInt()).isEqualTo(1);
        JsonNode periods = j.get("settlement").get("periods");
        assertThat(periods).hasSize(12);
        Set<String> combinations = new HashSet<>();
        int boundaryDiffers = 0;
        for (JsonNode p : periods) {
            long household = p.get("householdWh").asLong();
            assertThat(p.get("primaryImportWh").asLong()).as(p.toString()).isEqualTo(household);
            long battery = p.get("assets").get(0).get("importWh").asLong();
            long generator = p.get("assets").get(1).get("importWh").asLong();
            assertThat(p.get("boundaryImportWh").asLong()).isEqualTo(household + battery + generator);
            combinations.add((battery > 0 ? "charging" : battery < 0 ? "discharging" : "idle") + "/"
                    + (generator < 0 ? "running" : "off") + "/" + (household > 1000 ? "high" : "low"));
            if (battery != 0 || generator != 0) {
                assertThat(p.get("boundaryEqualsHousehold").asBoolean()).as(p.toString()).isFalse();
                boundaryDiffers++;
            }
        }
        assertThat(combinations).as("3 battery x 2 generator x 2 household states").hasSize(12);
        assertThat(j.get("settlement").get("boundaryAloneDiffers").asInt()).isEqualTo(boundaryDiffers).isEqualTo(10);
        // The limits acted: the battery charged at 1 kW (500 Wh) in its limited half-hour, the generator ran at 2 kW.
        assertThat(periods.get(0).get("assets").get(0).get("importWh").asLong()).isEqualTo(500);
        assertThat(periods.get(3).get("assets").get(1).get("importWh").asLong()).isEqualTo(-1000);
        assertThat(periods.get(4).get("assets").get(1).get("importWh").asLong()).isEqualTo(-3000);
    }

    @Test
    void eachVlp_readsAndLimitsOnlyItsOwnAsset_theOtherIsRefusedWithE4() throws Exception {
        FleetSpec site = FleetSpecs.parse(String.join("\n",
                "sites:",
                "  - id: reference-home",
                "    esme: 00DB300000000001",
                "    assets:",
                "      - { sapc: 00DB300000000011, type: BATTERY, loadController: 90B3D51F30010008 }",
                "      - { sapc: 00DB300000000012, type: GENERATOR, loadController: 90B3D51F30010009 }",
                ""), true, "site.yaml");
        Instant now = Instant.parse("2026-06-01T09:30:00Z");
        SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
        rnd.setSeed(42);
        String limit = "<sr:LimitAPCLevel auxiliaryControllerN=\"1\"><sr:StartDateTime>2026-06-01T10:00:00Z</sr:StartDateTime>"
                + "<sr:EndDateTime>2026-06-01T10:30:00Z</sr:EndDateTime><sr:CommandedStateLevel>20</sr:CommandedStateLevel>"
                + "</sr:LimitAPCLevel>";
        try (EmbeddedDcc dcc = new EmbeddedDcc("p375-isolation", rnd, site, new ManualClock(now), Duration.ofSeconds(5))) {
            dcc.awaitDevices(3, Duration.ofSeconds(10));
            assertThatThrownBy(() -> dcc.critical(dcc.vlp2, BATTERY_SAPC, "7.16", limit))
                    .isInstanceOfSatisfying(DuisClient.Refused.class, e -> assertThat(e.code).isEqualTo(DuisCodes.E4));
            assertThatThrownBy(() -> dcc.critical(dcc.vlp, GENERATOR_SAPC, "7.16", limit))
                    .isInstanceOfSatisfying(DuisClient.Refused.class, e -> assertThat(e.code).isEqualTo(DuisCodes.E4));
            // Reads as an Other User with its own KA certificate (Unknown Remote Party): the asset's data is encrypted
            // for the VLP that controls it, and the other VLP may not read it.
            clockedRead(dcc);
            // Their own assets: accepted, and confirmed by the devices.
            String battery = dcc.critical(dcc.vlp, BATTERY_SAPC, "7.16", limit);
            String generator = dcc.critical(dcc.vlp2, GENERATOR_SAPC, "7.16", limit);
            assertThat(answer(dcc, dcc.vlp, battery)).isEqualTo(DuisCodes.I0);
            assertThat(answer(dcc, dcc.vlp2, generator)).isEqualTo(DuisCodes.I0);
        }
    }

    private static void clockedRead(EmbeddedDcc dcc) throws Exception {
        String period = "<sr:ReadLogPeriod><sr:StartDateTime>2026-06-01T08:00:00Z</sr:StartDateTime><sr:EndDateTime>"
                + "2026-06-01T09:00:00Z</sr:EndDateTime></sr:ReadLogPeriod>";
        String mine = "<sr:ReadActiveImportProfileData>" + period + "<sr:KAPublicSecurityCredentials>"
                + java.util.Base64.getEncoder().encodeToString(dcc.kaCertificate(EmbeddedDcc.VLP))
                + "</sr:KAPublicSecurityCredentials></sr:ReadActiveImportProfileData>";
        String id = dcc.request(dcc.vlp, BATTERY_SAPC, "4.8.1", mine);
        DuisClient.Reply r = reply(dcc, dcc.vlp, id);
        assertThat(r.code()).isEqualTo(DuisCodes.I0);
        var response = new org.dccsim.gbcs.frame.GbcsFrameDecoder().decode(r.gbcs()).apdu();
        assertThat(response.otherInformation().supplementaryRemotePartyId()).isEqualTo(EmbeddedDcc.VLP);
        var in = new org.dccsim.gbcs.inspect.MessageInspector(new org.dccsim.gbcs.frame.GbcsFrameDecoder(), dcc.security)
                .inspect(r.gbcs());
        assertThat(ProfileReads.of(in).entries()).hasSize(3); // 08:00, 08:30, 09:00
        String theirs = "<sr:ReadActiveImportProfileData>" + period + "<sr:KAPublicSecurityCredentials>"
                + java.util.Base64.getEncoder().encodeToString(dcc.kaCertificate(EmbeddedDcc.VLP2))
                + "</sr:KAPublicSecurityCredentials></sr:ReadActiveImportProfileData>";
        assertThatThrownBy(() -> dcc.request(dcc.vlp2, BATTERY_SAPC, "4.8.1", theirs))
                .isInstanceOfSatisfying(DuisClient.Refused.class, e -> assertThat(e.code).isEqualTo(DuisCodes.E4));
    }

    private static DuisClient.Reply reply(EmbeddedDcc dcc, DuisClient.Identity who, String requestId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (DuisClient.Reply r : dcc.client.pollBatch(who, Duration.ofSeconds(1), 50)) {
                if (requestId.equals(r.requestId()) && r.alertCode() == null) {
                    return r;
                }
            }
        }
        throw new AssertionError("no answer to " + requestId);
    }

    private static String answer(EmbeddedDcc dcc, DuisClient.Identity who, String requestId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (DuisClient.Reply r : dcc.client.pollBatch(who, Duration.ofSeconds(1), 50)) {
                if (requestId.equals(r.requestId()) && r.alertCode() == null) {
                    return r.code();
                }
            }
        }
        return "no answer";
    }
}
