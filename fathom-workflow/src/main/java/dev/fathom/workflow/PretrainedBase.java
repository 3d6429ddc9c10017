package dev.fathom.workflow;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A pretrained network that {@link Fathom#trainImages} starts from ({@code fathom train photos/
 * --base net.onnx}): its file (ONNX, or a {@code .fathom} model), how pixels are normalized for it,
 * and where its body is cut from its classifier. Immutable: each setter returns a changed copy.
 *
 * <p>Images are resized to the size and channels of the network's input {@code [N, C, H, W]} and
 * scaled to [0, 1]; with a {@link #mean} and {@link #std} each channel then becomes
 * {@code (pixel - mean) / std}, inside the saved model, so the saved pipeline predicts from raw
 * images. The body ends at the input of the network's last Gemm/MatMul (its classifier, a Dense
 * layer once imported) unless {@link #cut} names the node to end at.
 *
 * <pre>{@code
 * PretrainedBase base = PretrainedBase.of(Path.of("resnet18.onnx"))
 *         .mean(0.485, 0.456, 0.406).std(0.229, 0.224, 0.225);   // ImageNet's normalization
 * Fathom.trainImages(Path.of("photos"), TrainOptions.defaults().base(base));
 * }</pre>
 */
public final class PretrainedBase {
    private final Path file;
    private final double[] mean;
    private final double[] std;
    private final String cut;

    private PretrainedBase(Path file, double[] mean, double[] std, String cut) {
        this.file = file;
        this.mean = mean;
        this.std = std;
        this.cut = cut;
    }

    /** The network in {@code file}, pixels in [0, 1], cut before its last Gemm/MatMul. */
    public static PretrainedBase of(Path file) {
        return new PretrainedBase(Objects.requireNonNull(file, "file"), null, null, null);
    }

    /**
     * Subtracts these means from the [0, 1] pixels: one per channel of the network's input, or one
     * for all (ImageNet's are 0.485, 0.456, 0.406).
     *
     * @throws IllegalArgumentException when no number is given or one is not finite
     */
    public PretrainedBase mean(double... mean) {
        return new PretrainedBase(file, check("mean", mean, false), std, cut);
    }

    /**
     * Then divides by these standard deviations: one per channel, or one for all (ImageNet's are
     * 0.229, 0.224, 0.225).
     *
     * @throws IllegalArgumentException when no number is given or one is not positive and finite
     */
    public PretrainedBase std(double... std) {
        return new PretrainedBase(file, mean, check("std", std, true), cut);
    }

    /**
     * Ends the body at the output of the node (layer) called {@code node}: the ONNX node's name, or
     * the layer's name as {@code Onnx.load} gives it (characters other than letters, digits,
     * {@code _ . -} made {@code _}); null for the default, the input of the last Gemm/MatMul.
     */
    public PretrainedBase cut(String node) {
        if (node != null && node.isBlank()) throw new IllegalArgumentException("the base's cut node is blank; name a node or pass null");
        return new PretrainedBase(file, mean, std, node);
    }

    /** The network's file. */
    public Path file() {
        return file;
    }

    /** The means subtracted from [0, 1] pixels, one per channel or one for all; empty for none. */
    public double[] mean() {
        return mean == null ? new double[0] : mean.clone();
    }

    /** The standard deviations divided by, one per channel or one for all; empty for none. */
    public double[] std() {
        return std == null ? new double[0] : std.clone();
    }

    /** The node the body ends at, or null for the input of the last Gemm/MatMul. */
    public String cut() {
        return cut;
    }

    private static double[] check(String what, double[] v, boolean positive) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException("the base's " + what + " needs one number per channel, or one for all (e.g. "
                    + (positive ? "0.229, 0.224, 0.225" : "0.485, 0.456, 0.406") + "), got none");
        }
        for (double d : v) {
            if (!Double.isFinite(d) || positive && d <= 0) {
                throw new IllegalArgumentException("the base's " + what + " must be " + (positive ? "positive and " : "") + "finite, got "
                        + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    @Override
    public String toString() {
        return "PretrainedBase[" + file + (mean == null ? "" : ", mean=" + Arrays.toString(mean)) + (std == null ? ""
                : ", std=" + Arrays.toString(std)) + (cut == null ? "" : ", cut=" + cut) + "]";
    }
}
