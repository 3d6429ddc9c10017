package dev.fathom.models;

import dev.fathom.tensor.Tensor;

/**
 * A change applied to each training batch's inputs on the fly, such as data augmentation: new
 * random flips, shifts or rotations every epoch, never on validation data. The seed is derived
 * from (fit seed, epoch, batch), so a resumed run sees the same images as an uninterrupted one.
 *
 * <pre>{@code
 * Augmentation aug = Augmentation.of(Augmentation.flipHorizontal(), Augmentation.rotate(15));
 * model.fit(x, y, Fit.epochs(10).augment(aug::apply));
 * }</pre>
 */
@FunctionalInterface
public interface BatchTransform {
    /** The transformed batch; same shape and type as {@code inputs}. */
    Tensor apply(Tensor inputs, long seed);
}
