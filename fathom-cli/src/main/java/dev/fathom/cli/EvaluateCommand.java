package dev.fathom.cli;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.Names;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.metrics.ClassificationReport;
import dev.fathom.metrics.ConfusionMatrix;
import dev.fathom.metrics.MetricBundle;
import dev.fathom.metrics.MetricTask;
import dev.fathom.metrics.Predictions;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import dev.fathom.pipeline.TrainingRows;
import dev.fathom.saving.Json;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fathom evaluate MODEL DATA}: scores a saved pipeline on new labelled data, which must hold
 * the target column. It shows the standard metrics of {@link MetricBundle}, the same names in the
 * same order as {@code fathom train}'s report: a classifier gets accuracy, balanced accuracy,
 * precision, recall and F1 (macro and weighted), log loss, ROC AUC (binary, or one-vs-rest macro)
 * and the majority-class baseline, with the per-class report and the confusion matrix with class
 * names; a regressor gets RMSE, MAE, R², adjusted R², and MAPE and RMSLE where they are defined,
 * with the rows it misses most. Every metric equals scikit-learn's of the same name
 * ({@code dev.fathom.metrics}).
 *
 * <p>When the model's file keeps a fingerprint of its training rows (every {@code fathom train}
 * model does), rows of DATA that were used in training are counted and warned about before the
 * scores: "120 of 150 rows (80%) were used to train this model; the score is optimistic —
 * evaluate on held-out data".
 *
 * <p>A class in DATA that the model was never trained on stops the command, naming it (often a
 * typo or a renamed label): the model can never predict it, so the scores would blame the model for
 * the data. {@code --skip-unseen-classes} leaves those rows out, with a note.
 *
 * <pre>
 * ./fathom evaluate model.fathom test.csv
 * ./fathom evaluate model.fathom test.csv --out metrics.json     # also machine-readable
 * ./fathom evaluate digits.fathom photos/                        # images in one folder per class
 * </pre>
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a saved model on new labelled data: metrics, per-class report, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    /** How many of the largest regression errors the report lists. */
    static final int WORST_ROWS = 5;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by fathom train (or Pipeline.save)")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "A CSV or TSV file with the target column, a built-in data set,"
            + " or for image models a folder with one subfolder per class")
    String data;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the metrics as JSON to FILE (atomically)")
    Path out;

    @Option(names = "--skip-unseen-classes", description = "Leave out rows of classes the model was not trained on, instead of stopping")
    boolean skipUnseen;

    @Option(names = "--nonfinite-as-missing", description = "Read infinities and numbers beyond float32's range as missing values,"
            + " which the model imputes (default: refuse them, naming row and column)")
    boolean nonFiniteAsMissing;

    @CommandLine.Mixin
    CsvReadOptions csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * What an evaluation found.
     *
     * @param source  the data, for the heading
     * @param rows    the rows scored
     * @param metrics metric name to value, in report order; only metrics defined on this data
     * @param notes   why a metric is left out, rows skipped, columns ignored
     * @param report  the per-class report of a classifier; null for a regressor
     * @param worst   the rows a regressor misses most, one line each; empty for a classifier
     * @param trained how many of the rows scored the model was trained on; null when its file keeps no fingerprint of them
     */
    record Evaluation(String source, int rows, Map<String, Double> metrics, List<String> notes, ClassificationReport report,
                      List<String> worst, TrainingRows.Overlap trained) {}

    @Override
    public Integer call() {
        Pipeline pipeline = Pipeline.load(model);
        Evaluation e = pipeline.inputKind() == Pipeline.InputKind.IMAGES ? images(pipeline) : table(pipeline);
        PrintWriter o = spec.commandLine().getOut();
        o.print(text(pipeline, e));
        if (out != null) {
            String json = Json.write(json(pipeline, e));
            OutputFile.write(out, "the metrics", s -> s.write(json.getBytes(StandardCharsets.UTF_8)));
            o.println();
            o.println("Wrote the metrics to " + out);
        }
        o.flush();
        return 0;
    }

    // ---- tables ------------------------------------------------------------------------------

    private Evaluation table(Pipeline pipeline) {
        Map<String, ColumnType> types = DataArgument.types(pipeline);
        // A regression target is read as numbers, so a stray word in it is named with its line.
        if (!pipeline.isClassifier()) types.put(pipeline.target(), ColumnType.NUMERIC);
        DataArgument.Loaded loaded = DataArgument.tableFor(data, types, csv.options());
        if (loaded.dialectLine() != null) {
            spec.commandLine().getOut().println(loaded.dialectLine());
        }
        Table table = loaded.table();
        Column target = target(pipeline, table, loaded.source());
        DataArgument.checkColumns(pipeline, loaded);
        loaded = new DataArgument.Loaded(DataArgument.finite(pipeline, loaded, nonFiniteAsMissing), loaded.source(), loaded.report(),
                loaded.dataset());
        try {
            return table(pipeline, loaded, target);
        } catch (PipelineInputException e) {
            throw new IllegalArgumentException(loaded.source() + ": " + e.getMessage(), e);
        }
    }

    private Evaluation table(Pipeline pipeline, DataArgument.Loaded loaded, Column target) {
        Table table = loaded.table();
        List<String> notes = new ArrayList<>(loaded.notes());
        List<String> ignored = new ArrayList<>(pipeline.ignoredColumns(table));
        ignored.remove(pipeline.target());
        if (!ignored.isEmpty()) {
            notes.add(DescribeCommand.plural(ignored.size(), "column") + " that the model does not use "
                    + (ignored.size() == 1 ? "was" : "were") + " ignored: " + String.join(", ", ignored));
        }
        if (pipeline.isClassifier()) {
            String[] names = new String[table.rowCount()];
            for (int r = 0; r < names.length; r++) names[r] = target.text(r);
            Labels labels = labels(pipeline.classes(), names, null, loaded.source() + ": the target '" + pipeline.target() + "' holds", "row", notes);
            Table kept = labels.kept().length == table.rowCount() ? table : table.rows(labels.kept());
            int[] yPred = pipeline.predict(kept).toIntArray();
            double[][] proba = rows(pipeline.predictProba(kept));
            Map<String, Double> metrics = classification(labels.yTrue(), yPred, proba, pipeline.classes(), notes);
            return new Evaluation(loaded.source(), kept.rowCount(), metrics, notes,
                    ClassificationReport.of(labels.yTrue(), yPred, pipeline.classes()), List.of(), pipeline.trainingOverlap(kept).orElse(null));
        }
        double[] yTrue = new double[table.rowCount()];
        for (int r = 0; r < yTrue.length; r++) {
            yTrue[r] = target instanceof BooleanColumn b ? b.asDouble(r) : ((NumericColumn) target).get(r);
        }
        Tensor predicted = pipeline.predict(table);
        if (predicted.rank() == 2 && predicted.shape(1) != 1) {
            throw new IllegalArgumentException(model + " predicts " + predicted.shape(1) + " values per row, but DATA has one target"
                    + " column '" + pipeline.target() + "'; evaluate scores models of one target");
        }
        double[] yPred = predicted.asType(DType.FLOAT64).toDoubleArray();
        int features = pipeline.features(table).shape(1);
        Map<String, Double> metrics = regression(yTrue, yPred, features, notes);
        return new Evaluation(loaded.source(), table.rowCount(), metrics, notes, null, worst(yTrue, yPred, "row"),
                pipeline.trainingOverlap(table).orElse(null));
    }

    /** DATA's target column, checked: present (or the closest named), complete, of a type the model can be scored on. */
    private Column target(Pipeline pipeline, Table table, String source) {
        String name = pipeline.target();
        if (!table.has(name)) {
            String near = Names.closest(name, table.columnNames());
            throw new IllegalArgumentException(source + " has no column '" + name + "', the target the model predicts"
                    + (near != null ? "; did you mean '" + near + "'?" : ".") + " evaluate compares predictions with the true"
                    + " values, so DATA needs that column (its columns are " + table.columnNames() + "); to predict data"
                    + " without it, use fathom predict");
        }
        Column c = table.column(name);
        if (c.missingCount() > 0) {
            int first = 0;
            while (!c.isMissing(first)) first++;
            throw new IllegalArgumentException(source + ": the target '" + name + "' is missing in " + c.missingCount() + " rows"
                    + " (the first is data row " + first + "); a row without its true value cannot be scored: drop those rows,"
                    + " or predict them with fathom predict");
        }
        if (!pipeline.isClassifier() && c.type() != ColumnType.NUMERIC && c.type() != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException(source + ": the target '" + name + "' is " + c.type().label() + " but " + model
                    + " is a regression model, which predicts numbers; give DATA with numeric values of '" + name + "'");
        }
        return c;
    }

    // ---- images ------------------------------------------------------------------------------

    private Evaluation images(Pipeline pipeline) {
        DataArgument.Images images = DataArgument.images(data, pipeline);
        if (images.folderLabels() == null) {
            throw new IllegalArgumentException(data + " holds loose images; evaluate needs each image's true class: put them in"
                    + " one folder per class, named as the model's classes " + pipeline.classes() + " (to predict loose images,"
                    + " use fathom predict)");
        }
        List<String> notes = new ArrayList<>(images.notes());
        String[] names = new String[images.folderLabels().length];
        for (int i = 0; i < names.length; i++) names[i] = images.folderClasses().get(images.folderLabels()[i]);
        Labels labels = labels(pipeline.classes(), names, images.names(), "the class folders of " + data + " hold", "image", notes);
        Tensor x = images.images();
        if (labels.kept().length != names.length) x = x.indexSelect(0, Tensor.of(labels.kept(), labels.kept().length));
        int[] yPred = pipeline.predictImages(x).toIntArray();
        double[][] proba = rows(pipeline.predictProbaImages(x));
        Map<String, Double> metrics = classification(labels.yTrue(), yPred, proba, pipeline.classes(), notes);
        return new Evaluation(data, labels.kept().length, metrics, notes,
                ClassificationReport.of(labels.yTrue(), yPred, pipeline.classes()), List.of(), pipeline.trainingOverlapImages(x).orElse(null));
    }

    // ---- labels ------------------------------------------------------------------------------

    /** True class indices of the rows kept, and which rows those are. */
    record Labels(int[] yTrue, int[] kept) {}

    /**
     * Maps each row's class name to the model's class index. Names the model does not know stop
     * the command, or with {@code --skip-unseen-classes} drop their rows with a note.
     *
     * @param ids   what to call each row in messages (image files), or null for "row N"
     * @param where what holds the names, with its verb, for the message ("test.csv: the target 'species' holds")
     * @param unit  what a row is ("row", "image")
     */
    Labels labels(List<String> classes, String[] names, List<String> ids, String where, String unit, List<String> notes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        Map<String, int[]> unseen = new LinkedHashMap<>();   // name -> {rows, first row}
        int[] yTrue = new int[names.length];
        int[] kept = new int[names.length];
        int n = 0;
        for (int r = 0; r < names.length; r++) {
            Integer k = index.get(names[r]);
            if (k == null) {
                unseen.computeIfAbsent(names[r], x -> new int[] {0, -1});
                int[] u = unseen.get(names[r]);
                if (u[0]++ == 0) u[1] = r;
                continue;
            }
            yTrue[n] = k;
            kept[n++] = r;
        }
        if (!unseen.isEmpty()) {
            List<String> parts = new ArrayList<>();
            int rows = 0;
            for (var e : unseen.entrySet()) {
                String near = Names.closest(e.getKey(), classes);
                rows += e.getValue()[0];
                int first = e.getValue()[1];
                parts.add("'" + e.getKey() + "' (" + DescribeCommand.plural(e.getValue()[0], unit) + ", the first "
                        + (ids == null ? unit + " " + first : ids.get(first)) + (near != null ? "; did you mean '" + near + "'?" : "") + ")");
            }
            String which = DescribeCommand.plural(unseen.size(), "class") + " the model was not trained on: " + String.join(", ", parts);
            if (!skipUnseen) {
                throw new IllegalArgumentException(where + " " + which + ". The model knows " + classes + " and can never"
                        + " predict another class, so scoring those " + unit + "s would blame it for the data: fix the labels,"
                        + " or pass --skip-unseen-classes to leave them out");
            }
            notes.add("left out " + DescribeCommand.plural(rows, unit) + " of " + which);
            if (n == 0) {
                throw new IllegalArgumentException("no " + unit + " is left to score: every one is of a class the model was not"
                        + " trained on (it knows " + classes + ")");
            }
        }
        return new Labels(Arrays.copyOf(yTrue, n), Arrays.copyOf(kept, n));
    }

    // ---- metrics -----------------------------------------------------------------------------

    /**
     * The standard classification metrics ({@link MetricBundle}, the same as {@code fathom train}'s
     * report), each equal to its scikit-learn function on the same arrays; a metric undefined on
     * this data (ROC AUC without rows of some class) is left out with a note.
     */
    static Map<String, Double> classification(int[] yTrue, int[] yPred, double[][] proba, List<String> classes, List<String> notes) {
        MetricBundle.Scores s = MetricBundle.standard(MetricTask.ofClasses(classes.size()))
                .score(Predictions.ofClasses(yTrue, yPred, proba).withClassNames(classes));
        notes.addAll(s.notes());
        return s.values();
    }

    /**
     * The standard regression metrics ({@link MetricBundle}); adjusted R² where there are more rows
     * than features + 1, MAPE where no true value is 0, RMSLE where no value is negative (else a
     * note saying why).
     */
    static Map<String, Double> regression(double[] yTrue, double[] yPred, int features, List<String> notes) {
        MetricBundle.Scores s = MetricBundle.standard(MetricTask.REGRESSION).score(Predictions.ofValues(yTrue, yPred).withFeatures(features));
        notes.addAll(s.notes());
        return s.values();
    }

    /** The rows with the largest absolute errors, largest first: "row 17: true 50, predicted 21.3 (error -28.7)". */
    static List<String> worst(double[] yTrue, double[] yPred, String unit) {
        Integer[] order = new Integer[yTrue.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(yPred[b] - yTrue[b]), Math.abs(yPred[a] - yTrue[a])));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(WORST_ROWS, order.length); i++) {
            int r = order[i];
            lines.add(unit + " " + r + ": true " + number(yTrue[r]) + ", predicted " + number(yPred[r])
                    + " (error " + number(yPred[r] - yTrue[r]) + ")");
        }
        return lines;
    }

    // ---- output ------------------------------------------------------------------------------

    /** The report as printed. */
    String text(Pipeline pipeline, Evaluation e) {
        StringBuilder sb = new StringBuilder();
        sb.append(model).append(" on ").append(e.source()).append(": ").append(DescribeCommand.plural(e.rows(),
                pipeline.inputKind() == Pipeline.InputKind.IMAGES ? "image" : "row")).append(", target '").append(pipeline.target())
                .append("' (").append(pipeline.isClassifier() ? "classification, " + DescribeCommand.plural(pipeline.classes().size(), "class")
                        : "regression").append(")\n");
        // Said before the scores, which it qualifies: a model scored on rows it learned looks better than it is.
        if (e.trained() != null && e.trained().seen() > 0) {
            sb.append("warning: ").append(e.trained().warning(pipeline.inputKind() == Pipeline.InputKind.IMAGES ? "images" : "rows")).append('\n');
        }
        sb.append('\n');
        int width = 0;
        for (String k : e.metrics().keySet()) width = Math.max(width, k.length());
        for (var m : e.metrics().entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", m.getKey(), Numbers.format(m.getValue())));
        }
        if (e.report() != null) {
            sb.append("\nClassification report:\n").append(e.report()).append('\n');
            ConfusionMatrix cm = e.report().confusionMatrix();
            sb.append("\nConfusion matrix (rows: true class, columns: predicted class):\n").append(cm).append('\n');
        }
        if (!e.worst().isEmpty()) {
            sb.append("\nLargest errors:\n");
            for (String w : e.worst()) sb.append("  ").append(w).append('\n');
        }
        if (!e.notes().isEmpty()) {
            sb.append("\nNotes:\n");
            for (String n : e.notes()) sb.append("  ").append(n).append('\n');
        }
        return sb.toString().replace("\n\n\n", "\n\n").stripTrailing() + "\n";
    }

    /** The JSON of {@code --out}: what was scored, the metrics, and for a classifier the per-class figures and the matrix. */
    Map<String, Object> json(Pipeline pipeline, Evaluation e) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", model.toString());
        j.put("data", e.source());
        j.put("target", pipeline.target());
        j.put("task", pipeline.isClassifier() ? "classification" : "regression");
        j.put("rows", e.rows());
        if (e.trained() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("seen", e.trained().seen());
            t.put("estimated", e.trained().estimated());
            j.put("rows_used_in_training", t);
        }
        j.put("metrics", new LinkedHashMap<>(e.metrics()));
        if (e.report() != null) {
            ClassificationReport r = e.report();
            ConfusionMatrix cm = r.confusionMatrix();
            j.put("classes", pipeline.classes());
            List<Map<String, Object>> perClass = new ArrayList<>();
            List<List<Long>> matrix = new ArrayList<>();
            for (int i = 0; i < cm.size(); i++) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("class", cm.name(i));
                c.put("precision", r.precision(i));
                c.put("recall", r.recall(i));
                c.put("f1", r.f1(i));
                c.put("support", cm.support(i));
                perClass.add(c);
                List<Long> row = new ArrayList<>();
                for (int k = 0; k < cm.size(); k++) row.add(cm.count(i, k));
                matrix.add(row);
            }
            j.put("per_class", perClass);
            j.put("confusion_matrix", matrix);
        }
        j.put("notes", e.notes());
        return j;
    }

    private static double[][] rows(Tensor proba) {
        int n = proba.shape(0);
        int k = proba.shape(1);
        double[] flat = proba.asType(DType.FLOAT64).toDoubleArray();
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, out[i], 0, k);
        return out;
    }

    /** A number for the report: whole numbers bare, others to six significant digits without trailing zeros. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
