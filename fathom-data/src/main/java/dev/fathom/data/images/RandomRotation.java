package dev.fathom.data.images;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Objects;

/**
 * Rotates each image about its centre by a random angle, as Keras' {@code RandomRotation} but
 * in degrees: the angle is uniform in {@code [lower, upper]}, and a positive angle turns the image
 * counter-clockwise as seen on screen. The centre is {@code ((H - 1) / 2, (W - 1) / 2)}; output
 * pixel {@code (y, x)} takes the input at the point rotated back by the angle, interpolated
 * (bilinear by default); corners that come from outside are filled by the {@link FillMode}
 * (reflect by default, as Keras). A 90° turn of a square image is exact: the transpose flipped
 * top-bottom, as NumPy's {@code rot90}.
 *
 * <pre>{@code
 * Augmentation.rotate(15).apply(batch, 3L);                             // within ±15°
 * Augmentation.rotate(0).range(90, 90).fillMode(FillMode.CONSTANT);     // exactly a quarter turn
 * }</pre>
 */
public final class RandomRotation implements Augmentation {
    private final double lower;
    private final double upper;
    private final FillMode fillMode;
    private final Interpolation interpolation;
    private final float fillValue;

    RandomRotation(double lower, double upper) {
        this(lower, upper, FillMode.REFLECT, Interpolation.BILINEAR, 0f);
    }

    private RandomRotation(double lower, double upper, FillMode fillMode, Interpolation interpolation, float fillValue) {
        if (!(lower <= upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("RandomRotation: the angle range [" + lower + ", " + upper + "] degrees must be"
                    + " finite with lower <= upper; rotate(d) takes [-d, d], so d must be >= 0");
        }
        this.lower = lower;
        this.upper = upper;
        this.fillMode = Objects.requireNonNull(fillMode, "fillMode");
        this.interpolation = Objects.requireNonNull(interpolation, "interpolation");
        this.fillValue = fillValue;
    }

    /** This rotation with the angle drawn from {@code [lower, upper]} degrees (positive: counter-clockwise). */
    public RandomRotation range(double lower, double upper) {
        return new RandomRotation(lower, upper, fillMode, interpolation, fillValue);
    }

    /** How the corners that come from outside the image are filled (default {@link FillMode#REFLECT}). */
    public RandomRotation fillMode(FillMode mode) {
        return new RandomRotation(lower, upper, mode, interpolation, fillValue);
    }

    /** The value {@link FillMode#CONSTANT} fills with (default 0). */
    public RandomRotation fillValue(double value) {
        return new RandomRotation(lower, upper, fillMode, interpolation, (float) value);
    }

    /** How rotated positions are sampled (default bilinear). */
    public RandomRotation interpolation(Interpolation interpolation) {
        return new RandomRotation(lower, upper, fillMode, interpolation, fillValue);
    }

    @Override
    public Tensor apply(Tensor batch, Generator random) {
        ImageBatch b = ImageBatch.of(batch, "RandomRotation");
        double[] cos = new double[b.n];
        double[] sin = new double[b.n];
        for (int s = 0; s < b.n; s++) {
            double theta = Math.toRadians(lower + (upper - lower) * random.nextDouble());
            cos[s] = Math.cos(theta);
            sin[s] = Math.sin(theta);
        }
        double cy = (b.h - 1) / 2.0;
        double cx = (b.w - 1) / 2.0;
        // Inverse map with rows pointing down: a counter-clockwise turn on screen reads the source at
        // x' = cx + dx cos - dy sin, y' = cy + dx sin + dy cos (dx, dy measured from the centre).
        return b.resample((s, y, x, yx) -> {
            double dy = y - cy;
            double dx = x - cx;
            yx[0] = cy + dx * sin[s] + dy * cos[s];
            yx[1] = cx + dx * cos[s] - dy * sin[s];
        }, interpolation, fillMode, fillValue);
    }

    @Override
    public String toString() {
        return "RandomRotation([" + lower + ", " + upper + "] degrees, " + fillMode + ", " + interpolation + ")";
    }
}
