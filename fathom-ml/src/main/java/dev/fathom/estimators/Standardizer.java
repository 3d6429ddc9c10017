package dev.fathom.estimators;

/** Column means and scales, so gradient descent sees features of unit variance. */
final class Standardizer {
    final double[] mean;
    final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    static Standardizer of(double[][] rows) {
        int f = rows[0].length;
        double[] mean = new double[f];
        double[] scale = new double[f];
        for (double[] r : rows) for (int i = 0; i < f; i++) mean[i] += r[i] / rows.length;
        for (double[] r : rows) for (int i = 0; i < f; i++) scale[i] += (r[i] - mean[i]) * (r[i] - mean[i]) / rows.length;
        for (int i = 0; i < f; i++) {
            scale[i] = Math.sqrt(scale[i]);
            if (scale[i] == 0) scale[i] = 1; // a constant column stays as it is (centered to 0)
        }
        return new Standardizer(mean, scale);
    }

    double[][] apply(double[][] rows) {
        double[][] out = new double[rows.length][mean.length];
        for (int r = 0; r < rows.length; r++) for (int i = 0; i < mean.length; i++) out[r][i] = (rows[r][i] - mean[i]) / scale[i];
        return out;
    }
}
