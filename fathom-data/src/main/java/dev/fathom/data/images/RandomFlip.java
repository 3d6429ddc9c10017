package dev.fathom.data.images;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.stream.IntStream;

/**
 * Mirrors images left-right and/or top-bottom, each sample independently with a probability
 * (0.5 by default), as Keras' {@code RandomFlip}. Values are moved, never interpolated.
 *
 * <pre>{@code
 * Augmentation.flipHorizontal().apply(batch, 7L);             // about half the images mirrored
 * Augmentation.flipVertical().probability(1).apply(batch, 0);  // every image upside down
 * }</pre>
 */
public final class RandomFlip implements Augmentation {
    private final boolean horizontal;
    private final boolean vertical;
    private final double probability;

    RandomFlip(boolean horizontal, boolean vertical) {
        this(horizontal, vertical, 0.5);
    }

    private RandomFlip(boolean horizontal, boolean vertical, double probability) {
        this.horizontal = horizontal;
        this.vertical = vertical;
        this.probability = probability;
    }

    /**
     * This flip with each image flipped with probability {@code p} (default 0.5).
     *
     * @throws IllegalArgumentException when {@code p} is outside [0, 1]
     */
    public RandomFlip probability(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomFlip.probability: must be in [0, 1], got " + p);
        return new RandomFlip(horizontal, vertical, p);
    }

    /** This flip also mirroring top-bottom (each direction drawn independently). */
    public RandomFlip andVertical() {
        return new RandomFlip(horizontal, true, probability);
    }

    /** This flip also mirroring left-right (each direction drawn independently). */
    public RandomFlip andHorizontal() {
        return new RandomFlip(true, vertical, probability);
    }

    @Override
    public Tensor apply(Tensor batch, Generator random) {
        ImageBatch b = ImageBatch.of(batch, "RandomFlip");
        boolean[] flipX = new boolean[b.n];
        boolean[] flipY = new boolean[b.n];
        // Draw in sample order, horizontal before vertical, so a seed means the same flips everywhere.
        for (int s = 0; s < b.n; s++) {
            if (horizontal) flipX[s] = random.nextDouble() < probability;
            if (vertical) flipY[s] = random.nextDouble() < probability;
        }
        float[] out = new float[b.values.length];
        int h = b.h;
        int w = b.w;
        IntStream.range(0, b.n).parallel().forEach(s -> {
            for (int ch = 0; ch < b.c; ch++) {
                int p = b.plane(s, ch);
                for (int y = 0; y < h; y++) {
                    int from = p + (flipY[s] ? h - 1 - y : y) * w;
                    int to = p + y * w;
                    if (flipX[s]) {
                        for (int x = 0; x < w; x++) out[to + x] = b.values[from + w - 1 - x];
                    } else {
                        System.arraycopy(b.values, from, out, to, w);
                    }
                }
            }
        });
        return b.wrap(out);
    }

    @Override
    public String toString() {
        String mode = horizontal && vertical ? "horizontal_and_vertical" : horizontal ? "horizontal" : "vertical";
        return "RandomFlip(" + mode + ", p=" + probability + ")";
    }
}
