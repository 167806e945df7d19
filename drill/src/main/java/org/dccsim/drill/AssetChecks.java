package org.dccsim.drill;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dccsim.device.Site;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.model.AssetState;
import org.dccsim.device.model.AssetType;
import org.dccsim.gbcs.Eui64;

/**
 * Checks that do not hold by construction: each asset's meter reads against its physical state, and against
 * the APC level its SAPC recorded. P375 settlement balances whatever the assets do (the boundary meter sees the
 * same flows); these catch an asset model that is wrong (a flipped sign, a limit ignored) or a meter that
 * disagrees with the asset it meters. Per SAPC with one asset whose import and export profiles were read:
 * <ul>
 * <li>energy: the import and export its state says it drew and gave over the window equal the reads, within
 * a Wh per half-hour of rounding;
 * <li>limit: in every half-hour its SAPC held a level below 100 % throughout, the read energy in the controlled
 * direction is at most the level's share of the rating (plus a Wh);
 * <li>battery: the change in stored energy equals the reads' import times the charging efficiency less their
 * export over the discharging efficiency;
 * <li>heat pump: heat stored in the house (thermal capacity times the change of its temperature) equals the
 * heat delivered less the heat lost.
 * </ul>
 * Loads behind an ESME's switches have no meter of their own (the P375 check covers them: primary is the
 * household plus them); their stores balance as a heat pump's does (storage core, hot water cylinder).
 */
final class AssetChecks {
    /** Failures listed in the report at most; the count covers them all. */
    private static final int MAX_LISTED = 100;

    private AssetChecks() {
    }

