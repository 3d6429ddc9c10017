package dev.fathom.estimators;

/**
 * Solves {@code A·X = B} for a symmetric positive definite {@code A} by its Cholesky factor
 * {@code A = L·Lᵀ} in float64: the direct solve of normal equations ({@link Ridge}).
 */
final class Cholesky {
    private Cholesky() {}

    /**
     * X for {@code a} [p][p] (symmetric; only the lower triangle is read) and {@code b} [p][t].
     *
     * @throws IllegalArgumentException with {@code whenSingular} when a pivot is not positive
     *     (numerically): {@code a} is singular or not positive definite
     */
    static double[][] solve(double[][] a, double[][] b, String whenSingular) {
        int p = a.length;
        int t = p == 0 ? 0 : b[0].length;
        double[][] l = new double[p][p];
        double largest = 0;
        for (int i = 0; i < p; i++) largest = Math.max(largest, Math.abs(a[i][i]));
        for (int j = 0; j < p; j++) {
            double d = a[j][j];
            double[] lj = l[j];
            for (int k = 0; k < j; k++) d -= lj[k] * lj[k];
            // A pivot that rounding alone could have made is no pivot: the matrix is singular.
            if (!(d > 1e-12 * largest)) throw new IllegalArgumentException(whenSingular);
            double root = Math.sqrt(d);
            lj[j] = root;
            for (int i = j + 1; i < p; i++) {
                double[] li = l[i];
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= li[k] * lj[k];
                li[j] = s / root;
            }
        }
        double[][] x = new double[p][t];
        for (int c = 0; c < t; c++) {
            double[] z = new double[p];
            for (int i = 0; i < p; i++) {
                double s = b[i][c];
                for (int k = 0; k < i; k++) s -= l[i][k] * z[k];
                z[i] = s / l[i][i];
            }
            for (int i = p - 1; i >= 0; i--) {
                double s = z[i];
                for (int k = i + 1; k < p; k++) s -= l[k][i] * x[k][c];
                x[i][c] = s / l[i][i];
            }
        }
        return x;
    }
}
