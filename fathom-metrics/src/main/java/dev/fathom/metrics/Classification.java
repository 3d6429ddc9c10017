package dev.fathom.metrics;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Scores of a classifier's predictions against the true classes, equal to scikit-learn's
 * functions of the same names. Classes are integer labels (class indices); a class that is never
 * predicted has precision 0, as scikit-learn's {@code zero_division=0}.
 *
 * <pre>{@code
 * int[] yTrue = {0, 1, 2, 2, 1};
 * int[] yPred = {0, 2, 2, 2, 1};
 * Classification.accuracy(yTrue, yPred);                      // 0.8
 * Classification.f1(yTrue, yPred, Average.MACRO);             // 0.822...
 * Classification.logLoss(new int[] {0, 1}, new double[][] {{0.9, 0.1}, {0.2, 0.8}});   // 0.164...
 * Classification.rocAuc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});  // 0.75
 * }</pre>
 */
public final class Classification {
    private Classification() {}

    /** The fraction of samples whose predicted class is the true one. */
    public static double accuracy(int[] yTrue, int[] yPred) {
        Metrics.checkSameLength("yTrue", yTrue.length, "yPred", yPred.length);
        Metrics.checkNotEmpty("yTrue", yTrue.length);
        long correct = 0;
        for (int i = 0; i < yTrue.length; i++) if (yTrue[i] == yPred[i]) correct++;
        return (double) correct / yTrue.length;
    }

    /** {@link #accuracy(int[], int[])} of two tensors of class indices. */
    public static double accuracy(Tensor yTrue, Tensor yPred) {
        return accuracy(yTrue.toIntArray(), yPred.toIntArray());
    }

    /**
     * The mean of each class's recall over the classes that occur in {@code yTrue}: accuracy that a
     * majority class cannot inflate.
     */
    public static double balancedAccuracy(int[] yTrue, int[] yPred) {
        Metrics.checkNotEmpty("yTrue", yTrue.length);
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        double sum = 0;
        int classes = 0;
        for (int i = 0; i < cm.size(); i++) {
            long support = cm.support(i);
            if (support == 0) continue; // a class only predicted has no recall; scikit-learn skips it too
            sum += (double) cm.truePositives(i) / support;
            classes++;
        }
        return sum / classes;
    }

    /** Of the samples predicted as a class, the fraction that are; combined over classes by {@code average}. */
    public static double precision(int[] yTrue, int[] yPred, Average average) {
        return fBetaScores(yTrue, yPred, average, 1)[0];
    }

    /** Of the samples of a class, the fraction predicted as it; combined over classes by {@code average}. */
    public static double recall(int[] yTrue, int[] yPred, Average average) {
        return fBetaScores(yTrue, yPred, average, 1)[1];
    }

    /** The harmonic mean of precision and recall; combined over classes by {@code average}. */
    public static double f1(int[] yTrue, int[] yPred, Average average) {
        return fBetaScores(yTrue, yPred, average, 1)[2];
    }

    /** F-beta: recall counts {@code beta} times as much as precision. */
    public static double fBeta(int[] yTrue, int[] yPred, double beta, Average average) {
        if (!(beta > 0)) throw new IllegalArgumentException("beta must be positive, got " + beta);
        return fBetaScores(yTrue, yPred, average, beta)[2];
    }

    /** Precision, recall and F-beta for {@code average}, as scikit-learn's precision_recall_fscore_support. */
    static double[] fBetaScores(int[] yTrue, int[] yPred, Average average, double beta) {
        Metrics.checkNotEmpty("yTrue", yTrue.length);
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        int[] labels = cm.labels();
        if (average == Average.BINARY) {
            if (labels.length > 2 || Arrays.stream(labels).anyMatch(l -> l > 1)) {
                throw new IllegalArgumentException("Average.BINARY needs labels 0 and 1, but the data has labels "
                        + Arrays.toString(labels) + "; use Average.MACRO, MICRO or WEIGHTED for several classes");
            }
            int pos = Arrays.binarySearch(labels, 1);
            if (pos < 0) return new double[] {0, 0, 0}; // no positive sample anywhere: every score is 0/0 → 0
            double p = ratio(cm.truePositives(pos), cm.truePositives(pos) + cm.falsePositives(pos));
            double r = ratio(cm.truePositives(pos), cm.support(pos));
            return new double[] {p, r, fBeta(p, r, beta)};
        }
        if (average == Average.MICRO) {
            long tp = 0, predicted = 0, actual = 0;
            for (int i = 0; i < labels.length; i++) {
                tp += cm.truePositives(i);
                predicted += cm.truePositives(i) + cm.falsePositives(i);
                actual += cm.support(i);
            }
            double p = ratio(tp, predicted);
            double r = ratio(tp, actual);
            return new double[] {p, r, fBeta(p, r, beta)};
        }
        double[] sums = new double[3];
        double totalWeight = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = ratio(cm.truePositives(i), cm.truePositives(i) + cm.falsePositives(i));
            double r = ratio(cm.truePositives(i), cm.support(i));
            double w = average == Average.WEIGHTED ? cm.support(i) : 1;
            sums[0] += w * p;
            sums[1] += w * r;
            sums[2] += w * fBeta(p, r, beta);
            totalWeight += w;
        }
        if (totalWeight == 0) return new double[] {0, 0, 0};
        for (int j = 0; j < 3; j++) sums[j] /= totalWeight;
        return sums;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double fBeta(double p, double r, double beta) {
        double b2 = beta * beta;
        double denominator = b2 * p + r;
        return denominator == 0 ? 0 : (1 + b2) * p * r / denominator;
    }

