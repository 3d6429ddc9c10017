package dev.fathom.losses;

import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Cross-entropy for yes/no labels, {@code -(y log p + (1 - y) log(1 - p))}, averaged over every
 * element: one sigmoid unit per label (binary classification, or several independent labels).
 *
 * <p>Shapes: predictions {@code [batch, labels]} (usually {@code [batch, 1]}) and targets of the
 * same shape holding 0 or 1 (soft labels in between work too); {@code [batch]} targets fit
 * {@code [batch, 1]} predictions. The result is a scalar.
 *
 * <p>From logits ({@code fromLogits = true}, raw scores, recommended) it uses the stable form
 * {@code max(x, 0) - x y + log(1 + exp(-|x|))}, which never overflows (PyTorch's
 * {@code binary_cross_entropy_with_logits}). From probabilities it clips them to
 * {@code [1e-7, 1 - 1e-7]} first, as Keras does, so 0 and 1 give a large finite loss instead of
 * infinity.
 *
 * <pre>{@code
 * model.add(new Dense(1));                                   // no sigmoid: raw logits
 * model.compile(new Adam(1e-3), new BinaryCrossentropy(true));
 * }</pre>
 */
public final class BinaryCrossentropy extends PointwiseLoss {
    /** Keras' {@code epsilon()}: probabilities are clipped to {@code [EPSILON, 1 - EPSILON]}. */
    public static final double EPSILON = 1e-7;

    private final boolean fromLogits;

    /** Cross-entropy of probabilities (the model ends in a sigmoid), Keras' default. */
    public BinaryCrossentropy() {
        this(false);
    }

    /**
     * Cross-entropy of logits or of probabilities.
     *
     * @param fromLogits true when predictions are raw scores (no sigmoid), false for probabilities
     */
    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public boolean fromLogits() {
        return fromLogits;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also for targets outside {@code [0, 1]}, naming them (class
     *     labels such as 0 to 9 belong to SparseCategoricalCrossentropy)
     */
    @Override
    public Tensor compute(Tensor predictions, Tensor targets) {
        requireUnitRange(targets);
        return super.compute(predictions, targets);
    }

    /**
     * Refuses targets outside {@code [0, 1]}: the loss of such a label has no floor, so training
     * drives it below zero (labels 0 to 9 reach -43.8) while "accuracy" looks fine. NaN is left to
     * fit's non-finite diagnosis.
     */
    private void requireUnitRange(Tensor targets) {
        if (targets.size() == 0) return;
        double lo;
        double hi;
        try (Tensor min = targets.min(); Tensor max = targets.max()) {
            lo = min.item();
            hi = max.item();
        }
        if (!(lo < 0 || hi > 1)) return;
        SortedSet<Double> outside = new TreeSet<>();
        boolean integers = true;
        for (double v : targets.toDoubleArray()) {
            if (v < 0 || v > 1) outside.add(v);
            if (v != Math.rint(v)) integers = false;
        }
        List<String> shown = outside.stream().limit(5).map(Numbers::format).toList();
        String values = String.join(", ", shown) + (outside.size() > shown.size()
                ? " and " + (outside.size() - shown.size()) + " more" : "");
        String fix = integers && lo >= 0
                ? "these look like class labels 0 to " + Numbers.format(hi) + ": use SparseCategoricalCrossentropy(true)"
                + " with Dense(" + Numbers.format(hi + 1) + ") as the last layer"
                : "scale the targets into [0, 1], or, for a numeric target, use MeanSquaredError";
        throw new IllegalArgumentException(name() + ": targets must be 0 or 1 (or a probability in between) but hold "
                + values + " (values from " + Numbers.format(lo) + " to " + Numbers.format(hi) + "); " + fix);
    }

    @Override
    Tensor pointwise(Tensor x, Tensor y) {
        if (fromLogits) {
            // maximum(x, 0) rather than relu: at x = 0 it splits the gradient (0.5), giving the exact sigmoid(0) - y.
            Tensor softplus = x.abs().neg().exp().add(1).log();
            return x.maximum(0).sub(x.mul(y)).add(softplus);
        }
        Tensor p = x.clamp(EPSILON, 1 - EPSILON);
        Tensor positive = y.mul(p.log());
        Tensor negative = y.neg().add(1).mul(p.neg().add(1).log());
        return positive.add(negative).neg();
    }

    @Override
    String mismatch(int[] p, int[] t) {
        String pred = LossShapes.batch(p);
        String targ = LossShapes.batch(t);
        boolean oneLabel = t.length == 0 || (t.length == 1 && t[0] == 1);
        boolean oneUnit = p.length == 0 || (p.length == 1 && p[0] == 1);
        if (oneLabel && p.length == 1) {
            return "the model outputs " + p[0] + " units per sample (" + pred + ") but the targets are one label per sample ("
                    + targ + "); binary cross-entropy needs one output unit per label: make the last layer Dense(1, \"sigmoid\")"
                    + " (or Dense(1) with fromLogits=true); for " + p[0] + " exclusive classes use SparseCategoricalCrossentropy"
                    + " with class indices";
        }
        if (oneUnit && t.length == 1) {
            return "targets have " + t[0] + " labels per sample (" + targ + ") but the model outputs one unit (" + pred
                    + "); make the last layer Dense(" + t[0] + ") for " + t[0] + " independent labels, or, if the targets are"
                    + " one-hot classes, use CategoricalCrossentropy with Dense(" + t[0] + ", \"softmax\")";
        }
        return "predictions " + pred + " and targets " + targ + " must have the same shape, one output unit per label"
                + " (a trailing axis of size 1 may be missing on either side)";
    }

    @Override
    public void checkOutput(int[] predictionShape, String activation) {
        if (activation == null) return;
        boolean probabilities = activation.equals("sigmoid") || activation.equals("softmax");
        if (fromLogits && probabilities) {
            throw new IllegalArgumentException(name() + ": expects raw logits (fromLogits=true) but the last layer applies "
                    + activation + "; remove that activation (e.g. Dense(1)), or use new BinaryCrossentropy(false)");
        }
        if (!fromLogits && !probabilities) {
            throw new IllegalArgumentException(name() + ": expects probabilities in [0, 1] (fromLogits=false) but the last"
                    + " layer's activation is '" + activation + "'; end the model with Dense(1, \"sigmoid\"), or keep it and"
                    + " use new BinaryCrossentropy(true) (more stable)");
        }
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("fromLogits", fromLogits);
        return c;
    }

    @Override
    public String toString() {
        return name() + "(fromLogits=" + fromLogits + ")";
    }
}
