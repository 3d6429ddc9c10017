package dev.fathom.workflow;

import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.data.images.ImageFolder;
import dev.fathom.data.images.ImageOptions;
import dev.fathom.data.images.LabeledImages;
import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.split.Fold;
import dev.fathom.data.split.KFold;
import dev.fathom.data.split.Split;
import dev.fathom.data.split.Splits;
import dev.fathom.data.split.Splitter;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.data.split.TimeSeriesSplit;
import dev.fathom.datasets.ReferenceScore;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.datasets.Task;
import dev.fathom.estimators.Estimator;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.CrossValidationResult;
import dev.fathom.validation.CrossValidator;
import dev.fathom.validation.Params;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One run of the practitioner's process, step by step (define, prepare, evaluate, improve,
 * present), printing each decision with its reason. The evaluate and improve steps share the time
 * budget and the {@link StopSignal}: both are checked before each model's cross-validation, and a
 * model whose cross-validation was cut short by a stop is left off the leaderboard.
 */
final class Workflow {
    /** Configurations the improve step tries around the best family (fewer when the budget runs out). */
    static final int SEARCH_ITERATIONS = 6;
    /** Models averaged by the ensemble. */
    static final int ENSEMBLE_SIZE = 3;
    /** Images are resized to this side: small enough for a CNN on a laptop's CPU, large enough for simple shapes. */
    static final int IMAGE_SIDE = 32;

    private final TrainOptions options;
    private final Progress progress;
    private final long deadline;
    private final StopSignal stop;
    /** A stop ends training between epochs, except in the final fit, which keeps the best model so far. */
    private final StopSignal trainingStop = new StopSignal();
    private boolean budgetExceeded;
    /** Test rows over training rows in the folds of this run's cross-validation (for the corrected t-test). */
    private double testTrainRatio;
    /** With a {@link TaskRunner}: the folds, and the bytes its tasks share (made at the first model, shipped once). */
    private List<Fold> remoteFolds;
    private byte[] remoteShared;

    Workflow(TrainOptions options) {
        this.options = options;
        this.progress = new Progress(options.progress());
        this.deadline = System.nanoTime() + options.timeBudget().toNanos();
        this.stop = options.stopSignal();
    }

    // ---- tables ------------------------------------------------------------------------------

    TrainResult table(String dataName, Table table, String target, TabularDataset dataset) {
        return inFolder(outputDir(dataName), folder -> table(dataName, table, target, dataset, folder));
    }

