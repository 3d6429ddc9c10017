package dev.fathom.data.images;

import dev.fathom.testing.Golden;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {

    /** A batch [n, c, h, w] whose every value is its flat index: distinct and exact in float32. */
    private static Tensor distinct(int n, int c, int h, int w) {
        float[] v = new float[n * c * h * w];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return Tensor.of(v, n, c, h, w);
    }

    @Test
    void aCertainHorizontalFlipMirrorsEveryRow() {
        Tensor b = distinct(2, 3, 4, 5);
        Tensor out = Augmentation.flipHorizontal().probability(1).apply(b, 0L);
        for (int s = 0; s < 2; s++) for (int c = 0; c < 3; c++) for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) {
            assertEquals(b.get(s, c, y, 4 - x), out.get(s, c, y, x));
        }
        Tensor up = Augmentation.flipVertical().probability(1).apply(b, 0L);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) assertEquals(b.get(1, 2, 3 - y, x), up.get(1, 2, y, x));
        Tensor both = Augmentation.flipHorizontal().andVertical().probability(1).apply(b, 0L);
        assertEquals(b.get(0, 1, 0, 0), both.get(0, 1, 3, 4), "both flips move the top-left corner to the bottom-right");
        assertArrayEquals(b.toFloatArray(), Augmentation.flipHorizontal().probability(0).apply(b, 9L).toFloatArray());
    }

    @Test
    void aRandomFlipMirrorsAboutHalfTheSamplesReproducibly() {
        int n = 400;
        Tensor b = distinct(n, 1, 3, 3);
        Tensor out = Augmentation.flipHorizontal().apply(b, 11L);
        int flipped = 0;
        for (int s = 0; s < n; s++) {
            boolean same = b.get(s, 0, 1, 0) == out.get(s, 0, 1, 0);
            boolean mirrored = b.get(s, 0, 1, 0) == out.get(s, 0, 1, 2);
            assertTrue(same ^ mirrored, "sample " + s + " is either untouched or mirrored");
            for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) {
                assertEquals(b.get(s, 0, y, mirrored ? 2 - x : x), out.get(s, 0, y, x));
            }
            if (mirrored) flipped++;
        }
        assertTrue(flipped > 160 && flipped < 240, "binomial(400, 0.5) lands within 4 sd of 200: " + flipped);
        assertArrayEquals(out.toFloatArray(), Augmentation.flipHorizontal().apply(b, 11L).toFloatArray(), "same seed");
        assertFalse(java.util.Arrays.equals(out.toFloatArray(), Augmentation.flipHorizontal().apply(b, 12L).toFloatArray()));
    }

    @Test
    void aQuarterTurnOfASquareImageIsTheTransposeFlippedTopBottom() {
        Tensor b = distinct(2, 3, 6, 6);
        for (FillMode fill : FillMode.values()) {
            for (Interpolation in : Interpolation.values()) {
                Tensor ccw = Augmentation.rotate(0).range(90, 90).fillMode(fill).interpolation(in).apply(b, 1L);
                Tensor cw = Augmentation.rotate(0).range(-90, -90).fillMode(fill).interpolation(in).apply(b, 1L);
                Tensor half = Augmentation.rotate(0).range(180, 180).fillMode(fill).interpolation(in).apply(b, 1L);
                for (int s = 0; s < 2; s++) for (int c = 0; c < 3; c++) for (int y = 0; y < 6; y++) for (int x = 0; x < 6; x++) {
                    // np.rot90: out[y][x] = in[x][W-1-y]
                    assertEquals(b.get(s, c, x, 5 - y), ccw.get(s, c, y, x), fill + " " + in + " ccw at " + y + "," + x);
                    assertEquals(b.get(s, c, 5 - x, y), cw.get(s, c, y, x), "cw");
                    assertEquals(b.get(s, c, 5 - y, 5 - x), half.get(s, c, y, x), "180");
                }
            }
        }
    }

    @Test
    void aWholePixelShiftMovesAPixelWhereExpected() {
        float[] v = new float[8 * 8];
        v[3 * 8 + 4] = 1;   // one bright pixel at row 3, column 4
        Tensor b = Tensor.of(v, 1, 1, 8, 8);
        Tensor moved = Augmentation.shift(0).heightRange(0.25, 0.25).widthRange(-0.5, -0.5).fillMode(FillMode.CONSTANT).apply(b, 0L);
        assertEquals(1, moved.get(0, 0, 5, 0), "2 rows down, 4 columns left");
        assertEquals(1, moved.sum().item(), 0, "and nothing else lit");
        // Filling: the rows shifted in at the top copy row 0 with NEAREST, hold the fill value with CONSTANT.
        Tensor ramp = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3);
        Tensor down = Augmentation.shift(0).heightRange(1 / 3.0, 1 / 3.0).fillMode(FillMode.NEAREST).apply(ramp, 0L);
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6}, down.toFloatArray());
        Tensor filled = Augmentation.shift(0).heightRange(1 / 3.0, 1 / 3.0).fillMode(FillMode.CONSTANT).fillValue(-1).apply(ramp, 0L);
        assertArrayEquals(new float[] {-1, -1, -1, 1, 2, 3, 4, 5, 6}, filled.toFloatArray());
        Tensor wrapped = Augmentation.shift(0).widthRange(1 / 3.0, 1 / 3.0).fillMode(FillMode.WRAP).apply(ramp, 0L);
        assertArrayEquals(new float[] {3, 1, 2, 6, 4, 5, 9, 7, 8}, wrapped.toFloatArray());
        Tensor reflected = Augmentation.shift(0).widthRange(2 / 3.0, 2 / 3.0).fillMode(FillMode.REFLECT).apply(ramp, 0L);
        assertArrayEquals(new float[] {2, 1, 1, 5, 4, 4, 8, 7, 7}, reflected.toFloatArray());
        Tensor half = Augmentation.shift(0).widthRange(0.5 / 3, 0.5 / 3).fillMode(FillMode.NEAREST).apply(ramp, 0L);
        assertArrayEquals(new float[] {1, 1.5f, 2.5f, 4, 4.5f, 5.5f, 7, 7.5f, 8.5f}, half.toFloatArray(), 1e-6f,
                "half a pixel right: bilinear averages neighbours");
    }

    @Test
    void rotationAndShiftMatchScipyNdimageForEveryFillMode() {
        int cases = 0;
        for (Golden.Case k : Golden.load("/golden/images/images.txt")) {
            if (k.name().startsWith("resize")) continue;
            int h = (int) k.num("height");
            int w = (int) k.num("width");
            float[] v = new float[h * w];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) v[y * w + x] = (float) ((11 * y + 7 * x) % 13 + 0.5 * y);
            Tensor plane = Tensor.of(v, 1, 1, h, w);
            FillMode fill = FillMode.valueOf(k.str("fill"));
            Augmentation aug = k.name().startsWith("rotate")
                    ? Augmentation.rotate(0).range(k.num("degrees"), k.num("degrees")).fillMode(fill)
                    : Augmentation.shift(0).heightRange(k.num("heightFraction"), k.num("heightFraction"))
                            .widthRange(k.num("widthFraction"), k.num("widthFraction")).fillMode(fill);
            float[] got = aug.apply(plane, 5L).toFloatArray();
            double[] want = k.nums("expected");
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4, k.name() + " pixel " + i);
            cases++;
        }
        assertEquals(16, cases);
    }

    @Test
    void composesStepsDrawingFromOneGenerator() {
        Tensor b = distinct(5, 2, 7, 7);
        Augmentation flip = Augmentation.flipHorizontal();
        Augmentation turn = Augmentation.rotate(20).fillMode(FillMode.NEAREST);
        Augmentation both = Augmentation.of(flip, turn);
        Generator g = new Generator(3);
        Tensor byHand = turn.apply(flip.apply(b, g), g);
        assertArrayEquals(byHand.toFloatArray(), both.apply(b, 3L).toFloatArray());
        assertArrayEquals(byHand.toFloatArray(), flip.then(turn).apply(b, 3L).toFloatArray());
        assertTrue(both.toString().contains("RandomFlip") && both.toString().contains("RandomRotation"), both.toString());
        assertEquals(0, b.get(0, 0, 0, 0), "the input is not changed");
    }

    @Test
    void channelsLastAndUnchanneledBatchesGiveTheSameImages() {
        Tensor nchw = distinct(3, 3, 5, 5);
        Augmentation aug = Augmentation.of(Augmentation.flipHorizontal(), Augmentation.shift(0.2), Augmentation.rotate(30));
        Tensor expected = aug.apply(nchw, 8L).permute(0, 2, 3, 1).contiguous();
        Tensor nhwc = nchw.permute(0, 2, 3, 1).contiguous();
        Tensor got = aug.channelsLast().apply(nhwc, 8L);
        assertArrayEquals(new int[] {3, 5, 5, 3}, got.shape());
        assertArrayEquals(expected.toFloatArray(), got.toFloatArray());

        Tensor grey = distinct(4, 1, 6, 6);
        assertArrayEquals(aug.apply(grey, 2L).toFloatArray(), aug.apply(grey.reshape(4, 6, 6), 2L).toFloatArray(),
                "[N, H, W] is [N, 1, H, W]");
        Tensor doubles = grey.asType(DType.FLOAT64);
        assertEquals(DType.FLOAT64, aug.apply(doubles, 2L).dtype(), "the type is kept");
    }

    @Test
    void rejectsWhatIsNotAFloatingImageBatch() {
        var ints = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.rotate(10).apply(Tensor.of(new int[] {1, 2, 3, 4}, 1, 2, 2), 0L));
        assertTrue(ints.getMessage().startsWith("RandomRotation: the batch is") && ints.getMessage().contains("asType(DType.FLOAT32)"),
                ints.getMessage());
        var flat = assertThrows(IllegalArgumentException.class, () -> Augmentation.flipVertical().apply(Tensor.zeros(4, 784), 0L));
        assertTrue(flat.getMessage().contains("[N, C, H, W] or [N, H, W], got shape [4, 784]")
                && flat.getMessage().contains("reshape"), flat.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> Augmentation.shift(1.5));
        assertTrue(range.getMessage().contains("must lie in [-1, 1]"), range.getMessage());
        var angle = assertThrows(IllegalArgumentException.class, () -> Augmentation.rotate(-5));
        assertTrue(angle.getMessage().contains("d must be >= 0"), angle.getMessage());
        var p = assertThrows(IllegalArgumentException.class, () -> Augmentation.flipHorizontal().probability(2));
        assertTrue(p.getMessage().contains("[0, 1], got 2.0"), p.getMessage());
        assertThrows(IllegalArgumentException.class, Augmentation::of);
        var last = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.flipHorizontal().channelsLast().apply(Tensor.zeros(2, 3, 3), 0L));
        assertTrue(last.getMessage().contains("[N, H, W, C]"), last.getMessage());
    }
}
