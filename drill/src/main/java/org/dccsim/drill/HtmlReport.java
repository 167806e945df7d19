package org.dccsim.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A drill's report as one self-contained HTML page: no scripts, no fonts, no external references, so it opens
 * from disk and can be mailed. Charts are inline SVG drawn here: the limited assets' power against their
 * baseline with the event windows marked, the latency distribution, and per site the half-hour volumes stacked
 * (assets and primary add up to the boundary meter, which is marked on each bar). The page is well-formed XML
 * as well as HTML, so tests can read it with an XML parser; every chart is an {@code svg} of class
 * {@code chart} with a fixed width and height.
 */
public final class HtmlReport {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 280;
    /** Sites drawn one chart each; a fleet-scale drill lists the rest in the JSON report only. */
    static final int MAX_SITE_CHARTS = 8;
    private static final String[] ASSET_COLOURS = {"#e07b39", "#3a86c8", "#8e5ec4", "#c44e8a", "#2a9d8f"};

    private HtmlReport() {
    }

    public static String render(JsonNode r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        JsonNode sc = r.path("scenario");
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>dccsim drill: ")
                .append(esc(sc.path("file").asText())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:820px;color:#222}")
                .append("h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{padding:2px 7px;text-align:right;border-bottom:1px solid #eee}")
                .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.bad{color:#b00020;font-weight:600}")
                .append("svg.chart{display:block;margin:8px 0;background:#fcfcfc;outline:1px solid #e4e4e4}")
                .append("tr.vlp td{color:#555;font-style:italic}")
                .append(".legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}")
                .append("</style></head><body>\n");
        h.append("<h1>dccsim drill: ").append(esc(sc.path("file").asText())).append("</h1>\n");
        h.append("<p>").append(sc.path("sites").asInt()).append(" sites, ").append(sc.path("devices").asInt())
                .append(" devices, ").append(sc.path("events").size()).append(" events; metered ")
                .append(esc(sc.path("metering").path("from").asText())).append(" to ")
                .append(esc(sc.path("metering").path("to").asText())).append(".</p>\n");
        dispatch(h, r.path("dispatch"));
        delivery(h, r.path("delivery"), sc.path("events"));
        assetChecks(h, r.path("assetChecks"));
        settlement(h, r.path("settlement"));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void dispatch(StringBuilder h, JsonNode d) {
        h.append("<h2>Dispatch</h2>\n<table><tr><th>commands selected</th><th>acknowledged</th><th>confirmed</th>")
                .append("<th>retries</th><th>confirmed/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr><tr><td>")
                .append(d.path("selected").asInt()).append("</td><td>").append(d.path("acknowledged").asInt()).append("</td><td>")
                .append(d.path("confirmed").asInt()).append("</td><td>").append(d.path("retries").asInt()).append("</td><td>")
                .append(d.path("confirmedPerSecond").asText()).append("</td>");
        for (String q : new String[] {"p50", "p95", "p99", "max"}) {
            h.append("<td>").append(esc(d.path("latencyMs").path(q).asText("-"))).append("</td>");
        }
        h.append("</tr></table>\n");
        if (d.path("failed").size() > 0) {
            h.append("<p class=\"bad\">Failed: ");
            List<String> parts = new ArrayList<>();
            d.path("failed").fields().forEachRemaining(e -> parts.add(esc(e.getKey()) + " " + e.getValue().asInt()));
            h.append(String.join(", ", parts)).append("</p>\n");
            h.append("<table><tr><th>device</th><th>site</th><th>event</th><th>SRV</th><th>attempts</th><th>reason</th></tr>\n");
            int shown = 0;
            for (JsonNode f : d.path("failedDevices")) {
                if (shown++ == 100) {
                    h.append("<tr><td colspan=\"6\">... ").append(d.path("failedDevices").size() - 100)
                            .append(" more in the JSON report</td></tr>\n");
                    break;
                }
                h.append("<tr><td>").append(esc(f.path("device").asText())).append("</td><td>").append(esc(f.path("site").asText()))
                        .append("</td><td>").append(f.path("event").asInt()).append("</td><td>").append(esc(f.path("srv").asText()))
                        .append("</td><td>").append(f.path("attempts").asInt()).append("</td><td>")
                        .append(esc(f.path("reason").asText())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        JsonNode hist = d.path("latencyHistogramMs");
        List<Double> counts = new ArrayList<>();
        hist.path("counts").forEach(c -> counts.add(c.asDouble()));
        long bin = hist.path("binMs").asLong(1);
        h.append("<p>Latency from the first DUIS call of a limit to its device's answer (").append(bin).append(" ms bins):</p>\n");
        Svg svg = new Svg("latency");
        double max = counts.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        svg.yAxis(0, Math.max(1, max), "limits");
        for (int i = 0; i < counts.size(); i++) {
            double x0 = svg.x(i, counts.size());
            double x1 = svg.x(i + 1, counts.size());
            svg.rect(x0 + 1, svg.y(counts.get(i)), x1 - x0 - 2, svg.y(0) - svg.y(counts.get(i)), "#3a86c8",
                    (i * bin) + "-" + ((i + 1) * bin) + " ms: " + counts.get(i).intValue());
            if (i % 4 == 0) {
                svg.xLabel(x0, i * bin + " ms");
            }
        }
        // The axis ends at the last bin's upper edge, at or above the slowest limit.
        svg.xLabelEnd(svg.x(counts.size(), counts.size()), counts.size() * bin + " ms");
        h.append(svg.close());
    }

    private static void delivery(StringBuilder h, JsonNode dl, JsonNode events) {
        h.append("<h2>Delivered flexibility</h2>\n<table><tr><th>event</th><th>start</th><th>level %</th><th>assets metered</th>")
                .append("<th>requested kWh</th><th>without the event kWh</th><th>metered kWh</th><th>delivered kWh</th>")
                .append("<th>rebound after kWh</th><th>net kWh</th><th>against reads kWh</th></tr>\n");
        for (JsonNode ev : dl.path("events")) {
            JsonNode spec = events.path(ev.path("event").asInt());
            h.append("<tr><td>").append(ev.path("event").asInt()).append("</td><td>").append(esc(spec.path("at").asText()))
                    .append("</td><td>").append(spec.path("level").asInt()).append("</td><td>").append(ev.path("assetsMetered").asInt())
                    .append("</td><td>").append(kwh(ev.path("requestedWh").asLong()))
                    .append("</td><td>").append(kwh(ev.path("baselineNetExportWh").asLong())).append("</td><td>")
                    .append(kwh(ev.path("meteredNetExportWh").asLong())).append("</td><td>").append(kwh(ev.path("deliveredWh").asLong()))
                    .append("</td><td>").append(kwh(ev.path("reboundWh").asLong())).append("</td><td>")
                    .append(kwh(ev.path("netWh").asLong())).append("</td><td>")
                    .append(ev.has("deliveredVsReadBaselineWh") ? kwh(ev.path("deliveredVsReadBaselineWh").asLong()) : "-")
                    .append("</td></tr>\n");
            if (ev.path("byVlp").size() > 1) {
                for (JsonNode v : ev.path("byVlp")) {
                    h.append("<tr class=\"vlp\"><td></td><td colspan=\"2\">").append(esc(v.path("vlp").asText()))
                            .append("</td><td>").append(v.path("assetsMetered").asInt()).append("</td><td>")
                            .append(kwh(v.path("requestedWh").asLong())).append("</td><td></td><td></td><td>")
                            .append(kwh(v.path("deliveredWh").asLong())).append("</td><td>").append(kwh(v.path("reboundWh").asLong()))
                            .append("</td><td>").append(kwh(v.path("netWh").asLong())).append("</td><td></td></tr>\n");
                }
            }
        }
        if (dl.path("byVlp").size() > 1) {
            for (JsonNode v : dl.path("byVlp")) {
                h.append("<tr><td>all events</td><td colspan=\"3\">").append(esc(v.path("vlp").asText())).append("</td><td>")
                        .append(kwh(v.path("requestedWh").asLong())).append("</td><td></td><td></td><td>")
                        .append(kwh(v.path("deliveredWh").asLong())).append("</td><td>").append(kwh(v.path("reboundWh").asLong()))
                        .append("</td><td>").append(kwh(v.path("netWh").asLong())).append("</td><td></td></tr>\n");
            }
        }
        h.append("</table>\n<p>Energy is net export in kWh (export positive, import negative), per half-hour labelled by its "
                + "start. An event whose assets belong to more than one VLP has a row per VLP under it (loads behind ESMEs' "
                + "switches are the supplier's). Without the event: the same assets, seed and weather run again with no "
                + "limit or switching. "
                + "Delivered: metered less that over the event; rebound: the same after it, to the end of the metering "
                + "window; net: their sum.</p>\n<p>Net export of the limited assets, metered and without the events, "
                + "average kW per half-hour; event windows shaded.</p>\n");
        JsonNode series = dl.path("limitedAssetsSeries");
        int n = series.size();
        double lo = 0;
        double hi = 0;
        for (JsonNode p : series) {
            for (String k : new String[] {"meteredNetExportWh", "baselineNetExportWh"}) {
                double kw = p.path(k).asDouble() * 2 / 1000;
                lo = Math.min(lo, kw);
                hi = Math.max(hi, kw);
            }
        }
        Svg svg = new Svg("fleet-power");
        svg.yAxis(lo, hi == lo ? lo + 1 : hi, "kW");
        if (n > 0) {
            Instant first = Instant.parse(series.get(0).path("period").asText());
            for (JsonNode ev : events) {
                double a = (Instant.parse(ev.path("at").asText()).getEpochSecond() - first.getEpochSecond()) / 1800.0;
                double b = (Instant.parse(ev.path("end").asText()).getEpochSecond() - first.getEpochSecond()) / 1800.0;
                a = Math.max(0, Math.min(n, a));
                b = Math.max(0, Math.min(n, b));
                if (b > a) {
                    svg.rect(svg.x(a, n), svg.top(), svg.x(b, n) - svg.x(a, n), svg.bottom() - svg.top(), "#fde8c8", "event window");
                }
            }
            svg.zeroLine();
            svg.steps(series, "baselineNetExportWh", n, "#888888", "6 4");
            svg.steps(series, "meteredNetExportWh", n, "#c0392b", null);
            for (int i = 0; i < n; i += Math.max(1, n / 8)) {
                svg.xLabel(svg.x(i, n), series.get(i).path("period").asText().substring(11, 16));
            }
        }
        h.append(svg.close());
        h.append("<p class=\"legend\"><span><i class=\"sw\" style=\"background:#c0392b\"></i>metered</span>")
                .append("<span><i class=\"sw\" style=\"background:#888888\"></i>baseline</span>")
                .append("<span><i class=\"sw\" style=\"background:#fde8c8\"></i>event</span></p>\n");
    }

    private static void assetChecks(StringBuilder h, JsonNode c) {
        h.append("<h2>Asset checks</h2>\n<p>").append(c.path("assetsChecked").asInt())
                .append(" assets' meter reads checked against their own state (energy drawn and given, stored energy, heat) and "
                        + "their SAPC's limits: ")
                .append(c.path("failures").asInt() == 0 ? "all hold." : "<span class=\"bad\">" + c.path("failures").asInt()
                        + " failed.</span>")
                .append(" Energy EV drivers left without: ").append(kwh(c.path("evUnmetWh").asLong())).append(" kWh.</p>\n");
        if (c.path("failed").size() > 0) {
            h.append("<table><tr><th>site</th><th>device</th><th>asset</th><th>check</th><th>detail</th></tr>\n");
            for (JsonNode f : c.path("failed")) {
                h.append("<tr><td>").append(esc(f.path("site").asText())).append("</td><td>")
                        .append(esc(f.has("sapc") ? f.path("sapc").asText() : f.path("esme").asText())).append("</td><td>")
                        .append(esc(f.path("asset").asText())).append("</td><td>").append(esc(f.path("check").asText()))
                        .append("</td><td>").append(esc(f.path("detail").asText())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
    }

    private static void settlement(StringBuilder h, JsonNode st) {
        int bad = st.path("mismatchedPeriods").asInt();
        h.append("<h2>P375 settlement</h2>\n<p>").append(st.path("balancedPeriods").asInt())
                .append(" site-periods balance: primary = boundary - sum(assets) equals the household's true demand; ")
                .append(bad > 0 ? "<span class=\"bad\">" + bad + " do not</span>" : "0 do not").append("; ")
                .append(st.path("incompleteSites").size()).append(" sites not fully read. The boundary meter alone differs "
                        + "from the household's demand in ").append(st.path("boundaryAloneDiffers").asInt()).append(".</p>\n");
        Map<String, List<JsonNode>> bySite = new java.util.LinkedHashMap<>();
        for (JsonNode row : st.path("periods")) {
            bySite.computeIfAbsent(row.path("site").asText(), k -> new ArrayList<>()).add(row);
        }
        Map<String, String> chosen = chooseSites(bySite);
        int si = 0;
        for (Map.Entry<String, String> c : chosen.entrySet()) {
            List<JsonNode> rows = bySite.get(c.getKey());
            siteChart(h, c.getKey() + " (" + c.getValue() + ")", rows, si++);
            if (bySite.size() <= 3) {
                siteTable(h, rows);
            }
        }
        if (bySite.size() > chosen.size()) {
            h.append("<p>").append(bySite.size() - chosen.size()).append(" more sites in the JSON report.</p>\n");
        }
    }

    /**
     * Which sites to chart, and why: first those whose settlement failed (largest deviation first), then the first
     * site with each asset type, then those whose assets moved the most energy, up to {@link #MAX_SITE_CHARTS}.
     */
    static Map<String, String> chooseSites(Map<String, List<JsonNode>> bySite) {
        Map<String, String> chosen = new java.util.LinkedHashMap<>();
        Map<String, Long> deviation = new java.util.HashMap<>();
        Map<String, Long> assetFlow = new java.util.HashMap<>();
        Map<String, java.util.Set<String>> types = new java.util.HashMap<>();
        for (Map.Entry<String, List<JsonNode>> e : bySite.entrySet()) {
            long dev = 0;
            long flow = 0;
            java.util.Set<String> t = new java.util.TreeSet<>();
            for (JsonNode r : e.getValue()) {
                if (!r.path("ok").asBoolean(true)) {
                    dev += Math.abs(r.path("primaryImportWh").asLong() - r.path("householdWh").asLong());
                }
                flow += Math.abs(r.path("assetsImportWh").asLong());
                r.path("assets").forEach(a -> a.path("assets").forEach(x -> t.add(x.asText())));
            }
            deviation.put(e.getKey(), dev);
            assetFlow.put(e.getKey(), flow);
            types.put(e.getKey(), t);
        }
        bySite.keySet().stream().filter(k -> deviation.get(k) > 0)
                .sorted((a, b) -> Long.compare(deviation.get(b), deviation.get(a)))
                .forEach(k -> {
                    if (chosen.size() < MAX_SITE_CHARTS) {
                        chosen.put(k, "settlement fails by " + deviation.get(k) + " Wh");
                    }
                });
        java.util.Set<String> shown = new java.util.TreeSet<>();
        chosen.keySet().forEach(k -> shown.addAll(types.get(k)));
        for (String k : bySite.keySet()) {
            java.util.Set<String> missing = new java.util.TreeSet<>(types.get(k));
            missing.removeAll(shown);
            if (!missing.isEmpty() && !chosen.containsKey(k) && chosen.size() < MAX_SITE_CHARTS) {
                chosen.put(k, "the first with " + String.join(", ", missing).toLowerCase().replace('_', ' '));
                shown.addAll(types.get(k));
            }
        }
        bySite.keySet().stream().sorted((a, b) -> Long.compare(assetFlow.get(b), assetFlow.get(a))).forEach(k -> {
            if (!chosen.containsKey(k) && chosen.size() < MAX_SITE_CHARTS) {
                chosen.put(k, "its assets moved " + assetFlow.get(k) + " Wh");
            }
        });
        return chosen;
    }

    /** Half-hour bars: primary and each asset stacked (up for import, down for export); the boundary marked. */
    private static void siteChart(StringBuilder h, String site, List<JsonNode> rows, int index) {
        h.append("<h3>").append(esc(site)).append("</h3>\n");
        double lo = 0;
        double hi = 0;
        for (JsonNode r : rows) {
            double up = Math.max(0, r.path("primaryImportWh").asDouble());
            double down = Math.min(0, r.path("primaryImportWh").asDouble());
            for (JsonNode a : r.path("assets")) {
                up += Math.max(0, a.path("importWh").asDouble());
                down += Math.min(0, a.path("importWh").asDouble());
            }
            hi = Math.max(hi, Math.max(up, r.path("boundaryImportWh").asDouble()));
            lo = Math.min(lo, Math.min(down, r.path("boundaryImportWh").asDouble()));
        }
        Svg svg = new Svg("site-" + index);
        svg.yAxis(lo, hi == lo ? lo + 1 : hi, "Wh import");
        svg.zeroLine();
        int n = rows.size();
        for (int i = 0; i < n; i++) {
            JsonNode r = rows.get(i);
            double x0 = svg.x(i, n) + 2;
            double w = Math.max(1, svg.x(i + 1, n) - svg.x(i, n) - 4);
            double up = 0;
            double down = 0;
            List<double[]> segs = new ArrayList<>();
            segs.add(new double[] {r.path("primaryImportWh").asDouble(), -1});
            int k = 0;
            for (JsonNode a : r.path("assets")) {
                segs.add(new double[] {a.path("importWh").asDouble(), k++});
            }
            String period = r.path("period").asText().substring(11, 16);
            for (double[] sgm : segs) {
                double v = sgm[0];
                String colour = sgm[1] < 0 ? "#4caf50" : ASSET_COLOURS[(int) sgm[1] % ASSET_COLOURS.length];
                String what = sgm[1] < 0 ? "primary" : "asset " + ((int) sgm[1] + 1);
                if (v > 0) {
                    svg.rect(x0, svg.y(up + v), w, svg.y(up) - svg.y(up + v), colour, period + " " + what + ": " + (long) v + " Wh");
                    up += v;
                } else if (v < 0) {
                    svg.rect(x0, svg.y(down), w, svg.y(down + v) - svg.y(down), colour, period + " " + what + ": " + (long) v + " Wh");
                    down += v;
                }
            }
            double b = svg.y(r.path("boundaryImportWh").asDouble());
            svg.line(x0 - 2, b, x0 + w + 2, b, "#111111", 3, period + " boundary: " + r.path("boundaryImportWh").asLong() + " Wh");
            if (i % Math.max(1, n / 8) == 0) {
                svg.xLabel(x0, period);
            }
        }
        h.append(svg.close());
        StringBuilder legend = new StringBuilder("<p class=\"legend\"><span><i class=\"sw\" style=\"background:#4caf50\"></i>primary</span>");
        if (!rows.isEmpty()) {
            int k = 0;
            for (JsonNode a : rows.get(0).path("assets")) {
                legend.append("<span><i class=\"sw\" style=\"background:").append(ASSET_COLOURS[k % ASSET_COLOURS.length])
                        .append("\"></i>").append(esc(String.join("+", textList(a.path("assets"))).toLowerCase())).append(" (")
                        .append(esc(a.path("loadController").asText())).append(")</span>");
                k++;
            }
        }
        legend.append("<span><i class=\"sw\" style=\"background:#111111;height:3px\"></i>boundary meter</span></p>\n");
        h.append(legend);
    }

    /** The power-flow table of one site, as the terminal prints it for small drills. */
    private static void siteTable(StringBuilder h, List<JsonNode> rows) {
        if (rows.isEmpty()) {
            return;
        }
        h.append("<table><tr><th>half-hour</th><th>boundary Wh</th>");
        for (JsonNode a : rows.get(0).path("assets")) {
            h.append("<th>").append(esc(String.join("+", textList(a.path("assets"))).toLowerCase())).append(" Wh</th>");
        }
        h.append("<th>primary Wh</th><th>household Wh</th><th>primary = household</th></tr>\n");
        for (JsonNode r : rows) {
            h.append("<tr><td>").append(esc(r.path("period").asText().substring(11, 16))).append("</td><td>")
                    .append(r.path("boundaryImportWh").asLong()).append("</td>");
            for (JsonNode a : r.path("assets")) {
                h.append("<td>").append(a.path("importWh").asLong()).append("</td>");
            }
            boolean ok = r.path("ok").asBoolean();
            h.append("<td>").append(r.path("primaryImportWh").asLong()).append("</td><td>").append(r.path("householdWh").asLong())
                    .append("</td><td").append(ok ? ">yes" : " class=\"bad\">NO").append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static List<String> textList(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String kwh(long wh) {
        return String.format(Locale.ROOT, "%.3f", wh / 1000.0);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** A chart's SVG, drawn into a fixed frame with margins for the axes. */
    private static final class Svg {
        private static final double LEFT = 64;
        private static final double RIGHT = 12;
        private static final double TOP = 12;
        private static final double BOTTOM = 28;
        private final StringBuilder b = new StringBuilder();
        private double lo;
        private double hi = 1;

        Svg(String id) {
            b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-").append(esc(id)).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                    .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\">");
        }

        double top() {
            return TOP;
        }

        double bottom() {
            return HEIGHT - BOTTOM;
        }

        double x(double i, int n) {
            return LEFT + (WIDTH - LEFT - RIGHT) * i / Math.max(1, n);
        }

        double y(double v) {
            return TOP + (HEIGHT - TOP - BOTTOM) * (hi - v) / (hi - lo);
        }

        /** Axis from min to max rounded out to a step of 1, 2 or 5 times a power of ten, with a labelled line per step. */
        void yAxis(double min, double max, String unit) {
            double raw = Math.max(1e-9, (max - Math.min(0, min)) / 4);
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / magnitude <= 1 ? magnitude : raw / magnitude <= 2 ? 2 * magnitude
                    : raw / magnitude <= 5 ? 5 * magnitude : 10 * magnitude;
            lo = Math.floor(Math.min(0, min) / step) * step;
            hi = Math.max(lo + step, Math.ceil(max / step) * step);
            for (double v = lo; v <= hi + step / 2; v += step) {
                double yy = y(v);
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>", LEFT, yy,
                        WIDTH - (int) RIGHT, yy));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                        LEFT - 6, yy + 4, esc(num(v))));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%s</text>", TOP + 10, esc(unit)));
        }

        void zeroLine() {
            if (lo < 0 && hi > 0) {
                line(LEFT, y(0), WIDTH - RIGHT, y(0), "#999999", 1, null);
            }
        }

        void xLabel(double x, String text) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", x, HEIGHT - 10, esc(text)));
        }

        /** A label that ends at x: the axis's last, which would otherwise run off the chart. */
        void xLabelEnd(double x, String text) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>", x,
                    HEIGHT - 10, esc(text)));
        }

        void rect(double x, double y, double w, double h, String fill, String title) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x, y,
                    Math.max(0, w), Math.max(0, h), fill));
            if (title != null) {
                b.append("<title>").append(esc(title)).append("</title>");
            }
            b.append("</rect>");
        }

        void line(double x1, double y1, double x2, double y2, String stroke, double width, String title) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\">",
                    x1, y1, x2, y2, stroke, width));
            if (title != null) {
                b.append("<title>").append(esc(title)).append("</title>");
            }
            b.append("</line>");
        }

        /** A step line through the half-hour values of {@code key} (Wh, drawn as average kW). */
        void steps(JsonNode series, String key, int n, String stroke, String dash) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double yy = y(series.get(i).path(key).asDouble() * 2 / 1000);
                d.append(String.format(Locale.ROOT, "%s%.1f %.1f L%.1f %.1f ", i == 0 ? "M" : "L", x(i, n), yy, x(i + 1, n), yy));
            }
            b.append("<path d=\"").append(d.toString().trim()).append("\" fill=\"none\" stroke=\"").append(stroke)
                    .append("\" stroke-width=\"2\"").append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
        }

        String close() {
            return b.append("</svg>\n").toString();
        }

        private static String num(double v) {
            double a = Math.abs(v);
            if (Math.abs(v - Math.rint(v)) < 1e-9) {
                return String.format(Locale.ROOT, "%.0f", v);
            }
            return a >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        }
    }
}
