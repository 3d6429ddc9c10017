package dev.fathom.backend;

/**
 * The geometry of a sliding 2-D window, as convolution and pooling use it: kernel size, stride,
 * dilation (spacing between taps) and zero padding on each side.
 *
 * <pre>{@code
 * Window w = new Window(3, 3, 1, 1, 1, 1, 0, 0, 0, 0);   // 3x3, stride 1, no padding
 * w.outHeight(28);                                        // 26
 * }</pre>
 */
public record Window(int kh, int kw, int sh, int sw, int dh, int dw, int padTop, int padBottom, int padLeft, int padRight) {

    /** Checks that sizes, strides and dilations are positive and padding is not negative. */
    public Window {
        checkSizes("window", kh, kw, sh, sw, dh, dw);
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("window: padding must be >= 0, got {top " + padTop + ", bottom " + padBottom
                    + ", left " + padLeft + ", right " + padRight + "}");
        }
    }

    /**
     * Throws, naming {@code op}, unless kernel size, stride and dilation are all at least 1: for ops
     * that check their arguments before they make a window, so the error names the op the user called.
     */
    public static void checkSizes(String op, int kh, int kw, int sh, int sw, int dh, int dw) {
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1) {
            throw new IllegalArgumentException(op + ": kernel size, stride and dilation must be >= 1, got kernel "
                    + kh + "x" + kw + ", stride " + sh + "x" + sw + ", dilation " + dh + "x" + dw);
        }
    }

    /** The number of window positions down an image of this height. */
    public int outHeight(int height) {
        return (height + padTop + padBottom - dh * (kh - 1) - 1) / sh + 1;
    }

    /** The number of window positions across an image of this width. */
    public int outWidth(int width) {
        return (width + padLeft + padRight - dw * (kw - 1) - 1) / sw + 1;
    }

    /** How many values one window covers per channel. */
    public int taps() {
        return kh * kw;
    }
}
