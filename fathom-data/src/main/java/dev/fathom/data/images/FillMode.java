package dev.fathom.data.images;

/**
 * How a geometric augmentation fills the pixels whose source lies outside the image, as Keras'
 * {@code fill_mode} (shown for a row {@code a b c d}).
 *
 * <pre>{@code
 * Augmentation.rotate(15).fillMode(FillMode.NEAREST);
 * }</pre>
 */
public enum FillMode {
    /** {@code (0 0 0 0 | a b c d | 0 0 0 0)}: zeros (or the augmentation's fill value). */
    CONSTANT,
    /** {@code (a a a a | a b c d | d d d d)}: the nearest edge pixel. */
    NEAREST,
    /** {@code (d c b a | a b c d | d c b a)}: mirrored about the edge, the edge pixel repeated. Keras' default. */
    REFLECT,
    /** {@code (a b c d | a b c d | a b c d)}: the opposite edge, as if the image were tiled. */
    WRAP;

    /**
     * The index inside {@code [0, size)} that index {@code i} reads, or -1 for {@link #CONSTANT}
     * outside the image.
     */
    int map(int i, int size) {
        if (i >= 0 && i < size) return i;
        return switch (this) {
            case CONSTANT -> -1;
            case NEAREST -> i < 0 ? 0 : size - 1;
            case WRAP -> Math.floorMod(i, size);
            case REFLECT -> {
                // Period 2*size: 0..size-1 forwards, then size-1..0 backwards.
                int m = Math.floorMod(i, 2 * size);
                yield m < size ? m : 2 * size - 1 - m;
            }
        };
    }
}
