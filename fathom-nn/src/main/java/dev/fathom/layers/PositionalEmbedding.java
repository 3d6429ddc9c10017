package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Adds to each step of a sequence a vector saying where it is, so that attention, which sees its
 * steps as a set, knows their order: learned (one trainable vector per position, keras_hub's
 * {@code PositionEmbedding}, BERT's) or sinusoidal (fixed, keras_hub's {@code SinePositionEncoding},
 * "Attention is all you need": {@code sin(p / 10000^(2i/d))} on even features, {@code cos} on odd).
 *
 * <p>Input and output {@code [batch, T, features]}: {@code x + P[0..T)}. The learned kind has the
 * weight {@code embeddings [sequenceLength, features]} (Glorot-uniform, as keras_hub) and takes
 * sequences of up to {@code sequenceLength} steps; the sinusoidal kind has no weights and takes any
 * length. Acts on each step apart, so a mask of padded steps passes through.
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Embedding(20_001, 64).maskZero(true),      // [batch, 128] ids -> [batch, 128, 64]
 *         PositionalEmbedding.learned(128),              // + a learned vector per position
 *         new TransformerEncoder(128, 4),
 *         new GlobalAveragePooling1D(),
 *         new Dense(2))
 *     .build(128);
 * PositionalEmbedding.sinusoidal()                       // fixed, any length
 * }</pre>
 */
public final class PositionalEmbedding extends Layer {
    /** The default {@code max_wavelength} of the sinusoidal encoding (keras_hub, Vaswani et al.). */
    public static final double MAX_WAVELENGTH = 10_000;

    private final Integer sequenceLength;
    private Initializer embeddingsInitializer = Initializer.glorotUniform();
    private Tensor positions;

    private PositionalEmbedding(Integer sequenceLength) {
        this.sequenceLength = sequenceLength;
    }

    /**
     * Learned position vectors for sequences of up to {@code sequenceLength} steps.
     *
     * @throws IllegalArgumentException when {@code sequenceLength} is below 1
     */
    public static PositionalEmbedding learned(int sequenceLength) {
        if (sequenceLength < 1) {
            throw new IllegalArgumentException("PositionalEmbedding: sequenceLength must be >= 1, got " + sequenceLength);
        }
        return new PositionalEmbedding(sequenceLength);
    }

    /** The fixed sinusoidal encoding, for sequences of any length. */
    public static PositionalEmbedding sinusoidal() {
        return new PositionalEmbedding(null);
    }

    /** Whether the position vectors are learned (else sinusoidal). */
    public boolean isLearned() {
        return sequenceLength != null;
    }

    /** How the learned vectors start (default {@link Initializer#glorotUniform()}); unused by the sinusoidal kind. */
    public PositionalEmbedding embeddingsInitializer(Initializer init) {
        this.embeddingsInitializer = java.util.Objects.requireNonNull(init, "embeddingsInitializer");
        return this;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != 2) {
            throw shapeError("got input " + batchShape(in) + " but adds positions to sequences [batch, steps, features]; put an"
                    + " Embedding before it to turn ids [batch, steps] into vectors");
        }
        int steps = in[0];
        int features = in[1];
        if (isLearned()) {
            if (steps > sequenceLength) {
                throw shapeError("got sequences of " + steps + " steps " + batchShape(in) + " but learns positions for "
                        + sequenceLength + "; use PositionalEmbedding.learned(" + steps + ") or shorter sequences");
            }
            positions = addWeight("embeddings", embeddingsInitializer.create(new int[] {sequenceLength, features},
                    sequenceLength, features, g), true, null);
        } else {
            if ((long) steps * features > Integer.MAX_VALUE) {
                throw shapeError("got input " + batchShape(in) + ", whose " + (long) steps * features
                        + " positions and features are more than one tensor holds; use shorter sequences or fewer features");
            }
            positions = Tensor.of(encoding(steps, features), steps, features);
        }
        return in;
    }

    /** The sinusoidal encoding {@code [steps, features]}, row-major, computed in double and kept as float32. */
    static float[] encoding(int steps, int features) {
        float[] e = new float[steps * features];
        for (int p = 0; p < steps; p++) {
            for (int i = 0; i < features; i++) {
                // Features 2j and 2j+1 share the frequency 1 / 10000^(2j / features).
                double angle = p * Math.pow(1 / MAX_WAVELENGTH, (double) (i - i % 2) / features);
                e[p * features + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return e;
    }

    /** Acts on each step apart, so a mask of padded steps passes through to the layers after it. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        if (x.rank() != 3 || x.shape(1) != inputShape()[0] || x.shape(2) != inputShape()[1]) {
            throw shapeError("was built for " + batchShape(inputShape()) + " but got " + java.util.Arrays.toString(x.shape()));
        }
        int steps = x.shape(1);
        // The sinusoidal table is made on the CPU; it follows the input to its device (a cheap copy only off the CPU).
        Tensor table = isLearned() ? positions : positions.to(x.device());
        return x.add(isLearned() && steps < sequenceLength ? table.slice(0, 0, steps) : table);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("kind", isLearned() ? "learned" : "sinusoidal");
        if (isLearned()) {
            c.put("sequenceLength", sequenceLength);
            c.put("embeddingsInitializer", embeddingsInitializer.config());
        }
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static PositionalEmbedding fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("PositionalEmbedding", config);
        String kind = c.string("kind", "learned");
        return switch (kind) {
            case "learned" -> learned(c.integer("sequenceLength"))
                    .embeddingsInitializer(Initializer.read(c, "embeddingsInitializer", Initializer.glorotUniform()));
            case "sinusoidal" -> sinusoidal();
            default -> throw new IllegalArgumentException("kind must be 'learned' or 'sinusoidal', got '" + kind + "'");
        };
    }
}
