package dev.fathom.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted model's own importance of each prepared feature (the columns after one-hot encoding and
 * the like), as a tree model measures it while it splits: the impurity decrease of a CART forest
 * (scikit-learn's {@code feature_importances_}), the split gain of boosted trees. When the final
 * model is an ensemble, these are the importances of its tree member of the largest weight, and
 * {@link #source()} says which.
 *
 * <pre>{@code
 * Explanations.modelImportances(pipeline).ifPresent(m ->
 *         System.out.println(m.source() + ": " + m.importances()));   // {petal width=0.46, ...}
 * }</pre>
 *
 * @param source      whose importances these are: the model, or "member m2 (weight 3 of 10) of the ensemble: ..."
 * @param importances each feature's importance, largest first; they sum to 1 unless the model never split
 */
public record ModelImportances(String source, Map<String, Double> importances) {
    /** Keeps the order of {@code importances}, unmodifiable. */
    public ModelImportances {
        importances = Collections.unmodifiableMap(new LinkedHashMap<>(importances));
    }
}
