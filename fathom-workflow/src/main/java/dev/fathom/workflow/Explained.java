package dev.fathom.workflow;

import dev.fathom.explain.ModelImportances;
import dev.fathom.explain.PartialDependence;
import dev.fathom.explain.PermutationImportance;

import java.util.List;

/**
 * The report's "what drives the predictions": the final model's permutation importance on the
 * test split, partial dependence for its top columns, the model's own importances when it keeps
 * them, and how the rows or repeats were limited to fit the time, if they were.
 *
 * @param importance permutation importance of each input column, or null when it was skipped
 * @param dependence partial dependence of the most important columns (up to {@link #TOP}), best first
 * @param model      the model's own importance of each prepared feature (a tree model's, or a tree
 *                   member's of an ensemble), or null when it keeps none
 * @param note       how the explanation was computed (rows, repeats), or why it was skipped
 */
record Explained(PermutationImportance importance, List<PartialDependence> dependence, ModelImportances model, String note) {
    /** Columns whose partial dependence is shown. */
    static final int TOP = 3;
}
