package dev.fathom.workflow;

import dev.fathom.ensembles.NamedEstimator;
import dev.fathom.ensembles.Voting;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.ensembles.VotingRegressor;
import dev.fathom.estimators.Estimator;
import dev.fathom.validation.Params;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How to build a model of the leaderboard again anywhere from a few numbers: the spot-check's
 * model of a name, the search's i-th configuration of a family (the sample is drawn from the seed,
 * so it is the same everywhere), a model on a subsample of the rows, or the weighted soft vote /
 * average of other recipes that ensemble selection picked. {@link FoldTask} sends
 * recipes rather than models, so a task is bytes of Fathom's own encoding, not serialized objects.
 */
sealed interface Recipe {
    /** A fresh, unfitted estimator of this recipe. */
    Estimator build(Algorithms algorithms, long seed);

    void write(DataOutputStream out) throws IOException;

    /** The spot-check list's model {@code name} (by name: a run may restrict the list, e.g. to multi-output models). */
    record Spot(String name) implements Recipe {
        @Override
        public Estimator build(Algorithms algorithms, long seed) {
            for (Algorithm a : algorithms.spotCheck()) {
                if (a.name().equals(name)) return a.factory().get();
            }
            throw new IllegalArgumentException("a fold task names spot-check model '" + name + "', which this Fathom does not have;"
                    + " the driver and the executors must run the same Fathom version");
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(0);
            out.writeUTF(name);
        }
    }

    /** {@code inner} fitted on {@code rows} rows drawn from the seed, as the time budget plans for large data. */
    record Subsample(Recipe inner, int rows) implements Recipe {
        @Override
        public Estimator build(Algorithms algorithms, long seed) {
            return new Subsampled(inner.build(algorithms, seed), rows, seed);
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(3);
            out.writeInt(rows);
            inner.write(out);
        }
    }

    /** Configuration {@code index} of the {@value Workflow#SEARCH_ITERATIONS} sampled around {@code family}. */
    record Search(Algorithm.Family family, int index) implements Recipe {
        @Override
        public Estimator build(Algorithms algorithms, long seed) {
            Algorithms.Search search = algorithms.searchSpace(family);
            Params p = search.space().sample(Workflow.SEARCH_ITERATIONS, seed).get(index);
            return search.factory().apply(p);
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(1);
            out.writeInt(family.ordinal());
            out.writeInt(index);
        }
    }

    /**
     * The weighted soft vote (classification) or average (regression) of {@code members}, named m0,
     * m1, ... as in the workflow; the weights are how often ensemble selection picked each member.
     */
    record Ensemble(boolean classification, List<Recipe> members, double[] weights) implements Recipe {
        public Ensemble {
            if (weights.length != members.size()) {
                throw new IllegalArgumentException("an ensemble recipe has " + members.size() + " members but " + weights.length + " weights");
            }
            members = List.copyOf(members);
            weights = weights.clone();
        }

        @Override
        public Estimator build(Algorithms algorithms, long seed) {
            return ensemble(classification, members.stream().<Supplier<Estimator>>map(m -> () -> m.build(algorithms, seed)).toList(),
                    weights);
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(2);
            out.writeBoolean(classification);
            out.writeInt(members.size());
            for (int i = 0; i < members.size(); i++) {
                out.writeDouble(weights[i]);
                members.get(i).write(out);
            }
        }
    }

    /** The workflow's weighted ensemble of fresh members from {@code factories}: one definition for local and remote models. */
    static Estimator ensemble(boolean classification, List<Supplier<Estimator>> factories, double[] weights) {
        List<NamedEstimator> list = new ArrayList<>();
        for (int i = 0; i < factories.size(); i++) list.add(NamedEstimator.of("m" + i, factories.get(i).get()));
        return classification ? new VotingClassifier(list).voting(Voting.SOFT).weights(weights) : new VotingRegressor(list).weights(weights);
    }

    static Recipe read(DataInputStream in) throws IOException {
        int kind = in.readByte();
        return switch (kind) {
            case 0 -> new Spot(in.readUTF());
            case 1 -> new Search(Algorithm.Family.values()[in.readInt()], in.readInt());
            case 2 -> {
                boolean cls = in.readBoolean();
                int n = in.readInt();
                if (n < 0 || n > 1024) throw new IOException("an ensemble of " + n + " members");
                List<Recipe> members = new ArrayList<>(n);
                double[] weights = new double[n];
                for (int i = 0; i < n; i++) {
                    weights[i] = in.readDouble();
                    members.add(read(in));
                }
                yield new Ensemble(cls, members, weights);
            }
            case 3 -> {
                int rows = in.readInt();
                yield new Subsample(read(in), rows);
            }
            default -> throw new IllegalArgumentException("a fold task names model recipe kind " + kind + ", which this Fathom does"
                    + " not know; the driver and the executors must run the same Fathom version");
        };
    }
}
