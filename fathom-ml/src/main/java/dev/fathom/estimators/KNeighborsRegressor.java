package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;

/**
 * k-nearest neighbours for regression: the prediction is the mean target of the k closest
 * training samples, or their 1/distance-weighted mean.
 *
 * <pre>{@code
 * Estimator knn = new KNeighborsRegressor(5).fit(xTrain, yTrain);
 * knn.score(xTest, yTest);   // R²
 * }</pre>
 */
public final class KNeighborsRegressor implements Estimator, SavableEstimator {
    private Neighbours neighbours;
    private double[] targets;
    private int[] targetShape;
    private int width;

    /** {@code k} neighbours, weighted equally. */
    public KNeighborsRegressor(int k) {
        this(k, false);
    }

    /** {@code k} neighbours, weighted by 1/distance when {@code distanceWeighted}. */
    public KNeighborsRegressor(int k, boolean distanceWeighted) {
        neighbours = new Neighbours(k, distanceWeighted, "KNeighborsRegressor");
    }

    @Override
    public KNeighborsRegressor fit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "KNeighborsRegressor");
        neighbours.fit(x);
        targets = y.toDoubleArray();
        targetShape = y.shape();
        width = targets.length / y.shape(0);
        return this;
    }

    @Override
    public Tensor predict(Tensor x) {
        Estimators.checkFitted(targets != null, "KNeighborsRegressor");
        Neighbours.Found found = neighbours.find(x);
        int m = found.index().length;
        float[] out = new float[m * width];
        for (int r = 0; r < m; r++) {
            double total = 0;
            for (int j = 0; j < found.index()[r].length; j++) total += found.weight()[r][j];
            for (int t = 0; t < width; t++) {
                double s = 0;
                for (int j = 0; j < found.index()[r].length; j++) s += found.weight()[r][j] * targets[found.index()[r][j] * width + t];
                out[r * width + t] = (float) (s / total);
            }
        }
        return Tensor.of(out, Estimators.targetShape(targetShape, m));
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(targets != null, "KNeighborsRegressor");
        neighbours.save(state);
        state.put("targetShape", Estimators.shapeList(targetShape)).putDoubles("targets", targets);
    }

    /** The fitted regressor {@link #saveState} wrote: its training rows and their targets. */
    public static KNeighborsRegressor fromState(EstimatorState state) {
        KNeighborsRegressor knn = new KNeighborsRegressor(state.integer("k"), state.bool("distanceWeighted"));
        knn.neighbours = Neighbours.restore(state, "KNeighborsRegressor");
        knn.targets = state.doubles("targets");
        int rows = knn.neighbours.size();
        if (knn.targets.length % rows != 0 || knn.targets.length == 0) {
            throw new IllegalArgumentException(state.path() + ": " + knn.targets.length + " target values for " + rows + " training rows");
        }
        knn.width = knn.targets.length / rows;
        knn.targetShape = Estimators.checkTargetShape(state, knn.width);
        return knn;
    }

    @Override
    public String toString() {
        return "KNeighborsRegressor(" + neighbours + ")";
    }
}
