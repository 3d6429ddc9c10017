package dev.fathom.data.images;

/**
 * The channels an image is converted to when it is read, whatever it holds on disk (Keras'
 * {@code color_mode}).
 *
 * <pre>{@code
 * ImageOptions.defaults().colorMode(ColorMode.GRAYSCALE);   // one channel per image
 * }</pre>
 */
public enum ColorMode {
    /**
     * One channel. Colour images become ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B}
     * (the weights of PIL's {@code convert("L")}, not rounded); grey images keep their values.
     */
    GRAYSCALE(1),
    /** Three channels R, G, B (sRGB). A grey image repeats its value in all three; alpha is dropped. */
    RGB(3),
    /** Four channels R, G, B, A; an image without alpha gets A = 255 (opaque). */
    RGBA(4);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    /** The number of channels: 1, 3 or 4. */
    public int channels() {
        return channels;
    }
}
