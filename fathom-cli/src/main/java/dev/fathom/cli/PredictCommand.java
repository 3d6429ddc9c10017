package dev.fathom.cli;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.timeseries.LagFeatures;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import dev.fathom.tensor.Tensor;
import dev.fathom.workflow.Fathom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fathom predict MODEL DATA}: applies a saved pipeline (its preprocessing, then its model)
 * to new rows and writes one CSV row per input row: the row's position, the prediction in a column
 * named after the target (a class name or a value), and with {@code --proba} one
 * {@code proba_<class>} column per class. For image models DATA is a folder and the first column
 * is each image's file, relative to that folder.
 *
 * <p>A column the model needs and DATA lacks stops the command, naming the closest column DATA
 * has; columns the model does not use (the target among them, if present) are ignored with a note
 * on stderr, so the CSV on stdout stays clean for a pipe.
 *
 * <pre>
 * ./fathom predict model.fathom new_customers.csv                     # CSV on stdout
 * ./fathom predict model.fathom new_customers.csv --out preds.csv --proba
 * ./fathom predict digits.fathom photos/                              # a folder of images
 * ./fathom predict sales.fathom sales.csv                             # a series: each step, then the next
 * ./fathom predict model.fathom big.parquet --spark local[*] --out scored.parquet   # with Spark (fathom-spark)
 * </pre>
 *
 * <p>With {@code --spark MASTER} the rows are scored by Spark ({@code dev.fathom.spark.FathomSpark},
 * found by name, so this command needs no Spark without the option): Parquet or CSV in, a Parquet
 * or CSV folder out with the input columns, {@code prediction} and the probabilities.
 *
 * <p>A model trained on a time series ({@code fathom train --time-column}) takes either its lag
 * columns ({@code sales[t-1]} ...) or the raw series: then the rows are ordered by time, each step
 * with a full past is forecast from the steps before it, and a last row, {@code next}, forecasts
 * the step after the data.
 *
 * <p>Output, e.g. for a model of the target {@code species}:
 * <pre>
 * row,species,proba_setosa,proba_versicolor,proba_virginica
 * 0,setosa,0.97,0.03,0.0
 * </pre>
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict new data with a saved model: one CSV row per input row (stdout, or --out).")
final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by fathom train (or Pipeline.save)")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA",
            description = "A CSV or TSV file, a built-in data set, or for image models a folder of images")
    String data;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV to FILE (atomically) instead of stdout")
    Path out;

    @Option(names = "--proba", description = "Add one proba_<class> column per class (classifiers only)")
    boolean proba;

    @Option(names = "--nonfinite-as-missing", description = "Read infinities and numbers beyond float32's range as missing values,"
            + " which the model imputes (default: refuse them, naming row and column)")
    boolean nonFiniteAsMissing;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Score with Apache Spark on MASTER (local[*], spark://HOST:7077,"
            + " yarn): DATA is Parquet or CSV (.parquet/.csv/.tsv, a file or folder) and --out a Parquet or CSV folder; needs"
            + " fathom-spark and Spark 4.2 on the class path")
    String spark;

    @CommandLine.Mixin
    CsvReadOptions csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (spark != null) {
            String line = (String) SparkBridge.call("--spark", "predict",
                    new Class<?>[] {String.class, Path.class, String.class, Path.class, boolean.class}, spark, model, data, out, proba);
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
            return 0;
        }
        Pipeline pipeline = Pipeline.load(model);
        if (proba && !pipeline.isClassifier()) {
            throw new IllegalArgumentException("--proba needs a classifier, but " + model + " is a regression model: it predicts"
                    + " values of '" + pipeline.target() + "', not classes; leave out --proba");
        }
        PrintWriter err = spec.commandLine().getErr();
        Predictions p = pipeline.inputKind() == Pipeline.InputKind.IMAGES ? images(pipeline, err) : table(pipeline, err);
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            write(p, stdout);
            stdout.flush();
        } else {
            OutputFile.write(out, "the predictions", stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(p, w);
                w.flush();
            });
            spec.commandLine().getOut().println("Wrote " + DescribeCommand.plural(p.predictions().size(), "prediction")
                    + " of '" + pipeline.target() + "' to " + out);
            spec.commandLine().getOut().flush();
        }
        err.flush();
        return 0;
    }

    /**
     * What the CSV holds.
     *
     * @param idName      the first column's name: "row" for tables, "file" for images
     * @param ids         the first column's values
     * @param predictions the decoded predictions, named after the target
     * @param classes     the class of each probability column
     * @param proba       float32 {@code [rows, classes]}, or null
     */
    record Predictions(String idName, List<String> ids, Column predictions, List<String> classes, Tensor proba) {}

    private Predictions table(Pipeline pipeline, PrintWriter err) {
        DataArgument.Loaded loaded = DataArgument.tableFor(data, DataArgument.types(pipeline), csv.options());
        if (loaded.dialectLine() != null) err.println(loaded.dialectLine());
        if (pipeline.metadata().get(Fathom.TIME_SERIES_METADATA) instanceof Map<?, ?> series) {
            List<String> variables = ((List<?>) series.get("variables")).stream().map(String::valueOf).toList();
            if (!loaded.table().has(LagFeatures.name(variables.getFirst(), 1))) {
                return forecasts(pipeline, loaded, (String) series.get("time_column"), variables, ((Number) series.get("lags")).intValue(), err);
            }
        }
        DataArgument.checkColumns(pipeline, loaded);
        if (pipeline.targets().size() > 1) {
            throw new IllegalArgumentException(model + " predicts " + pipeline.targets().size() + " targets " + pipeline.targets()
                    + " and fathom predict writes one; read the predictions in Java with Pipeline.predictColumns(table)");
        }
        Table table = DataArgument.finite(pipeline, loaded, nonFiniteAsMissing);
        Column predictions;
        Tensor p;
        try {
            predictions = pipeline.predictColumn(table);
            p = proba ? pipeline.predictProba(table) : null;
        } catch (PipelineInputException e) {
            throw new IllegalArgumentException(loaded.source() + ": " + e.getMessage(), e);
        }
        for (String note : loaded.notes()) err.println("note: " + note);
        List<String> ignored = pipeline.ignoredColumns(loaded.table());
        if (!ignored.isEmpty()) {
            err.println("note: " + DescribeCommand.plural(ignored.size(), "column") + " of " + loaded.source()
                    + " that the model does not use " + (ignored.size() == 1 ? "is" : "are") + " ignored: " + String.join(", ", ignored));
        }
        int n = loaded.table().rowCount();
        List<String> ids = java.util.stream.IntStream.range(0, n).mapToObj(Integer::toString).toList();
        return new Predictions("row", ids, predictions, pipeline.classes(), p);
    }

    /**
     * A model of a time series given the raw series rather than its lag columns: the rows are put in
     * time order and lagged as in training, and each step with a full past is forecast, then the
     * step after the last row (labelled {@code next}).
     */
    private Predictions forecasts(Pipeline pipeline, DataArgument.Loaded loaded, String time, List<String> variables, int lags,
                                  PrintWriter err) {
        Table ordered;
        Table lagged;
        Table next;
        try {
            ordered = LagFeatures.inTimeOrder(loaded.table(), time);
            lagged = LagFeatures.of(ordered, variables, lags, time);
            next = LagFeatures.next(ordered, variables, lags);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(loaded.source() + ": " + e.getMessage() + " (the model forecasts '" + pipeline.target()
                    + "' from the last " + lags + " values of " + variables + ", ordered by '" + time + "')", e);
        }
        float[] steps;
        float[] ahead;
        try {
            steps = pipeline.predict(lagged.drop(time)).toFloatArray();
            ahead = pipeline.predict(next).toFloatArray();
        } catch (PipelineInputException e) {
            throw new IllegalArgumentException(loaded.source() + ": " + e.getMessage(), e);
        }
        int n = ordered.rowCount();
        err.println("note: " + loaded.source() + " is read as a series ordered by '" + time + "': the model forecasts each step from the "
                + lags + " before it, so steps " + (lags + 1) + " to " + n + " (" + ordered.column(time).text(lags) + " to "
                + ordered.column(time).text(n - 1) + ") and the next one after the last");
        double[] values = new double[steps.length + 1];
        for (int i = 0; i < steps.length; i++) values[i] = steps[i];
        values[steps.length] = ahead[0];
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < lagged.rowCount(); i++) ids.add(lagged.column(time).text(i));
        ids.add("next");
        return new Predictions(time, ids, NumericColumn.of(pipeline.target(), values), List.of(), null);
    }

    private Predictions images(Pipeline pipeline, PrintWriter err) {
        DataArgument.Images images = DataArgument.images(data, pipeline);
        for (String note : images.notes()) err.println("note: " + note);
        Tensor indices = pipeline.predictImages(images.images());
        int[] codes = indices.toIntArray();
        Column predictions = CategoricalColumn.ofCodes(pipeline.target(), codes, pipeline.classes());
        Tensor p = proba ? pipeline.predictProbaImages(images.images()) : null;
        return new Predictions("file", images.names(), predictions, pipeline.classes(), p);
    }

    /** The CSV: a header, then one line per row; fields quoted only where CSV needs it. */
    static void write(Predictions p, Writer w) throws IOException {
        StringBuilder line = new StringBuilder();
        line.append(field(p.idName())).append(',').append(field(p.predictions().name()));
        if (p.proba() != null) for (String c : p.classes()) line.append(',').append(field("proba_" + c));
        w.write(line.append('\n').toString());
        float[] proba = p.proba() == null ? null : p.proba().toFloatArray();
        int k = p.classes().size();
        for (int r = 0; r < p.ids().size(); r++) {
            line.setLength(0);
            line.append(field(p.ids().get(r))).append(',').append(field(value(p.predictions(), r)));
            if (proba != null) for (int c = 0; c < k; c++) line.append(',').append(Float.toString(proba[r * k + c]));
            w.write(line.append('\n').toString());
        }
    }

    /**
     * A prediction as text: class names as they are; a value that is a float32 (what models compute)
     * in its shortest float form, which reads back to the same float; other values in full double precision.
     */
    static String value(Column c, int row) {
        if (c.isMissing(row)) return "";
        if (c instanceof NumericColumn num) {
            double v = num.get(row);
            return (double) (float) v == v ? Float.toString((float) v) : Double.toString(v);
        }
        return c.text(row);
    }

    /** A CSV field, quoted (with doubled quotes) when it holds a comma, a quote, a line break or edge spaces (RFC 4180). */
    static String field(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || !s.equals(s.strip());
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
