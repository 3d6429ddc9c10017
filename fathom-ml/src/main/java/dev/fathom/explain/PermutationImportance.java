package dev.fathom.explain;

import java.util.List;
import java.util.Locale;

/**
 * How much a pipeline's score drops when one input column's values are shuffled across the rows
 * (Breiman 2001; scikit-learn's {@code permutation_importance}): the shuffle breaks the column's
 * link with the target while keeping its distribution, so a column the model ignores drops the
 * score by about 0, and one it relies on by a lot. Each column is shuffled {@code repeats} times;
 * {@link Feature#mean()} ± {@link Feature#std()} (population, as scikit-learn's
 * {@code importances_std}) tells a real drop from the noise of one shuffle.
 *
 * @param scoring  the scorer's name, e.g. "accuracy" or "r2"
 * @param baseline the score on the rows as given
 * @param features every input column, largest mean drop first
 */
public record PermutationImportance(String scoring, double baseline, List<Feature> features) {
    /** One input column's drops in score, one per repeat, with their mean and population standard deviation. */
    public record Feature(String name, double mean, double std, double[] drops) {
        /** Copies the drops. */
        public Feature {
            drops = drops.clone();
        }

        @Override
        public double[] drops() {
            return drops.clone();
        }
    }

    /** Copies the list. */
    public PermutationImportance {
        features = List.copyOf(features);
    }

    /** The column named {@code name}. @throws IllegalArgumentException naming the columns when there is none */
    public Feature feature(String name) {
        for (Feature f : features) if (f.name().equals(name)) return f;
        throw new IllegalArgumentException("no input column '" + name + "'; the columns are "
                + features.stream().map(Feature::name).toList());
    }

    /** One line per column: name, mean ± std. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "permutation importance (drop in %s from %.4f):%n", scoring, baseline));
        for (Feature f : features) sb.append(String.format(Locale.ROOT, "  %-24s %8.4f ± %.4f%n", f.name(), f.mean(), f.std()));
        return sb.toString();
    }
}
