package org.dccsim.device.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dccsim.device.model.AssetType;

/**
 * A fleet file (JSON or YAML; see docs/fleet-file.md): when the meters' registers start, whom the devices
 * trust, the sites given one by one and/or generated, and the faults to inject. Every field but {@code sites}
 * or {@code generate} has a default.
 */
public record FleetSpec(
        @JsonProperty("epoch") Instant epoch,
        @JsonProperty("trust") Trust trust,
        @JsonProperty("sites") List<SiteSpec> sites,
        @JsonProperty("generate") Generate generate,
        @JsonProperty("faults") Faults faults,
        @JsonProperty("weather") Weather weather) {

    public FleetSpec(Instant epoch, Trust trust, List<SiteSpec> sites, Generate generate, Faults faults) {
        this(epoch, trust, sites, generate, faults, null);
    }

    /**
     * The outdoor temperature every site of the fleet sees: a built-in {@code model} (gb: the seasons' climate
     * for the date, the default; winter-day; summer-day) shifted by {@code offsetC}, or measured points given
     * inline ({@code series}) or in a CSV file of {@code time,celsius} lines ({@code csv}, relative to the file
     * that names it), interpolated between them.
     */
    public record Weather(
            @JsonProperty("model") String model,
            @JsonProperty("offsetC") Double offsetC,
            @JsonProperty("csv") String csv,
            @JsonProperty("series") List<Point> series) {
    }

    /** An outdoor temperature at a time. */
    public record Point(
            @JsonProperty("at") Instant at,
            @JsonProperty("c") Double c) {
    }

    /**
     * The remote parties in every device's trust anchor cells, as EUI-64s. {@code recovery}: the party whose signed
     * CS02b (0x0108) replaces a device's cells after a compromise of the DCC's keys.
     */
    public record Trust(
            @JsonProperty("supplier") String supplier,
            @JsonProperty("networkOperator") String networkOperator,
            @JsonProperty("acb") String acb,
            @JsonProperty("loadController") String loadController,
            @JsonProperty("transitionalCoS") String transitionalCoS,
            @JsonProperty("recovery") String recovery) {
        /** Without a Transitional CoS or Recovery party: their cells empty, as a lab's fleet (its PKI has neither). */
        public Trust(String supplier, String networkOperator, String acb, String loadController) {
            this(supplier, networkOperator, acb, loadController, null, null);
        }
    }

    /**
     * A site: its ESME, household, assets, switched loads and hub. {@code dccControlled}: the ESME was installed
     * under the DCC's control, its supplier and network operator cells holding the DCC's ACB (the trust's
     * {@code acb}) until the supplier has them handed over with DUIS 6.21 (its own cell to itself, the network
     * operator's to the registered network operator).
     */
    public record SiteSpec(
            @JsonProperty("id") String id,
            @JsonProperty("esme") String esme,
            @JsonProperty("household") Household household,
            @JsonProperty("assets") List<AssetSpec> assets,
            @JsonProperty("switchedLoads") List<SwitchedLoadSpec> switchedLoads,
            @JsonProperty("commsHub") CommsHubSpec commsHub,
            @JsonProperty("dccControlled") Boolean dccControlled) {
        public SiteSpec(String id, String esme, Household household, List<AssetSpec> assets) {
            this(id, esme, household, assets, null, null, null);
        }

        public SiteSpec(String id, String esme, Household household, List<AssetSpec> assets, List<SwitchedLoadSpec> switchedLoads) {
            this(id, esme, household, assets, switchedLoads, null, null);
        }

        public SiteSpec(String id, String esme, Household household, List<AssetSpec> assets, List<SwitchedLoadSpec> switchedLoads,
                CommsHubSpec commsHub) {
            this(id, esme, household, assets, switchedLoads, commsHub, null);
        }
    }

    /**
     * The site's communications hub (CHF): its EUI, and the devices in its device log at the start, by EUI. Without
     * {@code deviceLog} the log lists every meter of the site (an installed site); an empty list starts an install,
     * each device then added with DUIS 8.11. A site without a hub has its meters reached directly.
     */
    public record CommsHubSpec(
            @JsonProperty("eui") String eui,
            @JsonProperty("deviceLog") List<String> deviceLog) {
    }

    /**
     * A load behind one of the boundary ESME's auxiliary load control switches (STORAGE_HEATER or
     * IMMERSION_HEATER): no asset meter sees it; the ESME's switch turns it off and on (7.5, 7.6, 7.13).
     */
    public record SwitchedLoadSpec(
            @JsonProperty("type") AssetType type,
            @JsonProperty("alcs") Integer alcs,
            @JsonProperty("ratingW") Integer ratingW,
            @JsonProperty("seed") Long seed,
            @JsonProperty("schedule") List<Step> schedule) {
    }

    public record Household(
            @JsonProperty("seed") Long seed,
            @JsonProperty("baseW") Integer baseW,
            @JsonProperty("peakW") Integer peakW,
            @JsonProperty("schedule") List<Step> schedule) {
        public Household(Long seed, Integer baseW, Integer peakW) {
            this(seed, baseW, peakW, null);
        }
    }

    /** A scripted interval: from {@code at} for {@code minutes}, the power is {@code w} watts. */
    public record Step(
            @JsonProperty("at") java.time.Instant at,
            @JsonProperty("minutes") Integer minutes,
            @JsonProperty("w") Long w) {
    }

    /** A SAPC and the asset it drives; several assets may share one SAPC on different controllers. */
    public record AssetSpec(
            @JsonProperty("sapc") String sapc,
            @JsonProperty("type") AssetType type,
            @JsonProperty("maxImportW") Integer maxImportW,
            @JsonProperty("maxExportW") Integer maxExportW,
            @JsonProperty("controller") Integer controller,
            @JsonProperty("seed") Long seed,
            @JsonProperty("loadController") String loadController,
            @JsonProperty("tags") List<String> tags,
            @JsonProperty("schedule") List<Step> schedule,
            @JsonProperty("modelFault") org.dccsim.device.model.AssetModel.Fault modelFault) {
        public AssetSpec(String sapc, AssetType type, Integer maxImportW, Integer maxExportW, Integer controller, Long seed,
                String loadController, List<String> tags) {
            this(sapc, type, maxImportW, maxExportW, controller, seed, loadController, tags, null, null);
        }

        public AssetSpec(String sapc, AssetType type, Integer maxImportW, Integer maxExportW, Integer controller, Long seed,
                String loadController, List<String> tags, List<Step> schedule) {
            this(sapc, type, maxImportW, maxExportW, controller, seed, loadController, tags, schedule, null);
        }
    }

    /** N generated sites, each a boundary ESME with one or more SAPCs whose asset types follow a mix. */
    public record Generate(
            @JsonProperty("sites") Integer sites,
            @JsonProperty("sapcsPerSite") Integer sapcsPerSite,
            @JsonProperty("mix") Map<AssetType, Double> mix,
            @JsonProperty("seed") Long seed,
            @JsonProperty("esmeBase") String esmeBase,
            @JsonProperty("sapcBase") String sapcBase,
            @JsonProperty("switchedLoads") Map<AssetType, Double> switchedLoads,
            @JsonProperty("chfBase") String chfBase) {
        public Generate(Integer sites, Integer sapcsPerSite, Map<AssetType, Double> mix, Long seed, String esmeBase, String sapcBase) {
            this(sites, sapcsPerSite, mix, seed, esmeBase, sapcBase, null, null);
        }

        public Generate(Integer sites, Integer sapcsPerSite, Map<AssetType, Double> mix, Long seed, String esmeBase, String sapcBase,
                Map<AssetType, Double> switchedLoads) {
            this(sites, sapcsPerSite, mix, seed, esmeBase, sapcBase, switchedLoads, null);
        }
    }

    public record Faults(
            @JsonProperty("seed") Long seed,
            @JsonProperty("offlineShare") Double offlineShare,
            @JsonProperty("dropProbability") Double dropProbability,
            @JsonProperty("latencyMs") Long latencyMs,
            @JsonProperty("jitterMs") Long jitterMs,
            @JsonProperty("corruptProbability") Double corruptProbability,
            @JsonProperty("clockSkewSeconds") Long clockSkewSeconds) {
    }
}
