package org.dccsim.drill;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.device.Site;
import org.dccsim.device.Device;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.model.AssetType;
import org.dccsim.device.model.EnergyTotals;
import org.dccsim.gbcs.Eui64;
import org.dccsim.lab.Organisations;

/**
 * What a drill's meter reads show: P375 settlement per site and half-hour against the households' true demand,
 * and the flexibility each event delivered against its baselines. Profiles are [imports..., exports...] in Wh
 * per half-hour from the metering window's start.
 */
public final class Settlement {
    private Settlement() {
    }

    /**
     * P375 per site and period: primary = boundary - sum(assets), against the household's true demand. Volumes
     * in the report are net import in Wh (export negative), as settlement reads a meter.
     */
    public static DrillReport.Settlement settle(Fleet fleet, Map<Eui64, long[]> profiles, Instant from, Instant to,
            boolean print, PrintWriter out) {
        int periods = (int) (Duration.between(from, to).toMinutes() / 30);
        int ok = 0;
        int mismatched = 0;
        int boundaryAloneWrong = 0;
        List<String> incomplete = new ArrayList<>();
        List<DrillReport.Period> rows = new ArrayList<>();
        for (Site site : fleet.sites()) {
            List<Device> devices = new ArrayList<>(site.sapcs());
            devices.add(site.boundary());
            if (!devices.stream().allMatch(d -> profiles.containsKey(d.eui()))) {
                incomplete.add(site.id());
                continue;
            }
            List<String[]> lines = new ArrayList<>();
            for (int h = 0; h < periods; h++) {
                Instant start = from.plus(Duration.ofMinutes(30L * h));
                long boundary = ProfileReads.netImport(profiles.get(site.boundary().eui()), h);
                long assets = 0;
                List<DrillReport.AssetRead> perAsset = new ArrayList<>();
                for (Device sapc : site.sapcs()) {
                    long v = ProfileReads.netImport(profiles.get(sapc.eui()), h);
                    assets += v;
                    perAsset.add(new DrillReport.AssetRead(sapc.eui().toString(), site.assets().stream().filter(x -> x.sapc() == sapc)
                            .map(x -> x.model().type().name()).toList(), loadControllerOf(sapc).toString(), v));
                }
                long primary = boundary - assets;
                long household = Math.round(site.trueDemandWmin(start, start.plus(Duration.ofMinutes(30))) / 60.0);
                // Each meter rounds its half-hour to the Wh: allow one Wh per meter involved.
                boolean good = Math.abs(primary - household) <= 1 + site.sapcs().size();
                boolean boundaryAlone = Math.abs(boundary - household) <= 1;
                if (good) {
                    ok++;
                } else {
                    mismatched++;
                }
                if (!boundaryAlone) {
                    boundaryAloneWrong++;
                }
                rows.add(new DrillReport.Period(site.id(), start.toString(), boundary, perAsset, assets, primary, household, good,
                        boundaryAlone));
                List<String> cells = new ArrayList<>(List.of(start.toString().substring(11, 16), Long.toString(boundary)));
                perAsset.forEach(a -> cells.add(Long.toString(a.importWh())));
                cells.addAll(List.of(Long.toString(primary), Long.toString(household), good ? "yes" : "NO",
                        boundaryAlone ? "yes" : "no"));
                lines.add(cells.toArray(new String[0]));
            }
            if (print) {
                printTable(site, lines, out);
            }
        }
        out.printf("P375: %d site-periods balance (primary = boundary - sum(assets) equals the household's true demand), "
                + "%d do not; %d sites not fully read%s; the boundary meter alone differs from the household in %d%n", ok,
                mismatched, incomplete.size(), incomplete.isEmpty() ? "" : " " + incomplete.subList(0, Math.min(5, incomplete.size())),
                boundaryAloneWrong);
        out.flush();
        return new DrillReport.Settlement(ok, mismatched, boundaryAloneWrong, incomplete, rows);
    }

