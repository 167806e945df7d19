package org.dccsim.device.model;

/** Deterministic pseudo-random numbers from a seed and an index (SplitMix64), so any minute can be recomputed alone. */
public final class Noise {
    private Noise() {
    }

    public static long mix(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public static double unit(long seed, long index) {
        return (mix(seed, index) >>> 11) * 0x1.0p-53;
    }
}
