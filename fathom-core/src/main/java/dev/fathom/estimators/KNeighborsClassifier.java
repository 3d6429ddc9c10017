package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;

/**
 * k-nearest neighbours: a sample's class is the vote of the k training samples closest to it
 * (Euclidean distance), each vote weighted equally or by 1/distance. Ties in the vote go to the
 * smallest class, as in scikit-learn. Scale features first: distance mixes their units.
 *
 * <pre>{@code
 * Classifier knn = new KNeighborsClassifier(5).fit(xTrain, yTrain);
 * knn.score(xTest, yTest);
 * }</pre>
 */
public final class KNeighborsClassifier implements Classifier {
    private final Neighbours neighbours;
    private int[] labels;
    private int classes;

    /** {@code k} neighbours with equal votes. */
    public KNeighborsClassifier(int k) {
        this(k, false);
    }

    /** {@code k} neighbours, whose votes are weighted by 1/distance when {@code distanceWeighted}. */
    public KNeighborsClassifier(int k, boolean distanceWeighted) {
        neighbours = new Neighbours(k, distanceWeighted, "KNeighborsClassifier");
    }

    @Override
    public KNeighborsClassifier fit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "KNeighborsClassifier");
        labels = Estimators.labels(y);
        classes = Estimators.classCount(labels);
        neighbours.fit(x);
        return this;
    }

    @Override
    public Tensor predictProba(Tensor x) {
        Estimators.checkFitted(labels != null, "KNeighborsClassifier");
        Neighbours.Found found = neighbours.find(x);
        int m = found.index().length;
        float[] p = new float[m * classes];
        for (int r = 0; r < m; r++) {
            double total = 0;
            double[] votes = new double[classes];
            for (int j = 0; j < found.index()[r].length; j++) {
                double w = found.weight()[r][j];
                votes[labels[found.index()[r][j]]] += w;
                total += w;
            }
            for (int c = 0; c < classes; c++) p[r * classes + c] = (float) (votes[c] / total);
        }
        return Tensor.of(p, m, classes);
    }

    @Override
    public int classCount() {
        Estimators.checkFitted(labels != null, "KNeighborsClassifier");
        return classes;
    }

    @Override
    public String toString() {
        return "KNeighborsClassifier(" + neighbours + ")";
    }
}