    /** One site's half-hours as a fixed-width table: what each meter recorded and what settlement makes of it. */
    private static void printTable(Site site, List<String[]> lines, PrintWriter out) {
        List<String> head = new ArrayList<>(List.of("half-hour", "boundary"));
        for (Device sapc : site.sapcs()) {
            String types = site.assets().stream().filter(a -> a.sapc() == sapc).map(a -> a.model().type().name().toLowerCase())
                    .collect(java.util.stream.Collectors.joining("+"));
            Eui64 lc = loadControllerOf(sapc);
            head.add(types + (lc.equals(Organisations.vlp(1)) ? " (VLP 1)" : lc.equals(Organisations.vlp(2)) ? " (VLP 2)" : ""));
        }
        head.addAll(List.of("primary", "household", "primary=household", "boundary=household"));
        int[] w = new int[head.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = head.get(i).length();
            for (String[] l : lines) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        out.printf("site %s: net import per half-hour in Wh (export negative); primary = boundary - sum(assets)%n", site.id());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            sb.append(i == 0 ? "  " : "  ").append(String.format("%" + w[i] + "s", head.get(i)));
        }
        out.println(sb);
        for (String[] l : lines) {
            sb.setLength(0);
            for (int i = 0; i < w.length; i++) {
                sb.append("  ").append(String.format("%" + w[i] + "s", l[i]));
            }
            out.println(sb);
        }
        out.flush();
    }

