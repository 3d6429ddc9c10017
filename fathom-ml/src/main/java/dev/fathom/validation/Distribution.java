package dev.fathom.validation;

import dev.fathom.tensor.Generator;

import java.util.List;
import java.util.Locale;

/**
 * Where a random search draws one hyperparameter from, as scipy.stats' distributions in
 * scikit-learn's {@code RandomizedSearchCV}: uniform or log-uniform reals, a range of integers, or
 * a choice among values. Log-uniform suits scales (learning rates, regularization strengths): every
 * decade between the bounds is equally likely.
 *
 * <pre>{@code
 * ParameterDistributions space = new ParameterDistributions()
 *         .add("learning_rate", Distribution.logUniform(1e-4, 1e-1))
 *         .add("dropout", Distribution.uniform(0.0, 0.5))
 *         .add("units", Distribution.intRange(16, 128))
 *         .add("activation", List.of("relu", "tanh"));
 * }</pre>
 */
public abstract sealed class Distribution {
    private Distribution() {}

    /** Reals uniform in {@code [low, high)}. */
    public static Distribution uniform(double low, double high) {
        check("uniform", low, high);
        return new Uniform(low, high, false);
    }

    /**
     * Reals whose logarithm is uniform in {@code [log low, log high)}: scipy's {@code loguniform}.
     *
     * @throws IllegalArgumentException unless {@code 0 < low < high}
     */
    public static Distribution logUniform(double low, double high) {
        check("logUniform", low, high);
        if (!(low > 0)) {
            throw new IllegalArgumentException("Distribution.logUniform(" + low + ", " + high + "): the bounds must be positive;"
                    + " for a range that includes 0 use Distribution.uniform");
        }
        return new Uniform(low, high, true);
    }

    /** Integers uniform in {@code [low, high]}, both included (unlike scipy's {@code randint}, whose high is excluded). */
    public static Distribution intRange(int low, int high) {
        if (high < low) {
            throw new IllegalArgumentException("Distribution.intRange(" + low + ", " + high + "): high must be >= low (both are included)");
        }
        return new IntRange(low, high);
    }

    /** One of {@code values}, each equally likely. */
    public static Distribution choice(List<?> values) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("Distribution.choice: there are no values to choose from");
        for (Object v : values) if (v == null) throw new IllegalArgumentException("Distribution.choice: a value is null");
        return new Choice(List.copyOf(values));
    }

    private static void check(String what, double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException("Distribution." + what + "(" + low + ", " + high + "): need finite bounds with low < high");
        }
    }

    /** One value drawn with {@code g}. */
    public abstract Object sample(Generator g);

    /** The number of distinct values, or -1 for a continuous distribution. */
    abstract long size();

    private static final class Uniform extends Distribution {
        private final double low;
        private final double high;
        private final boolean log;

        Uniform(double low, double high, boolean log) {
            this.low = low;
            this.high = high;
            this.log = log;
        }

        @Override
        public Object sample(Generator g) {
            double u = g.nextDouble();
            if (!log) return low + u * (high - low);
            return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
        }

        @Override
        long size() {
            return -1;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s(%s, %s)", log ? "logUniform" : "uniform", Params.show(low), Params.show(high));
        }
    }

    private static final class IntRange extends Distribution {
        private final int low;
        private final int high;

        IntRange(int low, int high) {
            this.low = low;
            this.high = high;
        }

        @Override
        public Object sample(Generator g) {
            long span = (long) high - low + 1;
            return (int) (low + (long) (g.nextDouble() * span));
        }

        @Override
        long size() {
            return (long) high - low + 1;
        }

        @Override
        public String toString() {
            return "intRange(" + low + ", " + high + ")";
        }
    }

    private static final class Choice extends Distribution {
        private final List<Object> values;

        Choice(List<Object> values) {
            this.values = values;
        }

        @Override
        public Object sample(Generator g) {
            return values.get(g.nextInt(values.size()));
        }

        @Override
        long size() {
            return values.size();
        }

        /** The values, for enumerating a space made only of choices. */
        List<Object> values() {
            return values;
        }

        @Override
        public String toString() {
            return "choice" + values;
        }
    }

    /** The values of a choice, or null for any other distribution. */
    List<Object> choices() {
        return this instanceof Choice c ? c.values() : null;
    }
}
