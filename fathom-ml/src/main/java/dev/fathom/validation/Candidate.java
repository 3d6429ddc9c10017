package dev.fathom.validation;

/**
 * One configuration tried by a {@link GridSearch} or {@link RandomSearch}, with its cross-validated
 * scores: a row of scikit-learn's {@code cv_results_}. Ranks start at 1; configurations with the
 * same mean score share a rank (the lowest), as scikit-learn's {@code rank_test_score}.
 *
 * <pre>{@code
 * for (Candidate c : search.ranked()) {
 *     System.out.printf("%d %s %.4f ± %.4f%n", c.rank(), c.params(), c.meanScore(), c.stdScore());
 * }
 * }</pre>
 *
 * @param index the configuration's position in the order tried (0-based)
 * @param params the hyperparameters
 * @param rank 1 for the best mean score
 * @param meanScore the mean test score over the folds
 * @param stdScore the population standard deviation of the test scores (as {@code np.std})
 * @param testScores each fold's test score
 * @param meanTrainScore the mean training score, NaN unless training scores were asked for
 * @param meanFitTime the mean seconds per fold's fit
 */
public record Candidate(int index, Params params, int rank, double meanScore, double stdScore, double[] testScores,
                        double meanTrainScore, double meanFitTime) {

    /** Each fold's test score (a copy). */
    @Override
    public double[] testScores() {
        return testScores.clone();
    }

    /** {@code #1 {k=5}: 0.9733 ± 0.0249}. */
    @Override
    public String toString() {
        return "#" + rank + " " + params + ": " + CrossValidationResult.num(meanScore) + " ± " + CrossValidationResult.num(stdScore);
    }
}
