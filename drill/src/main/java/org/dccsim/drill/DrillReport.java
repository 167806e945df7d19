package org.dccsim.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A drill's report as typed records: what the JSON report holds (Jackson writes these records, field for field, in
 * this order), what the terminal lines are printed from and what the HTML page is rendered from (through the same
 * JSON). Energy is in Wh per the convention stated on the page: net import, import positive, export negative;
 * "delivered" is the reduction of net import against the counterfactual (docs/drill-scenario.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillReport(Dispatch dispatch, Map<String, Integer> reads, Settlement settlement, Delivery delivery,
        AssetChecks assetChecks, CryptoAlone cryptoAlone, ScenarioSummary scenario, Warmup warmup) {

    /**
     * The warm-up sent before the measured dispatch (--warmup): {@code limits} 7.16s at 100 % in all, one to each of
     * {@code sapcs} SAPCs in each of {@code rounds} rounds, the first for the half hour from {@code periodStart}, each
     * next an hour later, all outside the drill's metering; {@code cpuMsPerLimitByRound} the whole process's CPU time
     * per limit in each round (null where the JVM does not tell); {@code jitPercentByRound} the JIT's compilation time
     * in each round as a percentage of that CPU time (null where the JVM does not tell); {@code jitSettleSeconds} how
     * long the drill then waited, idle, for the JIT's compile queue to drain. Null when there was no warm-up.
     */
    public record Warmup(int limits, int sapcs, int rounds, int confirmed, double seconds, String periodStart,
            List<Double> cpuMsPerLimitByRound, List<Double> jitPercentByRound, double jitSettleSeconds) {
    }

    /**
     * How the events' commands went out and came back. {@code cpuMsPerConfirmed}: the whole process's CPU time
     * (client, head-end and devices, all threads, the JIT and GC included) over the dispatch of the commands sent ahead
     * of their events, per confirmed command; null where the JVM does not report process CPU time.
     */
    public record Dispatch(int selected, int acknowledged, int confirmed, int confirmedAfterEventStart,
            Map<String, Integer> failed, List<FailedDevice> failedDevices, int retries, Map<String, Integer> alerts,
            Map<String, Integer> bySender, double seconds, double confirmedPerSecond,
            Double steadyConfirmedPerSecond, Double cpuMsPerConfirmed, Latency latencyMs,
            Histogram latencyHistogramMs) {
    }

    /** A command that did not end in the device's success, so exactly those can be sent again. */
    public record FailedDevice(int event, String site, String device, String srv, String reason, int attempts) {
    }

    /** Answer latency percentiles in ms; null while nothing was answered. */
    public record Latency(Long p50, Long p95, Long p99, Long max) {
    }

    /** Latencies in twenty equal bins from zero to the largest. */
    public record Histogram(long binMs, int[] counts) {
    }

    /** P375 settlement of every site's half-hours from its meters' profiles. */
    public record Settlement(int balancedPeriods, int mismatchedPeriods, int boundaryAloneDiffers, List<String> incompleteSites,
            List<Period> periods) {
    }

    /** One site's half-hour: each meter's net import and what settlement makes of it. */
    public record Period(String site, String period, long boundaryImportWh, List<AssetRead> assets, long assetsImportWh,
            long primaryImportWh, long householdWh, boolean ok, boolean boundaryEqualsHousehold) {
    }

    /** One asset meter's half-hour. */
    public record AssetRead(String sapc, List<String> assets, String loadController, long importWh) {
    }

    /** Flexibility delivered per event and over the drill, against the counterfactual run. */
    public record Delivery(List<EventDelivery> events, long deliveredWh, long reboundWh, long netWh, List<VlpTotal> byVlp,
            List<SeriesPoint> limitedAssetsSeries) {
    }

    /**
     * One event: requested (above the cap), delivered during it, rebound after it, net; read-baseline figures when the
     * scenario gives a baseline window.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventDelivery(int event, int assetsMetered, double capKw, long requestedWh, long baselineNetExportWh,
            long meteredNetExportWh, long deliveredWh, double deliveredAverageKw, long reboundWh, long netWh,
            Long readBaselineNetExportWh, Long deliveredVsReadBaselineWh, List<VlpDelivery> byVlp) {
    }

    /** One VLP's (or the supplier's, for switched loads) part of an event. */
    public record VlpDelivery(String vlp, int assetsMetered, double capKw, long requestedWh, long deliveredWh, long reboundWh,
            long netWh) {
    }

    /** One VLP's totals over the drill. */
    public record VlpTotal(String vlp, long requestedWh, long deliveredWh, long reboundWh, long netWh) {
    }

    /** The limited assets' metered and counterfactual flow in one half-hour, for the report's chart. */
    public record SeriesPoint(String period, long meteredNetExportWh, long baselineNetExportWh) {
    }

    /** The asset checks that cannot hold by construction: meters against asset state, limits, energy balances. */
    public record AssetChecks(int assetsChecked, int failures, List<CheckFailure> failed, long evUnmetWh) {
    }

    /** A check that failed: the asset's site, its meter (the SAPC, or the ESME for a switched load), what and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckFailure(String site, String sapc, String esme, String asset, String check, String detail) {
    }

    /** The cryptography of the confirmed limits timed alone (--crypto-baseline), and the bound it gives. */
    public record CryptoAlone(String engine, int limits, double xmlSignMs, double xmlVerifyMs, double ecdsaSignMs,
            double ecdsaVerifyMs, double seconds, double limitsPerSecondOneCore, double limitsPerSecondAllCores, Bound bound) {
    }

    /**
     * The bound per limit (raw ECDSA, plus the canonicalisation and digests of its XML signature operations, each
     * {@code c14nMs}; {@code msPerLimit} on one thread) and the end-to-end rate against it. {@code limitsPerSecondAllCores}
     * is the bound: its work timed with every core running it at once. {@code limitsPerSecondOneCoreTimesCores} is the
     * one-thread figure times the cores, what drills printed as the bound up to 2026-12-06 (it assumes the cores scale
     * perfectly, which they do not here); {@code ratioToOneCoreTimesCores} is the end-to-end rate against it.
     */
    public record Bound(int signsPerLimit, int verifiesPerLimit, int xmlOperationsPerLimit, double c14nMs,
            double msPerLimit, double limitsPerSecondAllCores, double limitsPerSecondOneCoreTimesCores, int cores,
            Double endToEndPerSecond, Double ratio, Double ratioToOneCoreTimesCores) {
        /** This bound with an end-to-end rate and its two ratios (to three places) filled in. */
        public Bound against(double endToEnd) {
            return new Bound(signsPerLimit, verifiesPerLimit, xmlOperationsPerLimit, c14nMs, msPerLimit,
                    limitsPerSecondAllCores, limitsPerSecondOneCoreTimesCores, cores, endToEnd,
                    Math.round(endToEnd / limitsPerSecondAllCores * 1000) / 1000.0,
                    Math.round(endToEnd / limitsPerSecondOneCoreTimesCores * 1000) / 1000.0);
        }
    }

    /** What was run: the file, the fleet's size, the metering window and the events as read. */
    public record ScenarioSummary(String file, int sites, int devices, Window metering, List<EventSummary> events) {
    }

    public record Window(String from, String to) {
    }

    public record EventSummary(String at, String end, Integer level, String assetType, Double share, String tag, String action) {
    }
}
