package org.dccsim.device.wan;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.device.model.Noise;
import org.dccsim.gbcs.Eui64;

/**
 * Faults injected on the WAN side of devices, fleet-wide with per-device overrides, changeable while running:
 * offline (not registered, so the head-end cannot reach it), a probability of dropping each frame in either
 * direction, added latency (fixed plus uniform jitter), and a probability of corrupting a response. Decisions
 * are deterministic in (seed, device, frame number), so a drill with the same seed meets the same faults.
 */
public final class FaultPlan {
    /** The settings for one device, or the fleet default. */
    public record Faults(boolean offline, double dropProbability, Duration latency, Duration jitter,
            double corruptProbability) {
        public static final Faults NONE = new Faults(false, 0, Duration.ZERO, Duration.ZERO, 0);

        public Faults {
            if (dropProbability < 0 || dropProbability > 1 || corruptProbability < 0 || corruptProbability > 1) {
                throw new IllegalArgumentException("probabilities are between 0 and 1");
            }
            if (latency.isNegative() || jitter.isNegative()) {
                throw new IllegalArgumentException("latency and jitter are not negative");
            }
        }
    }

    private final long seed;
    private volatile Faults fleetDefault;
    private final Map<Eui64, Faults> overrides = new ConcurrentHashMap<>();
    private final Map<Eui64, long[]> frameCounters = new ConcurrentHashMap<>();

    public FaultPlan(long seed, Faults fleetDefault) {
        this.seed = seed;
        this.fleetDefault = fleetDefault;
    }

    public static FaultPlan none() {
        return new FaultPlan(0, Faults.NONE);
    }

    public Faults of(Eui64 device) {
        return overrides.getOrDefault(device, fleetDefault);
    }

    public void setDefault(Faults f) {
        fleetDefault = f;
    }

    public void set(Eui64 device, Faults f) {
        overrides.put(device, f);
    }

    public void clear(Eui64 device) {
        overrides.remove(device);
    }

    public boolean offline(Eui64 device) {
        return of(device).offline();
    }

    /** Whether the next frame to or from this device is lost. */
    public boolean drop(Eui64 device) {
        double p = of(device).dropProbability();
        return p > 0 && draw(device) < p;
    }

    public boolean corrupt(Eui64 device) {
        double p = of(device).corruptProbability();
        return p > 0 && draw(device) < p;
    }

    public Duration delay(Eui64 device) {
        Faults f = of(device);
        if (f.jitter().isZero()) {
            return f.latency();
        }
        return f.latency().plusNanos((long) (f.jitter().toNanos() * draw(device)));
    }

    private double draw(Eui64 device) {
        long[] n = frameCounters.computeIfAbsent(device, k -> new long[1]);
        long i;
        synchronized (n) {
            i = n[0]++;
        }
        return Noise.unit(seed ^ device.value(), i);
    }
}