    /**
     * Flexibility per event: for each limited asset whose meter was read (a SAPC with that one asset; for loads
     * behind an ESME's switches, the site's primary volume with every meter of the site read), metered net
     * export against the counterfactual, the same asset run again from the epoch with every limit left out (its
     * own physics, so a house that cooled or a car that charged later shows after the event), per half-hour:
     * <ul>
     * <li>delivered: metered minus counterfactual over the event's half-hours (positive: less import or more
     * export than without the limit);
     * <li>rebound: the same from the event's end to the end of the metering window (negative when the assets
     * draw back what they deferred);
     * <li>net: delivered plus rebound;
     * <li>requested: what the limits ask, per asset and minute the counterfactual's power in the controlled
     * direction above the limit's cap (level x rating), summed.
     * </ul>
     */
    static DrillReport.Delivery delivery(Scenario s, List<Scenario.Limit> limits, Map<Eui64, long[]> profiles,
            Instant from, Instant to, PrintWriter out) {
        int periods = (int) (Duration.between(from, to).toMinutes() / 30);
        List<DrillReport.EventDelivery> events = new ArrayList<>();
        long totalDelivered = 0;
        long totalRebound = 0;
        // The baseline window's half-hours (within the metering window), for the reads-based baseline.
        List<Integer> window = new ArrayList<>();
        if (s.baseline() != null) {
            for (int h = 0; h < periods; h++) {
                Instant start = from.plus(Duration.ofMinutes(30L * h));
                if (!start.isBefore(s.baseline().from()) && start.isBefore(s.baseline().to())) {
                    window.add(h);
                }
            }
        }
        // Requested, delivered and rebound Wh per VLP over all events.
        Map<String, long[]> totalsByVlp = new java.util.TreeMap<>();
        long[] seriesMetered = new long[periods];
        long[] seriesBaseline = new long[periods];
        java.util.Set<Eui64> inSeries = new java.util.HashSet<>();
        for (int i = 0; i < s.events().size(); i++) {
            Scenario.Event e = s.events().get(i);
            Tally t = new Tally(e, seriesMetered, seriesBaseline);
            // The same figures per VLP (the Load Controller its SAPC trusts); loads behind ESMEs' switches are the
            // supplier's, who switched them.
            Map<String, Tally> byVlp = new java.util.TreeMap<>();
            for (Scenario.Limit l : limits) {
                long[] p = profiles.get(l.asset().sapc().eui());
                if (l.event() != i || p == null || l.site().assets().stream().filter(a -> a.sapc() == l.asset().sapc()).count() != 1) {
                    continue;
                }
                Tally v = byVlp.computeIfAbsent(vlpName(loadControllerOf(l.asset().sapc())),
                        k -> new Tally(e, seriesMetered, seriesBaseline));
                t.assets++;
                v.assets++;
                t.capW += (long) l.asset().model().controlledRatingW() * e.level() / 100;
                v.capW += (long) l.asset().model().controlledRatingW() * e.level() / 100;
                boolean first = inSeries.add(l.asset().sapc().eui());
                long windowMean = 0;
                if (!window.isEmpty()) {
                    long sum = 0;
                    for (int h : window) {
                        sum += -ProfileReads.netImport(p, h);
                    }
                    windowMean = Math.round((double) sum / window.size());
                }
                for (int h = 0; h < periods; h++) {
                    Instant start = from.plus(Duration.ofMinutes(30L * h));
                    EnergyTotals cf = l.site().assetBaseline(l.asset(), start, start.plus(Duration.ofMinutes(30)));
                    long read = -ProfileReads.netImport(p, h);
                    long without = Math.round(cf.netExportWmin() / 60.0);
                    v.halfHour(h, start, read, without, false);
                    if (t.halfHour(h, start, read, without, first)) {
                        long asked = aboveCapWmin(l, start, e.level());
                        t.readBaseline += windowMean;
                        t.requestedWmin += asked;
                        v.requestedWmin += asked;
                    }
                }
            }
            // Loads behind ESMEs' switches: no meter of their own, so per site the primary volume (boundary less
            // its asset meters, as settlement reads it) against the counterfactual primary: the household and every
            // switched load run without the drill's switching.
            Map<Site, List<Scenario.Limit>> switchedBySite = new LinkedHashMap<>();
            for (Scenario.Limit l : limits) {
                if (l.event() == i && l.asset().model().type().switched()) {
                    switchedBySite.computeIfAbsent(l.site(), k -> new ArrayList<>()).add(l);
                }
            }
            for (Map.Entry<Site, List<Scenario.Limit>> en : switchedBySite.entrySet()) {
                Site site = en.getKey();
                long[] b = profiles.get(site.boundary().eui());
                if (b == null || !site.sapcs().stream().allMatch(x -> profiles.containsKey(x.eui()))) {
                    continue;
                }
                Tally v = byVlp.computeIfAbsent(SWITCHED, k -> new Tally(e, seriesMetered, seriesBaseline));
                t.assets += en.getValue().size();
                v.assets += en.getValue().size();
                for (Scenario.Limit l : en.getValue()) {
                    t.capW += (long) l.asset().model().controlledRatingW() * e.level() / 100;
                    v.capW += (long) l.asset().model().controlledRatingW() * e.level() / 100;
                }
                boolean first = inSeries.add(site.boundary().eui());
                for (int h = 0; h < periods; h++) {
                    Instant start = from.plus(Duration.ofMinutes(30L * h));
                    Instant end = start.plus(Duration.ofMinutes(30));
                    long primary = ProfileReads.netImport(b, h);
                    for (Device sapc : site.sapcs()) {
                        primary -= ProfileReads.netImport(profiles.get(sapc.eui()), h);
                    }
                    // This event's loads as they would have run without any switching; the site's other switched
                    // loads as they ran, so another event's rebound is not counted against this one.
                    long cfWmin = site.householdWmin(start, end);
                    for (Site.Asset a : site.switchedLoads()) {
                        boolean mine = en.getValue().stream().anyMatch(l -> l.asset() == a);
                        cfWmin -= (mine ? site.assetBaseline(a, start, end) : site.assetActual(a, start, end)).netExportWmin();
                    }
                    v.halfHour(h, start, -primary, -Math.round(cfWmin / 60.0), false);
                    if (t.halfHour(h, start, -primary, -Math.round(cfWmin / 60.0), first)) {
                        for (Scenario.Limit l : en.getValue()) {
                            long asked = aboveCapWmin(l, start, e.level());
                            t.requestedWmin += asked;
                            v.requestedWmin += asked;
                        }
                    }
                }
            }
            long requested = Math.round(t.requestedWmin / 60.0);
            List<DrillReport.VlpDelivery> vlps = new ArrayList<>();
            for (Map.Entry<String, Tally> v : byVlp.entrySet()) {
                Tally x = v.getValue();
                vlps.add(new DrillReport.VlpDelivery(v.getKey(), x.assets, x.capW / 1000.0, Math.round(x.requestedWmin / 60.0),
                        x.metered - x.baseline, x.rebound, x.metered - x.baseline + x.rebound));
                long[] total = totalsByVlp.computeIfAbsent(v.getKey(), k -> new long[3]);
                total[0] += Math.round(v.getValue().requestedWmin / 60.0);
                total[1] += v.getValue().metered - v.getValue().baseline;
                total[2] += v.getValue().rebound;
            }
            events.add(new DrillReport.EventDelivery(i, t.assets, t.capW / 1000.0, requested, t.baseline, t.metered,
                    t.metered - t.baseline, Math.round((t.metered - t.baseline) / (e.minutes() / 60.0)) / 1000.0, t.rebound,
                    t.metered - t.baseline + t.rebound, window.isEmpty() ? null : t.readBaseline,
                    window.isEmpty() ? null : t.metered - t.readBaseline, vlps));
            totalDelivered += t.metered - t.baseline;
            totalRebound += t.rebound;
            out.printf("event %d (%s, %d min at %d %%): %d assets metered, requested %.3f kWh, delivered %.3f kWh (metered %.3f "
                    + "against %.3f without the limits), rebound after it %.3f kWh, net %.3f kWh%s%n", i, e.at(), e.minutes(),
                    e.level(), t.assets, requested / 1000.0, (t.metered - t.baseline) / 1000.0, t.metered / 1000.0, t.baseline / 1000.0,
                    t.rebound / 1000.0, (t.metered - t.baseline + t.rebound) / 1000.0, window.isEmpty() ? ""
                            : String.format(" (%.3f kWh against the baseline window's reads)", (t.metered - t.readBaseline) / 1000.0));
            if (byVlp.size() > 1) {
                for (DrillReport.VlpDelivery v : vlps) {
                    out.printf("  %s: %d assets, requested %.3f kWh, delivered %.3f kWh, rebound %.3f kWh, net %.3f kWh%n",
                            v.vlp(), v.assetsMetered(), v.requestedWh() / 1000.0, v.deliveredWh() / 1000.0, v.reboundWh() / 1000.0,
                            v.netWh() / 1000.0);
                }
            }
        }
        out.flush();
        List<DrillReport.SeriesPoint> series = new ArrayList<>();
        for (int h = 0; h < periods; h++) {
            series.add(new DrillReport.SeriesPoint(from.plus(Duration.ofMinutes(30L * h)).toString(), seriesMetered[h],
                    seriesBaseline[h]));
        }
        List<DrillReport.VlpTotal> vlpTotals = new ArrayList<>();
        for (Map.Entry<String, long[]> v : totalsByVlp.entrySet()) {
            long[] x = v.getValue();
            vlpTotals.add(new DrillReport.VlpTotal(v.getKey(), x[0], x[1], x[2], x[1] + x[2]));
        }
        if (vlpTotals.size() > 1) {
            out.println("per VLP, all events: " + String.join("; ", vlpTotals.stream().map(v -> String.format(
                    "%s requested %.3f kWh, delivered %.3f, rebound %.3f, net %.3f", v.vlp(), v.requestedWh() / 1000.0,
                    v.deliveredWh() / 1000.0, v.reboundWh() / 1000.0, v.netWh() / 1000.0)).toList()));
            out.flush();
        }
        return new DrillReport.Delivery(events, totalDelivered, totalRebound, totalDelivered + totalRebound, vlpTotals, series);
    }

