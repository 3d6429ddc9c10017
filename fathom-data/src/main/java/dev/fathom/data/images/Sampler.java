package dev.fathom.data.images;

/**
 * Reads one image plane at fractional pixel coordinates, the step shared by resizing and the
 * geometric augmentations. Coordinates are pixel indices: {@code (0, 0)} is the centre of the
 * top-left pixel.
 */
final class Sampler {
    /** Coordinates this close to a whole number are taken as whole, so a 90° turn or a 2-pixel shift is exact. */
    private static final double SNAP = 1e-9;

    private Sampler() {}

    /**
     * The value of the {@code h × w} plane stored row-major in {@code src} from {@code offset},
     * at row {@code y} and column {@code x}.
     */
    static float sample(float[] src, int offset, int h, int w, double y, double x,
                        Interpolation interpolation, FillMode fill, float fillValue) {
        y = snap(y);
        x = snap(x);
        if (interpolation == Interpolation.NEAREST) {
            return at(src, offset, h, w, (int) Math.floor(y + 0.5), (int) Math.floor(x + 0.5), fill, fillValue);
        }
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        double top = at(src, offset, h, w, y0, x0, fill, fillValue);
        double bottom = 0;
        if (fx != 0) top = top * (1 - fx) + at(src, offset, h, w, y0, x0 + 1, fill, fillValue) * fx;
        if (fy != 0) {
            bottom = at(src, offset, h, w, y0 + 1, x0, fill, fillValue);
            if (fx != 0) bottom = bottom * (1 - fx) + at(src, offset, h, w, y0 + 1, x0 + 1, fill, fillValue) * fx;
        }
        return (float) (fy == 0 ? top : top * (1 - fy) + bottom * fy);
    }

    /**
     * Resizes the {@code h × w} plane at {@code src[srcOffset]} to {@code outH × outW} at
     * {@code dst[dstOffset]}, with half-pixel centres: output pixel {@code o} reads input
     * coordinate {@code (o + 0.5) * in / out - 0.5}, clamped to the edge. Bilinear then equals
     * PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} and TensorFlow's
     * {@code resize(antialias=False)}; nearest equals PyTorch's {@code "nearest-exact"}.
     */
    static void resize(float[] src, int srcOffset, int h, int w, float[] dst, int dstOffset, int outH, int outW,
                       Interpolation interpolation) {
        double sy = (double) h / outH;
        double sx = (double) w / outW;
        for (int oy = 0; oy < outH; oy++) {
            double y = (oy + 0.5) * sy - 0.5;
            int row = dstOffset + oy * outW;
            for (int ox = 0; ox < outW; ox++) {
                dst[row + ox] = sample(src, srcOffset, h, w, y, (ox + 0.5) * sx - 0.5, interpolation, FillMode.NEAREST, 0f);
            }
        }
    }

    private static float at(float[] src, int offset, int h, int w, int y, int x, FillMode fill, float fillValue) {
        int yy = fill.map(y, h);
        int xx = fill.map(x, w);
        return yy < 0 || xx < 0 ? fillValue : src[offset + yy * w + xx];
    }

    private static double snap(double v) {
        double r = Math.rint(v);
        return Math.abs(v - r) < SNAP ? r : v;
    }
}