    private TrainResult table(String dataName, Table table, String target, TabularDataset dataset, Outputs.Folder folder) {
        Path out = folder.path();
        progress.line("fathom train " + dataName + ": " + table.rowCount() + " rows, " + table.columnCount() + " columns; seed "
                + options.seed() + ", time budget " + options.timeBudget().toSeconds() + " s, output " + out);
        folder.note().ifPresent(progress::info);

        progress.step(1);
        DefineStep.Definition def = DefineStep.run(table, target, dataset == null ? null : dataset.task());
        Problem problem = def.problem();
        progress.decide(problem.task().label() + ": " + problem.reason());
        for (DataWarning w : def.warnings()) progress.decide("warning, " + w);
        progress.decide("models are compared by " + def.scoring() + ": " + def.scoringReason());

        progress.step(2);
        progress.info("the data (describe):");
        String description = table.describe().toString();   // printed now, and in the report
        progress.block(description);
        Split split = Splits.trainTest(table, options.testFraction(), options.seed());
        if (problem.isClassification()) split = split.stratifiedBy(target);
        // Shuffled once more with the seed, so that a network's validation rows (the last tenth) are not the file's last rows.
        Table train = table.rows(shuffled(split.trainIndices()));
        int[] testRows = split.testIndices();
        Table test = table.rows(testRows);
        Column trainTarget = train.column(target);
        int folds = problem.isClassification()
                ? stratifiedFolds(java.util.stream.IntStream.range(0, train.rowCount()).mapToObj(trainTarget::text).toList())
                : options.folds();
        progress.decide(String.format(Locale.ROOT, "test split: %d rows (%.0f%%) set aside%s; nothing looks at them until the last step;"
                        + " the models are chosen by %d-fold cross-validation on the other %d", test.rowCount(), 100 * options.testFraction(),
                problem.isClassification() ? ", stratified so each class keeps its share" : "", folds, train.rowCount()));
        sayFewerFolds(folds);
        PrepareStep.Preparation prep = PrepareStep.run(train, target, def.dropped());
        for (String line : ColumnPlans.grouped(prep.plans())) progress.decide(line);
        Table trainFeatures = train.drop(target);
        Preprocessor preprocessor = prep.preprocessor().fit(trainFeatures);
        Tensor xTrain = preprocessor.transformToTensor(trainFeatures);
        Tensor xTest = preprocessor.transformToTensor(test.drop(target));
        LabelEncoder labels = problem.isClassification() ? new LabelEncoder().fit(train.column(target)) : null;
        Tensor yTrain = labels != null ? labels.transform(train.column(target)) : train.labels(target);
        progress.info(xTrain.shape(1) + " features after preparation, from the training split only");

        double[] yValues = labels == null ? yTrain.toDoubleArray() : null;
        Algorithms algorithms = new Algorithms(new Algorithms.Shape(xTrain.shape(1), null, problem.classes().size(),
                yValues == null ? 0 : mean(yValues), yValues == null ? 1 : std(yValues)), options.seed(), options.maxEpochs(), trainingStop);
        Chosen chosen = evaluateAndImprove(algorithms, def.scoring(), problem, xTrain, yTrain, folds);

        progress.step(5);
        trainingStop.clear();   // the final fit runs to the end, even after a stop: it is the model kept
        progress.info("fitting " + chosen.entry().name() + " on the whole training split (" + train.rowCount() + " rows)");
        Estimator model = chosen.factory().get().fit(xTrain, yTrain);
        Pipeline pipeline = Pipeline.of(trainFeatures, target, preprocessor, labels, model).withTrainingRows(trainFeatures);
        Optional<ReferenceScore> reference = reference(dataset, problem);
        List<String> rowNumbers = new ArrayList<>();
        for (int r : testRows) rowNumbers.add(Integer.toString(r));
        Presentation p = Presentation.ofTable(pipeline, problem, test, "row", rowNumbers, xTrain, yTrain, chosen, def.scoring(), null);
        return finish(dataName, out, def, prep.plans(), pipeline, chosen, p, reference, description);
    }

    // ---- time series -------------------------------------------------------------------------

    TrainResult timeSeries(String dataName, Table table, String target, String time, TabularDataset dataset) {
        return inFolder(outputDir(dataName), folder -> timeSeries(dataName, table, target, time, folder));
    }

