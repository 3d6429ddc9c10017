package dev.fathom.data.images;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A batch of images as one float array of {@code n × c} planes of {@code h × w}: what the
 * augmentations read and write. {@code [N, C, H, W]} batches have {@code c = C}; {@code [N, H, W]}
 * batches (grey images without a channel axis, such as Fashion-MNIST's) have {@code c = 1}.
 */
final class ImageBatch {
    final int n;
    final int c;
    final int h;
    final int w;
    final float[] values;
    private final int[] shape;
    private final DType dtype;

    private ImageBatch(int[] shape, DType dtype, float[] values) {
        this.shape = shape;
        this.dtype = dtype;
        this.values = values;
        this.n = shape[0];
        this.c = shape.length == 4 ? shape[1] : 1;
        this.h = shape[shape.length - 2];
        this.w = shape[shape.length - 1];
    }

    /**
     * The batch's values.
     *
     * @throws IllegalArgumentException naming {@code op} when the batch is not a floating-point
     *     {@code [N, C, H, W]} or {@code [N, H, W]} tensor
     */
    static ImageBatch of(Tensor batch, String op) {
        int[] shape = batch.shape();
        if (shape.length != 3 && shape.length != 4) {
            throw new IllegalArgumentException(op + ": expected an image batch [N, C, H, W] or [N, H, W], got shape "
                    + Arrays.toString(shape) + (shape.length == 2 ? "; reshape flat images to [N, H, W] first" : ""));
        }
        if (!batch.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": the batch is " + batch.dtype() + "; augmentations interpolate, so give"
                    + " floating-point images (batch.asType(DType.FLOAT32))");
        }
        return new ImageBatch(shape, batch.dtype(), batch.toFloatArray());
    }

    /** The offset of plane {@code channel} of sample {@code sample}. */
    int plane(int sample, int channel) {
        return (sample * c + channel) * h * w;
    }

    /** A tensor of this batch's shape and type holding {@code out}. */
    Tensor wrap(float[] out) {
        Tensor t = Tensor.wrap(out, shape.clone());
        return dtype == DType.FLOAT32 ? t : t.asType(dtype);
    }

    /**
     * Fills a new batch: output pixel {@code (y, x)} of each plane of sample {@code s} takes the
     * input at {@code map.source(s, y, x)}, sampled with the given interpolation and fill. Samples
     * run in parallel; the map must not draw random numbers (draw them before).
     */
    Tensor resample(SourceMap map, Interpolation interpolation, FillMode fill, float fillValue) {
        float[] out = new float[values.length];
        IntStream.range(0, n).parallel().forEach(s -> {
            double[] yx = new double[2];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    map.source(s, y, x, yx);
                    for (int ch = 0; ch < c; ch++) {
                        int p = plane(s, ch);
                        out[p + y * w + x] = Sampler.sample(values, p, h, w, yx[0], yx[1], interpolation, fill, fillValue);
                    }
                }
            }
        });
        return wrap(out);
    }

    /** Where an output pixel reads from: writes the source row and column into {@code yx}. */
    @FunctionalInterface
    interface SourceMap {
        void source(int sample, int y, int x, double[] yx);
    }
}
