package dev.fathom.workflow;

import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time budget on a fake clock: plans from estimated costs, the deadline that stops training, and a run that keeps it. */
class TimeBudgetTest {
    @TempDir
    static Path dir;

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aModelRunsWholeOnASubsampleOrNotAtAllByItsEstimateAgainstTheTimeLeft() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        TimeBudget budget = new TimeBudget(Duration.ofSeconds(100), now::get);
        now.addAndGet(50 * SECOND);   // 50 s left; the plans may use 80% of them: 40 s
        assertEquals(50, budget.remainingSeconds(), 1e-9);
        List<DoubleUnaryOperator> none = List.of();

        TimeBudget.Plan full = budget.plan("logistic regression", r -> 30 * r / 100_000.0, 100_000, 0, none);
        assertEquals(TimeBudget.Plan.Kind.FULL, full.kind());
        assertEquals(100_000, full.rows());
        assertNull(full.reason());

        TimeBudget.Plan linear = budget.plan("MLP 64", r -> 80 * r / 100_000.0, 100_000, 0, none);   // half the cost fits: half the rows
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, linear.kind());
        assertEquals(50_000, linear.rows());
        assertEquals(40, linear.estimatedSeconds(), 1e-9);
        assertTrue(linear.reason().contains("MLP 64 would take about 80 s on all 100000 training rows; its share of the 50 s left is 40 s:"
                + " its folds train on a random 50000 of them"), linear.reason());

        // The rows are found from the same estimate: a cost growing with the square of the rows takes half of them for a quarter.
        TimeBudget.Plan quadratic = budget.plan("k-NN k=5", r -> 160 * Math.pow(r / 100_000.0, 2), 100_000, 0, none);
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, quadratic.kind());
        assertEquals(50_000, quadratic.rows());

        TimeBudget.Plan skip = budget.plan("CNN", r -> 1e6 * r / 100_000.0, 100_000, 0, none);
        assertEquals(TimeBudget.Plan.Kind.SKIP, skip.kind());
        assertTrue(skip.reason().contains("too little even for 1000 rows: skipped (a larger --time-budget tries it)"), skip.reason());

        now.addAndGet(60 * SECOND);
        assertTrue(budget.expired());
        assertEquals(TimeBudget.Plan.Kind.SKIP, budget.plan("dummy", r -> 1e-3, 100, 0, none).kind(), "nothing fits a spent budget");
    }

    @Test
    void eachModelGetsAShareSoTheLaterOnesAreReachedAndCheapOnesGiveTheirsOn() {
        // 100 s among models of 10, 30, 200 and 400 s: the two cheap ones run whole, the two costly ones get 30 s each.
        assertEquals(30, TimeBudget.share(100, new double[] {200, 10, 400, 30}), 1e-9);
        assertEquals(25, TimeBudget.share(100, new double[] {200, 300, 400, 500}), 1e-9, "all costly: equal shares");
        assertEquals(Double.POSITIVE_INFINITY, TimeBudget.share(100, new double[] {20, 30}), "all fit: no limit");

        AtomicLong now = new AtomicLong();
        TimeBudget budget = new TimeBudget(Duration.ofSeconds(125), now::get);   // 100 s for the plans
        // The cheapest model first fits its own estimate; the next costly one shares with the two after it.
        assertEquals(TimeBudget.Plan.Kind.FULL, budget.plan("logistic regression", r -> 10, 100_000, 0,
                List.of(linear(120), linear(150), linear(400))).kind());
        // Each of the three is first granted its 1,000 rows (1.2 + 1.5 + 4 s); the other 93.3 s are shared equally: 31.1 s more each.
        TimeBudget.Plan boosted = budget.plan("boosted trees", linear(120), 100_000, 0, List.of(linear(150), linear(400)));
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, boosted.kind());
        assertEquals(1.2 + 93.3 / 3, boosted.estimatedSeconds(), 0.01);
        assertEquals(26_916, boosted.rows());   // 32.3 s of 120 s
        assertTrue(boosted.reason().contains("its share of the 125 s left is 32 s (2 models after it get theirs)"), boosted.reason());

        // Too little for every model's 1,000 rows: as many models as can have theirs get them, the cheapest least first.
        TimeBudget tight = new TimeBudget(Duration.ofSeconds(10), now::get);   // 8 s for the plans
        DoubleUnaryOperator mlp = r -> 1 + r / 200.0;   // 6 s for 1,000 rows
        TimeBudget.Plan skipped = tight.plan("MLP 64", mlp, 100_000, 0, List.of(r -> r / 400.0));
        assertEquals(TimeBudget.Plan.Kind.SKIP, skipped.kind(), "6 s, and 2.5 s for the other: only one fits, the other");
        TimeBudget.Plan least = tight.plan("k-NN k=5", r -> r / 400.0, 100_000, 0, List.of(mlp));
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, least.kind());
        assertEquals(3200, least.rows(), "the MLP, which cannot have its least, leaves it all 8 s");
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, tight.plan("MLP 64", mlp, 100_000, 0, List.of()).kind(), "alone, it has the 8 s");
        assertTrue(TimeBudget.affordable(10, new double[] {3, 3, 3, 3}), "ties: the first of equals is in");
        assertFalse(TimeBudget.affordable(10, new double[] {4, 3, 3, 3}));
        assertTrue(TimeBudget.affordable(10, new double[] {3, 4, 3, 5}));
    }

    @Test
    void whatEveryCrossValidationCostsBesidesItsModelIsAddedToEachEstimate() {
        AtomicLong now = new AtomicLong();
        TimeBudget budget = new TimeBudget(Duration.ofSeconds(50), now::get);   // 40 s for the plans
        budget.overhead(5);   // the dummy's cross-validation took 5 s
        TimeBudget.Plan p = budget.plan("MLP 64", linear(70), 100_000, 0, List.of());
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, p.kind());
        assertEquals(50_000, p.rows(), "35 s of the 40 for the model itself");
        assertEquals(40, p.estimatedSeconds(), 1e-6);
        TimeBudget.Plan forest = budget.plan("random forest 100 trees", linear(70), 100_000, 100, List.of());
        assertEquals(50, forest.trees());
    }

    private static DoubleUnaryOperator linear(double secondsForAll) {
        return r -> secondsForAll * r / 100_000.0;
    }

    @Test
    void aForestTakesFewerTreesOnAllTheRowsBeforeFewerRows() {
        AtomicLong now = new AtomicLong();
        TimeBudget budget = new TimeBudget(Duration.ofSeconds(50), now::get);   // 40 s for the plans
        TimeBudget.Plan fewer = budget.plan("random forest 100 trees", r -> 100 * r / 200_000.0, 200_000, 100, List.of());
        assertEquals(TimeBudget.Plan.Kind.FEWER_TREES, fewer.kind());
        assertEquals(40, fewer.trees());
        assertEquals(200_000, fewer.rows());
        assertEquals(40, fewer.estimatedSeconds(), 1e-9);
        assertTrue(fewer.reason().endsWith(": 40 trees instead of 100, on all the rows"), fewer.reason());

        // A tenth of the cost: a quarter of the trees, then 40% of the rows.
        TimeBudget.Plan both = budget.plan("random forest 100 trees", r -> 400 * r / 200_000.0, 200_000, 100, List.of());
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, both.kind());
        assertEquals(25, both.trees());
        assertEquals(80_000, both.rows());
        assertTrue(both.reason().endsWith(": 25 trees instead of 100, and its folds train on a random 80000 of them"), both.reason());
    }

    @Test
    void estimatesScaleByHowFarOffTheEarlierOnesWereNeverBelowTheProbes() {
        AtomicLong now = new AtomicLong();
        TimeBudget budget = new TimeBudget(Duration.ofSeconds(100), now::get);
        budget.observed(0.5, 1.5);
        assertEquals(1, budget.calibration(), "an estimate under a second says too little");
        budget.observed(10, 20);
        assertEquals(2, budget.calibration(), 1e-9, "20 s measured for 10 s estimated");
        // 60 s estimated, 120 s once corrected, and 80 s to plan with: two thirds of the rows.
        TimeBudget.Plan p = budget.plan("MLP 64", r -> 60 * r / 100_000.0, 100_000, 0, List.of());
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, p.kind());
        assertEquals(66_666, p.rows());
        assertEquals(80, p.estimatedSeconds(), 1e-3);
        assertTrue(p.reason().contains("(the probes' estimate times 2.0, as the models so far took)"), p.reason());

        TimeBudget quick = new TimeBudget(Duration.ofSeconds(100), now::get);
        quick.observed(20, 5);
        assertEquals(1, quick.calibration(), "an overestimate is kept: the safe side");
        TimeBudget slow = new TimeBudget(Duration.ofSeconds(100), now::get);
        slow.observed(1, 50);
        assertEquals(TimeBudget.MAX_CALIBRATION, slow.calibration(), 1e-9);
    }

    @Test
    void theDeadlineStopsTrainingOnceItPassesAndSaysSoOnce() {
        AtomicLong now = new AtomicLong();
        StopSignal s = new StopSignal();
        s.deadline(now::get, 10 * SECOND);
        assertFalse(s.isRequested());
        assertFalse(s.takeDeadlineReached());
        now.set(11 * SECOND);
        assertTrue(s.isRequested(), "a network's epoch-end check sees the budget's end");
        assertTrue(s.takeDeadlineReached());
        assertFalse(s.takeDeadlineReached(), "reset once taken");
        s.clear();
        assertFalse(s.isRequested(), "the final fit runs to its end");
    }

    @Test
    void noModelStartsAfterTheBudgetEndsAndTheRunStillFinishes() {
        // The fake clock stands still until the logistic regression's line is printed, then jumps past the budget.
        AtomicBoolean late = new AtomicBoolean();
        List<String> lines = new ArrayList<>();
        TrainOptions o = TrainOptions.defaults().folds(2).maxEpochs(2).timeBudget(Duration.ofSeconds(90))
                .outputDir(dir.resolve("budget")).progress(line -> {
                    lines.add(line);
                    if (line.trim().startsWith("logistic regression")) late.set(true);
                });
        Table iris = Datasets.load("iris").table();
        TrainResult r = new Workflow(o, () -> late.get() ? 1000 * SECOND : 0).table("iris", iris, "species", null);
        List<String> names = r.leaderboard().ranked().stream().map(LeaderboardEntry::name).toList();
        assertEquals(List.of("logistic regression", "dummy (most frequent class)"), names, "nothing started after the budget");
        assertTrue(r.decisions().stream().anyMatch(d -> d.startsWith("time budget of 90 s used up: k-NN k=5 and the models after it are not tried")),
                r.decisions().toString());
        assertFalse(r.interrupted(), "a budget is not a stop: the run ends normally");
        assertEquals("logistic regression", r.leaderboard().best().name());
    }

    @Test
    void aModelThatFailsIsListedWithItsReasonAndTheRunGoesOn() {
        // 10 rows: 8 for training, 4 per fold of 2, too few for k-NN's 5 neighbours.
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 10; i++) csv.append(i).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
        List<String> lines = new ArrayList<>();
        TrainResult r = Fathom.train("tiny", dev.fathom.data.CsvReader.parse(csv.toString()), "label", TrainOptions.defaults().folds(2)
                .maxEpochs(2).outputDir(dir.resolve("failing")).progress(lines::add));
        LeaderboardEntry knn = r.leaderboard().entry("k-NN k=5");
        assertFalse(knn.evaluated());
        assertTrue(knn.failure().contains("k = 5 neighbours but only 4 training samples"), knn.failure());
        // The networks after it were tried too, and fail as well (too few rows to hold a tenth out for validation).
        LeaderboardEntry mlp = r.leaderboard().entry("MLP 64 dropout 0.1 lr 0.001");
        assertTrue(mlp.failure().contains("validationSplit 0.1 of 4 samples"), mlp.failure());
        List<LeaderboardEntry> ranked = r.leaderboard().ranked();
        int firstFailed = ranked.indexOf(knn);
        assertTrue(ranked.subList(0, firstFailed).stream().allMatch(LeaderboardEntry::evaluated)
                && ranked.subList(firstFailed, ranked.size()).stream().noneMatch(LeaderboardEntry::evaluated),
                "the evaluated models first, failures after them: " + ranked);
        assertTrue(ranked.subList(0, firstFailed).stream().map(LeaderboardEntry::name).toList()
                .containsAll(List.of("logistic regression", "dummy (most frequent class)")), ranked.toString());
        assertTrue(r.leaderboard().best().evaluated());
        assertTrue(r.leaderboard().toString().contains("failed: "), r.leaderboard().toString());
        List<Object> row = r.leaderboard().rows().stream().filter(x -> x.get(1).equals("k-NN k=5")).findFirst().orElseThrow();
        assertEquals("failed", row.get(3));
        assertEquals(knn.failure(), row.get(5), "the reason in the report's table");
        assertTrue(r.decisions().stream().anyMatch(d -> d.startsWith("k-NN k=5 failed and is listed without a score: ")), r.decisions().toString());
    }

    @Test
    void aForestThatOverrunsItsEstimateStopsAddingTreesAndSaysHowManyItGrew() {
        // 6,500 rows (5,200 for training): enough for the cost probes. Once they are done the fake clock moves a second at every reading, so the
        // forests, which read it before each tree, pass their time limit (twice their estimate) after a few trees.
        StringBuilder csv = new StringBuilder("a,b,label\n");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 6500; i++) {
            double a = random.nextGaussian(), b = random.nextGaussian();
            csv.append(a).append(',').append(b).append(',').append(a + 0.5 * b > 0 ? "yes" : "no").append('\n');
        }
        AtomicBoolean ticking = new AtomicBoolean();
        AtomicLong now = new AtomicLong();
        StopSignal stop = new StopSignal();   // raised once the forest is scored: the models after it are not needed here
        TrainOptions o = TrainOptions.defaults().folds(2).maxEpochs(1).timeBudget(Duration.ofSeconds(1_000_000)).stopSignal(stop)
                .outputDir(dir.resolve("forest-limit")).progress(line -> {
                    if (line.contains("cost-frugal order")) ticking.set(true);
                    if (line.startsWith("  random forest")) stop.request();
                });
        TrainResult r = new Workflow(o, () -> ticking.get() ? now.addAndGet(SECOND) : now.get())
                .table("rows", dev.fathom.data.CsvReader.parse(csv.toString()), "label", null);
        LeaderboardEntry forest = r.leaderboard().ranked().stream().filter(e -> e.name().startsWith("random forest")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("random forest (\\d+)(-(\\d+))? trees").matcher(forest.name());
        assertTrue(m.lookingAt(), forest.name());
        int fewest = Integer.parseInt(m.group(1));
        int most = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(1));
        assertTrue(fewest <= most && fewest < 100, forest.name());
        assertTrue(forest.evaluated());
        assertTrue(r.decisions().stream().anyMatch(d -> d.contains("its forests stopped adding trees at their time limit, after "
                + fewest + " to " + most + " trees; it is listed as " + forest.name() + ", and kept with " + fewest + " tree")),
                r.decisions().toString());
    }
}
