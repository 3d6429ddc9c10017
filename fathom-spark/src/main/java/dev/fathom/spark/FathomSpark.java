package dev.fathom.spark;

import dev.fathom.data.ColumnType;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark side of the {@code fathom} command's {@code --spark MASTER} option. The command line
 * (fathom-cli) does not depend on Spark: it finds this class by name when {@code --spark} is given
 * and says what to add to the class path when it is missing.
 *
 * <pre>{@code
 * // what `fathom predict model.fathom customers.parquet --spark local[*] --out scored.parquet --proba` runs
 * String line = FathomSpark.predict("local[*]", Path.of("model.fathom"), "customers.parquet", Path.of("scored.parquet"), true);
 * // what `fathom train digits --spark local[*]` runs
 * Fathom.train(Datasets.load("digits"), TrainOptions.defaults().tasks(FathomSpark.tasks("local[*]")));
 * }</pre>
 */
public final class FathomSpark {
    private FathomSpark() {}

    /**
     * Scores {@code data} (Parquet, or CSV/TSV with a header line) with the pipeline in
     * {@code model} on Spark and writes {@code out}: a Parquet or CSV folder, by its name's
     * extension, holding the input columns, {@code prediction} and (with {@code proba}) the class
     * probabilities: an {@code array<double>} column in Parquet, one {@code proba_<class>} column
     * each in CSV. Returns the line to print.
     *
     * @throws IllegalArgumentException in one line for a bad master URL, data of an unknown kind,
     *     an {@code out} that exists or is of an unknown kind, or data without the model's columns
     */
    public static String predict(String master, Path model, String data, Path out, boolean proba) {
        if (out == null) {
            throw new IllegalArgumentException("--spark writes the predictions with Spark, as a folder: add --out scored.parquet"
                    + " (or --out scored.csv)");
        }
        Format outFormat = Format.of(out.toString(), "--out");
        Format inFormat = Format.of(data, "DATA");
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists; Spark writes a new folder: remove it or name another");
        }
        Pipeline checked = Pipeline.load(model);   // the file's own one-line error before Spark starts
        if (proba && !checked.isClassifier()) {
            throw new IllegalArgumentException("--proba needs a classifier, but " + model + " is a regression model: it predicts"
                    + " values of '" + checked.target() + "', not classes; leave out --proba");
        }
        SparkSession spark = SparkSessions.open(master, "fathom predict " + model.getFileName());
        SparkPredictor predictor = SparkPredictor.load(spark, model).probabilities(proba);
        Dataset<Row> scored = predictor.apply(inFormat.read(spark, data, checked));
        if (outFormat == Format.PARQUET) {
            scored.write().parquet(out.toString());
        } else {
            if (proba) scored = probabilityColumns(scored, predictor.pipeline().classes());
            scored.write().option("header", true).option("sep", outFormat == Format.TSV ? "\t" : ",").csv(out.toString());
        }
        return "Wrote the predictions of '" + predictor.pipeline().target() + "' to " + out + " (" + outFormat.label
                + " folder) with Spark " + spark.version() + " on " + spark.sparkContext().master() + ", application "
                + spark.sparkContext().applicationId();
    }

    /**
     * The task runner of {@code fathom train DATA --spark MASTER}: a {@link SparkTaskRunner} on a
     * session at {@code master} (the one spark-submit made, when it did).
     *
     * @throws IllegalArgumentException in one line for a master URL Spark cannot use
     */
    public static SparkTaskRunner tasks(String master) {
        SparkSessions.check(master);
        // A local master starts on a thread of its own while the run loads its data and compiles its kernels;
        // a cluster's session is started here, so that an unreachable master is refused before any work.
        boolean local = master.trim().toLowerCase(Locale.ROOT).startsWith("local") && System.getProperty("spark.master") == null;
        return local ? SparkTaskRunner.starting(master, "fathom train") : SparkTaskRunner.on(SparkSessions.open(master, "fathom train"));
    }

    /** CSV holds no arrays: the probability array as one {@code proba_<class>} column per class. */
    private static Dataset<Row> probabilityColumns(Dataset<Row> scored, List<String> classes) {
        List<Column> cols = new ArrayList<>();
        for (String name : scored.columns()) if (!name.equals("probability")) cols.add(functions.col("`" + name.replace("`", "``") + "`"));
        for (int c = 0; c < classes.size(); c++) cols.add(functions.col("probability").getItem(c).as("proba_" + classes.get(c)));
        return scored.select(cols.toArray(Column[]::new));
    }

    /** The file kinds Spark reads and writes here, by extension. */
    enum Format {
        PARQUET("Parquet"), CSV("CSV"), TSV("TSV");

        final String label;

        Format(String label) {
            this.label = label;
        }

        static Format of(String path, String what) {
            String p = path.toLowerCase(Locale.ROOT);
            while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
            if (p.endsWith(".parquet")) return PARQUET;
            if (p.endsWith(".csv")) return CSV;
            if (p.endsWith(".tsv")) return TSV;
            throw new IllegalArgumentException(what + " " + path + ": --spark reads and writes Parquet or CSV, known by the name's"
                    + " extension; name a .parquet, .csv or .tsv file or folder");
        }

        /**
         * The rows of {@code path}. CSV is read with the pipeline's types, not inferred (which would
         * cost a pass over the data): its numeric columns as doubles, every other column as text,
         * which {@link Pipeline#tableOf} parses as Fathom's CSV reader does.
         */
        Dataset<Row> read(SparkSession spark, String path, Pipeline pipeline) {
            if (this == PARQUET) return spark.read().parquet(path);
            DataFrameReader r = spark.read().option("header", true).option("sep", this == TSV ? "\t" : ",");
            Map<String, ColumnType> types = new HashMap<>();
            for (InputColumn in : pipeline.inputs()) types.put(in.name(), in.type());
            List<StructField> fields = new ArrayList<>();
            for (String name : r.csv(path).columns()) {   // the header line only
                fields.add(DataTypes.createStructField(name, types.get(name) == ColumnType.NUMERIC ? DataTypes.DoubleType
                        : DataTypes.StringType, true));
            }
            return r.schema(DataTypes.createStructType(fields)).csv(path);
        }
    }
}