    private TrainResult timeSeries(String dataName, Table table, String target, String time, Outputs.Folder folder) {
        Path out = folder.path();
        progress.line("fathom train " + dataName + ": " + table.rowCount() + " rows, " + table.columnCount() + " columns, a time series"
                + " ordered by '" + time + "'; seed " + options.seed() + ", time budget " + options.timeBudget().toSeconds() + " s, output " + out);
        folder.note().ifPresent(progress::info);

        progress.step(1);
        TimeSeriesStep.Series s = TimeSeriesStep.run(table, target, time, options.testFraction());
        Problem problem = s.problem();
        progress.decide(problem.task().label() + ": " + problem.reason());
        for (DataWarning w : s.warnings()) progress.decide("warning, " + w);
        String scoring = "r2";
        String scoringReason = "R² of the forecasts, the share of the series' variance explained (1 is perfect, 0 is no better"
                + " than its mean; persistence often scores high on a smooth series, so compare with it)";
        progress.decide("models are compared by " + scoring + ": " + scoringReason);

        progress.step(2);
        progress.info("the data (describe):");
        String description = table.describe().toString();   // printed now, and in the report
        progress.block(description);
        for (String note : s.notes()) progress.decide(note);
        List<ColumnPlan> plans = new ArrayList<>();
        s.dropped().forEach((name, why) -> plans.add(new ColumnPlan(name, table.column(name).type(), false, "dropped", why)));
        Table lagged = s.lagged();
        int n = lagged.rowCount();
        int testCount = (int) Math.ceil(n * options.testFraction());
        int[] trainRows = java.util.stream.IntStream.range(0, n - testCount).toArray();
        int[] testRows = java.util.stream.IntStream.range(n - testCount, n).toArray();
        Table train = lagged.rows(trainRows);
        Table test = lagged.rows(testRows);
        Column times = lagged.column(time);
        int folds = options.folds();
        progress.decide(String.format(Locale.ROOT, "test split: the latest %d steps (%s to %s) set aside; nothing looks at them until the"
                        + " last step; the models are chosen by %d-fold time-series cross-validation on the %d steps before: each fold"
                        + " trains on the past and tests on the span that follows it, never the other way round", testCount,
                times.text(n - testCount), times.text(n - 1), folds, train.rowCount()));
        PrepareStep.Preparation prep = PrepareStep.run(train.drop(time), target, Map.of());
        plans.addAll(prep.plans());
        for (String line : ColumnPlans.grouped(plans)) progress.decide(line);
        Table trainFeatures = train.drop(target, time);
        Preprocessor preprocessor = prep.preprocessor().fit(trainFeatures);
        Tensor xTrain = preprocessor.transformToTensor(trainFeatures);
        Tensor yTrain = train.labels(target);
        double[] yValues = yTrain.toDoubleArray();
        Algorithms.SeriesShape shape = new Algorithms.SeriesShape(s.lags(), s.variables().size(), target, s.period());
        Algorithms algorithms = new Algorithms(new Algorithms.Shape(xTrain.shape(1), null, 0, mean(yValues), std(yValues), shape),
                options.seed(), options.maxEpochs(), trainingStop);
        // Fold i of k trains on i spans and tests on one: the mean of 1/i is the folds' test-to-train ratio.
        double ratio = 0;
        for (int i = 1; i <= folds; i++) ratio += 1.0 / i;
        Chosen chosen = evaluateAndImprove(algorithms, scoring, problem, xTrain, yTrain, new TimeSeriesSplit(folds), folds, ratio / folds);

        progress.step(5);
        trainingStop.clear();
        progress.info("fitting " + chosen.entry().name() + " on the whole training span (" + train.rowCount() + " steps)");
        Estimator model = chosen.factory().get().fit(xTrain, yTrain);
        // What `fathom predict` needs to turn a raw series into the lag columns this pipeline reads.
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("time_column", time);
        series.put("variables", s.variables());
        series.put("lags", s.lags());
        Pipeline pipeline = Pipeline.of(trainFeatures, target, preprocessor, null, model).withTrainingRows(trainFeatures).withMetadata(Map.of(Fathom.TIME_SERIES_METADATA, series));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < test.rowCount(); i++) labels.add(test.column(time).text(i));
        Presentation p = Presentation.ofTable(pipeline, problem, test, time, labels, xTrain, yTrain, chosen, scoring,
                Presentation.SeriesForecast.of(lagged, time, target, n - testCount, shape));
        DefineStep.Definition def = new DefineStep.Definition(problem, s.warnings(), s.dropped(), scoring, scoringReason);
        return finish(dataName, out, def, plans, pipeline, chosen, p, Optional.empty(), description);
    }

    // ---- images ------------------------------------------------------------------------------

    TrainResult images(Path root) {
        String dataName = root.getFileName() == null ? root.toString() : root.getFileName().toString();
        return inFolder(outputDir(dataName), folder -> images(root, dataName, folder));
    }

    private TrainResult images(Path root, String dataName, Outputs.Folder folder) {
        Path out = folder.path();
        progress.line("fathom train " + root + " (images, one folder per class); seed " + options.seed() + ", time budget "
                + options.timeBudget().toSeconds() + " s, output " + out);
        folder.note().ifPresent(progress::info);
        progress.step(1);
        LabeledImages data = ImageFolder.load(root, ImageOptions.defaults().size(IMAGE_SIDE, IMAGE_SIDE).seed(options.seed()));
        List<String> classes = data.classNames();
        Problem problem = new Problem(Task.CLASSIFICATION, "label", "a folder of images with one sub-folder per class: "
                + classes.size() + " classes " + classes, classes, data.count(), DataKind.IMAGES);
        progress.decide(problem.task().label() + ": " + problem.reason());
        int[] counts = data.classCounts();
        List<DataWarning> warnings = new ArrayList<>();
        String scoring = "accuracy";
        String scoringReason = "the share of images classified correctly";
        int big = 0, small = Integer.MAX_VALUE;
        for (int c : counts) {
            big = Math.max(big, c);
            small = Math.min(small, c);
        }
        if (big >= DefineStep.IMBALANCE_RATIO * small) {
            warnings.add(new DataWarning(DataWarning.Kind.CLASS_IMBALANCE, "label", String.format(Locale.ROOT,
                    "the largest class has %d images, the smallest %d (%.1f×); folds are scored by balanced accuracy", big, small,
                    big / (double) small)));
            scoring = "balanced_accuracy";
            scoringReason = "balanced accuracy, the mean recall of the classes, because the classes are imbalanced";
        }
        for (DataWarning w : warnings) progress.decide("warning, " + w);
        progress.decide("models are compared by " + scoring + ": " + scoringReason);
        if (!data.skippedFiles().isEmpty()) progress.info(data.skippedFiles().size() + " files that are not images were skipped");

        progress.step(2);
        int[] shape = {data.images().shape(1), data.images().shape(2), data.images().shape(3)};
        progress.decide(String.format(Locale.ROOT, "images resized to %d×%d with %d channels and scaled to 0..1 (pixel / 255): small"
                + " inputs train fast on a CPU, and a common scale helps gradient descent", shape[1], shape[2], shape[0]));
        Split split = Splits.trainTest(data.count(), options.testFraction(), options.seed()).stratifiedBy(data.labels());
        int[] trainIdx = shuffled(split.trainIndices());
        int[] testIdx = split.testIndices();
        Tensor xTrain = data.images().indexSelect(0, Tensor.of(trainIdx, trainIdx.length));
        Tensor yTrain = data.labels().indexSelect(0, Tensor.of(trainIdx, trainIdx.length));
        Tensor xTest = data.images().indexSelect(0, Tensor.of(testIdx, testIdx.length));
        Tensor yTest = data.labels().indexSelect(0, Tensor.of(testIdx, testIdx.length));
        int folds = stratifiedFolds(java.util.Arrays.stream(yTrain.toDoubleArray()).mapToObj(v -> (Object) (int) v).toList());
        progress.decide(String.format(Locale.ROOT, "test split: %d images (%.0f%%) set aside, stratified; the models are chosen by %d-fold"
                + " cross-validation on the other %d", testIdx.length, 100 * options.testFraction(), folds, trainIdx.length));
        sayFewerFolds(folds);

        Algorithms algorithms = new Algorithms(new Algorithms.Shape(0, shape, classes.size(), 0, 1), options.seed(), options.maxEpochs(),
                trainingStop);
        Chosen chosen = evaluateAndImprove(algorithms, scoring, problem, xTrain, yTrain, folds);

        progress.step(5);
        trainingStop.clear();
        progress.info("fitting " + chosen.entry().name() + " on the whole training split (" + trainIdx.length + " images)");
        Estimator model = chosen.factory().get().fit(xTrain, yTrain);
        Pipeline pipeline = Pipeline.forImages(shape[0], shape[1], shape[2], 1 / 255.0, classes, model).withTrainingImages(xTrain);
        List<String> files = new ArrayList<>();
        for (int i : testIdx) files.add(root.relativize(data.files().get(i)).toString());
        Presentation p = Presentation.ofImages(pipeline, problem, xTest, yTest, files, xTrain, yTrain, chosen, scoring);
        DefineStep.Definition def = new DefineStep.Definition(problem, warnings, Map.of(), scoring, scoringReason);
        return finish(dataName, out, def, List.of(), pipeline, chosen, p, Optional.empty(), null);
    }

    // ---- evaluate and improve ----------------------------------------------------------------

    /** The chosen model: its leaderboard entry, a factory of fresh ones, and the whole leaderboard. */
    record Chosen(LeaderboardEntry entry, Supplier<Estimator> factory, Leaderboard leaderboard, Optional<Comparison> comparison,
                  List<String> searchNotes, double dummyMean, Splitter splitter, int folds) {}

    private Chosen evaluateAndImprove(Algorithms algorithms, String scoring, Problem problem, Tensor x, Tensor y, int folds) {
        Splitter splitter = problem.isClassification() ? new StratifiedKFold(folds).shuffle(options.seed())
                : new KFold(folds).shuffle(options.seed());
        return evaluateAndImprove(algorithms, scoring, problem, x, y, splitter, folds, 1.0 / (folds - 1));
    }

    /**
     * The folds a stratified split can make of these training labels: every fold needs a member of
     * every class, so a class with 3 training rows allows 3 folds, not 5.
     */
    private int stratifiedFolds(List<?> labels) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Object label : labels) counts.merge(label, 1, Integer::sum);
        int smallest = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        if (smallest >= options.folds()) return options.folds();
        if (smallest < 2) {
            throw new IllegalArgumentException("a class has " + smallest + " training row" + (smallest == 1 ? "" : "s")
                    + " after the test split, too few to cross-validate (each of at least 2 folds needs one); add rows of every"
                    + " class, or drop the classes with fewer than 3 rows");
        }
        return smallest;
    }

    /** Says why the folds are fewer than asked, when they are. */
    private void sayFewerFolds(int folds) {
        if (folds < options.folds()) {
            progress.decide(String.format(Locale.ROOT, "%d folds instead of %d: the smallest class has %d training rows, and every fold"
                    + " needs one of each class", folds, options.folds(), folds));
        }
    }

    /**
     * Steps 3 and 4 with the given folds; {@code testTrainRatio} is the folds' test rows over their
     * training rows, which the corrected t-test needs.
     */
    private Chosen evaluateAndImprove(Algorithms algorithms, String scoring, Problem problem, Tensor x, Tensor y, Splitter splitter,
                                      int folds, double testTrainRatio) {
        this.testTrainRatio = testTrainRatio;
        progress.step(3);
        TaskRunner runner = options.tasks();
        if (runner != null) {
            progress.decide("the cross-validation runs as tasks on " + runner.description() + ": each (model, fold) pair is one task,"
                    + " the training split and the folds are shipped once, and the scores come back in the order they would have here");
        }
        List<LeaderboardEntry> entries = new ArrayList<>();
        Map<String, Supplier<Estimator>> factories = new LinkedHashMap<>();
        Map<String, Recipe> recipes = new LinkedHashMap<>();
        Map<String, Algorithm.Family> families = new LinkedHashMap<>();
        List<Algorithm> spotCheck = algorithms.spotCheck();
        for (int i = 0; i < spotCheck.size(); i++) {
            Algorithm a = spotCheck.get(i);
            if (!mayStart(a.name())) break;
            recipes.put(a.name(), new Recipe.Spot(i));
            LeaderboardEntry e = crossValidate(a.name(), a.family().label, "spot-check", a.factory(), recipes.get(a.name()), algorithms,
                    problem, splitter, scoring, x, y);
            if (e == null) break;
            progress.info(String.format(Locale.ROOT, "%-30s %s %s ± %s   %.1f s per fold   (%s)", a.name(), scoring, score(e.mean()),
                    score(e.std()), e.fitSeconds(), a.why()));
            entries.add(e);
            factories.put(a.name(), a.factory());
            families.put(a.name(), a.family());
        }
        Leaderboard spot = new Leaderboard(scoring, entries);
        if (spot.size() > 0) progress.block(spot.toString());
        comparison(spot).ifPresent(c -> progress.decide("spot-check winner: " + c.verdict()));

        progress.step(4);
        List<String> notes = new ArrayList<>();
        LeaderboardEntry bestSpot = spot.size() > 0 ? spot.best() : null;
        Algorithm.Family bestFamily = bestSpot == null ? null : families.get(bestSpot.name());
        if (bestFamily == Algorithm.Family.DUMMY) {
            note(notes, "no model beats the dummy: the columns may carry no information about the target; nothing to tune");
        } else if (bestFamily != null) {
            Algorithms.Search search = algorithms.searchSpace(bestFamily);
            if (search == null) {
                note(notes, "the best family (" + bestFamily.label + ") has no hyperparameter worth searching");
            } else {
                List<Params> configs = search.space().sample(SEARCH_ITERATIONS, options.seed());
                note(notes, "random search around the best family (" + bestFamily.label + "): " + configs.size()
                        + " configurations of " + search.space() + ", each cross-validated on the same folds");
                LeaderboardEntry bestSearched = null;
                Supplier<Estimator> bestSearchedFactory = null;
                Recipe bestSearchedRecipe = null;
                int done = 0;
                int tried = 0;
                for (int c = 0; c < configs.size(); c++) {
                    Params p = configs.get(c);
                    String name = search.name().apply(p);
                    if (factories.containsKey(name)) {
                        tried++;   // the spot-check's own configuration: already on the leaderboard
                        continue;
                    }
                    if (!mayStart(name)) break;
                    Supplier<Estimator> f = () -> search.factory().apply(p);
                    Recipe recipe = new Recipe.Search(bestFamily, c);
                    LeaderboardEntry e = crossValidate(name, bestFamily.label, "search", f, recipe, algorithms, problem, splitter, scoring, x, y);
                    if (e == null) break;
                    done++;
                    tried++;
                    progress.info(String.format(Locale.ROOT, "%-45s %s ± %s   %.1f s per fold", name, score(e.mean()), score(e.std()),
                            e.fitSeconds()));
                    if (bestSearched == null || e.mean() > bestSearched.mean()) {
                        bestSearched = e;
                        bestSearchedFactory = f;
                        bestSearchedRecipe = recipe;
                    }
                }
                if (tried < configs.size()) note(notes, "the search stopped after " + done + " of " + configs.size() + " configurations ("
                        + (stop.isRequested() ? "stop requested" : "time budget used up") + ")");
                if (bestSearched != null) {
                    entries.add(bestSearched);
                    factories.put(bestSearched.name(), bestSearchedFactory);
                    recipes.put(bestSearched.name(), bestSearchedRecipe);
                    families.put(bestSearched.name(), bestFamily);
                    note(notes, String.format(Locale.ROOT, "best configuration found: %s, %s (the spot-check's %s had %s)",
                            bestSearched.name(), Numbers.format(bestSearched.mean()), bestSpot.name(), Numbers.format(bestSpot.mean())));
                }
            }
            ensemble(problem, entries, factories, recipes, families, algorithms, splitter, scoring, x, y, notes);
        }
        if (runner != null) progress.info("tasks: " + runner.summary());
        if (entries.isEmpty()) {
            // Stopped before even the dummy was scored: keep the dummy, the one model that needs no evaluation to be safe.
            Algorithm dummy = algorithms.spotCheck().getFirst();
            entries.add(new LeaderboardEntry(dummy.name(), dummy.family().label, "spot-check", new double[0], Double.NaN, Double.NaN, 0));
            factories.put(dummy.name(), dummy.factory());
            note(notes, "stopped before any model was scored: the dummy is kept");
        }
        Leaderboard board = new Leaderboard(scoring, entries);
        progress.info("leaderboard (" + folds + "-fold cross-validation on the training split, " + scoring + "):");
        progress.block(board.toString());
        Optional<Comparison> comparison = comparison(board);
        comparison.ifPresent(c -> progress.decide(c.verdict()));
        LeaderboardEntry winner = board.best();
        progress.decide("final model: " + winner.name() + ", the best mean " + scoring + " over the folds");
        double dummyMean = Double.NaN;
        // The strongest baseline (persistence rather than seasonal naive on a series) is the floor the diagnosis measures against.
        for (LeaderboardEntry e : entries) {
            if (e.family().equals(Algorithm.Family.DUMMY.label) && !(e.mean() <= dummyMean)) dummyMean = e.mean();
        }
        return new Chosen(winner, factories.get(winner.name()), board, comparison, notes, dummyMean, splitter, folds);
    }

    /** Soft voting over the best few distinct models, kept on the leaderboard only if it was fully evaluated. */
    private void ensemble(Problem problem, List<LeaderboardEntry> entries, Map<String, Supplier<Estimator>> factories,
                          Map<String, Recipe> recipes, Map<String, Algorithm.Family> families, Algorithms algorithms, Splitter splitter,
                          String scoring, Tensor x, Tensor y, List<String> notes) {
        List<LeaderboardEntry> members = new ArrayList<>();
        for (LeaderboardEntry e : new Leaderboard(scoring, entries).ranked()) {
            if (families.get(e.name()) == Algorithm.Family.DUMMY) continue;
            members.add(e);
            if (members.size() == ENSEMBLE_SIZE) break;
        }
        if (members.size() < 2) {
            note(notes, "no ensemble: fewer than two models beat the dummy");
            return;
        }
        List<String> names = members.stream().map(LeaderboardEntry::name).toList();
        String name = (problem.isClassification() ? "soft vote of " : "average of ") + String.join(" + ", names);
        Supplier<Estimator> f = () -> Recipe.ensemble(problem.isClassification(), names.stream().map(factories::get).toList());
        Recipe recipe = new Recipe.Ensemble(problem.isClassification(), names.stream().map(recipes::get).toList());
        if (!mayStart(name)) {
            note(notes, "no ensemble: " + (stop.isRequested() ? "stop requested" : "time budget used up"));
            return;
        }
        LeaderboardEntry e = crossValidate(name, Algorithm.Family.ENSEMBLE.label, "ensemble", f, recipe, algorithms, problem, splitter,
                scoring, x, y);
        if (e == null) return;
        progress.info(String.format(Locale.ROOT, "%-45s %s ± %s   %.1f s per fold", name, score(e.mean()), score(e.std()), e.fitSeconds()));
        double bestSingle = members.getFirst().mean();
        // A gain too small to show at the printed precision comes from folds of unequal size, not from a better model;
        // and three models cost three times one at prediction time.
        if (Math.round(e.mean() * 1e4) <= Math.round(bestSingle * 1e4)) {
            note(notes, String.format(Locale.ROOT, "the ensemble does not help: %s against %s for its best member alone, which"
                    + " stays ahead; the ensemble is dropped", Numbers.format(e.mean()), Numbers.format(bestSingle)));
            return;
        }
        entries.add(e);
        factories.put(name, f);
        recipes.put(name, recipe);
        families.put(name, Algorithm.Family.ENSEMBLE);
        note(notes, String.format(Locale.ROOT, "the ensemble helps: %s against %s for its best member, so it competes for the"
                + " final model", Numbers.format(e.mean()), Numbers.format(bestSingle)));
    }

    private void note(List<String> notes, String text) {
        notes.add(text);
        progress.decide(text);
    }

    /** Whether another model may start: no stop requested and budget left. Says why not, once. */
    private boolean mayStart(String what) {
        if (stop.isRequested()) {
            trainingStop.request();
            return false;
        }
        if (System.nanoTime() > deadline) {
            if (!budgetExceeded) {
                progress.decide("time budget of " + options.timeBudget().toSeconds() + " s used up: " + what + " and the models after it"
                        + " are not tried (a larger --time-budget tries them; results then differ from this run's)");
                budgetExceeded = true;
            }
            return false;
        }
        return true;
    }

    /**
     * Cross-validates one model, on this JVM or as tasks of the {@link TaskRunner} (the model then
     * built from its {@code recipe} where each task runs); null when a stop came during it (its
     * folds were cut short).
     */
    private LeaderboardEntry crossValidate(String name, String family, String stage, Supplier<Estimator> factory, Recipe recipe,
                                           Algorithms algorithms, Problem problem, Splitter splitter, String scoring, Tensor x, Tensor y) {
        LeaderboardEntry entry;
        if (options.tasks() == null) {
            CrossValidationResult cv = new CrossValidator(splitter).scoring(scoring).run(factory, x, y);
            entry = new LeaderboardEntry(name, family, stage, cv.testScores(), cv.mean(), cv.std(), cv.meanFitTime());
        } else {
            entry = crossValidateAsTasks(name, family, stage, recipe, algorithms, problem, splitter, scoring, x, y);
        }
        if (stop.isRequested()) {
            trainingStop.request();
            progress.decide("stop requested: the cross-validation of " + name + " was cut short and is left out");
            return null;
        }
        return entry;
    }

    /** One task per fold on the runner; the folds as the local cross-validation makes them (stratified for a classifier). */
    private LeaderboardEntry crossValidateAsTasks(String name, String family, String stage, Recipe recipe, Algorithms algorithms,
                                                  Problem problem, Splitter splitter, String scoring, Tensor x, Tensor y) {
        if (remoteShared == null) {
            remoteFolds = problem.isClassification() ? splitter.split(y) : splitter.split(x.shape(0));
            remoteShared = FoldTask.shared(algorithms, scoring, remoteFolds, x, y);
        }
        List<byte[]> tasks = new ArrayList<>();
        for (int f = 0; f < remoteFolds.size(); f++) tasks.add(FoldTask.task(recipe, f));
        List<byte[]> results = options.tasks().run(remoteShared, tasks);
        if (results.size() != tasks.size()) {
            throw new IllegalStateException("the task runner " + options.tasks().description() + " returned " + results.size()
                    + " results for " + tasks.size() + " tasks");
        }
        double[] test = new double[tasks.size()];
        double[] fit = new double[tasks.size()];
        for (int f = 0; f < tasks.size(); f++) {
            FoldTask.Result r = FoldTask.result(results.get(f));
            test[f] = r.test();
            fit[f] = r.fitSeconds();
        }
        double[] ms = meanStd(test);
        return new LeaderboardEntry(name, family, stage, test, ms[0], ms[1], meanStd(fit)[0]);
    }

    /** Population mean and standard deviation, computed as the local cross-validation's result computes them (to the bit). */
    static double[] meanStd(double[] v) {
        if (v.length == 0) return new double[] {Double.NaN, Double.NaN};
        double mean = 0;
        for (double d : v) mean += d;
        mean /= v.length;
        double sq = 0;
        for (double d : v) sq += (d - mean) * (d - mean);
        return new double[] {mean, Math.sqrt(sq / v.length)};
    }

    private Optional<Comparison> comparison(Leaderboard board) {
        if (board.size() < 2 || board.ranked().get(1).foldScores().length < 2) return Optional.empty();
        LeaderboardEntry a = board.ranked().get(0);
        LeaderboardEntry b = board.ranked().get(1);
        return Optional.of(new Comparison(a, b, PairedTTest.corrected(a.foldScores(), b.foldScores(), testTrainRatio)));
    }

    // ---- present -----------------------------------------------------------------------------

    private TrainResult finish(String dataName, Path out, DefineStep.Definition def, List<ColumnPlan> plans, Pipeline pipeline,
                               Chosen chosen, Presentation p, Optional<ReferenceScore> reference, String description) {
        Problem problem = def.problem();
        StringBuilder metrics = new StringBuilder();
        p.metrics().forEach((k, v) -> metrics.append(metrics.isEmpty() ? "" : ", ").append(k).append(' ').append(Numbers.format(v)));
        progress.decide("on the untouched test split (" + problem.kind().count(p.testRows()) + "): " + metrics);
        reference.ifPresent(r -> progress.decide(String.format(Locale.ROOT, "published reference: %s %s by %s (%s)", r.metric(),
                Numbers.format(r.value()), r.method(), r.protocol())));
        if (p.forecast() != null) progress.decide(p.forecast().comparison(chosen.entry().name()));
        if (p.curveNote() != null) progress.decide(p.curveNote());
        progress.decide("diagnosis: " + p.diagnosis());
        boolean interrupted = stop.isRequested();
        if (interrupted) progress.decide("training was stopped early: the best model so far is kept");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("data", dataName);
        meta.put("model", chosen.entry().name());
        meta.put("cv_" + chosen.leaderboard().scoring(), Double.isFinite(chosen.entry().mean()) ? chosen.entry().mean() : null);
        Map<String, Object> test = new LinkedHashMap<>(p.metrics());
        meta.put("test", test);
        meta.put("seed", options.seed());
        meta.put("interrupted", interrupted);
        Pipeline saved = pipeline.withMetadata(meta);
        TrainResult result = new TrainResult(dataName, problem, def.warnings(), plans, chosen.leaderboard(), chosen.comparison(), saved,
                p.metrics(), reference, p.diagnosis(), progress.decisions(), interrupted, out);
        Outputs.write(result, p, chosen, description, options);
        progress.line("");
        progress.line("model:       " + result.modelPath());
        progress.line("predictions: " + result.predictionsPath());
        progress.line("report:      " + result.reportPath());
        return result;
    }

    private Optional<ReferenceScore> reference(TabularDataset dataset, Problem problem) {
        if (dataset == null) return Optional.empty();
        String metric = problem.isClassification() ? "accuracy" : "r2";
        for (ReferenceScore s : dataset.referenceScores()) if (s.metric().equals(metric)) return Optional.of(s);
        return Optional.empty();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * Runs {@code run} in the output folder {@code dir}, checked (and created) first; a run that
     * fails removes the folder again if it created it, so a failure leaves no empty folder behind.
     */
    private TrainResult inFolder(Path dir, Function<Outputs.Folder, TrainResult> run) {
        Outputs.Folder folder = Outputs.prepare(dir);
        try {
            return run.apply(folder);
        } catch (RuntimeException | Error e) {
            folder.removeIfCreated();
            throw e;
        }
    }

    private Path outputDir(String dataName) {
        return options.outputDir() != null ? options.outputDir() : Path.of("fathom-runs", dataName.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    private int[] shuffled(int[] indices) {
        int[] out = indices.clone();
        Random r = new Random(options.seed());
        for (int i = out.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /**
     * A cross-validated score in the lines that list models: four decimals, as the leaderboard
     * table below them shows scores, so the columns compare digit by digit; a score that is not
     * finite (a fold with one target value) as {@link Numbers#format} writes it ("nan", "-inf")
     * rather than Java's "NaN" or "-Infinity". Sentences print numbers with {@link Numbers#format}.
     */
    static String score(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : Numbers.format(v);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }

    static double std(double[] v) {
        double m = mean(v), s = 0;
        for (double d : v) s += (d - m) * (d - m);
        double sd = Math.sqrt(s / v.length);
        return sd > 0 ? sd : 1;
    }
}
