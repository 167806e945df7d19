package org.dccsim.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The day {@code dccsim bench gb-day} replays: how many service requests of each kind arrive in each hour of a GB day
 * at a scale of the national figure, and when within the hour.
 *
 * <p>The national volume is 33 million service requests a day (the figure for the DCC's traffic). The DCC
 * publishes volumes by month, not a mix by SRV and hour, so the mix and the day's shape are ours, chosen to be the
 * kind of traffic that dominates a head-end's day (docs and bench/README.md say so):
 * <ul>
 * <li><b>scheduled reads</b>, 65 %: suppliers collect half-hour profiles (4.8.1) and daily logs (4.17, 4.6.1), mostly
 * overnight (each hour from 00:00 to 06:00 six times as busy as a daytime hour);</li>
 * <li><b>on-demand reads</b>, 27 %: registers (4.1.1), balances (4.18), firmware (11.2) and configuration (6.2.4),
 * following the waking day, busiest in the evening;</li>
 * <li><b>configuration</b>, 3 %: 6.4.1 load-limit settings, critical (the supplier signs the GBCS command), in
 * working hours;</li>
 * <li><b>dispatch</b>, 5 %: a VLP's 7.16 APC limits to its SAPCs, critical, each answered by the device and
 * followed by its alert, concentrated in the 16:00-19:00 peak.</li>
 * </ul>
 * Arrivals within an hour are uniform at random (seeded), so the replay is the same each run.
 */
final class GbDayTraffic {
    /** Service requests a day across GB. */
    static final long NATIONAL_PER_DAY = 33_000_000L;

    /** Who sends a kind of request, to which device type, and how critical it is. */
    enum Sender { SUPPLIER, VLP }

    /** One kind of request in the mix: its SRV, share of the day, hourly weights and crypto cost. */
    record Kind(String srv, String element, double share, double[] hourly, boolean critical, Sender sender,
            int signs, int verifies) {
        Kind {
            if (hourly.length != 24) {
                throw new IllegalArgumentException("24 hourly weights");
            }
            hourly = hourly.clone();
        }

        /** This kind's share of the day that arrives in hour {@code h}. */
        double fractionIn(int h) {
            return hourly[h] / Arrays.stream(hourly).sum();
        }
    }

    private static final double[] OVERNIGHT = hours(6, 6, 6, 6, 6, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    private static final double[] WAKING = hours(0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.6, 1, 1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2,
            1.2, 1.4, 1.4, 1.4, 1.4, 1.4, 0.7, 0.7);
    private static final double[] WORKING = hours(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.2,
            0.2, 0.2, 0.2, 0.2, 0.2);
    private static final double[] PEAK = hours(0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 1.5, 1.5, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2,
            5, 5, 5, 0.2, 0.2, 0.2, 0.2, 0.2);

    /*
     * The raw ECDSA each kind costs end to end (the crypto bound's unit, as the drill's CryptoBaseline counts it).
     * A non-critical read: the user signs its request, the head-end its I99 and the device's I0 answer (3 signs);
     * the head-end verifies the request and the user the two responses (3 verifications); the device's answer is
     * only MACed (GBCS 4.3). 6.4.1: the user signs serviceT and serviceS, the head-end the pre-command, I99 and I0
     * (5 XML signs), the user the GBCS command and the ESME its response (2); verified: the same 5 XML documents, the
     * user's GBCS signature by head-end and device, the ESME's by the head-end (3). 7.16 as 6.4.1 plus the SAPC's
     * alert (one more XML and GBCS signature, one more of each verified): 9 and 10, the drill's figure.
     */
    static final List<Kind> MIX = List.of(
            new Kind("4.8.1", "ReadActiveImportProfileData", 0.35, OVERNIGHT, false, Sender.SUPPLIER, 3, 3),
            new Kind("4.17", "RetrieveDailyConsumptionLog", 0.15, OVERNIGHT, false, Sender.SUPPLIER, 3, 3),
            new Kind("4.6.1", "RetrieveImportDailyReadLog", 0.15, OVERNIGHT, false, Sender.SUPPLIER, 3, 3),
            new Kind("4.1.1", "ReadInstantaneousImportRegisters", 0.15, WAKING, false, Sender.SUPPLIER, 3, 3),
            new Kind("4.18", "ReadMeterBalance", 0.05, WAKING, false, Sender.SUPPLIER, 3, 3),
            new Kind("11.2", "ReadFirmwareVersion", 0.04, WAKING, false, Sender.SUPPLIER, 3, 3),
            new Kind("6.2.4", "ReadDeviceConfigurationIdentityExcMPxN", 0.03, WAKING, false, Sender.SUPPLIER, 3, 3),
            new Kind("6.4.1", "UpdateDeviceConfigurationLoadLimitingGeneralSettings", 0.03, WORKING, true, Sender.SUPPLIER, 7, 8),
            new Kind("7.16", "LimitAPCLevel", 0.05, PEAK, true, Sender.VLP, 9, 10));

    /** One request to send: its kind, and when in the simulated day (seconds from midnight). */
    record Arrival(Kind kind, double atSecond) {
    }

    private final long total;
    private final long seed;
    private final long[] perKind;

    GbDayTraffic(double scale, long seed) {
        if (!(scale > 0) || scale > 10) {
            throw new IllegalArgumentException("scale must be above 0 and at most 10");
        }
        this.total = Math.round(NATIONAL_PER_DAY * scale);
        this.seed = seed;
        // Each kind's whole requests for the day by largest remainder, so that they add up to the total exactly.
        perKind = new long[MIX.size()];
        double[] remainder = new double[MIX.size()];
        long given = 0;
        for (int i = 0; i < MIX.size(); i++) {
            double exact = total * MIX.get(i).share();
            perKind[i] = (long) Math.floor(exact);
            remainder[i] = exact - perKind[i];
            given += perKind[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < remainder.length; i++) {
                best = remainder[i] > remainder[best] ? i : best;
            }
            perKind[best]++;
            remainder[best] = -1;
        }
    }

    long total() {
        return total;
    }

    /** How many of {@code kind} arrive in hour {@code h}: fractions carried from hour to hour, so the day sums exactly. */
    long count(Kind kind, int h) {
        double perDay = perKind[MIX.indexOf(kind)];
        double before = 0;
        for (int i = 0; i < h; i++) {
            before += perDay * kind.fractionIn(i);
        }
        double after = before + perDay * kind.fractionIn(h);
        return Math.round(after) - Math.round(before);
    }

    /** The requests of hour {@code h}, in order of arrival. */
    List<Arrival> hour(int h) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + h);
        List<Arrival> out = new ArrayList<>();
        for (Kind k : MIX) {
            long n = count(k, h);
            for (long i = 0; i < n; i++) {
                out.add(new Arrival(k, h * 3600.0 + rnd.nextDouble() * 3600.0));
            }
        }
        out.sort(Comparator.comparingDouble(Arrival::atSecond));
        return out;
    }

    /**
     * {@code n} requests spread evenly over {@code seconds} (real), kinds drawn by their shares: the warm-up before
     * the day. {@link Arrival#atSecond()} is real seconds from the warm-up's start here.
     */
    List<Arrival> warmup(int n, int seconds) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 - 1);
        List<Arrival> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble();
            Kind pick = MIX.get(MIX.size() - 1);
            for (Kind k : MIX) {
                if (x < k.share()) {
                    pick = k;
                    break;
                }
                x -= k.share();
            }
            out.add(new Arrival(pick, (double) i * seconds / n));
        }
        return out;
    }

    /** ECDSA signatures and verifications the day's mix needs per request, on average. */
    static double[] cryptoPerRequest() {
        double signs = 0;
        double verifies = 0;
        for (Kind k : MIX) {
            signs += k.share() * k.signs();
            verifies += k.share() * k.verifies();
        }
        return new double[] {signs, verifies};
    }

    private static double[] hours(double... w) {
        return w;
    }
}
