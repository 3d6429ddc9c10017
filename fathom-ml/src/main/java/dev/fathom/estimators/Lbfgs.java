package dev.fathom.estimators;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.4/7.5) for smooth unconstrained objectives
 * in float64: the last {@code memory} steps and gradient changes approximate the inverse Hessian,
 * and a backtracking line search keeps each step's decrease (the Armijo condition). Pairs with
 * {@code s·y <= 0} are not stored, so the approximation stays positive definite.
 *
 * <p>It stops when the largest gradient component is at most {@code gtol}, when an iteration lowers
 * the objective by at most {@code ftol} times its size (at least {@code floor}), as SciPy's L-BFGS-B
 * does, or after {@code maxIter} iterations.
 *
 * <pre>{@code
 * Lbfgs.Result r = Lbfgs.minimize((w, grad) -> {          // f(w) = (w0 - 3)²
 *     grad[0] = 2 * (w[0] - 3);
 *     return (w[0] - 3) * (w[0] - 3);
 * }, new double[1], 100, 1e-10, 0, 1);
 * r.x();   // [3.0]
 * }</pre>
 */
final class Lbfgs {
    /** A differentiable objective: writes ∇f(w) into {@code gradient} and returns f(w). */
    @FunctionalInterface
    interface Objective {
        double evaluate(double[] w, double[] gradient);
    }

    /**
     * The minimizer found, its value, the iterations taken, the evaluations of the objective (one
     * per iteration when every first step is accepted, plus the start) and whether the gradient
     * test was met.
     */
    record Result(double[] x, double value, int iterations, int evaluations, boolean converged) {}

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {}

    static Result minimize(Objective f, double[] start, int maxIter, double gtol, double ftol, double floor) {
        int d = start.length;
        double[] x = start.clone();
        double[] g = new double[d];
        double fx = f.evaluate(x, g);
        int evaluations = 1;
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        int stored = 0, newest = -1;
        double[] direction = new double[d];
        double[] xNew = new double[d];
        double[] gNew = new double[d];
        for (int it = 0; it < maxIter; it++) {
            if (maxAbs(g) <= gtol) return new Result(x, fx, it, evaluations, true);
            // Two-loop recursion: direction = -H·g.
            System.arraycopy(g, 0, direction, 0, d);
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, MEMORY);
                alpha[i] = rho[i] * dot(s[i], direction);
                axpy(-alpha[i], y[i], direction);
            }
            // The first step is of unit length, as SciPy's L-BFGS-B takes it (1/||g|| along -g), whatever
            // the objective's scale: scikit-learn's summed loss and this mean then take the same path.
            double norm = Math.sqrt(dot(g, g));
            double gamma = it == 0 && norm > 0 ? 1 / norm
                    : stored == 0 ? 1 / Math.max(1, norm) : dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            scale(gamma, direction);
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, MEMORY);
                double beta = rho[i] * dot(y[i], direction);
                axpy(alpha[i] - beta, s[i], direction);
            }
            scale(-1, direction);
            double slope = dot(g, direction);
            if (!(slope < 0)) {   // not a descent direction (rounding): restart from the gradient
                stored = 0;
                steepest(g, norm, direction);
                slope = dot(g, direction);
                if (!(slope < 0)) return new Result(x, fx, it, evaluations, false);
            }
            double step = 1, fNew = Double.NaN;
            boolean accepted = false;
            for (int tries = 0; tries < 60; tries++) {
                stepTo(x, step, direction, xNew);
                fNew = f.evaluate(xNew, gNew);
                evaluations++;
                if (fNew <= fx + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                // Minimum of the quadratic through f(x), the slope and f(x + step·d), kept within [0.1, 0.5] of the step.
                double q = -slope * step * step / (2 * (fNew - fx - slope * step));
                step = Double.isFinite(q) ? Math.min(0.5 * step, Math.max(0.1 * step, q)) : 0.5 * step;
            }
            if (!accepted) return new Result(x, fx, it, evaluations, false);   // no decrease float64 can see: as close as it gets
            double[] sNew = difference(xNew, x), yNew = difference(gNew, g);
            double sy = dot(sNew, yNew);
            // A pair without positive curvature would spoil the approximation: it is not stored.
            if (sy > 1e-12 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew))) {
                newest = (newest + 1) % MEMORY;
                s[newest] = sNew;
                y[newest] = yNew;
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            }
            double decrease = fx - fNew;
            System.arraycopy(xNew, 0, x, 0, d);
            System.arraycopy(gNew, 0, g, 0, d);
            fx = fNew;
            if (maxAbs(g) > gtol && decrease <= Math.max(ftol, 1e-15) * Math.max(Math.max(Math.abs(fx), Math.abs(fx + decrease)), floor)) {
                return new Result(x, fx, it + 1, evaluations, ftol > 0);
            }
        }
        return new Result(x, fx, maxIter, evaluations, maxAbs(g) <= gtol);
    }

    /*
     * The loops over the weights stand in small methods of their own, out of minimize: in minimize they
     * made it compiled on stack (OSR) at each loop, the objective's whole evaluation inlined into every
     * such compile (two of 67 kB of machine code in a run of `fathom train digits`).
     */

    /** {@code v *= a}, element by element ({@code -1 * v} is {@code -v} exactly). */
    private static void scale(double a, double[] v) {
        for (int j = 0; j < v.length; j++) v[j] *= a;
    }

    /** The steepest descent direction, of unit length at most: {@code -g / max(1, norm)}, {@code norm} being |g|. */
    private static void steepest(double[] g, double norm, double[] direction) {
        double scale = Math.max(1, norm);
        for (int j = 0; j < g.length; j++) direction[j] = -g[j] / scale;
    }

    /** {@code to = x + step * direction}. */
    private static void stepTo(double[] x, double step, double[] direction, double[] to) {
        for (int j = 0; j < x.length; j++) to[j] = x[j] + step * direction[j];
    }

    /** {@code a - b} into a new array. */
    private static double[] difference(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) out[j] = a[j] - b[j];
        return out;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) m = Math.max(m, Math.abs(e));
        return m;
    }
}
