package dev.fathom.estimators;

/**
 * The sufficient statistics of a least-squares problem, gathered batch by batch: the count, the
 * means of x and y, and the co-moments {@code Σ (x - x̄)(x - x̄)ᵀ} and {@code Σ (x - x̄)(y - ȳ)ᵀ}
 * (or the raw sums {@code Σ x xᵀ}, {@code Σ x yᵀ} when not centered). Batches merge by Chan,
 * Golub and LeVeque's pairwise update, which never subtracts two large sums, so the moments stay
 * accurate when the means are large against the spread. Holds f² + f·t numbers, whatever the
 * number of rows: the memory of a solve does not grow with the data.
 */
final class CoMoments {
    final int f;
    final int t;
    final boolean centered;
    long count;
    final double[] meanX;
    final double[] meanY;
    final double[][] xx;   // [f][f], upper triangle filled and mirrored by symmetric()
    final double[][] xy;   // [f][t]

    CoMoments(int f, int t, boolean centered) {
        this.f = f;
        this.t = t;
        this.centered = centered;
        meanX = new double[f];
        meanY = new double[t];
        xx = new double[f][f];
        xy = new double[f][t];
    }

    /** The moments of rows lo..hi-1 of row-major {@code x} [n·f] and {@code y} [n·t]. */
    static CoMoments of(double[] x, double[] y, int f, int t, int lo, int hi, boolean centered) {
        CoMoments m = new CoMoments(f, t, centered);
        int rows = hi - lo;
        m.count = rows;
        if (centered) {
            for (int i = lo; i < hi; i++) {
                for (int j = 0; j < f; j++) m.meanX[j] += x[i * f + j];
                for (int k = 0; k < t; k++) m.meanY[k] += y[i * t + k];
            }
            for (int j = 0; j < f; j++) m.meanX[j] /= rows;
            for (int k = 0; k < t; k++) m.meanY[k] /= rows;
        }
        double[] dx = new double[f];
        double[] dy = new double[t];
        for (int i = lo; i < hi; i++) {
            for (int j = 0; j < f; j++) dx[j] = x[i * f + j] - m.meanX[j];
            for (int k = 0; k < t; k++) dy[k] = y[i * t + k] - m.meanY[k];
            for (int a = 0; a < f; a++) {
                double va = dx[a];
                if (va == 0) continue;
                double[] row = m.xx[a];
                for (int b = a; b < f; b++) row[b] += va * dx[b];
                double[] out = m.xy[a];
                for (int k = 0; k < t; k++) out[k] += va * dy[k];
            }
        }
        return m;
    }

    /** Adds {@code other}'s rows to these. */
    void merge(CoMoments other) {
        if (other.count == 0) return;
        if (count == 0) {
            count = other.count;
            System.arraycopy(other.meanX, 0, meanX, 0, f);
            System.arraycopy(other.meanY, 0, meanY, 0, t);
            for (int a = 0; a < f; a++) {
                System.arraycopy(other.xx[a], 0, xx[a], 0, f);
                System.arraycopy(other.xy[a], 0, xy[a], 0, t);
            }
            return;
        }
        long n = count + other.count;
        double factor = (double) count * other.count / n;
        double[] dx = new double[f];
        double[] dy = new double[t];
        if (centered) {
            for (int j = 0; j < f; j++) dx[j] = other.meanX[j] - meanX[j];
            for (int k = 0; k < t; k++) dy[k] = other.meanY[k] - meanY[k];
        }
        for (int a = 0; a < f; a++) {
            for (int b = a; b < f; b++) xx[a][b] += other.xx[a][b] + factor * dx[a] * dx[b];
            for (int k = 0; k < t; k++) xy[a][k] += other.xy[a][k] + factor * dx[a] * dy[k];
        }
        if (centered) {
            for (int j = 0; j < f; j++) meanX[j] += dx[j] * other.count / n;
            for (int k = 0; k < t; k++) meanY[k] += dy[k] * other.count / n;
        }
        count = n;
    }
}