    /** One event's figures as its half-hours are added, and the drill's series the first time a meter is seen. */
    private static final class Tally {
        private final Scenario.Event event;
        private final long[] seriesMetered;
        private final long[] seriesBaseline;
        long metered;
        long baseline;
        long rebound;
        long readBaseline;
        long requestedWmin;
        long capW;
        int assets;

        Tally(Scenario.Event event, long[] seriesMetered, long[] seriesBaseline) {
            this.event = event;
            this.seriesMetered = seriesMetered;
            this.seriesBaseline = seriesBaseline;
        }

        /**
         * Adds half-hour h (net export read and without the event, Wh); returns whether it lies in the event. After
         * the event it counts as rebound; before it, only in the series.
         */
        boolean halfHour(int h, Instant start, long read, long counterfactual, boolean first) {
            if (first) {
                seriesMetered[h] += read;
                seriesBaseline[h] += counterfactual;
            }
            if (!start.isBefore(event.end())) {
                rebound += read - counterfactual;
                return false;
            }
            if (start.isBefore(event.at())) {
                return false;
            }
            metered += read;
            baseline += counterfactual;
            return true;
        }
    }

    /**
     * What a limit asks of its asset over a half-hour, in W-minutes: the counterfactual's power in the controlled
     * direction above the cap (level x rating), minute by minute.
     */
    private static long aboveCapWmin(Scenario.Limit l, Instant start, int level) {
        long cap = (long) l.asset().model().controlledRatingW() * level / 100;
        boolean export = l.asset().model().type() == AssetType.GENERATOR;
        long above = 0;
        for (long m = start.getEpochSecond() / 60; m < start.getEpochSecond() / 60 + 30; m++) {
            long w = l.site().counterfactualW(l.asset(), m);
            above += Math.max(0, Math.max(0, export ? w : -w) - cap);
        }
        return above;
    }

    /** Where switched loads' figures go in the per-VLP split: the supplier switches them. */
    static final String SWITCHED = "supplier (switched loads)";

    /** A drill VLP's name ("vlp1", "vlp2"), or the Load Controller's EUI for any other. */
    static String vlpName(Eui64 loadController) {
        for (int n = 1; n <= 2; n++) {
            if (loadController.equals(Organisations.vlp(n))) {
                return "vlp" + n;
            }
        }
        return loadController.toString();
    }

    /** The Load Controller a SAPC trusts (its asset's VLP), or the drills' first VLP for one that trusts none yet. */
    static Eui64 loadControllerOf(Device d) {
        return d.trustAnchors().party(org.dccsim.gbcs.usecase.Role.LOAD_CONTROLLER).orElse(Organisations.vlp(1));
    }
}
