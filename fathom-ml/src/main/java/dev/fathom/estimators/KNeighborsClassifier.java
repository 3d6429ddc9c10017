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
public final class KNeighborsClassifier implements Classifier, SavableEstimator {
    private Neighbours neighbours;
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
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(labels != null, "KNeighborsClassifier");
        neighbours.save(state);
        state.put("classes", classes).putInts("labels", labels);
    }

    /** The fitted classifier {@link #saveState} wrote: its training rows and their classes. */
    public static KNeighborsClassifier fromState(EstimatorState state) {
        KNeighborsClassifier knn = new KNeighborsClassifier(state.integer("k"), state.bool("distanceWeighted"));
        knn.neighbours = Neighbours.restore(state, "KNeighborsClassifier");
        knn.labels = state.ints("labels");
        knn.classes = state.integer("classes");
        if (knn.labels.length != knn.neighbours.size()) {
            throw new IllegalArgumentException(state.path() + ": " + knn.labels.length + " labels for " + knn.neighbours.size()
                    + " training rows");
        }
        for (int l : knn.labels) {
            if (l < 0 || l >= knn.classes) throw new IllegalArgumentException(state.path() + ": label " + l + " is not one of the "
                    + knn.classes + " classes");
        }
        return knn;
    }

    @Override
    public String toString() {
        return "KNeighborsClassifier(" + neighbours + ")";
    }
}
