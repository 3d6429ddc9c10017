package dev.fathom.data.preprocessing;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.saving.ConfigMap;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes a target column's classes as indices 0, 1, ..., k-1 for a classifier
 * (int32 labels for {@code SparseCategoricalCrossentropy}), and turns the model's predictions back
 * into class names, as scikit-learn's {@code LabelEncoder}. Classes are sorted (text in code point
 * order, numbers by value), so class {@code i} is {@code classes().get(i)} whatever the row order.
 *
 * <pre>{@code
 * Column species = train.column("species");
 * LabelEncoder labels = new LabelEncoder().fit(species);
 * Tensor y = labels.transform(species);                     // int32 [rows]
 * model.fit(x, y, Fit.epochs(20));
 * CategoricalColumn names = labels.inverseTransform(model.predictClasses(xTest));   // "setosa", ...
 * model.attach("labels", labels.config());                  // saved with the model
 * }</pre>
 */
public final class LabelEncoder {
    private String column;
    private List<String> classes;
    private Map<String, Integer> index;

    /** An encoder to {@link #fit}. */
    public LabelEncoder() {}

    /**
     * Learns the classes present in {@code target}.
     *
     * @throws IllegalArgumentException naming the row of the first missing value: a target must have every value
     */
    public LabelEncoder fit(Column target) {
        if (target == null) throw new IllegalArgumentException("LabelEncoder.fit: the target column is null");
        checkComplete("fit", target);
        List<String> found = Columns.sortedCategories(target);
        if (found.isEmpty()) throw new IllegalArgumentException("LabelEncoder.fit: column '" + target.name() + "' has no rows");
        set(target.name(), found);
        return this;
    }

    private void set(String name, List<String> found) {
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < found.size(); i++) {
            if (idx.put(found.get(i), i) != null) {
                throw new IllegalArgumentException("LabelEncoder: class '" + found.get(i) + "' is listed twice");
            }
        }
        this.column = name;
        this.classes = List.copyOf(found);
        this.index = idx;
    }

    /**
     * The class index of every row, as an int32 tensor {@code [rows]}.
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException naming the row and value of a class not seen in fit, or of a missing value
     */
    public Tensor transform(Column target) {
        requireFitted("transform");
        if (target == null) throw new IllegalArgumentException("LabelEncoder.transform: the target column is null");
        checkComplete("transform", target);
        int[] codes = new int[target.size()];
        for (int r = 0; r < codes.length; r++) {
            Integer k = index.get(target.text(r));
            if (k == null) {
                String value = target.text(r);
                throw new IllegalArgumentException("LabelEncoder.transform: column '" + target.name() + "' at row " + r
                        + " has class '" + value + "'" + Columns.didYouMean(value, classes) + ", which was not seen in fit;"
                        + " the classes are " + Columns.preview(classes) + "; a classifier cannot predict a class it was not"
                        + " trained on, so fit the encoder on targets that include it (or drop those rows)");
            }
            codes[r] = k;
        }
        return Tensor.of(codes, codes.length);
    }

    /** {@code fit(target)} then {@code transform(target)}. */
    public Tensor fitTransform(Column target) {
        return fit(target).transform(target);
    }

    /**
     * The class names of predictions: class indices {@code [rows]} (from {@code predictClasses},
     * any type holding whole numbers), or scores {@code [rows, classes]} (probabilities or logits
     * from {@code predict}), of which the highest per row is taken. The column has the target's name.
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException naming the position of an index that is not a class, or a shape that fits neither form
     */
    public CategoricalColumn inverseTransform(Tensor predictions) {
        requireFitted("inverseTransform");
        if (predictions == null) throw new IllegalArgumentException("LabelEncoder.inverseTransform: the predictions are null");
        int[] shape = predictions.shape();
        Tensor indices;
        if (shape.length == 2 && shape[1] == classes.size() && shape[1] > 1) {
            indices = predictions.argmax(1);
        } else if (shape.length == 1 || shape.length == 2 && shape[1] == 1) {
            indices = predictions;
        } else {
            throw new IllegalArgumentException("LabelEncoder.inverseTransform: predictions of shape " + Arrays.toString(shape)
                    + " are neither class indices [rows] nor scores [rows, " + classes.size() + "] for the " + classes.size()
                    + " classes " + Columns.preview(classes));
        }
        double[] v = indices.asType(DType.FLOAT64).toDoubleArray();
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= classes.size()) {
                throw new IllegalArgumentException("LabelEncoder.inverseTransform: prediction " + i + " is " + v[i]
                        + ", which is not a class index; the " + classes.size() + " classes have indices 0 to " + (classes.size() - 1)
                        + " (for a model with one sigmoid output, pass model.predictClasses(x))");
            }
            codes[i] = (int) v[i];
        }
        return CategoricalColumn.ofCodes(column, codes, classes);
    }

    /** The classes, sorted: class {@code i} has index {@code i} (scikit-learn's {@code classes_}). */
    public List<String> classes() {
        requireFitted("classes()");
        return classes;
    }

    /** The name of the target column it was fitted on. */
    public String column() {
        requireFitted("column()");
        return column;
    }

    /** Whether {@link #fit} has run (or the encoder was recreated from a fitted config). */
    public boolean isFitted() {
        return classes != null;
    }

    /** {@code {"type": "LabelEncoder", "column": ..., "classes": [...]}}; only the type before fit. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "LabelEncoder");
        if (isFitted()) {
            c.put("column", column);
            c.put("classes", classes);
        }
        return c;
    }

    /**
     * The encoder {@code config} describes, fitted when it lists classes.
     *
     * @throws IllegalArgumentException when the config is not a LabelEncoder's or is malformed
     */
    public static LabelEncoder fromConfig(Map<String, ?> config) {
        ConfigMap c = new ConfigMap("LabelEncoder config", config);
        if (!"LabelEncoder".equals(c.get("type"))) {
            throw new IllegalArgumentException("LabelEncoder config: 'type' is " + c.get("type") + ", not \"LabelEncoder\";"
                    + " this config describes something else");
        }
        c.requireOnly(Set.of("type", "column", "classes"));
        LabelEncoder e = new LabelEncoder();
        if (c.has("classes")) {
            List<String> cls = Transformer.strings(c, "classes");
            if (cls.isEmpty()) throw new IllegalArgumentException("LabelEncoder config: 'classes' is empty");
            e.set(c.string("column"), cls);
        }
        return e;
    }

    private void checkComplete(String op, Column target) {
        int missing = target.missingCount();
        if (missing == 0) return;
        int row = 0;
        while (!target.isMissing(row)) row++;
        throw new IllegalArgumentException("LabelEncoder." + op + ": column '" + target.name() + "' has " + missing
                + " missing values (the first at row " + row + "); every sample needs a target, so drop those rows first");
    }

    private void requireFitted(String what) {
        if (!isFitted()) {
            throw new IllegalStateException("LabelEncoder." + what + ": the encoder is not fitted yet; call fit(trainingTargets) first");
        }
    }

    @Override
    public String toString() {
        return isFitted() ? "LabelEncoder of '" + column + "' " + classes : "LabelEncoder (not fitted)";
    }
}
