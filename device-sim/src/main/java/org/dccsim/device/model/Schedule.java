package org.dccsim.device.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A script of fixed powers that overrides a model's own behaviour over given intervals: a reference site that
 * must show each combination of battery, generator and household states in turn is written this way rather
 * than hoped for from a random model. Outside every step the model behaves as usual.
 */
public record Schedule(List<Step> steps) {
    /** From {@code start} for {@code minutes}, the power is {@code watts} (the model's sign convention). */
    public record Step(Instant start, int minutes, long watts) {
        public Step {
            if (start == null || minutes < 1) {
                throw new IllegalArgumentException("a schedule step needs a start and at least one minute");
            }
        }

        long firstMinute() {
            return Math.floorDiv(start.getEpochSecond(), 60);
        }
    }

    public static final Schedule NONE = new Schedule(List.of());

    public Schedule {
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparing(Step::start));
        for (int i = 1; i < sorted.size(); i++) {
            Step prev = sorted.get(i - 1);
            if (prev.start().plus(Duration.ofMinutes(prev.minutes())).isAfter(sorted.get(i).start())) {
                throw new IllegalArgumentException("schedule steps at " + prev.start() + " and " + sorted.get(i).start() + " overlap");
            }
        }
        steps = List.copyOf(sorted);
    }

    /** The scheduled power at this minute since the Unix epoch, or null where no step covers it. */
    public Long wattsAt(long minute) {
        int lo = 0;
        int hi = steps.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Step s = steps.get(mid);
            long first = s.firstMinute();
            if (minute < first) {
                hi = mid - 1;
            } else if (minute >= first + s.minutes()) {
                lo = mid + 1;
            } else {
                return s.watts();
            }
        }
        return null;
    }
}
