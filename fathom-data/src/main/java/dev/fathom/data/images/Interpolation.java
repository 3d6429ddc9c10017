package dev.fathom.data.images;

/**
 * How a pixel between grid points is computed when an image is resized, rotated or shifted.
 *
 * <pre>{@code
 * ImageOptions.defaults().size(64, 64).interpolation(Interpolation.NEAREST);
 * }</pre>
 */
public enum Interpolation {
    /** The weighted mean of the four surrounding pixels (linear in each axis). */
    BILINEAR,
    /** The value of the closest pixel (ties round half up); keeps the original values, e.g. for masks. */
    NEAREST
}
