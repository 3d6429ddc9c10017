package dev.fathom.ensembles;

import dev.fathom.data.Names;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named members of a voting or stacking ensemble and their optional weights, checked once
 * when the ensemble is made: not empty, unique names, the right kind of estimator, one finite
 * non-negative weight per member.
 */
final class Members {
    final String owner;
    final List<NamedEstimator> list;
    private final Map<String, Estimator> byName = new LinkedHashMap<>();

    /**
     * @param classifiers true when every member must be a {@link Classifier}, false when none may be
     */
    Members(String owner, List<NamedEstimator> members, boolean classifiers) {
        this.owner = owner;
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException(owner + " needs at least one member estimator, got none; pass them as "
                    + "new " + owner + "(NamedEstimator.of(\"name\", estimator), ...)");
        }
        for (int i = 0; i < members.size(); i++) {
            NamedEstimator m = members.get(i);
            if (m == null) throw new IllegalArgumentException(owner + ": member " + i + " is null");
            if (byName.put(m.name(), m.estimator()) != null) {
                throw new IllegalArgumentException(owner + ": two members are named '" + m.name() + "'; names must be unique");
            }
            checkKind(owner, m.name(), m.estimator(), classifiers);
        }
        this.list = List.copyOf(members);
    }

    /** Checks that a member (or a meta-model) is a classifier, or a regressor, as the ensemble needs. */
    static void checkKind(String owner, String name, Estimator e, boolean classifier) {
        if (classifier && !(e instanceof Classifier)) {
            throw new IllegalArgumentException(owner + ": '" + name + "' (" + e + ") is a regressor, but a classifier ensemble"
                    + " needs classifiers (with predictProba); use the regressor ensemble for it, or a classifier in its place");
        }
        if (!classifier && e.isClassifier()) {
            throw new IllegalArgumentException(owner + ": '" + name + "' (" + e + ") is a classifier, but a regressor ensemble"
                    + " averages values; use the classifier ensemble for it, or a regressor in its place");
        }
    }

    int size() {
        return list.size();
    }

    String name(int i) {
        return list.get(i).name();
    }

    Estimator estimator(int i) {
        return list.get(i).estimator();
    }

    /**
     * Fits every member on {@code x, y} in place and returns what each fit returned, in member
     * order. The members train side by side, one per core (each one's kernels kept on its thread,
     * as cross-validation's folds are), unless the caller's kernels are already kept on its own
     * thread (a fold of a cross-validation: its cores are taken) or there is one core: then one
     * after another. Each member's randomness is its own, so the fitted members are the same
     * either way; the first failure in member order is rethrown.
     */
    Estimator[] fitAll(dev.fathom.tensor.Tensor x, dev.fathom.tensor.Tensor y) {
        int threads = dev.fathom.backend.Threads.isSerial() ? 1 : Math.min(size(), dev.fathom.backend.Threads.count());
        List<java.util.concurrent.Callable<Estimator>> fits = new java.util.ArrayList<>();
        for (int i = 0; i < size(); i++) {
            Estimator e = estimator(i);
            fits.add(() -> e.fit(x, y));
        }
        return dev.fathom.backend.Threads.runAll("fathom-members", fits, threads, true, owner + ": interrupted while fitting the members")
                .toArray(Estimator[]::new);
    }

    /** The member called {@code name}; an unknown name is an error suggesting the closest one. */
    Estimator get(String name) {
        Estimator e = byName.get(name);
        if (e == null) {
            String close = Names.closest(String.valueOf(name), byName.keySet());
            throw new IllegalArgumentException(owner + " has no member named '" + name + "'"
                    + (close == null ? "" : "; did you mean '" + close + "'?") + " Its members are " + byName.keySet());
        }
        return e;
    }

    /** The members by name, in order. */
    Map<String, Estimator> asMap() {
        return java.util.Collections.unmodifiableMap(byName);
    }

    /** The weights, checked: one per member, finite, >= 0, not all 0. Returns a copy. */
    double[] checkWeights(double[] weights) {
        if (weights == null) throw new IllegalArgumentException(owner + ": weights are null; leave them out for equal weights");
        if (weights.length != list.size()) {
            throw new IllegalArgumentException(owner + ": got " + weights.length + " weight" + (weights.length == 1 ? "" : "s")
                    + " " + Arrays.toString(weights) + " for " + list.size() + " members " + byName.keySet()
                    + "; give exactly one weight per member, in the members' order");
        }
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException(owner + ": the weight of '" + name(i) + "' is " + weights[i]
                        + "; weights must be finite and >= 0");
            }
            total += weights[i];
        }
        if (total == 0) throw new IllegalArgumentException(owner + ": all weights are 0; at least one member must count");
        return weights.clone();
    }

    /** Writes the names, in order, and each member as child "0", "1", ... (names may hold any character). */
    void save(EstimatorState state) {
        state.put("names", list.stream().map(NamedEstimator::name).toList());
        for (int i = 0; i < list.size(); i++) state.putChild(Integer.toString(i), list.get(i).estimator());
    }

    /** The named members {@link #save} wrote, restored. */
    static List<NamedEstimator> restore(EstimatorState state) {
        List<String> names = state.strings("names");
        List<NamedEstimator> out = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) out.add(NamedEstimator.of(names.get(i), state.estimator(Integer.toString(i))));
        return out;
    }

    /** Weights as a JSON list. */
    static List<Double> list(double[] weights) {
        return Arrays.stream(weights).boxed().toList();
    }

    /** Equal weights of 1. */
    double[] equalWeights() {
        double[] w = new double[list.size()];
        Arrays.fill(w, 1);
        return w;
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
