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
 * i-th model, the search's i-th configuration of a family (the sample is drawn from the seed, so
 * it is the same everywhere), or the soft vote / average of other recipes. {@link FoldTask} sends
 * recipes rather than models, so a task is bytes of Fathom's own encoding, not serialized objects.
 */
sealed interface Recipe {
    /** A fresh, unfitted estimator of this recipe. */
    Estimator build(Algorithms algorithms, long seed);

    void write(DataOutputStream out) throws IOException;

    /** The spot-check list's model {@code index}. */
    record Spot(int index) implements Recipe {
        @Override
        public Estimator build(Algorithms algorithms, long seed) {
            return algorithms.spotCheck().get(index).factory().get();
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(0);
            out.writeInt(index);
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

    /** The soft vote (classification) or average (regression) of {@code members}, named m0, m1, ... as in the workflow. */
    record Ensemble(boolean classification, List<Recipe> members) implements Recipe {
        @Override
        public Estimator build(Algorithms algorithms, long seed) {
            return ensemble(classification, members.stream().<Supplier<Estimator>>map(m -> () -> m.build(algorithms, seed)).toList());
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(2);
            out.writeBoolean(classification);
            out.writeInt(members.size());
            for (Recipe m : members) m.write(out);
        }
    }

    /** The workflow's ensemble of fresh members from {@code factories}: one definition for local and remote folds. */
    static Estimator ensemble(boolean classification, List<Supplier<Estimator>> factories) {
        List<NamedEstimator> list = new ArrayList<>();
        for (int i = 0; i < factories.size(); i++) list.add(NamedEstimator.of("m" + i, factories.get(i).get()));
        return classification ? new VotingClassifier(list).voting(Voting.SOFT) : new VotingRegressor(list);
    }

    static Recipe read(DataInputStream in) throws IOException {
        int kind = in.readByte();
        return switch (kind) {
            case 0 -> new Spot(in.readInt());
            case 1 -> new Search(Algorithm.Family.values()[in.readInt()], in.readInt());
            case 2 -> {
                boolean cls = in.readBoolean();
                int n = in.readInt();
                List<Recipe> members = new ArrayList<>(n);
                for (int i = 0; i < n; i++) members.add(read(in));
                yield new Ensemble(cls, members);
            }
            default -> throw new IllegalArgumentException("a fold task names model recipe kind " + kind + ", which this Fathom does"
                    + " not know; the driver and the executors must run the same Fathom version");
        };
    }
}
