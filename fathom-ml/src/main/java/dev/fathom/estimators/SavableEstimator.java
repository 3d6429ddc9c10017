package dev.fathom.estimators;

/**
 * An estimator that can describe its fitted state, so that a pipeline file can hold it and give
 * back one that predicts bit for bit the same. The contract, as for layers' {@code config()} and
 * {@code fromConfig}: {@link #saveState} writes every hyperparameter and every fitted value into
 * the {@link EstimatorState} (numbers and text as JSON, arrays as tensors, inner estimators as
 * children), and the class has a {@code public static <Class> fromState(EstimatorState state)} that
 * reads them back. {@link EstimatorTree} saves and restores whole trees of them (ensembles of
 * wrapped estimators).
 *
 * <pre>{@code
 * public final class MeanRegressor implements Estimator, SavableEstimator {
 *     private double mean;
 *     ...
 *     public void saveState(EstimatorState state) { state.put("mean", mean); }
 *     public static MeanRegressor fromState(EstimatorState state) {
 *         MeanRegressor m = new MeanRegressor();
 *         m.mean = state.number("mean");
 *         return m;
 *     }
 * }
 * }</pre>
 */
public interface SavableEstimator {
    /**
     * Writes this estimator's hyperparameters and fitted values into {@code state}.
     *
     * @throws IllegalStateException when the estimator is not fitted (only fitted estimators are saved)
     */
    void saveState(EstimatorState state);
}
