package org.dccsim.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a head-end's {@code /metrics} (Prometheus text format), read as a monitoring system would: gauges by
 * name, histograms summed over their labels, so that two scrapes' difference is what happened between them.
 */
final class Scrape {
    private final Map<String, Double> values = new HashMap<>();
    private final Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();

    private Scrape() {
    }

    static Scrape of(String text) {
        Scrape s = new Scrape();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            String series = line.substring(0, space);
            int brace = series.indexOf('{');
            String name = brace < 0 ? series : series.substring(0, brace);
            if (name.endsWith("_bucket") && brace >= 0) {
                String le = label(series.substring(brace), "le");
                double bound;
                try {
                    bound = le == null ? Double.NaN : le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                } catch (NumberFormatException e) {
                    bound = Double.NaN;
                }
                if (!Double.isNaN(bound)) {
                    s.buckets.computeIfAbsent(name.substring(0, name.length() - "_bucket".length()), k -> new TreeMap<>())
                            .merge(bound, v, Double::sum);
                }
            } else {
                s.values.merge(name, v, Double::sum);
            }
        }
        return s;
    }

    private static String label(String labels, String key) {
        String needle = key + "=\"";
        int i = labels.indexOf(needle);
        if (i < 0) {
            return null;
        }
        int from = i + needle.length();
        int to = labels.indexOf('"', from);
        return to < 0 ? null : labels.substring(from, to);
    }

    /** A series' value summed over its labels, or null when absent. */
    Double value(String name) {
        return values.get(name);
    }

    /** A histogram's cumulative buckets summed over its labels (empty when absent). */
    Histogram histogram(String name) {
        TreeMap<Double, Double> b = buckets.getOrDefault(name, new TreeMap<>());
        List<double[]> out = new ArrayList<>();
        b.forEach((le, count) -> out.add(new double[] {le, count}));
        return new Histogram(out);
    }

    /** Cumulative bucket counts, upper bounds ascending (the last +Inf). */
    record Histogram(List<double[]> buckets) {
        Histogram {
            buckets = List.copyOf(buckets);
        }

        long count() {
            return buckets.isEmpty() ? 0 : Math.round(buckets.get(buckets.size() - 1)[1]);
        }

        /** What happened between {@code earlier} and this (same buckets). */
        Histogram minus(Histogram earlier) {
            Map<Double, Double> before = new HashMap<>();
            earlier.buckets.forEach(b -> before.put(b[0], b[1]));
            List<double[]> out = new ArrayList<>();
            for (double[] b : buckets) {
                out.add(new double[] {b[0], b[1] - before.getOrDefault(b[0], 0.0)});
            }
            return new Histogram(out);
        }

        /**
         * The q-quantile, interpolated linearly inside its bucket (Prometheus's histogram_quantile): exact to the
         * bucket's width, which Micrometer's percentile buckets keep to about a tenth of the value.
         */
        double quantile(double q) {
            long n = count();
            if (n == 0) {
                return Double.NaN;
            }
            double rank = q * n;
            double lower = 0;
            double below = 0;
            for (double[] b : buckets) {
                if (b[1] >= rank) {
                    if (Double.isInfinite(b[0])) {
                        return lower;
                    }
                    double inBucket = b[1] - below;
                    return inBucket <= 0 ? b[0] : lower + (b[0] - lower) * (rank - below) / inBucket;
                }
                lower = b[0];
                below = b[1];
            }
            return lower;
        }
    }
}
