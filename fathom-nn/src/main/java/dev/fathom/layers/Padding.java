package dev.fathom.layers;

import dev.fathom.tensor.Convolution;

/**
 * How a sliding-window layer ({@link Conv2D}, {@link MaxPool2D}, {@link AveragePool2D}) treats the
 * image border, as Keras' {@code padding="valid"} and {@code "same"}.
 *
 * <p>With {@code VALID} windows stay inside the image: a 3×3 kernel turns 28×28 into 26×26. With
 * {@code SAME} the image is padded so that each axis keeps {@code ceil(size / stride)} outputs
 * (28×28 stays 28×28 at stride 1, becomes 14×14 at stride 2); the odd padded pixel goes after
 * (bottom, right), as in Keras and TensorFlow.
 *
 * <pre>{@code
 * new Conv2D(32, 3).padding(Padding.SAME)
 * }</pre>
 */
public enum Padding {
    /** No padding: every window lies inside the image. */
    VALID,
    /** Pads so that the output has {@code ceil(size / stride)} positions per axis. */
    SAME;

    /** The Keras keyword: {@code "valid"} or {@code "same"}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The padding {@code {top, bottom, left, right}} for an {@code h × w} image and a
     * {@code kh × kw} window with the given strides and dilations.
     */
    public int[] amounts(int h, int w, int kh, int kw, int sh, int sw, int dh, int dw) {
        if (this == VALID) return Convolution.valid();
        int[] rows = Convolution.samePadding(h, kh, sh, dh);
        int[] cols = Convolution.samePadding(w, kw, sw, dw);
        return Convolution.padding(rows[0], rows[1], cols[0], cols[1]);
    }

    // ---- shared by the image layers ----------------------------------------------------------

    /**
     * Checks that {@code layer} got per-sample images {@code [channels, height, width]}; the error
     * names the shape it got and the Reshape (or permute) that fixes the usual mistakes.
     */
    static void requireImage(Layer layer, int[] in) {
        if (in.length == 3) return;
        String got = "got input " + Layer.batchShape(in) + " but needs images [batch, channels, height, width]";
        String fix;
        if (in.length == 2) {
            fix = "add Reshape(1, " + in[0] + ", " + in[1] + ") before this layer to give the images a channel axis";
        } else if (in.length == 1) {
            int n = in[0];
            int side = squareSide(n);
            int side3 = n % 3 == 0 ? squareSide(n / 3) : -1;
            if (side > 0) {
                fix = "flat images need their shape back: add Reshape(1, " + side + ", " + side + ") before this layer"
                        + " (one channel of " + side + "x" + side + "), or Reshape(channels, height, width) for"
                        + " another layout";
            } else if (side3 > 0) {
                fix = "flat images need their shape back: add Reshape(3, " + side3 + ", " + side3 + ") before this"
                        + " layer (three channels of " + side3 + "x" + side3 + "), or Reshape(channels, height, width)"
                        + " for another layout";
            } else {
                fix = "flat images need their shape back: add Reshape(channels, height, width) before this layer";
            }
        } else if (in.length == 0) {
            fix = "samples are scalars; this layer works on images";
        } else {
            fix = "remove the extra axes (e.g. with Reshape) so that each sample is [channels, height, width]";
        }
        throw layer.shapeError(got + "; " + fix);
    }

    /**
     * Checks that a {@code kh × kw} window fits the padded {@code h × w} image, and returns the
     * output {@code {height, width}}.
     */
    static int[] outputSize(Layer layer, int[] in, int kh, int kw, int sh, int sw, int dh, int dw, int[] pad) {
        int ho = Convolution.outputSize(in[1], kh, sh, pad[0], pad[1], dh);
        int wo = Convolution.outputSize(in[2], kw, sw, pad[2], pad[3], dw);
        if (ho < 1 || wo < 1) {
            String window = kh + "x" + kw + (dh > 1 || dw > 1 ? " (dilated " + ((kh - 1) * dh + 1) + "x" + ((kw - 1) * dw + 1) + ")" : "");
            throw layer.shapeError("a " + window + " window does not fit in the " + in[1] + "x" + in[2] + " images of input "
                    + Layer.batchShape(in) + "; use a smaller window, padding(Padding.SAME), or fewer downsampling"
                    + " layers before this one");
        }
        return new int[] {ho, wo};
    }

    private static int squareSide(int n) {
        int s = (int) Math.round(Math.sqrt(n));
        return s > 1 && s * s == n ? s : -1;
    }
}
