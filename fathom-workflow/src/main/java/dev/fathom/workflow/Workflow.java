package dev.fathom.workflow;

import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.data.images.ColorMode;
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
import dev.fathom.backend.Threads;
import dev.fathom.datasets.Task;
import dev.fathom.ensembles.EnsembleSelection;
import dev.fathom.estimators.Estimator;
import dev.fathom.explain.Explanations;
import dev.fathom.explain.ModelImportances;
import dev.fathom.explain.PartialDependence;
import dev.fathom.explain.PermutationImportance;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.CrossValidationResult;
import dev.fathom.validation.CrossValidator;
import dev.fathom.validation.Params;
import dev.fathom.validation.Scorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
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
    /** Rounds of greedy ensemble selection (each adds one model, with replacement). */
    static final int ENSEMBLE_ROUNDS = 25;
    /** From this many training rows on, each model's cost is estimated from a small fit before it runs. */
    static final int PROBE_FROM_ROWS = 5000;
    /** The rows of that small fit (and as many predicted); larger ones follow while cheap ({@link CostProbe}). */
    static final int PROBE_ROWS = CostProbe.FIRST_ROWS;
    /** A planned forest's time limit, as a multiple of its estimate: a safety net where the estimate was far off. */
    static final double FOREST_LIMIT = 2;
    /** Of the time budget, what all the models' cost probes may take together. */
    static final double PROBE_SHARE = 0.1;
    /** Images are resized to this side: small enough for a CNN on a laptop's CPU, large enough for simple shapes. */
    static final int IMAGE_SIDE = 32;

    private final TrainOptions options;
    private final Progress progress;
    private final TimeBudget budget;
    private final StopSignal stop;
    /** A stop ends training between epochs, except in the final fit, which keeps the best model so far. */
    private final StopSignal trainingStop = new StopSignal();
    private boolean budgetExceeded;
    /** Test rows over training rows in the folds of this run's cross-validation (for the corrected t-test). */
    private double testTrainRatio;
    /** The folds of the cross-validation, set by {@link #evaluateAndImprove}; and folds.csv's rows where the run writes it, else null. */
    private List<dev.fathom.data.split.Fold> cvFolds;
    private List<List<String>> foldRows;
    /** With a {@link TaskRunner}: the folds, and the bytes its tasks share (made at the first model, shipped once). */
    private List<Fold> remoteFolds;
    private byte[] remoteShared;

    Workflow(TrainOptions options) {
        this(options, System::nanoTime);
    }

    /** A run on {@code clock} (nanoseconds): the system's, or a fake one in tests of the budget. */
    Workflow(TrainOptions options, java.util.function.LongSupplier clock) {
        this.options = options;
        this.progress = new Progress(options.progress());
        this.budget = new TimeBudget(options.timeBudget(), clock);
        this.stop = options.stopSignal();
        // A network still training when the budget ends stops at the end of its epoch: the run overruns by one epoch at most.
        trainingStop.deadline(clock, budget.now() + options.timeBudget().toNanos());
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
        def.text().forEach((column, why) -> progress.decide("column '" + column + "' is text: " + why + "; kept, not an ID"));
        for (DataWarning w : def.warnings()) progress.decide("warning, " + w);
        progress.decide("models are compared by " + def.scoring() + ": " + def.scoringReason());

        sayDevice(true);
        progress.step(2);
        progress.info("the data (describe):");
        String description = table.describe().toString();   // printed now, and in the report
        progress.block(description);
        Split split = Splits.trainTest(table, options.testFraction(), options.seed());
        if (problem.isClassification()) split = split.stratifiedBy(target);
        // Shuffled once more with the seed, so that a network's validation rows (the last tenth) are not the file's last rows.
        int[] trainOrder = shuffled(split.trainIndices());
        Table train = table.rows(trainOrder);
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
        PrepareStep.Preparation prep = PrepareStep.run(train, target, def.dropped(), def.text());
        for (String line : ColumnPlans.grouped(prep.plans())) progress.decide(line);
        Table trainFeatures = train.drop(target);
        Preprocessor preprocessor = prep.preprocessor().fit(trainFeatures);
        Tensor xTrain = preprocessor.transformToTensor(trainFeatures);
        Tensor xTest = preprocessor.transformToTensor(test.drop(target));
        LabelEncoder labels = problem.isClassification() ? new LabelEncoder().fit(train.column(target)) : null;
        Tensor yTrain = labels != null ? labels.transform(train.column(target)) : train.labels(target);
        progress.info(xTrain.shape(1) + " features after preparation, from the training split only");

        double[] yValues = labels == null ? yTrain.toDoubleArray() : null;
        Algorithms.TextShape textShape = TextColumns.shape(preprocessor, prep.text());
        if (textShape != null) {
            progress.info(textShape.terms().length + " TF-IDF terms and " + textShape.sequence().length + " token ids of '" + textShape.column()
                    + "' (a vocabulary of " + textShape.vocabulary() + ")");
        }
        Algorithms algorithms = new Algorithms(new Algorithms.Shape(xTrain.shape(1), null, problem.classes().size(),
                yValues == null ? 0 : mean(yValues), yValues == null ? 1 : std(yValues)), options.seed(), options.maxEpochs(), trainingStop,
                textShape).onDevice(options.device());
        Chosen chosen = evaluateAndImprove(algorithms, def.scoring(), problem, xTrain, yTrain, folds);
        foldRows = foldRows(trainOrder);

        progress.step(5);
        trainingStop.clear();   // the final fit runs to the end, even after a stop: it is the model kept
        progress.info("fitting " + chosen.entry().name() + " on the whole training split (" + train.rowCount() + " rows)");
        Estimator model = unwrapped(chosen.factory().get().fit(xTrain, yTrain));
        sayDevice(false);
        Pipeline pipeline = Pipeline.of(trainFeatures, target, preprocessor, labels, model).withTrainingRows(trainFeatures);
        if (textShape != null && problem.isClassification()) {
            chosen = chosen.withTextTerms(TextColumns.weightiest(model, textShape, preprocessor.featureNames(), problem.classes(), xTrain,
                    yTrain, TOP_TERMS));
            progress.info("the words and n-grams that weigh most for each class (logistic regression on the TF-IDF terms):");
            for (List<String> row : chosen.textTerms()) progress.info("  " + row.get(0) + ": " + row.get(1));
        }
        Optional<ReferenceScore> reference = reference(dataset, problem);
        List<String> rowNumbers = new ArrayList<>();
        for (int r : testRows) rowNumbers.add(Integer.toString(r));
        // The explanations need only the fitted pipeline: they run beside the test metrics, the diagnosis and the learning curve.
        List<String> said = new ArrayList<>();
        Supplier<Explained> explaining = explaining(pipeline, test, target, def.scoring(), said);
        Chosen kept = chosen;
        List<Object> both = Threads.runAll("fathom-present", List.<Callable<Object>>of(explaining::get,
                () -> Presentation.ofTable(pipeline, problem, test, "row", rowNumbers, xTrain, yTrain, kept, def.scoring(), null)),
                Threads.count(), false, "fathom train: interrupted while presenting the results");
        said.forEach(progress::decide);
        Presentation p = ((Presentation) both.get(1)).withExplained((Explained) both.get(0));
        return finish(dataName, out, def, prep.plans(), pipeline, chosen, p, reference, description);
    }

    // ---- several numeric targets --------------------------------------------------------------

    TrainResult table(String dataName, Table table, List<String> targets) {
        return inFolder(outputDir(dataName), folder -> multiOutput(dataName, table, targets, folder));
    }

    /**
     * Multi-output regression: the targets predicted side by side by one model, scored by R²
     * averaged over the targets (scikit-learn's {@code multioutput="uniform_average"}). The models
     * that predict several values natively take part: the dummy, ridge and k-NN (a network here has
     * one output); the report shows the metrics averaged over the targets.
     */
    private TrainResult multiOutput(String dataName, Table table, List<String> targets, Outputs.Folder folder) {
        Path out = folder.path();
        progress.line("fathom train " + dataName + ": " + table.rowCount() + " rows, " + table.columnCount() + " columns, " + targets.size()
                + " targets " + targets + "; seed " + options.seed() + ", time budget " + options.timeBudget().toSeconds() + " s, output " + out);
        folder.note().ifPresent(progress::info);

        progress.step(1);
        String first = targets.getFirst();
        List<String> others = targets.subList(1, targets.size());
        for (String t : targets) {
            if (!(table.column(t) instanceof dev.fathom.data.NumericColumn)) {
                throw new IllegalArgumentException("the target '" + t + "' is " + table.column(t).type().label() + "; several targets are"
                        + " predicted together only when all are numeric (multi-output regression); train one --target at a time for classes");
            }
        }
        DefineStep.Definition single = DefineStep.run(table.drop(others.toArray(String[]::new)), first, Task.REGRESSION);
        for (String t : others) DefineStep.run(table.drop(targets.stream().filter(o -> !o.equals(t)).toArray(String[]::new)), t, Task.REGRESSION);
        Problem problem = new Problem(Task.REGRESSION, first, "multi-output regression: " + targets.size() + " numeric targets " + targets
                + " predicted together by one model", List.of(), table.rowCount());
        String scoring = "r2";
        String scoringReason = "R² averaged over the " + targets.size() + " targets, each the share of its variance explained";
        DefineStep.Definition def = new DefineStep.Definition(problem, single.warnings(), single.dropped(), scoring, scoringReason);
        progress.decide(problem.task().label() + ": " + problem.reason());
        for (DataWarning w : def.warnings()) progress.decide("warning, " + w);
        progress.decide("models are compared by " + scoring + ": " + scoringReason);

        sayDevice(true);
        progress.step(2);
        progress.info("the data (describe):");
        String description = table.describe().toString();
        progress.block(description);
        Split split = Splits.trainTest(table, options.testFraction(), options.seed());
        Table train = table.rows(shuffled(split.trainIndices()));
        int[] testRows = split.testIndices();
        Table test = table.rows(testRows);
        int folds = options.folds();
        progress.decide(String.format(Locale.ROOT, "test split: %d rows (%.0f%%) set aside; nothing looks at them until the last step;"
                + " the models are chosen by %d-fold cross-validation on the other %d", test.rowCount(), 100 * options.testFraction(), folds,
                train.rowCount()));
        PrepareStep.Preparation prep = PrepareStep.run(train.drop(others.toArray(String[]::new)), first, def.dropped());
        for (String line : ColumnPlans.grouped(prep.plans())) progress.decide(line);
        Table trainFeatures = train.drop(targets.toArray(String[]::new));
        Preprocessor preprocessor = prep.preprocessor().fit(trainFeatures);
        Tensor xTrain = preprocessor.transformToTensor(trainFeatures);
        Tensor yTrain = targetMatrix(train, targets);
        progress.info(xTrain.shape(1) + " features after preparation, from the training split only");

        Algorithms algorithms = new Algorithms(new Algorithms.Shape(xTrain.shape(1), null, 0, 0, 1), options.seed(), options.maxEpochs(),
                trainingStop).onDevice(options.device());
        List<Algorithm> native_ = new ArrayList<>();
        for (Algorithm a : algorithms.spotCheck()) {
            if (a.family() == Algorithm.Family.DUMMY || a.family() == Algorithm.Family.LINEAR || a.family() == Algorithm.Family.NEIGHBOURS) {
                native_.add(a);
            }
        }
        progress.decide("models that predict several values at once take part: " + native_.stream().map(Algorithm::name).toList());
        Splitter splitter = new KFold(folds).shuffle(options.seed());
        Chosen chosen = evaluateAndImprove(new Algorithms(algorithms, native_), scoring, problem, xTrain, yTrain, splitter, folds,
                1.0 / (folds - 1));

        progress.step(5);
        trainingStop.clear();
        progress.info("fitting " + chosen.entry().name() + " on the whole training split (" + train.rowCount() + " rows)");
        Estimator model = unwrapped(chosen.factory().get().fit(xTrain, yTrain));
        sayDevice(false);
        Pipeline pipeline = Pipeline.of(trainFeatures, first, preprocessor, null, model).withTargets(targets).withTrainingRows(trainFeatures);
        List<String> rowNumbers = new ArrayList<>();
        for (int r : testRows) rowNumbers.add(Integer.toString(r));
        Presentation p = Presentation.ofTargets(pipeline, test, targets, rowNumbers, xTrain.shape(1));
        return finish(dataName, out, def, prep.plans(), pipeline, chosen, p, Optional.empty(), description);
    }

    /** The targets side by side, float32 {@code [rows, targets]}. */
    private static Tensor targetMatrix(Table table, List<String> targets) {
        int n = table.rowCount(), t = targets.size();
        float[] y = new float[n * t];
        for (int k = 0; k < t; k++) {
            float[] v = table.labels(targets.get(k)).toFloatArray();
            for (int i = 0; i < n; i++) y[i * t + k] = v[i];
        }
        return Tensor.of(y, n, t);
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

        sayDevice(true);
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
                options.seed(), options.maxEpochs(), trainingStop).onDevice(options.device());
        // Fold i of k trains on i spans and tests on one: the mean of 1/i is the folds' test-to-train ratio.
        double ratio = 0;
        for (int i = 1; i <= folds; i++) ratio += 1.0 / i;
        Chosen chosen = evaluateAndImprove(algorithms, scoring, problem, xTrain, yTrain, new TimeSeriesSplit(folds), folds, ratio / folds);

        progress.step(5);
        trainingStop.clear();
        progress.info("fitting " + chosen.entry().name() + " on the whole training span (" + train.rowCount() + " steps)");
        Estimator model = unwrapped(chosen.factory().get().fit(xTrain, yTrain));
        sayDevice(false);
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
        BaseNetwork base = null;
        ImageOptions reading = ImageOptions.defaults().size(IMAGE_SIDE, IMAGE_SIDE).seed(options.seed());
        if (options.base() != null) {
            if (options.tasks() != null) {
                throw new IllegalArgumentException("--base (TrainOptions.base) trains on this JVM: the pretrained network's file is not"
                        + " shipped to a task runner; leave --spark (TrainOptions.tasks) out");
            }
            base = BaseNetwork.load(options.base());
            int[] in = base.imageShape();
            reading = reading.size(in[1], in[2]).colorMode(switch (in[0]) {
                case 1 -> ColorMode.GRAYSCALE;
                case 4 -> ColorMode.RGBA;
                default -> ColorMode.RGB;
            });
        }
        progress.step(1);
        LabeledImages data = ImageFolder.load(root, reading);
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

        sayDevice(true);
        progress.step(2);
        int[] shape = {data.images().shape(1), data.images().shape(2), data.images().shape(3)};
        if (base == null) {
            progress.decide(String.format(Locale.ROOT, "images resized to %d×%d with %d channels and scaled to 0..1 (pixel / 255): small"
                    + " inputs train fast on a CPU, and a common scale helps gradient descent", shape[1], shape[2], shape[0]));
        } else {
            base.describe(classes.size()).forEach(progress::decide);
        }
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
                trainingStop).onDevice(options.device());
        if (base != null) algorithms = algorithms.withBase(base);
        Chosen chosen = evaluateAndImprove(algorithms, scoring, problem, xTrain, yTrain, folds);

        progress.step(5);
        trainingStop.clear();
        progress.info("fitting " + chosen.entry().name() + " on the whole training split (" + trainIdx.length + " images)");
        Estimator model = unwrapped(chosen.factory().get().fit(xTrain, yTrain));
        sayDevice(false);
        Pipeline pipeline = Pipeline.forImages(shape[0], shape[1], shape[2], 1 / 255.0, classes, model).withTrainingImages(xTrain);
        List<String> files = new ArrayList<>();
        for (int i : testIdx) files.add(root.relativize(data.files().get(i)).toString());
        Presentation p = Presentation.ofImages(pipeline, problem, xTest, yTest, files, xTrain, yTrain, chosen, scoring);
        DefineStep.Definition def = new DefineStep.Definition(problem, warnings, Map.of(), scoring, scoringReason);
        return finish(dataName, out, def, List.of(), pipeline, chosen, p, Optional.empty(), null);
    }

    // ---- evaluate and improve ----------------------------------------------------------------

    /** Terms per class the report lists for a table with text. */
    static final int TOP_TERMS = 12;

    /**
     * The chosen model: its leaderboard entry, a factory of fresh ones, and the whole leaderboard;
     * for a table with text, each class with the terms that weigh most for it.
     */
    record Chosen(LeaderboardEntry entry, Supplier<Estimator> factory, Leaderboard leaderboard, Optional<Comparison> comparison,
                  List<String> searchNotes, double dummyMean, Splitter splitter, int folds, List<List<String>> textTerms) {
        Chosen(LeaderboardEntry entry, Supplier<Estimator> factory, Leaderboard leaderboard, Optional<Comparison> comparison,
               List<String> searchNotes, double dummyMean, Splitter splitter, int folds) {
            this(entry, factory, leaderboard, comparison, searchNotes, dummyMean, splitter, folds, List.of());
        }

        Chosen withTextTerms(List<List<String>> terms) {
            return new Chosen(entry, factory, leaderboard, comparison, searchNotes, dummyMean, splitter, folds, List.copyOf(terms));
        }
    }

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
        cvFolds = null;
        foldRows = null;
        progress.step(3);
        TaskRunner runner = options.tasks();
        Run run = new Run(splitter, scoring, x, y, folds, algorithms, problem);
        // Before the runner's description, which may wait for it to start (a Spark session starting meanwhile).
        if (runner == null || runner.runsInThisJvm()) warmUp(algorithms.spotCheck(), run);
        if (runner != null) {
            progress.decide("the cross-validation runs as tasks on " + runner.description() + ": each (model, fold) pair is one task,"
                    + " the training split and the folds are shipped once, and the scores and out-of-fold predictions come back in the"
                    + " order they would have here");
        }
        List<Algorithm> order = costFrugalOrder(algorithms.spotCheck(), run);
        Map<String, LeaderboardEntry> asOneJob = runner == null ? Map.of() : spotCheckAsOneJob(order, run);
        for (Algorithm a : order) {
            if (run.failed.contains(a.name())) continue;   // its probe failed: already listed with the reason
            LeaderboardEntry done = asOneJob.get(a.name());
            if (done == null && !mayStart(a.name())) break;
            String name = a.name();
            String why = a.why();
            Supplier<Estimator> factory = a.factory();
            Recipe recipe = new Recipe.Spot(a.name());
            CostModel cost = run.costs.get(name);
            TimeBudget.Plan plan = null;
            List<dev.fathom.trees.TreeModel<?>> forests = java.util.Collections.synchronizedList(new ArrayList<>());
            Supplier<Estimator> kept = null;   // a forest's model without its time limit
            int sample = 0;
            double calibration = budget.calibration();
            if (cost != null) {
                int foldRows = x.shape(0) - x.shape(0) / folds;
                int testRows = x.shape(0) / folds;
                int cores = Threads.count();
                List<java.util.function.DoubleUnaryOperator> after = new ArrayList<>();
                for (Algorithm b : order.subList(order.indexOf(a) + 1, order.size())) {
                    CostModel later = run.costs.get(b.name());
                    if (later != null && !run.failed.contains(b.name())) after.add(r -> later.crossValidationSeconds(r, testRows, folds, cores));
                }
                // A forest can take fewer trees on all the rows; where a task runner rebuilds models by name, only fewer rows.
                int trees = runner == null && a.family() == Algorithm.Family.FOREST && factory.get() instanceof dev.fathom.trees.TreeModel<?> t ? t.trees() : 0;
                plan = budget.plan(name, r -> cost.crossValidationSeconds(r, testRows, folds, cores), foldRows, trees, after);
                if (plan.kind() == TimeBudget.Plan.Kind.SKIP) {
                    progress.decide(plan.reason());
                    continue;
                }
                if (plan.kind() != TimeBudget.Plan.Kind.FULL) progress.decide(plan.reason());
                if (trees > 0 && plan.trees() < trees) {
                    int fewer = plan.trees();
                    Supplier<Estimator> all = factory;
                    factory = () -> withTrees(all.get(), fewer);
                    name = name.replace(trees + " trees", fewer + " trees");
                    why = why.replace(" " + trees + " ", " " + fewer + " ");
                }
                if (trees > 0) {
                    // Should the estimate be far off, the forests stop adding trees at twice it (or the budget's end): a time limit.
                    long limit = budget.now() + (long) (Math.min(FOREST_LIMIT * plan.estimatedSeconds(), budget.remainingSeconds()) * 1e9);
                    Supplier<Estimator> unlimited = factory;
                    factory = () -> {
                        Estimator m = unlimited.get();
                        forests.add(((dev.fathom.trees.TreeModel<?>) m).stopWhen(() -> budget.now() > limit));
                        return m;
                    };
                    kept = unlimited;
                }
                if (plan.kind() == TimeBudget.Plan.Kind.SUBSAMPLE) {
                    int rows = plan.rows();
                    Supplier<Estimator> full = factory;
                    factory = () -> new Subsampled(full.get(), rows, options.seed());
                    recipe = new Recipe.Subsample(recipe, rows);
                    name = name + " (on " + rows + " rows)";
                    sample = rows;
                }
            }
            LeaderboardEntry e = done != null ? done : crossValidate(name, a.family().label, "spot-check", factory, recipe, run);
            if (e == null) break;
            if (plan != null && run.seconds.containsKey(name)) {
                // The probes' own estimate (before the calibration) against the measured seconds, both less the overhead.
                budget.observed((plan.estimatedSeconds() - budget.overheadSeconds()) / calibration, run.seconds.get(name) - budget.overheadSeconds());
            } else if (a.family() == Algorithm.Family.DUMMY && run.seconds.containsKey(name)) {
                budget.overhead(run.seconds.get(name));   // what any cross-validation costs besides its model's fits
            }
            if (kept != null) {
                // The forests without their time limit are the model kept (the final fit runs to its end); if the limit
                // stopped them, the entry says how many trees its folds grew and the kept model grows the fewest of them.
                int planned = plan.trees();
                int fewest, most;
                synchronized (forests) {   // the folds' forests (the cross-validation may build one more that it never fits)
                    fewest = forests.stream().filter(dev.fathom.trees.TreeModel::fitted).mapToInt(f -> f.treeCount()).min().orElse(planned);
                    most = forests.stream().filter(dev.fathom.trees.TreeModel::fitted).mapToInt(f -> f.treeCount()).max().orElse(planned);
                }
                Supplier<Estimator> limited = kept;
                Supplier<Estimator> model = fewest < planned ? () -> withTrees(limited.get(), fewest) : kept;
                int rows = sample;
                factory = rows > 0 ? () -> new Subsampled(model.get(), rows, options.seed()) : model;
                if (fewest < planned && e.evaluated()) {
                    String limitedName = name.replace(planned + " trees", (fewest == most ? "" + fewest : fewest + "-" + most) + " trees");
                    progress.decide(String.format(Locale.ROOT, "%s took longer than planned (%.0f s against about %.0f s): its forests stopped"
                            + " adding trees at their time limit, after %d to %d trees; it is listed as %s, and kept with %d tree%s", name,
                            run.seconds.getOrDefault(name, Double.NaN), plan.estimatedSeconds(), fewest, most, limitedName, fewest, fewest == 1 ? "" : "s"));
                    run.outOfFold.put(limitedName, run.outOfFold.remove(name));
                    run.seconds.put(limitedName, run.seconds.remove(name));
                    e = new LeaderboardEntry(limitedName, e.family(), e.stage(), e.foldScores(), e.mean(), e.std(), e.fitSeconds());
                    name = limitedName;
                    why = why.replace(" " + planned + " ", " " + fewest + " to " + most + " ");
                }
            }
            if (e.evaluated()) {
                progress.info(String.format(Locale.ROOT, "%-30s %s %s ± %s   %.1f s per fold   (%s)", name, scoring, score(e.mean()),
                        score(e.std()), e.fitSeconds(), why));
            }
            run.add(e, factory, a.family(), recipe);
        }
        Leaderboard spot = new Leaderboard(scoring, run.entries);
        if (spot.size() > 0) progress.block(spot.toString());
        comparison(spot).ifPresent(c -> progress.decide("spot-check winner: " + c.verdict()));

        progress.step(4);
        List<String> notes = new ArrayList<>();
        LeaderboardEntry bestSpot = spot.evaluated().isEmpty() ? null : spot.best();
        Algorithm.Family bestFamily = bestSpot == null ? null : run.families.get(bestSpot.name());
        if (bestFamily == Algorithm.Family.DUMMY) {
            note(notes, "no model beats the dummy: the columns may carry no information about the target; nothing to tune");
        } else if (bestFamily != null) {
            search(algorithms, bestFamily, bestSpot, run, notes);
            ensemble(problem, run, notes);
        }
        if (runner != null) progress.info("tasks: " + runner.summary());
        List<LeaderboardEntry> entries = run.entries;
        if (entries.stream().noneMatch(LeaderboardEntry::evaluated)) {
            // Stopped before even the dummy was scored: keep the dummy, the one model that needs no evaluation to be safe.
            Algorithm dummy = algorithms.spotCheck().getFirst();
            entries.add(0, new LeaderboardEntry(dummy.name(), dummy.family().label, "spot-check", new double[0], Double.NaN, Double.NaN, 0));
            run.factories.put(dummy.name(), dummy.factory());
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
        cvFolds = run.foldList;
        return new Chosen(winner, run.factories.get(winner.name()), board, comparison, notes, dummyMean, splitter, folds);
    }

    /** What steps 3 and 4 gather: the entries, their factories and families, out-of-fold predictions, estimates. */
    private static final class Run {
        final Splitter splitter;
        final String scoring;
        final Tensor x;
        final Tensor y;
        final int folds;
        final List<LeaderboardEntry> entries = new ArrayList<>();
        final Map<String, Supplier<Estimator>> factories = new LinkedHashMap<>();
        final Map<String, Algorithm.Family> families = new LinkedHashMap<>();
        /** How to build each model again from bytes where a {@link TaskRunner} runs its folds. */
        final Map<String, Recipe> recipes = new LinkedHashMap<>();
        final Algorithms algorithms;
        final Problem problem;
        final Map<String, double[][]> outOfFold = new LinkedHashMap<>();
        final Map<String, Double> estimates = new HashMap<>();   // wall seconds of each probed model's cross-validation on all rows
        final Map<String, CostModel> costs = new HashMap<>();
        final Map<String, Double> seconds = new HashMap<>();   // wall seconds of each model's cross-validation
        final java.util.Set<String> failed = new java.util.HashSet<>();
        List<dev.fathom.data.split.Fold> foldList;

        Run(Splitter splitter, String scoring, Tensor x, Tensor y, int folds, Algorithms algorithms, Problem problem) {
            this.algorithms = algorithms;
            this.problem = problem;
            this.splitter = splitter;
            this.scoring = scoring;
            this.x = x;
            this.y = y;
            this.folds = folds;
        }

        void add(LeaderboardEntry e, Supplier<Estimator> factory, Algorithm.Family family, Recipe recipe) {
            entries.add(e);
            factories.put(e.name(), factory);
            families.put(e.name(), family);
            recipes.put(e.name(), recipe);
        }
    }

    /** {@link JitWarmup} on a shuffled slice of the training rows, its cost printed apart from the models'. */
    private void warmUp(List<Algorithm> spotCheck, Run run) {
        int n = run.x.shape(0);
        int[] rows = java.util.Arrays.copyOf(shuffled(java.util.stream.IntStream.range(0, n).toArray()), Math.min(n, JitWarmup.ROWS));
        java.util.Arrays.sort(rows);
        JitWarmup.Result r = JitWarmup.PROCESS.run(spotCheck, run.x, run.y, rows, stop::isRequested, System::nanoTime);
        if (r.ran()) progress.info(r.line());
    }

    /**
     * The spot-check list in the order to try it. On large data each model is first fitted on a few
     * growing numbers of rows ({@link CostProbe}); the cross-validation's wall seconds extrapolated
     * from them ({@link CostModel}) are its estimated cost, and the list runs cheapest first (the
     * dummy always first), so the budget buys as many families as it can (FLAML's cost-frugal
     * order). On small data every model is cheap: the list keeps its order (simplest first) and
     * nothing is probed.
     */
    private List<Algorithm> costFrugalOrder(List<Algorithm> list, Run run) {
        int n = run.x.shape(0);
        if (n < PROBE_FROM_ROWS || list.size() < 2) return list;
        int[] order = shuffled(java.util.stream.IntStream.range(0, n).toArray());
        int trainRows = n - n / run.folds;
        int testRows = n / run.folds;
        int cores = Threads.count();
        double allowance = PROBE_SHARE * options.timeBudget().toNanos() / 1e9;
        long probing = budget.now();
        List<Algorithm> probed = list.subList(1, list.size());
        for (int i = 0; i < probed.size(); i++) {
            Algorithm a = probed.get(i);
            if (!mayStart(a.name())) break;
            CostModel cost;
            // The probes' allowance left, shared by the models still to probe (each probes 500 rows at least).
            double cap = Math.max(0, allowance - (budget.now() - probing) / 1e9) / (probed.size() - i);
            try {
                cost = CostProbe.run(a.factory(), run.x, run.y, order, cap, () -> !stop.isRequested() && !budget.expired(),
                        CostProbe::threadCpuNanos, budget::now, a.family() == Algorithm.Family.NEIGHBOURS,
                        a.family() == Algorithm.Family.FOREST || a.family() == Algorithm.Family.BOOSTING);
            } catch (RuntimeException | OutOfMemoryError e) {
                fail(a.name(), a.family(), "spot-check", e, run);
                continue;
            }
            run.costs.put(a.name(), cost);
            run.estimates.put(a.name(), cost.crossValidationSeconds(trainRows, testRows, run.folds, cores));
        }
        List<Algorithm> sorted = new ArrayList<>(list.subList(1, list.size()));
        sorted.sort(java.util.Comparator.comparingDouble(a -> run.estimates.getOrDefault(a.name(), 0.0)));
        sorted.add(0, list.getFirst());
        StringBuilder text = new StringBuilder();
        for (Algorithm a : sorted) {
            Double e = run.estimates.get(a.name());
            if (e == null) continue;
            List<CostModel.Probe> probes = run.costs.get(a.name()).probes();
            text.append(text.isEmpty() ? "" : ", ").append(a.name()).append(String.format(Locale.ROOT, " ~%.1f s (probed up to %d rows)", e,
                    probes.getLast().rows()));
        }
        progress.decide("cost-frugal order: each model was fitted on " + PROBE_ROWS + " rows first, then on twice and four times"
                + " as many while that was cheap, each on one thread as a fold runs, and its cross-validation's wall time estimated from how its CPU"
                + " time grew, with the " + run.folds + " folds sharing " + cores + " cores; the cheapest run first: " + text);
        return sorted;
    }

    /** A forest of {@code trees} trees, otherwise as {@code model}. */
    private static Estimator withTrees(Estimator model, int trees) {
        if (model instanceof dev.fathom.trees.RandomForestClassifier f) return f.trees(trees);
        if (model instanceof dev.fathom.trees.RandomForestRegressor f) return f.trees(trees);
        if (model instanceof dev.fathom.trees.ExtraTreesClassifier f) return f.trees(trees);
        if (model instanceof dev.fathom.trees.ExtraTreesRegressor f) return f.trees(trees);
        throw new IllegalArgumentException(model + " has no number of trees to set");
    }

    /** Lists a model that threw with its one-line reason; the run goes on with the others. */
    private void fail(String name, Algorithm.Family family, String stage, Throwable e, Run run) {
        String reason = oneLine(e);
        progress.decide(name + " failed and is listed without a score: " + reason);
        run.entries.add(LeaderboardEntry.failed(name, family.label, stage, reason));
        run.families.put(name, family);
        run.failed.add(name);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (e instanceof OutOfMemoryError) m = "out of memory" + (m == null ? "" : " (" + m + ")") + "; give Java more heap (-Xmx) or use fewer rows";
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        int line = m.indexOf('\n');
        return line < 0 ? m : m.substring(0, line);
    }

    /** Random search around the best family, each configuration planned against the budget from its family's measured cost. */
    private void search(Algorithms algorithms, Algorithm.Family bestFamily, LeaderboardEntry bestSpot, Run run, List<String> notes) {
        Algorithms.Search search = algorithms.searchSpace(bestFamily);
        if (search == null) {
            note(notes, "the best family (" + bestFamily.label + ") has no hyperparameter worth searching");
            return;
        }
        if (bestSpot.name().endsWith(" rows)")) {
            note(notes, "no search: the best family (" + bestFamily.label + ") could only be tried on a subsample within the budget");
            return;
        }
        List<Params> configs = search.space().sample(SEARCH_ITERATIONS, options.seed());
        note(notes, "random search around the best family (" + bestFamily.label + "): " + configs.size()
                + " configurations of " + search.space() + ", each cross-validated on the same folds");
        LeaderboardEntry bestSearched = null;
        Supplier<Estimator> bestSearchedFactory = null;
        Recipe bestSearchedRecipe = null;
        int done = 0;
        int tried = 0;
        String why = null;
        double cost = run.seconds.getOrDefault(bestSpot.name(), 0.0);
        Map<Integer, LeaderboardEntry> asOneJob = options.tasks() == null ? Map.of() : searchAsOneJob(configs, search, bestFamily, cost, run);
        for (int c = 0; c < configs.size(); c++) {
            Params p = configs.get(c);
            String name = search.name().apply(p);
            if (run.factories.containsKey(name)) {
                tried++;   // the spot-check's own configuration: already on the leaderboard
                continue;
            }
            LeaderboardEntry e = asOneJob.get(c);
            if (e == null) {
                if (!mayStart(name)) break;
                if (cost > TimeBudget.SAFETY * budget.remainingSeconds()) {
                    why = String.format(Locale.ROOT, "the next would take about %.0f s, as %s did, and %.0f s are left", cost,
                            bestSpot.name(), Math.max(0, budget.remainingSeconds()));
                    break;
                }
            }
            Supplier<Estimator> f = () -> search.factory().apply(p);
            Recipe recipe = new Recipe.Search(bestFamily, c);
            if (e == null) e = crossValidate(name, bestFamily.label, "search", f, recipe, run);
            if (e == null) break;
            tried++;
            if (!e.evaluated()) {
                run.add(e, f, bestFamily, recipe);
                continue;
            }
            done++;
            progress.info(String.format(Locale.ROOT, "%-45s %s ± %s   %.1f s per fold", name, score(e.mean()), score(e.std()),
                    e.fitSeconds()));
            if (bestSearched == null || e.mean() > bestSearched.mean()) {
                if (bestSearched != null) run.outOfFold.remove(bestSearched.name());
                bestSearched = e;
                bestSearchedFactory = f;
                bestSearchedRecipe = recipe;
            } else {
                run.outOfFold.remove(name);   // only the best configuration joins the leaderboard and the ensemble
            }
        }
        if (tried < configs.size()) note(notes, "the search stopped after " + done + " of " + configs.size() + " configurations ("
                + (stop.isRequested() ? "stop requested" : why != null ? why : "time budget used up") + ")");
        if (bestSearched != null) {
            run.add(bestSearched, bestSearchedFactory, bestFamily, bestSearchedRecipe);
            note(notes, String.format(Locale.ROOT, "best configuration found: %s, %s (the spot-check's %s had %s)",
                    bestSearched.name(), Numbers.format(bestSearched.mean()), bestSpot.name(), Numbers.format(bestSpot.mean())));
        }
    }

    /**
     * With a task runner, the spot-check models that have no cost estimate (a table too small for
     * the probes, where every model is cheap) cross-validated in one job (see {@link #asOneJob}); the
     * budget is checked before the job, not between its models. The tasks go in the reverse of the
     * list's order, which puts the costlier families (networks, boosting) first and the cheap ones
     * last, where they fill the cores as the job ends.
     */
    private Map<String, LeaderboardEntry> spotCheckAsOneJob(List<Algorithm> order, Run run) {
        List<Algorithm> batch = new ArrayList<>();
        for (Algorithm a : order.reversed()) if (!run.failed.contains(a.name()) && !run.estimates.containsKey(a.name())) batch.add(a);
        List<OneJobModel> models = batch.stream().map(a -> new OneJobModel(a.name(), a.family().label, new Recipe.Spot(a.name()))).toList();
        List<LeaderboardEntry> entries = asOneJob(models, "spot-check", run);
        Map<String, LeaderboardEntry> byName = new HashMap<>();
        for (LeaderboardEntry e : entries) byName.put(e.name(), e);
        return byName;
    }

    /**
     * With a task runner, the search's configurations that the budget allows (as the loop in
     * {@link #search} would take them, each costing what the best spot-check model cost)
     * cross-validated in one job (see {@link #asOneJob}), by their index in {@code configs}.
     */
    private Map<Integer, LeaderboardEntry> searchAsOneJob(List<Params> configs, Algorithms.Search search, Algorithm.Family family,
                                                          double cost, Run run) {
        List<Integer> indices = new ArrayList<>();
        List<OneJobModel> models = new ArrayList<>();
        double left = budget.remainingSeconds();
        for (int c = 0; c < configs.size(); c++) {
            String name = search.name().apply(configs.get(c));
            if (run.factories.containsKey(name)) continue;
            if (cost * (indices.size() + 1) > TimeBudget.SAFETY * left) break;
            indices.add(c);
            models.add(new OneJobModel(name, family.label, new Recipe.Search(family, c)));
        }
        List<LeaderboardEntry> entries = asOneJob(models, "search", run);
        Map<Integer, LeaderboardEntry> byIndex = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) byIndex.put(indices.get(i), entries.get(i));
        return byIndex;
    }

    /** A model of a job of many: its leaderboard name and family, and how a task builds it. */
    private record OneJobModel(String name, String family, Recipe recipe) {}

    /**
     * Models cross-validated in one call of the task runner: one Spark job keeps every core busy
     * until its last task, where a job per model leaves cores idle at each job's end. The results
     * are those of one call each (a task's result depends on its bytes alone). Empty when fewer
     * than two models are given, the budget is used up, the call fails or a stop came during it:
     * the caller then runs the models one by one, which names the one that fails.
     */
    private List<LeaderboardEntry> asOneJob(List<OneJobModel> models, String stage, Run run) {
        if (models.size() < 2 || !mayStart(models.getFirst().name())) return List.of();
        long t0 = budget.now();
        List<Remote> remote;
        try {
            remote = crossValidateAsTasks(models.stream().map(OneJobModel::recipe).toList(), run);
        } catch (RuntimeException | OutOfMemoryError e) {
            return List.of();
        }
        if (stop.isRequested()) return List.of();
        double[] seconds = apportioned((budget.now() - t0) / 1e9, remote);
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            entries.add(remoteEntry(models.get(i).name(), models.get(i).family(), stage, remote.get(i), seconds[i], run));
        }
        return entries;
    }

    /**
     * One job's wall seconds shared among its models in proportion to their tasks' fit seconds,
     * as each model's cost for the budget's plans (equal shares where no fit took measurable time).
     */
    static double[] apportioned(double wall, List<Remote> models) {
        double[] fit = new double[models.size()];
        double total = 0;
        for (int i = 0; i < fit.length; i++) {
            for (double f : models.get(i).fit()) fit[i] += f;
            total += fit[i];
        }
        double[] out = new double[fit.length];
        for (int i = 0; i < fit.length; i++) out[i] = total > 0 ? wall * fit[i] / total : wall / fit.length;
        return out;
    }

    /**
     * Greedy ensemble selection over the stored out-of-fold predictions of every model tried
     * (Caruana et al. 2004, as auto-sklearn and AutoGluon): no model is fitted again to judge it.
     * The selection is scored fold by fold on the same rows as the single models, and kept only
     * when it beats the best of them by more than the printed precision (a gain that does not show
     * in four decimals is noise, and an ensemble costs its members' time at every prediction).
     */
    private void ensemble(Problem problem, Run run, List<String> notes) {
        List<String> names = new ArrayList<>();
        List<double[][]> predictions = new ArrayList<>();
        int left = 0;
        for (LeaderboardEntry e : new Leaderboard(run.scoring, run.entries).evaluated()) {
            // A model trained on a subsample is not kept in a pipeline file (the saved one is its inner model): not a member;
            // nor is a logistic regression on pretrained features, saved as a network only once fitted whole.
            if (run.families.get(e.name()) == Algorithm.Family.DUMMY || !run.outOfFold.containsKey(e.name())) continue;
            if (e.name().endsWith(" rows)") || e.name().startsWith(Algorithms.FEATURES)) {
                left++;
                continue;
            }
            names.add(e.name());
            predictions.add(run.outOfFold.get(e.name()));
        }
        if (stop.isRequested()) {
            note(notes, "no ensemble: stop requested");
            return;
        }
        if (names.size() < 2) {
            note(notes, left == 0 ? "no ensemble: fewer than two models beat the dummy"
                    : "no ensemble: fewer than two models can be members (" + left + " trained on a subsample or on pretrained features"
                    + " cannot: the saved pipeline would hold another model than the one scored)");
            return;
        }
        Scorer scorer = Scorer.of(run.scoring);
        int[] rows = EnsembleSelection.scoredRows(predictions);
        Tensor yRows = run.y.indexSelect(0, Tensor.of(rows, rows.length));
        EnsembleSelection.Result selection = EnsembleSelection.select(predictions, avg -> scorer.scoreOutputs(yRows, avg), ENSEMBLE_ROUNDS);
        List<Integer> members = selection.members();
        LeaderboardEntry best = run.entries.stream().filter(e -> e.name().equals(names.getFirst())).findFirst().orElseThrow();
        if (members.size() < 2) {
            note(notes, "ensemble selection over the out-of-fold predictions of " + names.size() + " models picked " + names.get(members.getFirst())
                    + " alone: no average of them does better; no ensemble");
            return;
        }
        StringBuilder name = new StringBuilder("ensemble of ");
        for (int i = 0; i < members.size(); i++) {
            int m = members.get(i);
            name.append(i == 0 ? "" : " + ").append(selection.counts()[m]).append("× ").append(names.get(m));
        }
        // Each fold's score of the weighted average of the members' out-of-fold predictions on that fold's rows.
        double[] weights = selection.weights();
        double[] foldScores = new double[run.foldList.size()];
        for (int k = 0; k < foldScores.length; k++) {
            int[] test = run.foldList.get(k).testIndices();
            double[][] avg = new double[test.length][];
            for (int r = 0; r < test.length; r++) {
                double[] row = null;
                for (int m : members) {
                    double[] p = predictions.get(m)[test[r]];
                    if (row == null) row = new double[p.length];
                    for (int c = 0; c < p.length; c++) row[c] += weights[m] * p[c];
                }
                avg[r] = row;
            }
            foldScores[k] = scorer.scoreOutputs(run.y.indexSelect(0, Tensor.of(test, test.length)), avg);
        }
        double mean = mean(foldScores);
        double sd = 0;
        for (double v : foldScores) sd += (v - mean) * (v - mean);
        sd = Math.sqrt(sd / foldScores.length);
        double seconds = 0;
        for (int m : members) seconds += run.entries.stream().filter(e -> e.name().equals(names.get(m))).findFirst().orElseThrow().fitSeconds();
        LeaderboardEntry e = new LeaderboardEntry(name.toString(), Algorithm.Family.ENSEMBLE.label, "ensemble", foldScores, mean, sd, seconds);
        progress.info(String.format(Locale.ROOT, "%-45s %s ± %s   (greedy selection, %d rounds, from the stored out-of-fold predictions)",
                name, score(mean), score(sd), ENSEMBLE_ROUNDS));
        if (Math.round(mean * 1e4) <= Math.round(best.mean() * 1e4)) {
            note(notes, String.format(Locale.ROOT, "the ensemble does not help: %s against %s for the best single model, %s, which"
                    + " stays ahead; the ensemble is dropped", Numbers.format(mean), Numbers.format(best.mean()), best.name()));
            return;
        }
        List<Supplier<Estimator>> memberFactories = new ArrayList<>();
        List<Recipe> memberRecipes = new ArrayList<>();
        double[] memberWeights = new double[members.size()];
        for (int i = 0; i < members.size(); i++) {
            memberFactories.add(run.factories.get(names.get(members.get(i))));
            memberRecipes.add(run.recipes.get(names.get(members.get(i))));
            memberWeights[i] = selection.counts()[members.get(i)];
        }
        // One definition for this JVM and the recipe a task runner rebuilds: the selection's members with its counts as weights.
        Supplier<Estimator> f = () -> Recipe.ensemble(problem.isClassification(), memberFactories, memberWeights);
        run.add(e, f, Algorithm.Family.ENSEMBLE, new Recipe.Ensemble(problem.isClassification(), memberRecipes, memberWeights));
        note(notes, String.format(Locale.ROOT, "the ensemble helps: %s against %s for the best single model, %s, so it competes for"
                + " the final model", Numbers.format(mean), Numbers.format(best.mean()), best.name()));
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
        if (budget.expired()) {
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
     * Cross-validates one model, keeping its out-of-fold predictions; null when a stop (or the
     * budget's end, for a network) came during it and cut its folds short. A model that throws is
     * returned as a failed entry with the reason, and the run goes on.
     */
    private LeaderboardEntry crossValidate(String name, String family, String stage, Supplier<Estimator> factory, Recipe recipe, Run run) {
        long t0 = budget.now();
        trainingStop.takeDeadlineReached();
        CrossValidationResult cv = null;
        Remote remote = null;
        try {
            if (options.tasks() == null) {
                cv = new CrossValidator(run.splitter).scoring(run.scoring).keepPredictions(true).run(factory, run.x, run.y);
            } else {
                remote = crossValidateAsTasks(List.of(recipe), run).getFirst();
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            if (stop.isRequested()) return cutShort(name);
            String reason = oneLine(e);
            progress.decide(name + " failed and is listed without a score: " + reason);
            run.failed.add(name);
            return LeaderboardEntry.failed(name, family, stage, reason);
        }
        if (stop.isRequested()) return cutShort(name);
        if (trainingStop.takeDeadlineReached()) {
            progress.decide("the time budget ran out during the cross-validation of " + name + ": its networks were stopped early,"
                    + " so it is left out");
            budgetExceeded = true;
            return null;
        }
        if (remote != null) return remoteEntry(name, family, stage, remote, (budget.now() - t0) / 1e9, run);
        run.seconds.put(name, (budget.now() - t0) / 1e9);
        if (run.foldList == null) run.foldList = cv.folds();
        run.outOfFold.put(name, cv.outOfFold());
        return new LeaderboardEntry(name, family, stage, cv.testScores(), cv.mean(), cv.std(), cv.meanFitTime());
    }

    /** What a model's tasks on a {@link TaskRunner} return: each fold's test score and fit seconds, and the out-of-fold predictions. */
    record Remote(double[] test, double[] fit, double[][] outOfFold) {}

    /** A model's entry from its tasks' results, its out-of-fold predictions kept, as {@link #crossValidate} makes it locally. */
    private LeaderboardEntry remoteEntry(String name, String family, String stage, Remote remote, double seconds, Run run) {
        run.seconds.put(name, seconds);
        if (run.foldList == null) run.foldList = remoteFolds;
        run.outOfFold.put(name, remote.outOfFold());
        double[] ms = meanStd(remote.test());
        return new LeaderboardEntry(name, family, stage, remote.test(), ms[0], ms[1], meanStd(remote.fit())[0]);
    }

    /**
     * One task per fold of each recipe on the runner, all in one call; the folds as the local
     * cross-validation makes them (stratified for a classifier), the out-of-fold predictions put
     * together as it does. One result per recipe, in order.
     */
    private List<Remote> crossValidateAsTasks(List<Recipe> recipes, Run run) {
        if (remoteShared == null) {
            remoteFolds = run.problem.isClassification() ? run.splitter.split(run.y) : run.splitter.split(run.x.shape(0));
            remoteShared = FoldTask.shared(run.algorithms, run.scoring, remoteFolds, run.x, run.y);
        }
        int folds = remoteFolds.size();
        List<byte[]> tasks = new ArrayList<>();
        for (Recipe recipe : recipes) for (int f = 0; f < folds; f++) tasks.add(FoldTask.task(recipe, f));
        List<byte[]> results = options.tasks().run(remoteShared, tasks);
        if (results.size() != tasks.size()) {
            throw new IllegalStateException("the task runner " + options.tasks().description() + " returned " + results.size()
                    + " results for " + tasks.size() + " tasks");
        }
        List<Remote> out = new ArrayList<>();
        for (int m = 0; m < recipes.size(); m++) out.add(remote(results.subList(m * folds, (m + 1) * folds), run));
        return out;
    }

    /** One model's cross-validation from its folds' task results. */
    private Remote remote(List<byte[]> results, Run run) {
        int samples = run.x.shape(0);
        double[] test = new double[results.size()];
        double[] fit = new double[results.size()];
        double[][] rows = new double[samples][];
        int width = 0;
        for (int f = 0; f < results.size(); f++) {
            FoldTask.Result r = FoldTask.result(results.get(f));
            test[f] = r.test();
            fit[f] = r.fitSeconds();
            int[] testRows = remoteFolds.get(f).testIndices();
            if (r.predictions().length != testRows.length) {
                throw new IllegalStateException("the task runner " + options.tasks().description() + " returned " + r.predictions().length
                        + " predictions for fold " + f + "'s " + testRows.length + " test rows");
            }
            for (int i = 0; i < testRows.length; i++) {
                rows[testRows[i]] = r.predictions()[i];
                width = r.predictions()[i].length;
            }
        }
        for (int i = 0; i < samples; i++) {
            if (rows[i] == null) {
                rows[i] = new double[width];
                java.util.Arrays.fill(rows[i], Double.NaN);
            }
        }
        return new Remote(test, fit, rows);
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

    private LeaderboardEntry cutShort(String name) {
        trainingStop.request();
        progress.decide("stop requested: the cross-validation of " + name + " was cut short and is left out");
        return null;
    }

    /** The estimator a pipeline keeps: a subsampled model's fitted inner estimator. */
    /**
     * Where the networks train (set by {@link TrainOptions#device}), said when the problem is defined
     * and again after the final fit; nothing is said on the CPU, the default.
     */
    private void sayDevice(boolean define) {
        dev.fathom.backend.Device d = options.device();
        if (d.equals(dev.fathom.backend.Device.cpu())) return;
        if (define) progress.decide("networks train on " + d + "; linear models, k-NN and the dummy on the CPU");
        else progress.info("the networks trained on " + d + "; the saved pipeline predicts on the CPU, on any machine");
    }

    private static Estimator unwrapped(Estimator model) {
        if (model instanceof Subsampled s) return unwrapped(s.fitted());
        // Pretrained features + logistic regression is saved as the one network it amounts to.
        return model instanceof PretrainedFeatures p ? p.network() : model;
    }

    private Optional<Comparison> comparison(Leaderboard board) {
        List<LeaderboardEntry> ranked = board.evaluated();
        if (ranked.size() < 2 || ranked.get(1).foldScores().length < 2) return Optional.empty();
        LeaderboardEntry a = ranked.get(0);
        LeaderboardEntry b = ranked.get(1);
        return Optional.of(new Comparison(a, b, PairedTTest.corrected(a.foldScores(), b.foldScores(), testTrainRatio)));
    }

    // ---- present -----------------------------------------------------------------------------

    /** Repeats of each column's shuffle in the permutation importance. */
    static final int IMPORTANCE_REPEATS = 5;
    /** Grid points of a partial dependence curve. */
    static final int GRID_POINTS = 20;
    /** Test rows the explanations use at most (a seeded sample of them beyond that). */
    static final int EXPLAIN_ROWS = 2000;

    /**
     * What drives the final model's predictions on the test split: permutation importance (each
     * input column shuffled {@value #IMPORTANCE_REPEATS} times) and partial dependence for the top
     * columns. Its cost is measured from a prediction first, here: when all the predictions it
     * needs would take more than a tenth of the time budget, it uses fewer test rows, or is skipped
     * with the reason. The rest is the returned job, which the caller runs beside the other work of
     * the last step (it needs only the fitted pipeline); its one line goes into {@code said}, for
     * the caller to print once the job is done.
     */
    private Supplier<Explained> explaining(Pipeline pipeline, Table test, String target, String scoring, List<String> said) {
        ModelImportances own = Explanations.modelImportances(pipeline).orElse(null);
        Table sample = test;
        List<String> notes = new ArrayList<>();
        if (sample.rowCount() > EXPLAIN_ROWS) {
            sample = sample.rows(java.util.Arrays.copyOf(shuffled(java.util.stream.IntStream.range(0, sample.rowCount()).toArray()), EXPLAIN_ROWS));
            notes.add("on a random " + EXPLAIN_ROWS + " of the " + test.rowCount() + " test rows");
        }
        try {
            // Timed is the second prediction: the first may still compile code the later ones find compiled.
            pipeline.predict(sample);
            long t0 = budget.now();
            pipeline.predict(sample);
            double one = (budget.now() - t0) / 1e9;
            int calls = 1 + pipeline.inputs().size() * IMPORTANCE_REPEATS + Explained.TOP * GRID_POINTS;
            // The columns' shuffles are predicted one column per core at a time (Explanations.permutationImportance).
            int threads = Math.max(1, Math.min(Threads.count(), pipeline.inputs().size()));
            double seconds = one * calls / threads;
            double cap = options.timeBudget().toSeconds() / 10.0;
            if (seconds > cap) {
                int fit = (int) (sample.rowCount() * cap / seconds);
                if (fit < 100) {
                    Explained none = skipped(String.format(Locale.ROOT, "skipped: its %d predictions of the test rows would take about"
                            + " %.0f s on %d threads, more than a tenth of the time budget", calls, seconds, threads), own, said);
                    return () -> none;
                }
                sample = sample.first(fit);
                notes.add("on " + fit + " test rows, to take at most a tenth of the time budget");
            }
        } catch (RuntimeException e) {
            Explained none = skipped("skipped: " + oneLine(e), own, said);
            return () -> none;
        }
        Table rows = sample;
        return () -> {
            try {
                PermutationImportance pi = Explanations.permutationImportance(pipeline, rows, target, scoring, IMPORTANCE_REPEATS, options.seed());
                List<PartialDependence> pd = new ArrayList<>();
                for (PermutationImportance.Feature f : pi.features()) {
                    if (pd.size() == Explained.TOP || !(f.mean() > 0)) break;
                    pd.add(Explanations.partialDependence(pipeline, rows, f.name(), GRID_POINTS));
                }
                String note = "permutation importance on the test split" + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")")
                        + ": the drop in " + pi.scoring() + " when a column's values are shuffled, mean ± std over " + IMPORTANCE_REPEATS + " shuffles";
                StringBuilder top = new StringBuilder();
                for (PermutationImportance.Feature f : pi.features().subList(0, Math.min(3, pi.features().size()))) {
                    top.append(top.isEmpty() ? "" : ", ").append(f.name()).append(' ').append(Numbers.format(f.mean()));
                }
                said.add("what drives the predictions (" + note + "): " + top);
                return new Explained(pi, pd, own, note);
            } catch (RuntimeException e) {
                return skipped("skipped: " + oneLine(e), own, said);
            }
        };
    }

    /** The explanations left out for {@code why}, said in the run's one line about them. */
    private static Explained skipped(String why, ModelImportances own, List<String> said) {
        said.add("what drives the predictions: " + why);
        return new Explained(null, List.of(), own, why);
    }

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
        Outputs.write(result, p, chosen, description, options, foldRows);
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

    /**
     * folds.csv's rows: each training row's number in the data and the cross-validation fold it was
     * a test row of, by row number; null when no model was cross-validated. Other tools score on
     * the same folds with it (scikit-learn's PredefinedSplit), so that a comparison is not the luck
     * of two different splits.
     */
    private List<List<String>> foldRows(int[] trainOrder) {
        if (cvFolds == null) return null;
        int[] fold = new int[trainOrder.length];
        java.util.Arrays.fill(fold, -1);
        for (int f = 0; f < cvFolds.size(); f++) for (int i : cvFolds.get(f).testIndices()) fold[i] = f;
        Integer[] byRow = new Integer[trainOrder.length];
        for (int i = 0; i < byRow.length; i++) byRow[i] = i;
        java.util.Arrays.sort(byRow, java.util.Comparator.comparingInt(i -> trainOrder[i]));
        List<List<String>> rows = new ArrayList<>();
        for (int i : byRow) rows.add(List.of(Integer.toString(trainOrder[i]), fold[i] < 0 ? "" : Integer.toString(fold[i])));
        return rows;
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
