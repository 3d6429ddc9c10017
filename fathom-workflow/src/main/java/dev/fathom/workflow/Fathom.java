package dev.fathom.workflow;

import dev.fathom.data.Table;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.datasets.Task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The practitioner's process in one call: define the problem, prepare the data, evaluate several
 * algorithms, improve the best, present the results. Every decision is printed with its reason as
 * it is taken; the result holds the leaderboard, the fitted model with its preprocessing, the
 * scores on an untouched test split and a diagnosis, and the output folder receives the saved
 * model ({@code model.fathom}), the test predictions ({@code predictions.csv}) and a
 * self-contained report ({@code report.html}). The {@code fathom train} command is a thin layer
 * over these methods.
 *
 * <pre>{@code
 * TrainResult r = Fathom.train(CsvReader.read(Path.of("houses.csv")), "price");
 * TrainResult d = Fathom.train(Datasets.load("digits"),
 *         TrainOptions.defaults().seed(7).timeBudget(Duration.ofMinutes(2)).outputDir(Path.of("runs/digits")));
 * System.out.println(d.leaderboard());
 * System.out.println(d.comparison().map(Comparison::verdict).orElse("one model only"));
 * d.testMetrics().get("accuracy");      // 0.98
 * Pipeline model = d.best();            // predict(table), predictProba(table); saved in d.modelPath()
 * TrainResult img = Fathom.trainImages(Path.of("flowers"), TrainOptions.defaults());   // one sub-folder per class
 * TrainResult ts = Fathom.train(CsvReader.read(Path.of("sales.csv")), "sales",
 *         TrainOptions.defaults().timeColumn("date"));                                 // forecast the next value
 * TrainResult sun = Fathom.train(Datasets.load("sunspots"));                          // a built-in series knows its time
 * }</pre>
 *
 * <p>The same seed gives the same result — the same leaderboard scores and the same predictions —
 * as long as the time budget is not reached (the output says when it is).
 */
public final class Fathom {
    /**
     * The metadata entry of a pipeline trained on a time series: {@code time_column}, the
     * {@code variables} whose past values it reads and the number of {@code lags}, so that a raw
     * series can be turned into its input ({@code LagFeatures.of}), as {@code fathom predict} does.
     */
    public static final String TIME_SERIES_METADATA = "time_series";

    private Fathom() {}

    /**
     * Trains on {@code table} to predict {@code target} with the default options.
     *
     * @throws IllegalArgumentException for an unknown target (naming the closest column), a target
     *     with missing values, a table with no usable feature, or an output folder that cannot be written
     */
    public static TrainResult train(Table table, String target) {
        return train(table, target, TrainOptions.defaults());
    }

    /** Trains on {@code table} to predict {@code target}; see {@link #train(Table, String)}. */
    public static TrainResult train(Table table, String target, TrainOptions options) {
        return train("table", table, target, options);
    }

    /**
     * Trains on {@code table} to predict {@code target}, naming the data {@code dataName} in the output
     * (the default output folder is {@code fathom-runs/<dataName>}).
     */
    public static TrainResult train(String dataName, Table table, String target, TrainOptions options) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(options, "options");
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("name the target column to predict; the columns are " + table.columnNames());
        }
        table.column(target);   // an unknown target fails here, naming the closest column
        noBase(options, dataName);
        if (options.timeColumn() != null) return new Workflow(options).timeSeries(dataName, table, target, options.timeColumn(), null);
        return new Workflow(options).table(dataName, table, target, null);
    }

    /**
     * Multi-output regression: trains one model to predict the numeric columns {@code targets}
     * together (one target is {@link #train(String, Table, String, TrainOptions)}), scored by R²
     * averaged over them. The pipeline predicts a column per target ({@code Pipeline.predictColumns}).
     *
     * <pre>{@code
     * TrainResult r = Fathom.train("energy", table, List.of("heating", "cooling"), TrainOptions.defaults());
     * }</pre>
     *
     * @throws IllegalArgumentException for no targets, an unknown or repeated one, a non-numeric
     *     one, or a time column (a series forecasts one target)
     */
    public static TrainResult train(String dataName, Table table, java.util.List<String> targets, TrainOptions options) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(options, "options");
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("name the target column to predict; the columns are " + table.columnNames());
        }
        if (targets.size() == 1) return train(dataName, table, targets.getFirst(), options);
        if (new java.util.HashSet<>(targets).size() != targets.size()) {
            throw new IllegalArgumentException("a target is named twice in " + targets + "; name each column once");
        }
        for (String t : targets) table.column(t);   // an unknown target fails here, naming the closest column
        noBase(options, dataName);
        if (options.timeColumn() != null) {
            throw new IllegalArgumentException("a time series forecasts one target, but " + targets.size() + " are named " + targets
                    + "; name one target with the time column");
        }
        return new Workflow(options).table(dataName, table, targets);
    }

    /** Trains on a built-in or loaded data set, which knows its target, task and reference scores. */
    public static TrainResult train(TabularDataset dataset) {
        return train(dataset, TrainOptions.defaults());
    }

    /** Trains on a data set, which knows its target, task and reference scores; see {@link #train(Table, String)}. */
    public static TrainResult train(TabularDataset dataset, TrainOptions options) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        noBase(options, dataset.name());
        String time = options.timeColumn();
        if (time == null && dataset.task() == Task.FORECASTING) time = dataset.featureNames().getFirst();   // a series knows its time
        if (time != null) return new Workflow(options).timeSeries(dataset.name(), dataset.table(), dataset.targetName(), time, dataset);
        return new Workflow(options).table(dataset.name(), dataset.table(), dataset.targetName(), dataset);
    }

    /** A pretrained image network is for image folders: refused, before any work, for a table. */
    private static void noBase(TrainOptions options, String dataName) {
        if (options.base() != null) {
            throw new IllegalArgumentException("--base (TrainOptions.base) needs an image folder with one sub-folder per class, but '"
                    + dataName + "' is a table; leave the base out to train on a table");
        }
    }

    /**
     * Trains an image classifier on a folder with one sub-folder of images (PNG, JPEG, BMP) per
     * class; images are resized to 32×32, or, with {@link TrainOptions#base}, to what the
     * pretrained network takes.
     *
     * @throws IllegalArgumentException when the folder does not exist or holds no class folders with images
     */
    public static TrainResult trainImages(Path folderPerClass, TrainOptions options) {
        Objects.requireNonNull(folderPerClass, "folderPerClass");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(folderPerClass)) {
            throw new IllegalArgumentException("no folder " + folderPerClass.toAbsolutePath() + "; trainImages needs a folder with one"
                    + " sub-folder of images per class");
        }
        return new Workflow(options).images(folderPerClass);
    }
}
