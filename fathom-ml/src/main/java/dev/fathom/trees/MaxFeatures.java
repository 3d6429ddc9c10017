package dev.fathom.trees;

/**
 * How many features a tree node draws at random and searches for its split, as scikit-learn's
 * {@code max_features}: {@link #sqrt()} (the forests' default for classification), {@link #log2()},
 * {@link #all()} (a decision tree's and the regression forests' default), a {@link #fraction} of
 * the features or a {@link #count}. Fewer features per split decorrelate a forest's trees.
 *
 * <pre>{@code
 * new RandomForestRegressor().maxFeatures(MaxFeatures.fraction(0.33));
 * MaxFeatures.sqrt().of(30);   // 5
 * }</pre>
 */
public final class MaxFeatures {
    private final String kind;
    private final double value;

    private MaxFeatures(String kind, double value) {
        this.kind = kind;
        this.value = value;
    }

    /** {@code max(1, ⌊√features⌋)}. */
    public static MaxFeatures sqrt() {
        return new MaxFeatures("sqrt", 0);
    }

    /** {@code max(1, ⌊log₂ features⌋)}. */
    public static MaxFeatures log2() {
        return new MaxFeatures("log2", 0);
    }

    /** Every feature. */
    public static MaxFeatures all() {
        return new MaxFeatures("all", 0);
    }

    /**
     * {@code max(1, ⌊share · features⌋)}.
     *
     * @throws IllegalArgumentException unless {@code 0 < share <= 1}
     */
    public static MaxFeatures fraction(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("MaxFeatures.fraction needs a share in (0, 1], got " + share
                    + "; for a number of features use MaxFeatures.count");
        }
        return new MaxFeatures("fraction", share);
    }

    /**
     * {@code min(count, features)}.
     *
     * @throws IllegalArgumentException unless {@code count >= 1}
     */
    public static MaxFeatures count(int count) {
        if (count < 1) throw new IllegalArgumentException("MaxFeatures.count needs at least 1 feature, got " + count);
        return new MaxFeatures("count", count);
    }

    /** The number of features drawn at a node when there are {@code features} in all. */
    public int of(int features) {
        int k = switch (kind) {
            case "sqrt" -> (int) Math.sqrt(features);
            case "log2" -> (int) (Math.log(features) / Math.log(2));
            case "fraction" -> (int) (value * features);
            case "count" -> (int) value;
            default -> features;
        };
        return Math.max(1, Math.min(features, k));
    }

    /** The saved form, read back by {@link #parse}: {@code sqrt}, {@code log2}, {@code all}, {@code fraction:0.5}, {@code count:3}. */
    @Override
    public String toString() {
        return switch (kind) {
            case "fraction" -> "fraction:" + value;
            case "count" -> "count:" + (int) value;
            default -> kind;
        };
    }

    /**
     * The setting {@link #toString} wrote.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static MaxFeatures parse(String text) {
        switch (text) {
            case "sqrt": return sqrt();
            case "log2": return log2();
            case "all": return all();
            default:
        }
        try {
            if (text.startsWith("fraction:")) return fraction(Double.parseDouble(text.substring(9)));
            if (text.startsWith("count:")) return count(Integer.parseInt(text.substring(6)));
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("maxFeatures is '" + text + "'; expected sqrt, log2, all, fraction:<share> or count:<n>");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxFeatures m && m.kind.equals(kind) && m.value == value;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(value);
    }
}
