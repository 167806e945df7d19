package org.dccsim.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.DeviceType;
import org.dccsim.device.Device;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.Role;
import org.junit.jupiter.api.Test;

class FleetSpecTest {
    private static final String YAML = String.join("\n",
            "epoch: 2026-06-01T00:00:00Z",
            "trust:",
            "  supplier: 90B3D51F30010000",
            "  acb: 90B3D51F30000002",
            "  loadController: 90B3D51F30010008",
            "sites:",
            "  - id: home",
            "    esme: 00DB1234567890A0",
            "    household: { seed: 3, baseW: 300, peakW: 3000 }",
            "    assets:",
            "      - { sapc: 00DB1234567890A6, type: BATTERY, controller: 1, tags: [vlp1] }",
            "      - { sapc: 00DB1234567890A7, type: GENERATOR, loadController: 90B3D51F30010009 }",
            "generate: { sites: 3, sapcsPerSite: 2, seed: 5, mix: { HEAT_PUMP: 1, EV_CHARGER: 1 } }",
            "faults: { offlineShare: 0.0, dropProbability: 0.1, latencyMs: 20, clockSkewSeconds: 90 }",
            "");

    @Test
    void yamlFleet_buildsGivenAndGeneratedSitesWithTheirTrust() throws Exception {
        FleetSpec spec = FleetSpecs.parse(YAML, true, "test.yaml");
        Fleet fleet = Fleet.build(spec, new ManualClock(Instant.parse("2026-06-01T00:00:00Z")), TestParties.security());
        assertThat(fleet.sites()).hasSize(4);
        assertThat(fleet.devices()).hasSize(3 + 3 * 3);
        Device battery = fleet.device(Eui64.parse("00DB1234567890A6")).orElseThrow();
        Device generator = fleet.device(Eui64.parse("00DB1234567890A7")).orElseThrow();
        assertThat(battery.type()).isEqualTo(DeviceType.SAPC);
        assertThat(battery.trustAnchors().party(Role.LOAD_CONTROLLER)).contains(Eui64.parse("90B3D51F30010008"));
        assertThat(generator.trustAnchors().party(Role.LOAD_CONTROLLER)).contains(Eui64.parse("90B3D51F30010009"));
        assertThat(fleet.tags(battery.eui())).containsExactly("battery", "vlp1");
        assertThat(fleet.faults().of(battery.eui()).dropProbability()).isEqualTo(0.1);
        assertThat(battery.deviceTime()).isEqualTo(Instant.parse("2026-06-01T00:01:30Z"));
    }

    @Test
    void part_splitsTheSitesDisjointly_andThePartsMakeTheWholeFleet() throws Exception {
        FleetSpec spec = FleetSpecs.parse(YAML, true, "test.yaml");
        java.util.List<String> whole = Fleet.sites(spec).stream().map(FleetSpec.SiteSpec::esme).toList();
        java.util.List<String> first = Fleet.sites(Fleet.part(spec, 1, 3)).stream().map(FleetSpec.SiteSpec::esme).toList();
        java.util.List<String> second = Fleet.sites(Fleet.part(spec, 2, 3)).stream().map(FleetSpec.SiteSpec::esme).toList();
        java.util.List<String> third = Fleet.sites(Fleet.part(spec, 3, 3)).stream().map(FleetSpec.SiteSpec::esme).toList();
        assertThat(first).containsExactly(whole.get(0), whole.get(3));
        assertThat(second).containsExactly(whole.get(1));
        assertThat(third).containsExactly(whole.get(2));
        Fleet part = Fleet.build(Fleet.part(spec, 1, 3), new ManualClock(Instant.parse("2026-06-01T00:00:00Z")),
                TestParties.security());
        // The given site keeps its two SAPCs and its trust; the generated fourth site its two.
        assertThat(part.devices()).hasSize(2 + 2 * 2);
        assertThat(part.faults().of(Eui64.parse("00DB1234567890A6")).dropProbability()).isEqualTo(0.1);
        assertThat(Fleet.part(spec, 1, 1).sites()).hasSize(whole.size());
    }

