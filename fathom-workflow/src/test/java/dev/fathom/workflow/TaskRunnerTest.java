package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.split.Fold;
import dev.fathom.data.split.Splitter;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.CrossValidationResult;
import dev.fathom.validation.CrossValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seam a cluster plugs into: the cross-validation's (model, fold) tasks as bytes, run by a
 * {@link TaskRunner} in any order, give the leaderboard of the local run to the bit.
 */
class TaskRunnerTest {
    @TempDir
    Path dir;

    /** Runs the tasks last first, each from its bytes alone, as a remote runner would; counts the shared data's shipments. */
    static final class Reversed implements TaskRunner {
        final AtomicInteger tasks = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<byte[]> shipped = new ArrayList<>();

        @Override
        public String description() {
            return "a test runner";
        }

        @Override
        public List<byte[]> run(byte[] shared, List<byte[]> work) {
            calls.incrementAndGet();
            if (shipped.stream().noneMatch(s -> s == shared)) shipped.add(shared);
            List<byte[]> out = new ArrayList<>(Collections.nCopies(work.size(), (byte[]) null));
            for (int i = work.size() - 1; i >= 0; i--) {
                out.set(i, FoldTask.run(shared.clone(), work.get(i).clone()));
                tasks.incrementAndGet();
            }
            return out;
        }

        @Override
        public String summary() {
            return tasks.get() + " tasks in this JVM";
        }
    }

    static Table blobs(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        double[] b = new double[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            a[i] = c * 2 + r.nextGaussian();
            b[i] = (c == 1 ? 2 : 0) + r.nextGaussian();
            label[i] = "c" + c;
        }
        return Table.of(NumericColumn.of("a", a), NumericColumn.of("b", b), CategoricalColumn.of("label", label));
    }

    @Test
    void tasksRunAnywhereGiveTheLocalLeaderboardToTheBit() {
        Table t = blobs(90, 5);
        TrainOptions o = TrainOptions.defaults().maxEpochs(1).folds(3).timeBudget(Duration.ofHours(1)).seed(3);
        TrainResult local = Fathom.train("blobs", t, "label", o.outputDir(dir.resolve("local")).quiet());
        Reversed runner = new Reversed();
        List<String> log = new ArrayList<>();
        TrainResult remote = Fathom.train("blobs", t, "label", o.outputDir(dir.resolve("remote")).tasks(runner).progress(log::add));

        assertSameLeaderboard(local.leaderboard(), remote.leaderboard());
        assertTrue(local.leaderboard().ranked().stream().anyMatch(e -> e.stage().equals("search")), "the search ran");
        assertEquals(1, runner.shipped.size(), "the shared data is made once per run");
        int tasks = local.leaderboard().ranked().stream().mapToInt(e -> e.foldScores().length).sum();
        assertTrue(runner.tasks.get() >= tasks, runner.tasks.get() + " tasks for " + tasks + " folds on the leaderboard");
        assertTrue(log.contains("  - the cross-validation runs as tasks on a test runner: each (model, fold) pair is one task, the"
                + " training split and the folds are shipped once, and the scores and out-of-fold predictions come back in the order they"
                + " would have here"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("tasks: " + runner.tasks.get() + " tasks in this JVM")), log.toString());
        assertEquals(2, runner.calls.get(), "the spot-check in one call, the search's configurations in another");
    }

    @Test
    void oneJobsSecondsAreSharedByTheModelsFitTimes() {
        List<Workflow.Remote> models = List.of(new Workflow.Remote(new double[2], new double[] {0.5, 0.5}, new double[0][]),
                new Workflow.Remote(new double[2], new double[] {1, 2}, new double[0][]));
        assertArrayEquals(new double[] {2.5, 7.5}, Workflow.apportioned(10, models), 1e-12);
        List<Workflow.Remote> instant = List.of(new Workflow.Remote(new double[1], new double[] {0}, new double[0][]),
                new Workflow.Remote(new double[1], new double[] {0}, new double[0][]));
        assertArrayEquals(new double[] {5, 5}, Workflow.apportioned(10, instant), 0);
    }

    static void assertSameLeaderboard(Leaderboard want, Leaderboard got) {
        assertEquals(want.ranked().stream().map(LeaderboardEntry::name).toList(), got.ranked().stream().map(LeaderboardEntry::name).toList());
        for (int i = 0; i < want.size(); i++) {
            LeaderboardEntry a = want.ranked().get(i);
            LeaderboardEntry b = got.ranked().get(i);
            assertArrayEquals(a.foldScores(), b.foldScores(), 0.0, a.name());
            assertEquals(Double.doubleToRawLongBits(a.mean()), Double.doubleToRawLongBits(b.mean()), a.name());
            assertEquals(Double.doubleToRawLongBits(a.std()), Double.doubleToRawLongBits(b.std()), a.name());
        }
    }

