package dev.fathom.models;

/**
 * Derives independent seeds from a base seed and counters (epoch, layer index), so that the
 * random numbers of epoch {@code k} depend on {@code k} alone and not on how many were drawn
 * before: the property that makes a resumed run repeat an uninterrupted one.
 */
final class Seeds {
    private Seeds() {}

    /** A well-mixed seed from {@code base} and {@code parts}: SplitMix64's finalizer folded over each part. */
    static long mix(long base, long... parts) {
        long h = finish(base ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) h = finish(h + 0x9E3779B97F4A7C15L * (p + 1));
        return h;
    }

    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
