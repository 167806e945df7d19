package org.dccsim.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed report writes the JSON the HTML page and users read: its field names, and optional parts left out. */
class DrillReportTest {
    private static DrillReport report(DrillReport.CryptoAlone crypto, Long readBaseline) {
        DrillReport.Dispatch d = new DrillReport.Dispatch(2, 2, 1, 0, Map.of("device E21", 1), List.of(new DrillReport.FailedDevice(
                0, "site-1", "00DB200000000000", "7.16", "device E21", 1)), 0, Map.of("8F86", 1), Map.of("90B3D51F30010008", 2),
                1.5, 0.7, null, 12.5, new DrillReport.Latency(40L, 50L, 50L, 50L), new DrillReport.Histogram(3, new int[20]));
        DrillReport.Settlement s = new DrillReport.Settlement(1, 0, 0, List.of(), List.of(new DrillReport.Period("site-1",
                "2026-06-01T17:00:00Z", 500, List.of(new DrillReport.AssetRead("00DB200000000000", List.of("BATTERY"),
                        "90B3D51F30010008", 200)), 200, 300, 300, true, false)));
        DrillReport.Delivery v = new DrillReport.Delivery(List.of(new DrillReport.EventDelivery(0, 1, 1.0, 1000, -800, -100, 700,
                1.4, -300, 400, readBaseline, readBaseline == null ? null : 650L, List.of())), 700, -300, 400, List.of(), List.of());
        return new DrillReport(d, Map.of("I0", 4), s, v, new DrillReport.AssetChecks(1, 0, List.of(), 0), crypto,
                new DrillReport.ScenarioSummary("x.yaml", 1, 2, new DrillReport.Window("a", "b"), List.of()), null);
    }

    @Test
    void aReportWithoutOptionalParts_leavesThemOut_butKeepsAnUnknownSteadyRateAsNull() {
        JsonNode j = new ObjectMapper().valueToTree(report(null, null));

        assertThat(j.fieldNames()).toIterable().containsExactly("dispatch", "reads", "settlement", "delivery", "assetChecks",
                "scenario");
        assertThat(j.get("dispatch").has("steadyConfirmedPerSecond")).isTrue();
        assertThat(j.get("dispatch").get("steadyConfirmedPerSecond").isNull()).isTrue();
        assertThat(j.get("dispatch").get("failedDevices").get(0).get("reason").asText()).isEqualTo("device E21");
        assertThat(j.get("delivery").get("events").get(0).has("readBaselineNetExportWh")).isFalse();
        assertThat(j.get("settlement").get("periods").get(0).get("assets").get(0).get("importWh").asLong()).isEqualTo(200);
    }

    @Test
    void aReportWithABaselineWindowAndTheCryptoBaseline_carriesBoth() {
        DrillReport.CryptoAlone c = new DrillReport.CryptoAlone("BC", 10, 0.1, 0.1, 0.05, 0.08, 1.0, 10, 20,
                new DrillReport.Bound(9, 10, 12, 0.01, 1.2, 1500.0, 1666.7, 2, 150.0, 0.1, 0.09));
        JsonNode j = new ObjectMapper().valueToTree(report(c, -750L));

        assertThat(j.get("cryptoAlone").get("bound").get("ratio").asDouble()).isEqualTo(0.1);
        assertThat(j.get("cryptoAlone").get("bound").get("ratioToOneCoreTimesCores").asDouble()).isEqualTo(0.09);
        assertThat(j.get("delivery").get("events").get(0).get("deliveredVsReadBaselineWh").asLong()).isEqualTo(650);
        // HtmlReport reads the same JSON.
        assertThat(HtmlReport.render(j)).contains("<svg");
    }

    @Test
    void boundAgainstAnEndToEndRate_givesBothRatiosToThreePlaces() {
        DrillReport.Bound b = new DrillReport.Bound(9, 10, 12, 0.004, 0.6, 3000.0, 3400.0, 2, null, null, null).against(1650.0);

        assertThat(b.endToEndPerSecond()).isEqualTo(1650.0);
        assertThat(b.ratio()).isEqualTo(0.55);
        assertThat(b.ratioToOneCoreTimesCores()).isEqualTo(0.485);
        assertThat(b.limitsPerSecondAllCores()).isEqualTo(3000.0);
    }
}
