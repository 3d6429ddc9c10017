package dev.fathom.workflow;

import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.tensor.Tensor;
import dev.fathom.text.TextFeatures;
import dev.fathom.validation.ColumnSubsetEstimator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a table's text went in the fitted preprocessing (which feature columns are TF-IDF terms,
 * which are token ids, which terms the boosted trees read), and the terms a logistic regression weighs most for each class, for the
 * report.
 */
final class TextColumns {
    private TextColumns() {}

    /**
     * The text layout of the features {@code fitted} gives, or null without text columns. The text
     * network reads the first text column's token ids.
     */
    static Algorithms.TextShape shape(Preprocessor fitted, List<String> text) {
        return shape(fitted, text, Algorithms.TREE_TERMS);
    }

    /** {@link #shape(Preprocessor, List)} with the boosted trees reading the {@code treeTerms} commonest terms. */
    static Algorithms.TextShape shape(Preprocessor fitted, List<String> text, int treeTerms) {
        if (text.isEmpty()) return null;
        TextFeatures step = textStep(fitted);
        List<String> names = fitted.featureNames();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < names.size(); i++) position.put(names.get(i), i);
        Set<Integer> sequenceOfAny = new HashSet<>();
        List<Integer> terms = new ArrayList<>();
        // Every term's column and idf, over all text columns: the trees read the lowest idf (commonest) ones.
        List<double[]> byIdf = new ArrayList<>();
        for (String column : text) {
            List<String> columnTerms = step.terms(column);
            double[] idf = step.idf(column);
            for (int i = 0; i < columnTerms.size(); i++) {
                int at = position.get(column + "=" + columnTerms.get(i));
                terms.add(at);
                byIdf.add(new double[] {idf[i], at});
            }
            for (int k = 0; k < step.sequenceLength(); k++) sequenceOfAny.add(position.get(column + "#" + k));
        }
        byIdf.sort(java.util.Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
        Set<Integer> rare = new HashSet<>();
        for (double[] e : byIdf.subList(Math.min(treeTerms, byIdf.size()), byIdf.size())) rare.add((int) e[1]);
        String first = text.getFirst();
        int[] sequence = new int[step.sequenceLength()];
        for (int k = 0; k < sequence.length; k++) sequence[k] = position.get(first + "#" + k);
        int[] tabular = java.util.stream.IntStream.range(0, names.size()).filter(i -> !sequenceOfAny.contains(i)).toArray();
        int[] trees = java.util.Arrays.stream(tabular).filter(i -> !rare.contains(i)).toArray();
        return new Algorithms.TextShape(first, tabular, terms.stream().mapToInt(Integer::intValue).toArray(), sequence,
                step.vectorization(first).vocabularySize(), trees);
    }

    private static TextFeatures textStep(Preprocessor fitted) {
        for (Transformer t : fitted.steps(PrepareStep.TEXT_GROUP)) if (t instanceof TextFeatures f) return f;
        throw new IllegalStateException("the preprocessing's text group has no TextFeatures step");
    }

    /**
     * Each class with the {@code top} terms of the largest logistic-regression weight towards it:
     * the final model's own when it is the logistic regression on the TF-IDF terms, else one fitted
     * here on the terms alone. With two classes the one weight per term points to the second class
     * when positive and to the first when negative.
     *
     * @return rows of (class, "term (weight), ...")
     */
    static List<List<String>> weightiest(Estimator model, Algorithms.TextShape shape, List<String> featureNames, List<String> classes,
                                         Tensor x, Tensor y, int top) {
        ColumnSubsetEstimator linear = model instanceof ColumnSubsetEstimator c && c.inner() instanceof LogisticRegression ? c
                : new ColumnSubsetEstimator(shape.terms(), new LogisticRegression()).fit(x, y);
        double[][] coef = ((LogisticRegression) linear.inner()).coefficients();
        int[] columns = linear.columns();
        Set<Integer> isTerm = new HashSet<>();
        for (int t : shape.terms()) isTerm.add(t);
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            int output = coef[0].length == 1 ? 0 : c;
            double sign = coef[0].length == 1 && c == 0 ? -1 : 1;
            List<double[]> ranked = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                if (isTerm.contains(columns[i]) && sign * coef[i][output] > 0) ranked.add(new double[] {columns[i], sign * coef[i][output]});
            }
            ranked.sort((a, b) -> Double.compare(b[1], a[1]));
            List<String> shown = new ArrayList<>();
            for (double[] r : ranked.subList(0, Math.min(top, ranked.size()))) {
                String name = featureNames.get((int) r[0]);
                shown.add(name.substring(name.indexOf('=') + 1) + String.format(Locale.ROOT, " (%.2f)", r[1]));
            }
            rows.add(List.of(classes.get(c), shown.isEmpty() ? "none" : String.join(", ", shown)));
        }
        return rows;
    }
}
