package dev.fathom.estimators;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

/**
 * A classifier that ignores the features: the score any real model must beat. Its strategies are
 * scikit-learn's: predict the most frequent class (probabilities: the class frequencies), draw
 * classes at random in the training proportions, or uniformly.
 *
 * <pre>{@code
 * Classifier floor = new DummyClassifier().fit(xTrain, yTrain);
 * floor.score(xTest, yTest);   // the majority class's share of the test set
 * }</pre>
 */
public final class DummyClassifier implements Classifier, SavableEstimator {
    /** How the dummy predicts. */
    public enum Strategy { MOST_FREQUENT, STRATIFIED, UNIFORM }

    private final Strategy strategy;
    private final long seed;
    private double[] priors;
    private int mostFrequent;

    /** The most-frequent-class baseline. */
    public DummyClassifier() {
        this(Strategy.MOST_FREQUENT, 0);
    }

    /** A baseline with {@code strategy}; {@code seed} drives the random ones. */
    public DummyClassifier(Strategy strategy, long seed) {
        this.strategy = strategy;
        this.seed = seed;
    }

    @Override
    public DummyClassifier fit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "DummyClassifier");
        int[] labels = Estimators.labels(y);
        priors = new double[Estimators.classCount(labels)];
        for (int l : labels) priors[l]++;
        mostFrequent = 0;
        for (int c = 1; c < priors.length; c++) {
            if (priors[c] > priors[mostFrequent]) mostFrequent = c; // ties go to the smallest class, as scikit-learn
        }
        for (int c = 0; c < priors.length; c++) priors[c] /= labels.length;
        return this;
    }

    @Override
    public Tensor predictProba(Tensor x) {
        Estimators.checkFitted(priors != null, "DummyClassifier");
        int n = x.shape(0);
        int k = priors.length;
        float[] p = new float[n * k];
        Generator g = new Generator(seed);
        for (int i = 0; i < n; i++) {
            switch (strategy) {
                case MOST_FREQUENT -> {
                    for (int c = 0; c < k; c++) p[i * k + c] = (float) priors[c];
                }
                case UNIFORM -> {
                    for (int c = 0; c < k; c++) p[i * k + c] = 1f / k;
                }
                case STRATIFIED -> p[i * k + draw(g)] = 1;
            }
        }
        return Tensor.of(p, n, k);
    }

    @Override
    public Tensor predict(Tensor x) {
        Estimators.checkFitted(priors != null, "DummyClassifier");
        int n = x.shape(0);
        int[] out = new int[n];
        Generator g = new Generator(seed);
        for (int i = 0; i < n; i++) {
            out[i] = switch (strategy) {
                case MOST_FREQUENT -> mostFrequent;
                case UNIFORM -> (int) (g.nextDouble() * priors.length);
                case STRATIFIED -> draw(g);
            };
        }
        return Tensor.of(out, n);
    }

    private int draw(Generator g) {
        double u = g.nextDouble();
        for (int c = 0; c < priors.length; c++) {
            u -= priors[c];
            if (u < 0) return c;
        }
        return priors.length - 1;
    }

    @Override
    public int classCount() {
        Estimators.checkFitted(priors != null, "DummyClassifier");
        return priors.length;
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(priors != null, "DummyClassifier");
        state.put("strategy", strategy.name()).put("seed", seed).put("mostFrequent", mostFrequent).putDoubles("priors", priors);
    }

    /** The fitted classifier {@link #saveState} wrote. */
    public static DummyClassifier fromState(EstimatorState state) {
        DummyClassifier d = new DummyClassifier(state.keyword("strategy", Strategy.class), state.longValue("seed"));
        d.priors = state.doubles("priors");
        d.mostFrequent = state.integer("mostFrequent");
        if (d.priors.length == 0 || d.mostFrequent < 0 || d.mostFrequent >= d.priors.length) {
            throw new IllegalArgumentException(state.path() + ": mostFrequent " + d.mostFrequent + " is not one of the "
                    + d.priors.length + " classes");
        }
        return d;
    }

    @Override
    public String toString() {
        return "DummyClassifier(" + strategy.name().toLowerCase() + ")";
    }
}
