package dev.fathom.onnx;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * A value the importer knows before anything runs: an initializer, a {@code Constant}, or what a
 * shape computation folds to. Floating values are kept as floats, integer and boolean ones as
 * doubles (exact to 2^53); an entry that is the batch size, unknown until the model runs, is NaN,
 * and so is anything computed from it ({@code Shape} of a batch gives NaN in the batch's place).
 *
 * @param shape     the dimensions ({@code []} for a scalar)
 * @param floats    the values of a floating tensor, or null
 * @param ints      the values of an integer or boolean tensor, or null
 * @param trainable whether it comes from an initializer (a weight to learn) rather than a
 *                  {@code Constant} node or a shape
 */
record Const(int[] shape, float[] floats, double[] ints, boolean trainable) {
    static Const ofInts(int[] shape, double[] values) {
        return new Const(shape, null, values, false);
    }

    static Const ofFloats(int[] shape, float[] values, boolean trainable) {
        return new Const(shape, values, null, trainable);
    }

    boolean isFloat() {
        return floats != null;
    }

    int size() {
        return isFloat() ? floats.length : ints.length;
    }

    int rank() {
        return shape.length;
    }

    double get(int i) {
        return isFloat() ? floats[i] : ints[i];
    }

    /** All values as doubles. */
    double[] values() {
        if (!isFloat()) return ints;
        double[] d = new double[floats.length];
        for (int i = 0; i < d.length; i++) d[i] = floats[i];
        return d;
    }

    /** The values as floats (integers converted). */
    float[] asFloats() {
        if (isFloat()) return floats;
        float[] f = new float[ints.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) ints[i];
        return f;
    }

    /** The values as longs; where {@code what} says what they are for, refusing an entry that depends on the batch size. */
    long[] longs(String what) {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            double v = get(i);
            if (Double.isNaN(v)) throw new IllegalArgumentException(what + " depends on the batch size at entry " + i);
            out[i] = (long) v;
        }
        return out;
    }

    /** A float32 tensor of these values (weights are float32 in Fathom). */
    Tensor toTensor() {
        return Tensor.of(asFloats(), shape.clone());
    }

    /** A copy with another shape of the same size. */
    Const reshaped(int[] newShape) {
        return new Const(newShape, floats, ints, trainable);
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int") + Arrays.toString(shape)
                + (size() <= 8 ? " " + Arrays.toString(values()) : "");
    }
}