    static DrillReport.AssetChecks check(Fleet fleet, Map<Eui64, long[]> profiles, Instant from, Instant to, PrintWriter out) {
        int periods = (int) (Duration.between(from, to).toMinutes() / 30);
        int checked = 0;
        int failures = 0;
        double unmetEvWh = 0;
        List<DrillReport.CheckFailure> listed = new ArrayList<>();
        for (Site site : fleet.sites()) {
            for (Site.Asset a : site.assets()) {
                long[] p = profiles.get(a.sapc().eui());
                if (p == null || site.assets().stream().filter(x -> x.sapc() == a.sapc()).count() != 1) {
                    continue;
                }
                checked++;
                List<String[]> failed = new ArrayList<>();
                AssetState s0 = site.assetState(a, from);
                AssetState s1 = site.assetState(a, to);
                long readImport = 0;
                long readExport = 0;
                for (int h = 0; h < periods; h++) {
                    readImport += p[h];
                    readExport += p[periods + h];
                }
                long stateImport = Math.round((s1.importWmin() - s0.importWmin()) / 60.0);
                long stateExport = Math.round((s1.exportWmin() - s0.exportWmin()) / 60.0);
                long tolerance = periods + 1L;
                if (Math.abs(stateImport - readImport) > tolerance || Math.abs(stateExport - readExport) > tolerance) {
                    failed.add(new String[] {"energy", String.format("its state drew %d Wh and gave %d Wh; its meter read %d Wh "
                            + "import and %d Wh export", stateImport, stateExport, readImport, readExport)});
                }
                int rating = a.model().controlledRatingW();
                boolean generator = a.model().type() == AssetType.GENERATOR;
                for (int h = 0; h < periods; h++) {
                    Instant start = from.plus(Duration.ofMinutes(30L * h));
                    int level = 0;
                    for (int m = 0; m < 30; m++) {
                        level = Math.max(level, a.sapc().controllerLevel(a.controller(), start.plusSeconds(60L * m)));
                    }
                    long controlled = generator ? p[periods + h] : p[h];
                    long cap = (long) rating * level / 100 / 2;
                    if (level < 100 && controlled > cap + 1) {
                        failed.add(new String[] {"limit", String.format("half-hour from %s: APC at %d %% of %d W allows %d Wh; its "
                                + "meter read %d Wh", start, level, rating, cap, controlled)});
                    }
                }
                if (s0 instanceof AssetState.Battery b0 && s1 instanceof AssetState.Battery b1) {
                    double expected = readImport * AssetState.Battery.EFFICIENCY - readExport / AssetState.Battery.EFFICIENCY;
                    double actual = b1.socWh() - b0.socWh();
                    if (Math.abs(actual - expected) > tolerance * 1.1) {
                        failed.add(new String[] {"battery", String.format("stored energy changed by %.0f Wh; the reads give %.0f Wh",
                                actual, expected)});
                    }
                }
                if (s0 instanceof AssetState.HeatPump h0 && s1 instanceof AssetState.HeatPump h1) {
                    double stored = (h1.indoorC() - h0.indoorC()) * h0.capacitanceWhPerK();
                    double balance = (h1.heatWh() - h0.heatWh()) - (h1.lossWh() - h0.lossWh());
                    if (Math.abs(stored - balance) > 1) {
                        failed.add(new String[] {"thermal", String.format("heat stored %.0f Wh; delivered less lost %.0f Wh", stored,
                                balance)});
                    }
                }
                if (s0 instanceof AssetState.EvCharger e0 && s1 instanceof AssetState.EvCharger e1) {
                    unmetEvWh += e1.unmetWh() - e0.unmetWh();
                }
                failures += failed.size();
                for (String[] f : failed) {
                    if (listed.size() < MAX_LISTED) {
                        listed.add(new DrillReport.CheckFailure(site.id(), a.sapc().eui().toString(), null,
                                a.model().type().name(), f[0], f[1]));
                    }
                }
            }
        }
        for (Site site : fleet.sites()) {
            for (Site.Asset a : site.switchedLoads()) {
                if (!profiles.containsKey(site.boundary().eui())) {
                    continue;
                }
                checked++;
                AssetState s0 = site.assetState(a, from);
                AssetState s1 = site.assetState(a, to);
                String failed = null;
                if (s0 instanceof AssetState.StorageHeater h0 && s1 instanceof AssetState.StorageHeater h1) {
                    double charged = (s1.importWmin() - s0.importWmin()) / 60.0;
                    double balance = charged - (h1.releasedWh() - h0.releasedWh()) - (h1.lostWh() - h0.lostWh());
                    if (Math.abs((h1.storedWh() - h0.storedWh()) - balance) > 1) {
                        failed = String.format("core heat changed by %.0f Wh; charged less released and lost gives %.0f Wh",
                                h1.storedWh() - h0.storedWh(), balance);
                    }
                } else if (s0 instanceof AssetState.ImmersionHeater h0 && s1 instanceof AssetState.ImmersionHeater h1) {
                    double stored = (h1.waterC() - h0.waterC()) * AssetState.ImmersionHeater.WH_PER_K;
                    double balance = (h1.heatWh() - h0.heatWh()) - (h1.drawnWh() - h0.drawnWh()) - (h1.lostWh() - h0.lostWh());
                    if (Math.abs(stored - balance) > 1) {
                        failed = String.format("cylinder heat changed by %.0f Wh; heated less drawn and lost gives %.0f Wh", stored,
                                balance);
                    }
                }
                if (failed != null) {
                    failures++;
                    if (listed.size() < MAX_LISTED) {
                        listed.add(new DrillReport.CheckFailure(site.id(), null, site.boundary().eui().toString(),
                                a.model().type().name(), "thermal", failed));
                    }
                }
            }
        }
        out.printf("asset checks: %d assets checked against their state and their SAPC's level (energy, limit, battery, "
                + "thermal): %d failed%s; EV energy cars left without: %.3f kWh%n", checked, failures,
                listed.isEmpty() ? "" : ", first: " + listed.get(0).site() + " " + listed.get(0).check() + ": "
                        + listed.get(0).detail(), unmetEvWh / 1000);
        out.flush();
        return new DrillReport.AssetChecks(checked, failures, listed, Math.round(unmetEvWh));
    }
}
