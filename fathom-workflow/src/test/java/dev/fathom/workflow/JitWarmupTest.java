package dev.fathom.workflow;

import dev.fathom.backend.Threads;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitWarmupTest {
    /** A model whose every fit moves the fake clock by the next of the given durations. */
    private static final class Timed implements Estimator {
        final AtomicLong clock;
        final Deque<Long> durations;
        final AtomicInteger fits;
        final boolean fails;

        Timed(AtomicLong clock, Deque<Long> durations, AtomicInteger fits, boolean fails) {
            this.clock = clock;
            this.durations = durations;
            this.fits = fits;
            this.fails = fails;
        }

        @Override
        public Estimator fit(Tensor x, Tensor y) {
            fits.incrementAndGet();
            if (fails) throw new IllegalArgumentException("no such luck");
            clock.addAndGet(durations.isEmpty() ? 1 : durations.poll());
            return this;
        }

        @Override
        public Tensor predict(Tensor x) {
            return Tensor.zeros(x.shape(0));
        }

        @Override
        public boolean isClassifier() {
            return true;
        }
    }

    private static final Tensor X = Tensor.zeros(10, 3);
    private static final Tensor Y = Tensor.zeros(10);
    private static final int[] ROWS = {0, 1, 2, 3, 4, 5, 6, 7};

    private static Algorithm algorithm(String name, Algorithm.Family family, AtomicLong clock, AtomicInteger fits, boolean fails, long... ms) {
        Deque<Long> durations = new ArrayDeque<>();
        for (long m : ms) durations.add(m * 1_000_000L);
        return new Algorithm(name, family, "why", () -> new Timed(clock, durations, fits, fails));
    }

    @Test
    void fitsEachFamilyUntilItsTimeSettlesAndSkipsDummiesAndWarmFamilies() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger dummy = new AtomicInteger();
        AtomicInteger mlp = new AtomicInteger();
        AtomicInteger secondMlp = new AtomicInteger();
        AtomicInteger forest = new AtomicInteger();
        JitWarmup warmup = new JitWarmup();
        List<Algorithm> spotCheck = List.of(
                algorithm("dummy", Algorithm.Family.DUMMY, clock, dummy, false),
                // Compiling: 900 ms, 400, 100, then 90 (more than 0.75 of 100): settled after four fits.
                algorithm("MLP 64", Algorithm.Family.MLP, clock, mlp, false, 900, 400, 100, 90, 90, 90),
                algorithm("MLP 128", Algorithm.Family.MLP, clock, secondMlp, false, 5),
                // Warm from the start: the second fit is no faster, so two fits.
                algorithm("forest", Algorithm.Family.FOREST, clock, forest, false, 50, 50, 50));
        JitWarmup.Result r = warmup.run(spotCheck, X, Y, ROWS, () -> false, clock::get);
        assertEquals(List.of("MLP", "random forest"), r.families());
        assertEquals(0, dummy.get(), "a dummy has no kernels to compile");
        assertEquals(4, mlp.get());
        assertEquals(0, secondMlp.get(), "one model per family");
        assertEquals(2, forest.get());
        assertEquals(1.59, r.seconds(), 1e-9);
        assertTrue(r.line().contains("MLP, random forest") && r.line().contains("8 training rows"), r.line());

        // The same process again: nothing left to warm.
        JitWarmup.Result again = warmup.run(spotCheck, X, Y, ROWS, () -> false, clock::get);
        assertFalse(again.ran());
        assertEquals(4, mlp.get());
    }

    @Test
    void aFamilyStopsAtItsShareOfTimeAndAFailingModelIsLeftToTheSpotCheck() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger slow = new AtomicInteger();
        AtomicInteger failing = new AtomicInteger();
        JitWarmup warmup = new JitWarmup();
        List<Algorithm> spotCheck = List.of(
                // Always getting faster, but each fit takes long: the family's 3 s are spent after two.
                algorithm("cnn", Algorithm.Family.CNN, clock, slow, false, 2000, 1400, 1000, 700, 500),
                algorithm("logistic", Algorithm.Family.LINEAR, clock, failing, true));
        JitWarmup.Result r = warmup.run(spotCheck, X, Y, ROWS, () -> false, clock::get);
        assertEquals(2, slow.get());
        assertEquals(1, failing.get());
        assertEquals(List.of("CNN"), r.families(), "a model that fails is not counted as warm");
        // The failing family is tried again by a later run (its failure is the spot-check's to report).
        assertEquals(1, warmup.representatives(spotCheck).size());
    }

    @Test
    void networksAreWarmedFirstTheRestInSpotCheckOrderAndPretrainedBodiesNot() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger fits = new AtomicInteger();
        List<Algorithm> spotCheck = List.of(
                algorithm("logistic", Algorithm.Family.LINEAR, clock, fits, false),
                algorithm("forest", Algorithm.Family.FOREST, clock, fits, false),
                algorithm("MLP 64", Algorithm.Family.MLP, clock, fits, false),
                algorithm("CNN", Algorithm.Family.CNN, clock, fits, false),
                algorithm("k-NN", Algorithm.Family.NEIGHBOURS, clock, fits, false),
                algorithm("pretrained features", Algorithm.Family.PRETRAINED, clock, fits, false));
        assertEquals(List.of("MLP 64", "CNN", "logistic", "forest", "k-NN"),
                new JitWarmup().representatives(spotCheck).stream().map(Algorithm::name).toList());
    }

    /** A classifier that records, for each call, its name and whether its kernels were kept on the calling thread. */
    private static final class Recording implements Classifier {
        final List<String> calls;

        Recording(List<String> calls) {
            this.calls = calls;
        }

        private void record(String call, Tensor x) {
            calls.add(call + " " + x.shape(0) + (Threads.isSerial() ? " serial" : " on the pool"));
        }

        @Override
        public Classifier fit(Tensor x, Tensor y) {
            record("fit", x);
            return this;
        }

        @Override
        public Tensor predictProba(Tensor x) {
            record("predictProba", x);
            return Tensor.zeros(x.shape(0), 2);
        }

        @Override
        public Tensor predict(Tensor x) {
            record("predict", x);
            return Tensor.zeros(x.shape(0));
        }

        @Override
        public int classCount() {
            return 2;
        }
    }

    @Test
    void eachFitRunsAsACrossValidationFoldDoesSoTheFoldsRunCompiledCode() {
        // Kernels kept on the fitting thread, as the folds keep theirs; then what a fold scores and keeps: the
        // predicted classes and a classifier's probabilities. Warmed on the pool instead, the first real fold met
        // branches its compiled code had never taken and went back to the interpreter.
        List<String> calls = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        Algorithm a = new Algorithm("k-NN", Algorithm.Family.NEIGHBOURS, "why", () -> {
            clock.addAndGet(1_000_000L);   // every fit as long as the one before: settled after two
            return new Recording(calls);
        });
        new JitWarmup().run(List.of(a), X, Y, ROWS, () -> false, clock::get);
        List<String> fold = List.of("fit 8 serial", "predict 8 serial", "predictProba 8 serial");
        List<String> expected = new ArrayList<>(fold);
        expected.addAll(fold);
        assertEquals(expected, calls);
        assertFalse(Threads.isSerial(), "the calling thread's kernels are on the pool again afterwards");
    }

    @Test
    void theWarmUpRowsAreNoMultipleOfTheKernelsVectorWidthsOrBlocks() {
        // A remainder loop that never ran during the warm-up is not compiled, and the first fold that needs it traps.
        for (int width : new int[] {4, 6, 8, 16, 32}) assertTrue(JitWarmup.ROWS % width != 0, "divisible by " + width);
    }

    @Test
    void aStopRequestEndsTheWarmUp() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger fits = new AtomicInteger();
        JitWarmup.Result r = new JitWarmup().run(List.of(algorithm("mlp", Algorithm.Family.MLP, clock, fits, false, 10, 5)),
                X, Y, ROWS, () -> true, clock::get);
        assertEquals(0, fits.get());
        assertFalse(r.ran());
    }
}
