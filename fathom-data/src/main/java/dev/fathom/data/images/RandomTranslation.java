package dev.fathom.data.images;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Objects;

/**
 * Shifts each image by a random fraction of its height and width, as Keras'
 * {@code RandomTranslation}: a vertical shift uniform in {@code [heightLower, heightUpper] × H}
 * pixels (positive moves the image down) and a horizontal one uniform in
 * {@code [widthLower, widthUpper] × W} pixels (positive moves it right). Output pixel
 * {@code (y, x)} takes the input at {@code (y - dy, x - dx)}, interpolated (bilinear by default)
 * when the shift is not whole; pixels shifted in from outside are filled by the
 * {@link FillMode} (reflect by default, as Keras).
 *
 * <pre>{@code
 * Augmentation.shift(0.1).apply(batch, 1L);                      // up to ±10 % each way, reflected edges
 * Augmentation.shift(0, 0.2).fillMode(FillMode.CONSTANT);        // sideways only, zeros shifted in
 * Augmentation.shift(0).widthRange(0.25, 0.25);                  // exactly a quarter of the width right
 * }</pre>
 */
public final class RandomTranslation implements Augmentation {
    private final double heightLower;
    private final double heightUpper;
    private final double widthLower;
    private final double widthUpper;
    private final FillMode fillMode;
    private final Interpolation interpolation;
    private final float fillValue;

    RandomTranslation(double heightLower, double heightUpper, double widthLower, double widthUpper) {
        this(heightLower, heightUpper, widthLower, widthUpper, FillMode.REFLECT, Interpolation.BILINEAR, 0f);
    }

    private RandomTranslation(double heightLower, double heightUpper, double widthLower, double widthUpper, FillMode fillMode,
                              Interpolation interpolation, float fillValue) {
        checkRange("height", heightLower, heightUpper);
        checkRange("width", widthLower, widthUpper);
        this.heightLower = heightLower;
        this.heightUpper = heightUpper;
        this.widthLower = widthLower;
        this.widthUpper = widthUpper;
        this.fillMode = Objects.requireNonNull(fillMode, "fillMode");
        this.interpolation = Objects.requireNonNull(interpolation, "interpolation");
        this.fillValue = fillValue;
    }

    private static void checkRange(String axis, double lower, double upper) {
        if (!(lower >= -1 && upper <= 1 && lower <= upper)) {
            throw new IllegalArgumentException("RandomTranslation: the " + axis + " shift range [" + lower + ", " + upper
                    + "] must lie in [-1, 1] with lower <= upper (fractions of the image " + axis + ")");
        }
    }

    /** This shift with the vertical fraction drawn from {@code [lower, upper]} (positive: down). */
    public RandomTranslation heightRange(double lower, double upper) {
        return new RandomTranslation(lower, upper, widthLower, widthUpper, fillMode, interpolation, fillValue);
    }

    /** This shift with the horizontal fraction drawn from {@code [lower, upper]} (positive: right). */
    public RandomTranslation widthRange(double lower, double upper) {
        return new RandomTranslation(heightLower, heightUpper, lower, upper, fillMode, interpolation, fillValue);
    }

    /** How pixels shifted in from outside are filled (default {@link FillMode#REFLECT}). */
    public RandomTranslation fillMode(FillMode mode) {
        return new RandomTranslation(heightLower, heightUpper, widthLower, widthUpper, mode, interpolation, fillValue);
    }

    /** The value {@link FillMode#CONSTANT} fills with (default 0). */
    public RandomTranslation fillValue(double value) {
        return new RandomTranslation(heightLower, heightUpper, widthLower, widthUpper, fillMode, interpolation, (float) value);
    }

    /** How fractional shifts are sampled (default bilinear). */
    public RandomTranslation interpolation(Interpolation interpolation) {
        return new RandomTranslation(heightLower, heightUpper, widthLower, widthUpper, fillMode, interpolation, fillValue);
    }

    @Override
    public Tensor apply(Tensor batch, Generator random) {
        ImageBatch b = ImageBatch.of(batch, "RandomTranslation");
        double[] dy = new double[b.n];
        double[] dx = new double[b.n];
        for (int s = 0; s < b.n; s++) {
            dy[s] = (heightLower + (heightUpper - heightLower) * random.nextDouble()) * b.h;
            dx[s] = (widthLower + (widthUpper - widthLower) * random.nextDouble()) * b.w;
        }
        return b.resample((s, y, x, yx) -> {
            yx[0] = y - dy[s];
            yx[1] = x - dx[s];
        }, interpolation, fillMode, fillValue);
    }

    @Override
    public String toString() {
        return "RandomTranslation(height=[" + heightLower + ", " + heightUpper + "], width=[" + widthLower + ", " + widthUpper
                + "], " + fillMode + ", " + interpolation + ")";
    }
}
