package dev.fathom.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Precision, recall, F1 and support per class, with accuracy and the macro and weighted averages,
 * printed like scikit-learn's {@code classification_report}.
 *
 * <pre>{@code
 * ClassificationReport r = ClassificationReport.of(yTrue, yPred, List.of("setosa", "versicolor", "virginica"));
 * System.out.println(r);
 * r.f1(1);                  // F1 of versicolor
 * r.macroF1();
 * }</pre>
 */
public final class ClassificationReport {
    private final ConfusionMatrix matrix;
    private final double[][] perClass; // [class][precision, recall, f1]

    private ClassificationReport(ConfusionMatrix matrix) {
        this.matrix = matrix;
        perClass = new double[matrix.size()][3];
        for (int i = 0; i < matrix.size(); i++) {
            long tp = matrix.truePositives(i);
            long predicted = tp + matrix.falsePositives(i);
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = matrix.support(i) == 0 ? 0 : (double) tp / matrix.support(i);
            perClass[i] = new double[] {p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)};
        }
    }

    /** The report over the labels present in either array, named by their numbers. */
    public static ClassificationReport of(int[] yTrue, int[] yPred) {
        return new ClassificationReport(ConfusionMatrix.of(yTrue, yPred));
    }

    /** The report over classes {@code 0..classNames.size()-1}, named. */
    public static ClassificationReport of(int[] yTrue, int[] yPred, List<String> classNames) {
        // Before the loop below reads yPred[i]: unequal lengths are a message, not an index exception.
        Metrics.checkSameLength("yTrue", yTrue.length, "yPred", yPred.length);
        int[] labels = new int[classNames.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = i;
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] < 0 || yTrue[i] >= labels.length || yPred[i] < 0 || yPred[i] >= labels.length) {
                throw new IllegalArgumentException("sample " + i + " has true class " + yTrue[i] + " and predicted class " + yPred[i]
                        + " but only " + labels.length + " class names were given " + classNames);
            }
        }
        return new ClassificationReport(ConfusionMatrix.of(yTrue, yPred, labels).withNames(classNames));
    }

    /** The confusion matrix the report was read from. */
    public ConfusionMatrix confusionMatrix() {
        return matrix;
    }

    /** Precision of the class at position {@code i}. */
    public double precision(int i) {
        return perClass[i][0];
    }

    /** Recall of the class at position {@code i}. */
    public double recall(int i) {
        return perClass[i][1];
    }

    /** F1 of the class at position {@code i}. */
    public double f1(int i) {
        return perClass[i][2];
    }

    /** The fraction of correct predictions. */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < matrix.size(); i++) correct += matrix.truePositives(i);
        return (double) correct / matrix.total();
    }

    /** The unweighted mean F1 over classes. */
    public double macroF1() {
        return average(2, false);
    }

    /** The support-weighted mean F1 over classes. */
    public double weightedF1() {
        return average(2, true);
    }

    private double average(int metric, boolean weighted) {
        double sum = 0, weights = 0;
        for (int i = 0; i < matrix.size(); i++) {
            double w = weighted ? matrix.support(i) : 1;
            sum += w * perClass[i][metric];
            weights += w;
        }
        return weights == 0 ? 0 : sum / weights;
    }

    /** The aligned table, two decimals as scikit-learn prints it. */
    @Override
    public String toString() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "precision", "recall", "f1-score", "support"});
        for (int i = 0; i < matrix.size(); i++) {
            rows.add(new String[] {matrix.name(i), f(perClass[i][0]), f(perClass[i][1]), f(perClass[i][2]),
                    Long.toString(matrix.support(i))});
        }
        rows.add(new String[] {"", "", "", "", ""});
        String total = Long.toString(matrix.total());
        rows.add(new String[] {"accuracy", "", "", f(accuracy()), total});
        rows.add(new String[] {"macro avg", f(average(0, false)), f(average(1, false)), f(average(2, false)), total});
        rows.add(new String[] {"weighted avg", f(average(0, true)), f(average(1, true)), f(average(2, true)), total});
        return Metrics.alignedTable(rows);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
