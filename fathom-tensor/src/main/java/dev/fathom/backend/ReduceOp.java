package dev.fathom.backend;

/** Reductions over one or more axes that every backend implements. */
public enum ReduceOp {
    SUM(0), MAX(Double.NEGATIVE_INFINITY), MIN(Double.POSITIVE_INFINITY);

    private final double identity;

    ReduceOp(double identity) {
        this.identity = identity;
    }

    /** The value an empty reduction gives. */
    public double identity() {
        return identity;
    }

    /** Combines an accumulator with one more value. */
    public double combine(double acc, double x) {
        return switch (this) {
            case SUM -> acc + x;
            // NaN wins, as in NumPy and PyTorch, so a diverged value is never hidden.
            case MAX -> (x > acc || Double.isNaN(x)) ? x : acc;
            case MIN -> (x < acc || Double.isNaN(x)) ? x : acc;
        };
    }
}
