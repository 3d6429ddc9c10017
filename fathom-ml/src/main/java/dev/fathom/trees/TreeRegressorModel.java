package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

/**
 * What the CART-tree regressors share — {@link DecisionTreeRegressor}, {@link RandomForestRegressor},
 * {@link ExtraTreesRegressor}: fitting on one or several targets, predicting the mean of the trees'
 * leaves in the targets' shape, and the saved form (the trees plus {@code targetRank}).
 *
 * <pre>{@code
 * RandomForestRegressor forest = new RandomForestRegressor().trees(50).fit(x, y);   // y [samples] or [samples, targets]
 * forest.predict(xNew);
 * }</pre>
 *
 * @param <S> the estimator class itself, so the settings chain
 */
abstract sealed class TreeRegressorModel<S extends TreeRegressorModel<S>> extends TreeModel<S>
        implements Estimator, SavableEstimator
        permits DecisionTreeRegressor, RandomForestRegressor, ExtraTreesRegressor {
    private int targetRank = 1;

    TreeRegressorModel(String owner, boolean random, int nEstimators, boolean bootstrap) {
        super(owner, random, Criterion.SQUARED_ERROR, nEstimators, bootstrap, MaxFeatures.all());
    }

    /**
     * Grows the trees (one for a decision tree) on {@code x [samples, features]} (raw features; no
     * scaling needed) and targets {@code y [samples]} or {@code [samples, targets]} (one tree predicts
     * every target).
     *
     * @throws IllegalArgumentException when x and y disagree or hold NaN or infinity
     */
    @Override
    public S fit(Tensor x, Tensor y) {
        TreeInputs.checkSamples(x, y, owner);
        double[][] rows = TreeInputs.targets(y, owner);
        int k = rows[0].length;
        double[] flat = new double[rows.length * k];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * k, k);
        double[][] cols = TreeInputs.columns(x, -1, false, owner);
        targetRank = y.rank();
        grow(cols, null, flat, k);
        return self();
    }

    /** The mean over the trees of the leaf each row reaches: float32 {@code [samples]}, or {@code [samples, targets]} when fitted on several. */
    @Override
    public Tensor predict(Tensor x) {
        return TreeInputs.floats(average(x), x.shape(0), targetRank == 1 ? -1 : outputs);
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    final boolean classifies() {
        return false;
    }

    @Override
    public void saveState(EstimatorState state) {
        saveTrees(state);
        state.put("targetRank", targetRank);
    }

    /** Reads what {@link #saveState} wrote into this (fresh) regressor, checking the target rank against the outputs. */
    final S loadRegressor(EstimatorState state) {
        loadTrees(state);
        targetRank = state.integer("targetRank");
        if (targetRank != 1 && targetRank != 2 || targetRank == 1 && outputs != 1) {
            throw new IllegalArgumentException(state.path() + ": targetRank " + targetRank + " with " + outputs
                    + " outputs; the file is damaged or was edited");
        }
        return self();
    }
}
