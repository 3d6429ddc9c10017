/**
 * Images for training: {@link dev.fathom.data.images.ImageFolder} reads a folder with one
 * subfolder per class (PNG, JPEG, BMP, GIF) into a float32 batch and int32 labels, and
 * {@link dev.fathom.data.images.Augmentation} changes each batch at random (flips, shifts,
 * rotations) while a model trains.
 *
 * <pre>{@code
 * LabeledImages data = ImageFolder.load(Path.of("flowers"), ImageOptions.defaults().size(64, 64));
 * Augmentation aug = Augmentation.of(Augmentation.flipHorizontal(), Augmentation.rotate(10));
 * Tensor batch = aug.apply(data.images().slice(0, 0, 32), 1L);
 * }</pre>
 */
package dev.fathom.data.images;
