package org.dccsim.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteChoiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One settlement row of a site with one asset of the type, as Settlement writes it. */
    private static JsonNode row(String site, String type, long assetsWh, boolean ok, long primary, long household) {
        return JSON.createObjectNode().put("site", site).put("assetsImportWh", assetsWh).put("ok", ok)
                .put("primaryImportWh", primary).put("householdWh", household)
                .set("assets", JSON.createArrayNode().add(JSON.createObjectNode().set("assets",
                        JSON.createArrayNode().add(type))));
    }

    @Test
    void chooseSites_failuresFirst_thenOneOfEachAssetType_thenTheLargestFlows() {
        Map<String, List<JsonNode>> bySite = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            bySite.put("s" + i, new ArrayList<>(List.of(row("s" + i, "BATTERY", 100 * i, true, 500, 500))));
        }
        bySite.put("ev", List.of(row("ev", "EV_CHARGER", 10, true, 500, 500)));
        bySite.put("hp", List.of(row("hp", "HEAT_PUMP", 20, true, 500, 500)));
        bySite.put("broken", List.of(row("broken", "BATTERY", 5, false, 700, 500)));
        Map<String, String> chosen = HtmlReport.chooseSites(bySite);
        assertThat(chosen).hasSize(HtmlReport.MAX_SITE_CHARTS);
        List<String> order = new ArrayList<>(chosen.keySet());
        assertThat(order.get(0)).isEqualTo("broken");
        assertThat(chosen.get("broken")).contains("fails by 200 Wh");
        assertThat(order.subList(1, 3)).containsExactly("ev", "hp");
        assertThat(chosen.get("hp")).isEqualTo("the first with heat pump");
        // Then the batteries that moved the most, largest first.
        assertThat(order.subList(3, order.size())).containsExactly("s11", "s10", "s9", "s8", "s7");
    }
}
