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
import org.dccsim.clock.ManualClock;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.duis.client.Inbox;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Organisations;
import org.dccsim.drill.HtmlReport;
import org.dccsim.drill.ProfileReads;
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
        assertThat(d.get("bySender").get(Organisations.vlp(1).toString()).asInt()).isEqualTo(1);
        assertThat(d.get("bySender").get(Organisations.vlp(2).toString()).asInt()).isEqualTo(1);
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
        XmlNode limit = Bodies.limitApcLevel(1, Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T10:30:00Z"), 20);
        try (EmbeddedDcc dcc = EmbeddedDcc.builder().organisations(Organisations.generate(Organisations.standard(2), rnd),
                "p375-isolation").fleet(site).clock(new ManualClock(now)).deviceTimeout(Duration.ofSeconds(5)).start()) {
            dcc.awaitDevices(Duration.ofSeconds(10));
            assertThat(dcc.headEnd().connectedDevices()).isEqualTo(3);
            assertThatThrownBy(() -> submit(dcc, "vlp2", BATTERY_SAPC, "7.16", limit, true))
                    .isInstanceOfSatisfying(DuisClientException.class, e -> assertThat(e.code()).isEqualTo(DuisCodes.E4));
            assertThatThrownBy(() -> submit(dcc, "vlp1", GENERATOR_SAPC, "7.16", limit, true))
                    .isInstanceOfSatisfying(DuisClientException.class, e -> assertThat(e.code()).isEqualTo(DuisCodes.E4));
            // Reads as an Other User with its own KA certificate (Unknown Remote Party): the asset's data is encrypted
            // for the VLP that controls it, and the other VLP may not read it.
            clockedRead(dcc);
            // Their own assets: accepted, and confirmed by the devices.
            try (Inbox vlp1 = new Inbox(dcc.duis("vlp1"), dcc.client("vlp1").identity(), 50);
                 Inbox vlp2 = new Inbox(dcc.duis("vlp2"), dcc.client("vlp2").identity(), 50)) {
                RequestId battery = submit(dcc, "vlp1", BATTERY_SAPC, "7.16", limit, true);
                RequestId generator = submit(dcc, "vlp2", GENERATOR_SAPC, "7.16", limit, true);
                assertThat(vlp1.await(battery, Duration.ofSeconds(15)).code()).isEqualTo(DuisCodes.I0);
                assertThat(vlp2.await(generator, Duration.ofSeconds(15)).code()).isEqualTo(DuisCodes.I0);
            }
        }
    }

    private static RequestId submit(EmbeddedDcc dcc, String user, Eui64 device, String srv, XmlNode body, boolean critical)
            throws DuisClientException {
        return dcc.duis(user).submit(dcc.client(user).identity(), device, srv, body, critical, dcc.headEnd().security());
    }

    private static void clockedRead(EmbeddedDcc dcc) throws Exception {
        Instant from = Instant.parse("2026-06-01T08:00:00Z");
        Instant to = Instant.parse("2026-06-01T09:00:00Z");
        byte[] mine = dcc.organisations().gbcsCertificate(Organisations.vlp(1), KeyUsage.KA).getEncoded();
        try (Inbox vlp1 = new Inbox(dcc.duis("vlp1"), dcc.client("vlp1").identity(), 50)) {
            RequestId id = submit(dcc, "vlp1", BATTERY_SAPC, "4.8.1", Bodies.readLog("ReadActiveImportProfileData", from, to, mine),
                    false);
            DuisResponse r = vlp1.await(id, Duration.ofSeconds(15));
            assertThat(r.code()).isEqualTo(DuisCodes.I0);
            byte[] gbcs = r.content().gbcs().orElseThrow();
            var response = new org.dccsim.gbcs.frame.GbcsFrameDecoder().decode(gbcs).apdu();
            assertThat(response.otherInformation().supplementaryRemotePartyId()).isEqualTo(Organisations.vlp(1));
            var in = new org.dccsim.gbcs.inspect.MessageInspector(new org.dccsim.gbcs.frame.GbcsFrameDecoder(),
                    dcc.headEnd().security()).inspect(gbcs);
            assertThat(ProfileReads.of(in).entries()).hasSize(3); // 08:00, 08:30, 09:00
        }
        byte[] theirs = dcc.organisations().gbcsCertificate(Organisations.vlp(2), KeyUsage.KA).getEncoded();
        assertThatThrownBy(() -> submit(dcc, "vlp2", BATTERY_SAPC, "4.8.1",
                Bodies.readLog("ReadActiveImportProfileData", from, to, theirs), false))
                .isInstanceOfSatisfying(DuisClientException.class, e -> assertThat(e.code()).isEqualTo(DuisCodes.E4));
    }
}