    @Test
    void read_fleetFilePastSnakeYamlsDefaultCap_isRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // What lab init writes for a large lab: every site explicit. 40,000 of them are about 4 MB, past SnakeYAML's
        // default 3 million code points.
        StringBuilder y = new StringBuilder("sites:\n");
        for (int i = 0; i < 40_000; i++) {
            y.append(String.format("  - { id: s%d, esme: \"00DB1000%08X\", assets: [ { sapc: \"00DB2000%08X\", type: BATTERY } ] }%n",
                    i, i, i));
        }
        java.nio.file.Path f = dir.resolve("fleet.yaml");
        java.nio.file.Files.writeString(f, y);
        assertThat(java.nio.file.Files.size(f)).isGreaterThan(3_200_000);
        assertThat(FleetSpecs.read(f).sites()).hasSize(40_000);
    }

    @Test
    void part_outsideOneToN_isRefused() throws Exception {
        FleetSpec spec = FleetSpecs.parse(YAML, true, "test.yaml");
        assertThatThrownBy(() -> Fleet.part(spec, 0, 2)).isInstanceOf(FleetSpecException.class).hasMessageContaining("part 0 of 2");
        assertThatThrownBy(() -> Fleet.part(spec, 3, 2)).isInstanceOf(FleetSpecException.class);
    }

    @Test
    void scheduledSteps_overrideTheModels_withinTheAssetsLimits() throws Exception {
        FleetSpec spec = FleetSpecs.parse(String.join("\n",
                "sites:",
                "  - id: home",
                "    esme: 00DB1234567890A0",
                "    household: { schedule: [ { at: 2026-06-01T03:00:00Z, minutes: 30, w: 4000 } ] }",
                "    assets:",
                "      - sapc: 00DB1234567890A6",
                "        type: BATTERY",
                "        schedule:",
                "          - { at: 2026-06-01T03:00:00Z, minutes: 30, w: 2500 }   # discharging",
                "          - { at: 2026-06-01T03:30:00Z, minutes: 30, w: -9000 }  # charging, above its 5 kW",
                ""), true, "s.yaml");
        Fleet fleet = Fleet.build(spec, new ManualClock(Instant.parse("2026-06-01T00:00:00Z")), TestParties.security());
        var site = fleet.sites().get(0);
        var battery = site.assets().get(0);
        long m = org.dccsim.device.model.Meter.minuteOf(Instant.parse("2026-06-01T03:10:00Z"));
        assertThat(minuteW(site, battery, m)).isEqualTo(2500);
        assertThat(minuteW(site, battery, m + 30)).isEqualTo(-5000);
        assertThat(minuteW(site, battery, m - 30)).as("outside the script the model runs: charging at night").isEqualTo(-5000);
        assertThat(site.household().demandW(m)).isEqualTo(4000);
        assertThat(site.household().demandW(m + 30)).isNotEqualTo(4000);
        assertThatThrownBy(() -> FleetSpecs.parse("sites: [ { id: h, esme: 00DB1234567890A0, household: { schedule: [ "
                + "{ at: 2026-06-01T03:00:00Z, minutes: 60, w: 1 }, { at: 2026-06-01T03:30:00Z, minutes: 30, w: 1 } ] } } ]",
                true, "o.yaml")).hasMessageContaining("site h household schedule").hasMessageContaining("overlap");
        assertThatThrownBy(() -> FleetSpecs.parse("sites: [ { id: h, esme: 00DB1234567890A0, household: { schedule: [ "
                + "{ at: 2026-06-01T03:00:00Z, w: 1 } ] } } ]", true, "o.yaml")).hasMessageContaining("needs at, minutes and w");
    }

    @Test
    void generatedFleet_isTheSameForTheSameSeed() throws Exception {
        FleetSpec spec = FleetSpecs.parse("{\"generate\": {\"sites\": 20, \"seed\": 9}}", false, "gen.json");
        Fleet a = Fleet.build(spec, new ManualClock(Instant.EPOCH), TestParties.security());
        Fleet b = Fleet.build(spec, new ManualClock(Instant.EPOCH), TestParties.security());
        assertThat(a.euis()).containsExactlyElementsOf(b.euis());
        for (Eui64 e : a.euis()) {
            assertThat(a.tags(e)).isEqualTo(b.tags(e));
        }
    }

    @Test
    void offlineShare_marksThatShareOfDevicesOffline() throws Exception {
        FleetSpec spec = FleetSpecs.parse("{\"generate\": {\"sites\": 1000}, \"faults\": {\"offlineShare\": 0.05}}", false, "f");
        Fleet fleet = Fleet.build(spec, new ManualClock(Instant.EPOCH), TestParties.security());
        long offline = fleet.euis().stream().filter(e -> fleet.faults().offline(e)).count();
        assertThat(offline).isBetween(60L, 140L); // 5 % of 2,000 devices
    }

    @Test
    void badFleetFiles_failWithOneClearLine() {
        assertThatThrownBy(() -> FleetSpecs.parse("sites:\n  - id: x\n    esmee: 00DB1234567890A0\n", true, "f.yaml"))
                .isInstanceOf(FleetSpecException.class).hasMessageContaining("f.yaml (line ").hasMessageContaining("unknown field 'esmee'");
        assertThatThrownBy(() -> FleetSpecs.parse("{\"sites\": [{\"id\": \"x\", \"esme\": \"00DB\"}]}", false, "f.json"))
                .isInstanceOf(FleetSpecException.class).hasMessageContaining("site x esme").hasMessageContaining("16 hex digits");
        assertThatThrownBy(() -> FleetSpecs.parse("{\"faults\": {\"dropProbability\": 2}, \"generate\": {\"sites\": 1}}",
                false, "f.json")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> FleetSpecs.parse("{}", false, "f.json")).hasMessageContaining("'sites', 'generate'");
        assertThatThrownBy(() -> FleetSpecs.parse("{\"epoch\": \"yesterday\", \"generate\": {\"sites\": 1}}", false, "f.json"))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> FleetSpecs.parse("{\"generate\": {\"sites\": 1}, \"sites\": [{\"esme\": "
                + "\"00DB1234567890A0\", \"assets\": [{\"sapc\": \"00DB1234567890A6\", \"type\": \"WINDMILL\"}]}]}",
                false, "f.json")).isInstanceOf(FleetSpecException.class).hasMessageContaining("WINDMILL");
    }

    @Test
    void aSitesHub_forwardsOnlyToTheDevicesItsLogLists() throws Exception {
        FleetSpec spec = FleetSpecs.parse(String.join("\n",
                "sites:",
                "  - id: home",
                "    esme: 00DB1234567890A0",
                "    commsHub: { eui: 00DB1234567890A2, deviceLog: [ 00DB1234567890A0 ] }",
                "    assets:",
                "      - { sapc: 00DB1234567890A6, type: BATTERY }",
                "  - id: installed",
                "    esme: 00DB1234567890B0",
                "    commsHub: { eui: 00DB1234567890B2 }",
                "    assets:",
                "      - { sapc: 00DB1234567890B6, type: HEAT_PUMP }",
                "  - id: no-hub",
                "    esme: 00DB1234567890C0",
                ""), true, "hub.yaml");
        Fleet fleet = Fleet.build(spec, new ManualClock(Instant.parse("2026-06-01T00:00:00Z")), TestParties.security());

        assertThat(fleet.hubs()).extracting(Device::eui)
                .containsExactly(Eui64.parse("00DB1234567890A2"), Eui64.parse("00DB1234567890B2"));
        assertThat(fleet.devices()).as("the meters").hasSize(5);
        assertThat(fleet.euis()).as("what the WAN link hosts").hasSize(7);
        assertThat(fleet.reachable(Eui64.parse("00DB1234567890A0"))).isTrue();
        assertThat(fleet.reachable(Eui64.parse("00DB1234567890A6"))).as("not on its hub's log").isFalse();
        assertThat(fleet.reachable(Eui64.parse("00DB1234567890B6"))).as("an installed site's log lists all").isTrue();
        assertThat(fleet.reachable(Eui64.parse("00DB1234567890C0"))).as("no hub: reached directly").isTrue();
        assertThat(fleet.reachable(Eui64.parse("00DB1234567890A2"))).as("the hub itself").isTrue();
    }

    @Test
    void aHubLogListingAnotherSitesDevice_isRefusedWithOneClearLine() {
        assertThatThrownBy(() -> FleetSpecs.parse(String.join("\n",
                "sites:",
                "  - id: home",
                "    esme: 00DB1234567890A0",
                "    commsHub: { eui: 00DB1234567890A2, deviceLog: [ 00DB1234567890B0 ] }",
                ""), true, "hub.yaml")).isInstanceOf(FleetSpecException.class)
                .hasMessageContaining("site home: commsHub.deviceLog lists 00DB1234567890B0, which is not a meter of the site");
        assertThatThrownBy(() -> FleetSpecs.parse(String.join("\n",
                "sites:",
                "  - id: home",
                "    esme: 00DB1234567890A0",
                "    commsHub: { deviceLog: [] }",
                ""), true, "hub.yaml")).isInstanceOf(FleetSpecException.class).hasMessageContaining("commsHub needs an 'eui'");
    }

    @Test
    void switchedLoads_hangOnTheBoundaryEsmesSwitches_andCountAsPrimaryDemand() throws Exception {
        FleetSpec spec = FleetSpecs.parse(String.join("\n",
                "epoch: 2026-12-01T00:00:00Z",
                "weather: { model: winter-day }",
                "sites:",
                "  - id: home",
                "    esme: 00DB1234567890A0",
                "    switchedLoads: [ { type: STORAGE_HEATER, alcs: 1 }, { type: IMMERSION_HEATER, alcs: 2, ratingW: 2800 } ]",
                "generate: { sites: 20, sapcsPerSite: 0, switchedLoads: { STORAGE_HEATER: 0.5 } }",
                ""), true, "s.yaml");
        Fleet fleet = Fleet.build(spec, new ManualClock(Instant.parse("2026-12-01T00:00:00Z")), TestParties.security());
        var home = fleet.sites().get(0);
        assertThat(home.switchedLoads()).extracting(a -> a.model().type().name() + "@" + a.controller() + "/" + a.model().maxImportW())
                .containsExactly("STORAGE_HEATER@1/3400", "IMMERSION_HEATER@2/2800");
        assertThat(home.switchedLoads()).allMatch(a -> a.sapc() == home.boundary());
        assertThat(home.sapcs()).isEmpty();
        long generated = fleet.sites().stream().skip(1).filter(x -> !x.switchedLoads().isEmpty()).count();
        assertThat(generated).isBetween(4L, 16L);
        // 01:00, the storage heater charging in the Economy 7 hours: primary demand includes it.
        Instant t = Instant.parse("2026-12-01T01:00:00Z");
        assertThat(home.trueDemandWmin(t, t.plusSeconds(60))).isEqualTo(home.householdWmin(t, t.plusSeconds(60)) + 3400);
        assertThatThrownBy(() -> FleetSpecs.parse("sites: [ { id: h, esme: 00DB1234567890A0, assets: [ { sapc: 00DB1234567890A6, "
                + "type: STORAGE_HEATER } ] } ]", true, "a.yaml")).hasMessageContaining("under 'switchedLoads'");
        assertThatThrownBy(() -> FleetSpecs.parse("sites: [ { id: h, esme: 00DB1234567890A0, switchedLoads: [ { type: STORAGE_HEATER, "
                + "alcs: 1 }, { type: IMMERSION_HEATER, alcs: 1 } ] } ]", true, "b.yaml")).hasMessageContaining("one load per switch");
        assertThatThrownBy(() -> FleetSpecs.parse("sites: [ { id: h, esme: 00DB1234567890A0, switchedLoads: [ { type: BATTERY, "
                + "alcs: 1 } ] } ]", true, "c.yaml")).hasMessageContaining("STORAGE_HEATER or IMMERSION_HEATER");
        assertThatThrownBy(() -> FleetSpecs.parse("weather: { series: [ { at: 2026-12-01T01:00:00Z, c: 2 }, "
                + "{ at: 2026-12-01T00:00:00Z, c: 3 } ] }\ngenerate: { sites: 1 }", true, "d.yaml")).hasMessageContaining("time order");
    }

    /** The asset's signed power over one minute, as its meter integrates it. */
    private static long minuteW(org.dccsim.device.Site site, org.dccsim.device.Site.Asset a, long minute) {
        Instant t = Instant.ofEpochSecond(minute * 60);
        return site.assetActual(a, t, t.plusSeconds(60)).netExportWmin();
    }
}
