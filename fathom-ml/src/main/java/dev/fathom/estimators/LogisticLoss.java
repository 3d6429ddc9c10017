package dev.fathom.estimators;

import dev.fathom.backend.Threads;

import java.util.stream.IntStream;

/**
 * The objective {@link LogisticRegression} minimizes, divided by the number of samples (the same
 * minimum, numbers near 1): {@code (Σ sᵢ·lossᵢ + ||W||² / (2C)) / n}, with its gradient. The
 * parameters are the weights {@code W[j·outputs + k]} (feature j, output k) followed by the
 * intercepts when there are any. One output is the sigmoid's logit (two classes); more are the
 * softmax's logits. Rows are summed in blocks of {@link LogisticRegression#BLOCK}, then the blocks
 * in order, so threads change nothing in the result.
 */
final class LogisticLoss implements Lbfgs.Objective {
    private final double[] x;   // [n * f], row-major
    private final int n;
    private final int f;
    private final int[] labels;
    private final double[] weights;   // per sample, or null for all 1
    private final int outputs;
    private final boolean intercept;
    private final double c;

    LogisticLoss(double[] x, int n, int f, int[] labels, double[] weights, int outputs, boolean intercept, double c) {
        this.x = x;
        this.n = n;
        this.f = f;
        this.labels = labels;
        this.weights = weights;
        this.outputs = outputs;
        this.intercept = intercept;
        this.c = c;
    }

    int parameters() {
        return f * outputs + (intercept ? outputs : 0);
    }

    @Override
    public double evaluate(double[] w, double[] gradient) {
        int blocks = (n + LogisticRegression.BLOCK - 1) / LogisticRegression.BLOCK;
        int p = parameters();
        double[][] partial = new double[blocks][];
        boolean parallel = blocks > 1 && Threads.count() > 1 && !Threads.isSerial() && (long) n * f * outputs >= 1 << 18;
        IntStream range = IntStream.range(0, blocks);
        (parallel ? range.parallel() : range).forEach(b -> partial[b] = block(w, b * LogisticRegression.BLOCK,
                Math.min(n, (b + 1) * LogisticRegression.BLOCK), p));
        java.util.Arrays.fill(gradient, 0);
        double loss = 0;
        for (double[] part : partial) {
            for (int i = 0; i < p; i++) gradient[i] += part[i];
            loss += part[p];
        }
        int weightsEnd = f * outputs;
        double penalty = 0;
        for (int i = 0; i < weightsEnd; i++) {
            penalty += w[i] * w[i];
            gradient[i] += w[i] / c;
        }
        loss += penalty / (2 * c);
        for (int i = 0; i < p; i++) gradient[i] /= n;
        return loss / n;
    }

    /** The summed loss and gradient of rows lo..hi-1: the gradient in [0, p), the loss at p. */
    private double[] block(double[] w, int lo, int hi, int p) {
        double[] out = new double[p + 1];
        double loss = 0;
        int k = outputs;
        double[] z = new double[k];
        for (int i = lo; i < hi; i++) {
            int row = i * f;
            double s = weights == null ? 1 : weights[i];
            if (k == 1) {
                double logit = intercept ? w[f] : 0;
                for (int j = 0; j < f; j++) logit += x[row + j] * w[j];
                int y = labels[i];
                // log(1 + e^z) - y·z, without overflow
                double softplus = logit > 0 ? logit + Math.log1p(Math.exp(-logit)) : Math.log1p(Math.exp(logit));
                loss += s * (softplus - y * logit);
                double sigmoid = logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
                double r = s * (sigmoid - y);
                for (int j = 0; j < f; j++) out[j] += r * x[row + j];
                if (intercept) out[f] += r;
            } else {
                for (int m = 0; m < k; m++) z[m] = intercept ? w[f * k + m] : 0;
                for (int j = 0; j < f; j++) {
                    double v = x[row + j];
                    int base = j * k;
                    for (int m = 0; m < k; m++) z[m] += v * w[base + m];
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < k; m++) max = Math.max(max, z[m]);
                int y = labels[i];
                double shiftedTrue = z[y] - max;
                double sum = 0;
                for (int m = 0; m < k; m++) {
                    z[m] = Math.exp(z[m] - max);
                    sum += z[m];
                }
                // log Σ e^z - z_y, both shifted by the largest logit
                loss += s * (Math.log(sum) - shiftedTrue);
                for (int m = 0; m < k; m++) z[m] = s * (z[m] / sum - (m == y ? 1 : 0));
                for (int j = 0; j < f; j++) {
                    double v = x[row + j];
                    int base = j * k;
                    for (int m = 0; m < k; m++) out[base + m] += v * z[m];
                }
                if (intercept) for (int m = 0; m < k; m++) out[f * k + m] += z[m];
            }
        }
        out[p] = loss;
        return out;
    }
}
