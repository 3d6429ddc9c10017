package dev.fathom.tensor;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A seeded source of random numbers: the same seed gives the same tensors on every machine and
 * JDK, so experiments are reproducible.
 *
 * <p>Uses the L64X128MixRandom algorithm, whose output the JDK specifies exactly, and draws
 * normal values with the Box–Muller transform (not {@code nextGaussian}, whose algorithm the JDK
 * may change).
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor w = Tensor.randn(g, 784, 256);
 * }</pre>
 */
public final class Generator {
    private final RandomGenerator random;
    private double spareNormal = Double.NaN;

    /** A generator whose output is fixed by {@code seed}. */
    public Generator(long seed) {
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /** A uniform value in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** A uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A uniform 64-bit value, for example to seed a child generator. */
    public long nextLong() {
        return random.nextLong();
    }

    /** A value from the standard normal distribution. */
    public double nextNormal() {
        if (!Double.isNaN(spareNormal)) {
            double v = spareNormal;
            spareNormal = Double.NaN;
            return v;
        }
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log stays finite
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Shuffles {@code values} in place (Fisher–Yates). */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
