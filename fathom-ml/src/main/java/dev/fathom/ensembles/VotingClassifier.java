package dev.fathom.ensembles;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Several classifiers fitted on the same data and combined by a vote, as scikit-learn's
 * {@code VotingClassifier}. {@link Voting#HARD} (the default): each member votes for the class it
 * predicts with its weight, and the class with the most votes wins, ties going to the smallest
 * class. {@link Voting#SOFT}: the members' {@code predictProba} are averaged with the weights and
 * the most probable class wins. Members are fitted in place, side by side on the cores (one after
 * another inside a cross-validation's fold), with the same result either way.
 *
 * <p>{@link #predictProba} is the averaged probabilities for soft voting and each class's share of
 * the weighted votes for hard voting (scikit-learn has none for hard voting), so both sum to 1
 * per row and a voting ensemble can itself be a member of another ensemble.
 *
 * <pre>{@code
 * VotingClassifier vote = new VotingClassifier(
 *         NamedEstimator.of("knn", new KNeighborsClassifier(5)),
 *         NamedEstimator.of("logistic", new LogisticRegression()),
 *         NamedEstimator.of("floor", new DummyClassifier()))
 *     .voting(Voting.SOFT).weights(2, 1, 1);
 * vote.fit(xTrain, yTrain).score(xTest, yTest);   // accuracy
 * Tensor p = vote.predictProba(xTest);           // [samples, classes], rows sum to 1
 * }</pre>
 */
public final class VotingClassifier implements Classifier, SavableEstimator {
    private final Members members;
    private Voting voting = Voting.HARD;
    private double[] weights;
    private int classes = -1;
    /** The shape of one sample x was fitted on: [features] for a table, [channels, height, width] for images. */
    private int[] sampleShape;

    /**
     * An ensemble of these classifiers, with hard voting and equal weights.
     *
     * @throws IllegalArgumentException when there are no members, two share a name, or one is not a {@link Classifier}
     */
    public VotingClassifier(NamedEstimator... members) {
        this(members == null ? null : Arrays.asList(members));
    }

    /** An ensemble of these classifiers; see {@link #VotingClassifier(NamedEstimator...)}. */
    public VotingClassifier(List<NamedEstimator> members) {
        this.members = new Members("VotingClassifier", members, true);
        this.weights = this.members.equalWeights();
    }

    /** Sets how the members are combined (default {@link Voting#HARD}). Returns this. */
    public VotingClassifier voting(Voting voting) {
        if (voting == null) throw new IllegalArgumentException("VotingClassifier: voting is null; use Voting.HARD or Voting.SOFT");
        this.voting = voting;
        return this;
    }

    /**
     * Sets one weight per member, in the members' order (default: all 1): how many votes a member
     * has, or how much its probabilities count in the average. Returns this.
     *
     * @throws IllegalArgumentException when the count differs from the members', or a weight is
     *     negative or not finite, or all are 0
     */
    public VotingClassifier weights(double... weights) {
        this.weights = members.checkWeights(weights);
        return this;
    }

    /**
     * Fits every member on {@code x [samples, features]} (or {@code [samples, channels, height, width]}, or any
     * shape the members read: x is handed to them whole) and class indices {@code y [samples]}.
     *
     * @throws IllegalArgumentException when the members disagree on the number of classes
     */
    @Override
    public VotingClassifier fit(Tensor x, Tensor y) {
        Ensembles.checkSamplesOfAnyShape(x, y, "VotingClassifier");
        int seen = Ensembles.classCount(Ensembles.labels(y, "VotingClassifier"));
        int[] counts = new int[members.size()];
        Estimator[] fitted = members.fitAll(x, y);
        for (int i = 0; i < members.size(); i++) counts[i] = ((Classifier) fitted[i]).classCount();
        classes = checkClassCounts("VotingClassifier", members, counts, seen);
        sampleShape = Ensembles.sampleShape(x);
        return this;
    }

    /** Checks that fitted members agree on the class count; returns it. */
    static int checkClassCounts(String owner, Members members, int[] counts, int seen) {
        boolean same = Arrays.stream(counts).allMatch(c -> c == counts[0]);
        if (!same || counts[0] < seen) {
            StringBuilder each = new StringBuilder();
            for (int i = 0; i < counts.length; i++) each.append(i == 0 ? "" : ", ").append(members.name(i)).append(" has ").append(counts[i]);
            throw new IllegalArgumentException(owner + ": the members must predict the same classes, but " + each + " (y has "
                    + seen + " classes); check each member's output size (a network needs one output unit per class)");
        }
        return counts[0];
    }

    /**
     * Class probabilities {@code [samples, classes]}: the weighted mean of the members' for soft
     * voting, each class's share of the weighted votes for hard voting. Rows sum to 1.
     */
    @Override
    public Tensor predictProba(Tensor x) {
        return Ensembles.matrix(combine(x), classes);
    }

    /** The winning class of each row; ties go to the smallest class, as in scikit-learn. */
    @Override
    public Tensor predict(Tensor x) {
        double[][] p = combine(x);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Ensembles.argmax(p[i]);
        return Tensor.of(out, out.length);
    }

    private double[][] combine(Tensor x) {
        Ensembles.checkFitted(classes >= 0, "VotingClassifier");
        Ensembles.checkSampleShape(x, sampleShape, "VotingClassifier");
        int n = x.shape(0);
        double total = Arrays.stream(weights).sum();
        double[][] out = new double[n][classes];
        for (int m = 0; m < members.size(); m++) {
            if (weights[m] == 0) continue;
            Classifier c = (Classifier) members.estimator(m);
            if (voting == Voting.SOFT) {
                double[][] p = Ensembles.proba(c, x, classes, "VotingClassifier", members.name(m));
                for (int i = 0; i < n; i++) for (int k = 0; k < classes; k++) out[i][k] += weights[m] * p[i][k];
            } else {
                int[] votes = c.predict(x).toIntArray();
                for (int i = 0; i < n; i++) {
                    if (votes[i] < 0 || votes[i] >= classes) {
                        throw new IllegalArgumentException("VotingClassifier: member '" + members.name(m) + "' predicted class "
                                + votes[i] + " for sample " + i + ", outside 0.." + (classes - 1));
                    }
                    out[i][votes[i]] += weights[m];
                }
            }
        }
        for (double[] row : out) for (int k = 0; k < classes; k++) row[k] /= total;
        return out;
    }

    @Override
    public int classCount() {
        Ensembles.checkFitted(classes >= 0, "VotingClassifier");
        return classes;
    }

    /** How the members are combined. */
    public Voting voting() {
        return voting;
    }

    /** The members' weights, in order (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** The member called {@code name}, fitted once this ensemble is. */
    public Classifier estimator(String name) {
        return (Classifier) members.get(name);
    }

    /** The members by name, in order (scikit-learn's {@code named_estimators_}). */
    public Map<String, Estimator> namedEstimators() {
        return members.asMap();
    }

    @Override
    public void saveState(EstimatorState state) {
        Ensembles.checkFitted(classes >= 0, "VotingClassifier");
        state.put("voting", voting.name()).put("weights", Members.list(weights)).put("classes", classes);
        Ensembles.putSampleShape(state, sampleShape);
        members.save(state);
    }

    /** The fitted ensemble {@link #saveState} wrote, its members restored. */
    public static VotingClassifier fromState(EstimatorState state) {
        VotingClassifier v = new VotingClassifier(Members.restore(state)).voting(state.keyword("voting", Voting.class))
                .weights(state.numbers("weights"));
        v.classes = state.integer("classes");
        v.sampleShape = Ensembles.sampleShape(state);
        return v;
    }

    @Override
    public String toString() {
        return "VotingClassifier(" + voting.name().toLowerCase() + ", " + members + ")";
    }
}
