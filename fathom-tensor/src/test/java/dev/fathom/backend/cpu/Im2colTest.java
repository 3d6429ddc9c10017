package dev.fathom.backend.cpu;

import dev.fathom.backend.Window;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * im2col and col2im on float32 against their definitions, element by element and bit for bit: the
 * whole-row copies (a vector tail that overlaps the run) and the masked tail of col2im's adds must
 * give exactly what one pixel at a time gives, on every geometry around them (runs shorter than a
 * vector, padding on any side, strides, dilation, a plane's last row next to another thread's plane).
 */
class Im2colTest {

    private static final Window[] WINDOWS = {
            new Window(3, 3, 1, 1, 1, 1, 0, 0, 0, 0),
            new Window(3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
            new Window(3, 2, 1, 1, 1, 1, 2, 0, 0, 1),
            new Window(2, 3, 2, 1, 1, 1, 0, 1, 1, 0),
            new Window(3, 3, 1, 2, 1, 1, 1, 1, 1, 1),
            new Window(3, 3, 2, 2, 2, 2, 2, 2, 2, 2),
            new Window(1, 1, 1, 1, 1, 1, 0, 0, 0, 0),
            new Window(5, 5, 1, 1, 1, 1, 0, 0, 0, 0),
    };
    private static final int[][] IMAGES = {{2, 3, 28, 28}, {3, 2, 13, 13}, {2, 2, 11, 11}, {1, 2, 9, 17}, {2, 1, 6, 7}, {1, 1, 4, 30}};

    @Test
    void im2colCopiesEachWindowTapExactly() {
        Random r = new Random(1);
        for (Window win : WINDOWS) {
            for (int[] s : IMAGES) {
                if (win.outHeight(s[2]) < 1 || win.outWidth(s[3]) < 1) continue;
                float[] x = random(r, s[0] * s[1] * s[2] * s[3]);
                int rows = s[1] * win.taps();
                int length = s[0] * win.outHeight(s[2]) * win.outWidth(s[3]);
                // Offsets on both sides, and floats after the end, so a copy past its run would show.
                float[] cols = new float[3 + rows * length + 5];
                java.util.Arrays.fill(cols, -7f);
                Im2col.im2col(pad(x, 2), 2, s[0], s[1], s[2], s[3], win, 0.5, cols, 3);
                float[] expected = cols.clone();
                im2colReference(x, s, win, 0.5f, expected, 3);
                assertArrayEquals(expected, cols, win + " on " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void col2imSumsEachPixelsTapsExactly() {
        Random r = new Random(2);
        for (Window win : WINDOWS) {
            for (int[] s : IMAGES) {
                if (win.outHeight(s[2]) < 1 || win.outWidth(s[3]) < 1) continue;
                int rows = s[1] * win.taps();
                int length = s[0] * win.outHeight(s[2]) * win.outWidth(s[3]);
                float[] cols = pad(random(r, rows * length), 1);
                float[] x = new float[2 + s[0] * s[1] * s[2] * s[3] + 3];
                java.util.Arrays.fill(x, 9f);
                Im2col.col2im(cols, 1, s[0], s[1], s[2], s[3], win, x, 2);
                float[] expected = new float[x.length];
                java.util.Arrays.fill(expected, 9f);
                col2imReference(cols, 1, s, win, expected, 2);
                assertArrayEquals(expected, x, win + " on " + java.util.Arrays.toString(s));
            }
        }
    }

    private static void im2colReference(float[] x, int[] s, Window win, float padValue, float[] cols, int co) {
        int ho = win.outHeight(s[2]);
        int wo = win.outWidth(s[3]);
        int length = s[0] * ho * wo;
        for (int c = 0; c < s[1]; c++) {
            for (int i = 0; i < win.kh(); i++) {
                for (int j = 0; j < win.kw(); j++) {
                    int row = (c * win.kh() + i) * win.kw() + j;
                    for (int n = 0; n < s[0]; n++) {
                        for (int oy = 0; oy < ho; oy++) {
                            for (int ox = 0; ox < wo; ox++) {
                                int iy = oy * win.sh() + i * win.dh() - win.padTop();
                                int ix = ox * win.sw() + j * win.dw() - win.padLeft();
                                boolean inside = iy >= 0 && iy < s[2] && ix >= 0 && ix < s[3];
                                cols[co + row * length + (n * ho + oy) * wo + ox] =
                                        inside ? x[((n * s[1] + c) * s[2] + iy) * s[3] + ix] : padValue;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Zeros each plane, then adds the taps in order (i, then j): the order the kernel adds a pixel's taps in. */
    private static void col2imReference(float[] cols, int co, int[] s, Window win, float[] x, int xo) {
        int ho = win.outHeight(s[2]);
        int wo = win.outWidth(s[3]);
        int length = s[0] * ho * wo;
        java.util.Arrays.fill(x, xo, xo + s[0] * s[1] * s[2] * s[3], 0f);
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                for (int i = 0; i < win.kh(); i++) {
                    for (int j = 0; j < win.kw(); j++) {
                        int row = (c * win.kh() + i) * win.kw() + j;
                        for (int oy = 0; oy < ho; oy++) {
                            for (int ox = 0; ox < wo; ox++) {
                                int iy = oy * win.sh() + i * win.dh() - win.padTop();
                                int ix = ox * win.sw() + j * win.dw() - win.padLeft();
                                if (iy < 0 || iy >= s[2] || ix < 0 || ix >= s[3]) continue;
                                x[xo + ((n * s[1] + c) * s[2] + iy) * s[3] + ix] += cols[co + row * length + (n * ho + oy) * wo + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] random(Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    /** {@code a} after {@code before} floats of other data (NaN, so reading them by mistake shows). */
    private static float[] pad(float[] a, int before) {
        float[] out = new float[before + a.length];
        java.util.Arrays.fill(out, 0, before, Float.NaN);
        System.arraycopy(a, 0, out, before, a.length);
        return out;
    }
}
