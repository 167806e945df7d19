package org.dccsim.device.model;

import java.util.Arrays;

/**
 * Outdoor air temperature over a fleet, in degrees Celsius, minute by minute: what drives the heat pumps'
 * demand and efficiency. One series serves every site of a fleet (a fleet sits in one weather region).
 */
public sealed interface Weather {

    double outdoorC(long minute);

    /**
     * GB climatology: a daily mean following the seasons (about 4.5 C in mid-January, 16.5 C in mid-July, the
     * shape of the Met Office's 1991-2020 UK monthly means) and a diurnal swing of +-3.5 C with its minimum
     * at 05:00 and maximum at 15:00 UTC.
     */
    record Seasonal(double offsetC) implements Weather {
        @Override
        public double outdoorC(long minute) {
            double dayOfYear = Math.floorMod(minute, 525_960L) / 1440.0;
            double mean = 10.5 - 6.0 * Math.cos(2 * Math.PI * (dayOfYear - 20) / 365.25);
            return mean + diurnal(minute, 3.5) + offsetC;
        }
    }

    /** The same day every day: a mean and a diurnal swing (minimum at 05:00, maximum at 15:00 UTC). */
    record DailyCycle(double meanC, double swingC) implements Weather {
        /** A cold GB winter day: -2 C before dawn, 5 C mid-afternoon. */
        public static final DailyCycle WINTER = new DailyCycle(1.5, 3.5);
        /** A warm GB summer day: 12 C before dawn, 22 C mid-afternoon. */
        public static final DailyCycle SUMMER = new DailyCycle(17, 5);

        @Override
        public double outdoorC(long minute) {
            return meanC + diurnal(minute, swingC);
        }
    }

    /**
     * Measured or forecast temperatures at given minutes (since the Unix epoch), linearly interpolated between
     * them and held flat before the first and after the last.
     */
    record Series(long[] minutes, double[] celsius) implements Weather {
        public Series {
            if (minutes.length == 0 || minutes.length != celsius.length) {
                throw new IllegalArgumentException("a weather series needs at least one point, a temperature for each time");
            }
            minutes = minutes.clone();
            celsius = celsius.clone();
            for (int i = 1; i < minutes.length; i++) {
                if (minutes[i] <= minutes[i - 1]) {
                    throw new IllegalArgumentException("weather series times must increase");
                }
            }
        }

        @Override
        public long[] minutes() {
            return minutes.clone();
        }

        @Override
        public double[] celsius() {
            return celsius.clone();
        }

        @Override
        public double outdoorC(long minute) {
            int i = Arrays.binarySearch(minutes, minute);
            if (i >= 0) {
                return celsius[i];
            }
            int after = -i - 1;
            if (after == 0) {
                return celsius[0];
            }
            if (after == minutes.length) {
                return celsius[minutes.length - 1];
            }
            double f = (double) (minute - minutes[after - 1]) / (minutes[after] - minutes[after - 1]);
            return celsius[after - 1] + f * (celsius[after] - celsius[after - 1]);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && Arrays.equals(minutes, s.minutes) && Arrays.equals(celsius, s.celsius);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(minutes) + Arrays.hashCode(celsius);
        }

        @Override
        public String toString() {
            return "Series[" + minutes.length + " points]";
        }
    }

    /** The default: GB climatology for the date. */
    Weather GB = new Seasonal(0);

    /** A cosine from the 05:00 minimum to the 15:00 maximum and back, amplitude {@code swing}. */
    private static double diurnal(long minute, double swing) {
        double hour = Math.floorMod(minute, 1440) / 60.0;
        // Rising over the 10 hours 05:00-15:00, falling over the 14 hours back to 05:00.
        double phase = hour >= 5 && hour < 15 ? (hour - 5) / 10.0 * Math.PI : Math.PI + ((hour - 15 + 24) % 24) / 14.0 * Math.PI;
        return -swing * Math.cos(phase);
    }
}