    /**
     * Cross-entropy of predicted probabilities: {@code proba[i][c]} is the probability that sample i
     * is class c (columns are classes 0..k-1). Probabilities are clipped to [eps, 1 - eps] with eps
     * the float64 machine epsilon and each row renormalized, as scikit-learn does.
     *
     * @throws IllegalArgumentException when a true class has no column, or rows differ in length
     */
    public static double logLoss(int[] yTrue, double[][] proba) {
        Metrics.checkSameLength("yTrue", yTrue.length, "proba", proba.length);
        Metrics.checkNotEmpty("yTrue", yTrue.length);
        int k = proba[0].length;
        if (k < 2) throw new IllegalArgumentException("proba needs one column per class (at least 2); for one probability"
                + " per sample use logLoss(int[], double[])");
        double eps = Math.ulp(1.0);
        double sum = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (proba[i].length != k) {
                throw new IllegalArgumentException("proba row " + i + " has " + proba[i].length + " columns, row 0 has " + k);
            }
            if (yTrue[i] < 0 || yTrue[i] >= k) {
                throw new IllegalArgumentException("sample " + i + " is class " + yTrue[i] + " but proba has columns for classes 0.."
                        + (k - 1));
            }
            double rowSum = 0;
            for (double p : proba[i]) rowSum += clip(p, eps);
            sum -= Math.log(clip(proba[i][yTrue[i]], eps) / rowSum);
        }
        return sum / yTrue.length;
    }

    /** Binary cross-entropy of {@code pPositive[i]}, the probability that sample i is class 1. */
    public static double logLoss(int[] yTrue, double[] pPositive) {
        double[][] proba = new double[pPositive.length][];
        for (int i = 0; i < proba.length; i++) proba[i] = new double[] {1 - pPositive[i], pPositive[i]};
        checkBinary("logLoss", yTrue);
        return logLoss(yTrue, proba);
    }

    /** {@link #logLoss(int[], double[][])} of class indices and a [samples, classes] probability tensor. */
    public static double logLoss(Tensor yTrue, Tensor proba) {
        return logLoss(yTrue.toIntArray(), rows(proba));
    }

    private static double clip(double p, double eps) {
        return Math.min(Math.max(p, eps), 1 - eps);
    }

    /**
     * Area under the ROC curve of binary labels (0/1) and scores where higher means class 1.
     *
     * @throws IllegalArgumentException when {@code yTrue} holds one class only (the area is undefined)
     */
    public static double rocAuc(int[] yTrue, double[] scores) {
        checkBinary("rocAuc", yTrue);
        return RocCurve.of(yTrue, scores).auc();
    }

    /**
     * One-vs-rest ROC AUC of a multiclass problem: {@code proba[i][c]} is the probability of class c,
     * rows summing to 1; each class's AUC against the rest, averaged by {@code average} (MACRO, or
     * WEIGHTED by prevalence). Two columns mean a binary problem, scored on column 1.
     */
    public static double rocAuc(int[] yTrue, double[][] proba, Average average) {
        Metrics.checkSameLength("yTrue", yTrue.length, "proba", proba.length);
        Metrics.checkNotEmpty("yTrue", yTrue.length);
        int k = proba[0].length;
        if (k == 2) return rocAuc(yTrue, column(proba, 1));
        if (average != Average.MACRO && average != Average.WEIGHTED) {
            throw new IllegalArgumentException("one-vs-rest ROC AUC averages with MACRO or WEIGHTED, not " + average);
        }
        TreeSet<Integer> present = new TreeSet<>();
        for (int y : yTrue) present.add(y);
        if (present.size() != k || present.first() != 0 || present.last() != k - 1) {
            throw new IllegalArgumentException("proba has " + k + " columns (classes 0.." + (k - 1) + ") but yTrue has classes "
                    + present + "; every class needs at least one sample for one-vs-rest ROC AUC");
        }
        for (int i = 0; i < proba.length; i++) {
            double s = Arrays.stream(proba[i]).sum();
            if (Math.abs(s - 1) > 1e-5 + 1e-8) {
                throw new IllegalArgumentException("proba row " + i + " sums to " + s + "; multiclass ROC AUC needs probabilities"
                        + " summing to 1 per row (apply softmax to logits first)");
            }
        }
        double sum = 0;
        double weights = 0;
        for (int c = 0; c < k; c++) {
            int[] isC = new int[yTrue.length];
            int count = 0;
            for (int i = 0; i < yTrue.length; i++) {
                isC[i] = yTrue[i] == c ? 1 : 0;
                count += isC[i];
            }
            double w = average == Average.WEIGHTED ? count : 1;
            sum += w * RocCurve.of(isC, column(proba, c)).auc();
            weights += w;
        }
        return sum / weights;
    }

    /** The area under the precision-recall curve as a step function, as scikit-learn's average_precision_score. */
    public static double averagePrecision(int[] yTrue, double[] scores) {
        checkBinary("averagePrecision", yTrue);
        return PrecisionRecallCurve.of(yTrue, scores).averagePrecision();
    }

    static void checkBinary(String metric, int[] yTrue) {
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] != 0 && yTrue[i] != 1) {
                throw new IllegalArgumentException(metric + " needs binary labels 0 and 1; sample " + i + " is " + yTrue[i]
                        + " (for several classes pass one probability column per class)");
            }
        }
    }

    private static double[] column(double[][] m, int c) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) out[i] = m[i][c];
        return out;
    }

    /** A [rows, columns] tensor as rows of doubles. */
    static double[][] rows(Tensor t) {
        if (t.rank() != 2) throw new IllegalArgumentException("expected a [samples, classes] tensor, got shape " + Arrays.toString(t.shape()));
        double[] flat = t.toDoubleArray();
        int cols = t.shape()[1];
        double[][] out = new double[t.shape()[0]][];
        for (int i = 0; i < out.length; i++) out[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        return out;
    }
}
