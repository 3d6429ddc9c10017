package dev.fathom.data.images;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * A random change applied to each image of a batch on the fly, to train on variations of the
 * data: flips, shifts, rotations, and compositions of them (Keras' {@code RandomFlip},
 * {@code RandomTranslation}, {@code RandomRotation}).
 *
 * <p>Batches are {@code [N, C, H, W]} (channels first, what {@code Conv2D} takes) or
 * {@code [N, H, W]}; wrap with {@link #channelsLast()} for {@code [N, H, W, C]}. Each sample draws
 * its own parameters from the generator, in sample order, so a seed fixes the result on every
 * machine. The result is a new tensor of the batch's shape and type; the batch is not changed.
 * Augmentations are not differentiable: they transform input data, not activations.
 *
 * <pre>{@code
 * Augmentation aug = Augmentation.of(
 *         Augmentation.flipHorizontal(),
 *         Augmentation.shift(0.1),                        // up to 10 % of the height and width
 *         Augmentation.rotate(15).fillMode(FillMode.NEAREST));
 * Tensor augmented = aug.apply(batch, 42L);               // batch [64, 3, 32, 32] -> same shape
 * // in a training loop, a seed derived from (fit seed, epoch, batch index) makes a rerun or a
 * // resumed run see the same augmented images:
 * Tensor xb = aug.apply(batch, Objects.hash(fitSeed, epoch, batchIndex));
 * }</pre>
 */
public interface Augmentation {

    /**
     * The augmented batch, drawing random numbers from {@code random}.
     *
     * @throws IllegalArgumentException when {@code batch} is not a floating-point image batch of rank 3 or 4
     */
    Tensor apply(Tensor batch, Generator random);

    /**
     * The augmented batch with a generator seeded by {@code seed}: the per-batch transform for a
     * training loop, which derives the seed from its own seed, the epoch and the batch index.
     */
    default Tensor apply(Tensor batch, long seed) {
        return apply(batch, new Generator(seed));
    }

    /** This augmentation, then {@code next}, drawing from the same generator. */
    default Augmentation then(Augmentation next) {
        return of(this, next);
    }

    /**
     * This augmentation for channels-last batches {@code [N, H, W, C]}: the batch is permuted to
     * channels-first, augmented and permuted back.
     */
    default Augmentation channelsLast() {
        Augmentation inner = this;
        return (batch, random) -> {
            if (batch.rank() != 4) {
                throw new IllegalArgumentException("channelsLast: expected an image batch [N, H, W, C], got shape "
                        + java.util.Arrays.toString(batch.shape()));
            }
            return inner.apply(batch.permute(0, 3, 1, 2), random).permute(0, 2, 3, 1).contiguous();
        };
    }

    /** The steps applied in order, all drawing from the one generator. */
    static Augmentation of(Augmentation... steps) {
        if (steps.length == 0) throw new IllegalArgumentException("Augmentation.of: give at least one augmentation");
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == null) throw new IllegalArgumentException("Augmentation.of: step " + i + " is null");
        }
        return new AugmentationChain(List.of(steps));
    }

    /** Mirrors each image left-right with probability 0.5. */
    static RandomFlip flipHorizontal() {
        return new RandomFlip(true, false);
    }

    /** Mirrors each image top-bottom with probability 0.5. */
    static RandomFlip flipVertical() {
        return new RandomFlip(false, true);
    }

    /**
     * Shifts each image by up to {@code fraction} of its height and of its width, in either
     * direction (each amount uniform in {@code [-fraction, fraction]}).
     */
    static RandomTranslation shift(double fraction) {
        return new RandomTranslation(-fraction, fraction, -fraction, fraction);
    }

    /** Shifts each image by up to {@code heightFraction} of its height and {@code widthFraction} of its width. */
    static RandomTranslation shift(double heightFraction, double widthFraction) {
        return new RandomTranslation(-heightFraction, heightFraction, -widthFraction, widthFraction);
    }

    /** Rotates each image about its centre by an angle uniform in {@code [-degrees, degrees]}; positive turns counter-clockwise. */
    static RandomRotation rotate(double degrees) {
        return new RandomRotation(-degrees, degrees);
    }
}