    /** Two classes split by a tilted line with a twist where a and b share a sign: neither k-NN nor a line alone gets it all. */
    static Table twisted(int n, long seed, double noise) {
        Random r = new Random(seed);
        double[] a = new double[n];
        double[] b = new double[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
            double s = a[i] + 0.5 * b[i] + (a[i] * b[i] > 0 ? 0.8 : -0.8) + noise * r.nextGaussian();
            label[i] = s > 0 ? "yes" : "no";
        }
        return Table.of(NumericColumn.of("a", a), NumericColumn.of("b", b), CategoricalColumn.of("label", label));
    }

    @Test
    void theSelectedEnsembleIsTheSameOnARunner() {
        Table t = twisted(120, 2, 0.8);
        TrainOptions o = TrainOptions.defaults().maxEpochs(1).folds(3).timeBudget(Duration.ofHours(1)).seed(3).quiet();
        TrainResult local = Fathom.train("twisted", t, "label", o.outputDir(dir.resolve("local")));
        TrainResult remote = Fathom.train("twisted", t, "label", o.outputDir(dir.resolve("remote")).tasks(new Reversed()));

        assertTrue(local.leaderboard().ranked().stream().anyMatch(e -> e.stage().equals("ensemble") && e.name().contains("C=")),
                "greedy selection kept an ensemble with a searched member: " + local.decisions());
        assertSameLeaderboard(local.leaderboard(), remote.leaderboard());
        assertEquals(local.decisions(), remote.decisions().stream().filter(d -> !d.startsWith("the cross-validation runs as tasks")).toList());
    }

    @Test
    void anEnsembleRecipeRebuildsTheWeightedVoteOfItsMembers() {
        Table t = twisted(60, 2, 0.8);
        NumericColumn a = (NumericColumn) t.column("a");
        NumericColumn b = (NumericColumn) t.column("b");
        CategoricalColumn label = (CategoricalColumn) t.column("label");
        int n = t.rowCount();
        double[] xy = new double[2 * n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = a.get(i);
            xy[2 * i + 1] = b.get(i);
            labels[i] = label.get(i).equals("yes") ? 1 : 0;
        }
        Tensor x = Tensor.of(xy, n, 2);
        Tensor y = Tensor.of(labels, n);
        Algorithms algorithms = new Algorithms(new Algorithms.Shape(2, null, 2, 0, 1), 7, 1, new StopSignal());
        Recipe recipe = new Recipe.Ensemble(true, List.of(new Recipe.Spot("logistic regression"), new Recipe.Search(Algorithm.Family.LINEAR, 1),
                new Recipe.Spot("k-NN k=5")), new double[] {3, 1, 2});
        Splitter splitter = new StratifiedKFold(3).shuffle(7);
        List<Fold> folds = splitter.split(y);
        byte[] shared = FoldTask.shared(algorithms, "accuracy", folds, x, y);
        // The local estimator of the same recipe, cross-validated on the same folds with its predictions kept.
        CrossValidationResult cv = new CrossValidator(splitter).scoring("accuracy").keepPredictions(true)
                .run(() -> recipe.build(algorithms, 7), x, y);
        assertTrue(recipe.build(algorithms, 7) instanceof VotingClassifier v && java.util.Arrays.equals(v.weights(), new double[] {3, 1, 2}));
        for (int f = 0; f < folds.size(); f++) {
            FoldTask.Result r = FoldTask.result(FoldTask.run(shared, FoldTask.task(recipe, f)));
            assertEquals(Double.doubleToRawLongBits(cv.testScores()[f]), Double.doubleToRawLongBits(r.test()), "fold " + f);
            int[] test = folds.get(f).testIndices();
            for (int i = 0; i < test.length; i++) assertArrayEquals(cv.outOfFold()[test[i]], r.predictions()[i], 0.0, "fold " + f + " row " + i);
        }
    }

    @Test
    void bytesOfAnotherKindAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FoldTask.run(new byte[] {1, 2, 3, 4, 5}, new byte[0]));
        assertEquals("these bytes are not the shared data of Fathom fold tasks (no FTK1 mark)", e.getMessage());
    }
}
