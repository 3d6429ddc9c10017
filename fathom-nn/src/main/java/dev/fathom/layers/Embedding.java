package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Turns token ids into learned vectors: row {@code id} of a table {@code [inputDim, outputDim]}
 * (Keras' Embedding, PyTorch's {@code nn.Embedding}).
 *
 * <p>Input {@code [batch, time]} of ids in {@code 0 .. inputDim-1} (any number of axes: each id
 * becomes a vector); output {@code [batch, time, outputDim]}. Ids may come as int32 or as floats
 * holding whole numbers ({@code Model.fit} hands integer inputs over as float32, which holds every
 * id below 2²⁴ exactly). The lookup is a gather, so the gradient is a scatter-add into the rows
 * that were used; rows of ids not in the batch get zero. Weight {@code embeddings [inputDim,
 * outputDim]}, by default normal with standard deviation 1 (PyTorch's default; Keras draws uniform in
 * ±0.05). For the initializer the fan-in is 1 (each output reads one row) and the fan-out {@code outputDim}.
 *
 * <p>With {@link #maskZero(boolean) maskZero(true)} id 0 is padding: the layer also produces a mask
 * {@code [batch, time]} (0 where the id is 0, 1 elsewhere) that the model hands to the layers after
 * it, so recurrent layers skip the padded steps and global pooling leaves them out (Keras'
 * {@code mask_zero=True}). Real tokens then use ids 1 .. {@code inputDim-1}: size the vocabulary one
 * larger than the number of tokens. {@code Sequences.pad} (in the data package) pads sequences of
 * different lengths into one batch.
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Embedding(1000, 16),                 // [batch, 40] ids -> [batch, 40, 16]
 *         new Conv1D(32, 3, "relu"),               //                 -> [batch, 38, 32]
 *         new GlobalMaxPooling1D(),                //                 -> [batch, 32]
 *         new Dense(2))
 *     .build(40);
 *
 * var masked = new Sequential(
 *         new Embedding(1001, 16).maskZero(true),  // ids 1..1000, 0 pads; also a mask [batch, 40]
 *         new LSTM(32),                            // reads each sequence up to its last real step
 *         new Dense(2))
 *     .build(40);
 * }</pre>
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private Initializer embeddingsInitializer = Initializer.varianceScaling(1.0, "fan_in", "untruncated_normal");
    private Regularizer embeddingsRegularizer;
    private boolean maskZero;
    private Tensor embeddings;

    /**
     * A table of {@code inputDim} vectors (the vocabulary size: ids run from 0 to {@code inputDim - 1})
     * of {@code outputDim} numbers each.
     *
     * @throws IllegalArgumentException when either size is below 1
     */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("Embedding: inputDim (the vocabulary size) must be >= 1, got " + inputDim);
        }
        if (outputDim < 1) {
            throw new IllegalArgumentException("Embedding: outputDim (the vector size) must be >= 1, got " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /** The vocabulary size: ids run from 0 to {@code inputDim - 1}. */
    public int inputDim() {
        return inputDim;
    }

    /** The size of each vector. */
    public int outputDim() {
        return outputDim;
    }

    /** How the table starts (default normal, standard deviation 1). */
    public Embedding embeddingsInitializer(Initializer init) {
        this.embeddingsInitializer = java.util.Objects.requireNonNull(init, "embeddingsInitializer");
        return this;
    }

    /** A penalty on the table added to the loss (default none). */
    public Embedding embeddingsRegularizer(Regularizer r) {
        this.embeddingsRegularizer = r;
        return this;
    }

    /**
     * Whether id 0 is padding (default false): the layer then also makes a mask of the real steps
     * for the layers after it. The row of id 0 is still looked up (the layers that honour the mask
     * ignore its vector), so the ids keep their meaning with and without masking.
     */
    public Embedding maskZero(boolean maskZero) {
        this.maskZero = maskZero;
        return this;
    }

    /** Whether id 0 is padding and the layer makes a mask. */
    public boolean maskZero() {
        return maskZero;
    }

    /** Makes a mask when {@link #maskZero()}; a mask arriving with the ids is replaced, as in Keras. */
    @Override
    public boolean outputsMask(boolean inputMasked) {
        return maskZero;
    }

    /** {@code [batch, time]}: 1 where the id is not 0, when {@link #maskZero()}; otherwise null. */
    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return maskZero ? Masks.of(x.ne(Tensor.zeros(x.dtype()))) : null;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        for (int d : in) {
            if (d < 1) throw shapeError("got input " + batchShape(in) + " but every axis must be at least 1");
        }
        embeddings = addWeight("embeddings", embeddingsInitializer.create(new int[] {inputDim, outputDim}, 1, outputDim, g),
                true, embeddingsRegularizer);
        int[] out = Arrays.copyOf(in, in.length + 1);
        out[in.length] = outputDim;
        return out;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int[] ids = checkIds(x);
        int[] outShape = Arrays.copyOf(x.shape(), x.rank() + 1);
        outShape[x.rank()] = outputDim;
        return embeddings.indexSelect(0, Tensor.of(ids, ids.length).to(embeddings.device())).reshape(outShape);
    }

    /** The ids of {@code x} in row-major order, after checking each is a whole number in range. */
    private int[] checkIds(Tensor x) {
        double[] v = x.contiguous().toDoubleArray();   // exact for int32 and for whole floats
        int[] ids = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                // Four digits, unless rounding would make it look like the whole number it is not.
                String shown = Numbers.format(v[i]).matches("-?\\d+") ? String.valueOf(v[i]) : Numbers.format(v[i]);
                throw new IllegalArgumentException(describe() + ": the input holds " + shown + " at " + position(i, x.shape())
                        + ", which is not a token id; feed whole-number ids (int32) in 0.." + (inputDim - 1)
                        + ", not features or scaled values");
            }
            if (v[i] < 0 || v[i] >= inputDim) {
                String id = String.valueOf((long) v[i]);
                throw new IllegalArgumentException(describe() + ": token id " + id + " at " + position(i, x.shape())
                        + " is outside the vocabulary of " + inputDim + " (ids 0.." + (inputDim - 1) + "); "
                        + (v[i] < 0 ? "ids must not be negative (padding is usually id 0, reserved in the vocabulary)"
                        : "make inputDim at least " + ((long) v[i] + 1) + ", or map rare words to an out-of-vocabulary id"
                        + " below " + inputDim));
            }
            ids[i] = (int) v[i];
        }
        return ids;
    }

    private String describe() {
        return typeName() + (name() == null ? "" : " '" + name() + "'");
    }

    /** {@code [sample, step]}: where flat index {@code i} of a tensor of {@code shape} lies. */
    private static String position(int i, int[] shape) {
        int[] at = new int[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            at[a] = i % shape[a];
            i /= shape[a];
        }
        return Arrays.toString(at);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("inputDim", inputDim);
        c.put("outputDim", outputDim);
        c.put("embeddingsInitializer", embeddingsInitializer.config());
        if (embeddingsRegularizer != null) c.put("embeddingsRegularizer", embeddingsRegularizer.config());
        c.put("maskZero", maskZero);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Embedding fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Embedding", config);
        c.requireOnly(Set.of("inputDim", "outputDim", "embeddingsInitializer", "embeddingsRegularizer", "maskZero"));
        Embedding e = new Embedding(c.integer("inputDim"), c.integer("outputDim"));
        e.embeddingsInitializer(Initializer.read(c, "embeddingsInitializer", e.embeddingsInitializer));
        return e.embeddingsRegularizer(Regularizer.read(c, "embeddingsRegularizer")).maskZero(c.bool("maskZero", false));
    }
}
