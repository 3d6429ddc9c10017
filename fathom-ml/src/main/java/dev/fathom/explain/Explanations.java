package dev.fathom.explain;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.ensembles.VotingRegressor;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.FeatureImportances;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.Scorer;
import dev.fathom.validation.ColumnSubsetEstimator;
import dev.fathom.validation.StandardizedEstimator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Explanations of a fitted table pipeline on rows it did not train on (the test split): which
 * input columns its score depends on ({@link #permutationImportance}), how its predictions move
 * with one column ({@link #partialDependence}), and the model's own feature importances where it
 * keeps them ({@link #modelImportances}, e.g. a tree ensemble's). Columns are the pipeline's raw
 * input columns, before preparation: a one-hot encoded column is shuffled or set as one.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.load(Path.of("model.fathom"));
 * PermutationImportance pi = Explanations.permutationImportance(p, test, "price", 5, 42);
 * System.out.println(pi);                                   // columns, largest drop in R² first
 * PartialDependence pd = Explanations.partialDependence(p, test, pi.features().getFirst().name(), 20);
 * pd.curve(0);                                              // the mean prediction at each grid value
 * }</pre>
 */
public final class Explanations {
    private Explanations() {}

    /** {@link #permutationImportance(Pipeline, Table, String, String, int, long)} with the default score: accuracy or R². */
    public static PermutationImportance permutationImportance(Pipeline pipeline, Table table, String target, int repeats, long seed) {
        return permutationImportance(pipeline, table, target, pipeline.isClassifier() ? "accuracy" : "r2", repeats, seed);
    }

    /**
     * The drop in {@code scoring} (a {@link Scorer} name) when each input column of {@code table}
     * is shuffled, {@code repeats} times per column; the shuffles come from {@code seed}.
     *
     * @throws IllegalArgumentException for an image pipeline, fewer than 1 repeat, a missing target
     *     column or a scorer that does not fit the pipeline's task
     */
    public static PermutationImportance permutationImportance(Pipeline pipeline, Table table, String target, String scoring, int repeats,
                                                              long seed) {
        if (repeats < 1) throw new IllegalArgumentException("permutationImportance: repeats must be >= 1, got " + repeats);
        checkTable(pipeline, table, "permutationImportance");
        Scorer scorer = Scorer.of(scoring);
        Tensor y = targets(pipeline, table, target);
        double[][] given = outputs(pipeline, table);
        double baseline = scorer.scoreOutputs(y, given);
        int n = table.rowCount();
        Random random = new Random(seed);
        List<InputColumn> inputs = pipeline.inputs();
        // Every shuffle is drawn first, column by column and repeat by repeat, so the result does not depend on the threads.
        int[][][] orders = new int[inputs.size()][repeats][];
        for (int c = 0; c < inputs.size(); c++) for (int r = 0; r < repeats; r++) orders[c][r] = permutation(n, random);
        // A column's shuffled copies are stacked into one prediction of up to BATCH_ROWS rows: one call of the model instead of
        // one per copy (a k-NN's distance product and a forest's tree-by-tree walk run once over all of them). A row whose value
        // the shuffle leaves as it was is the row as given, so it keeps its prediction on the rows as given and is not predicted
        // again: a column of few values (a flag, a category, a pixel that is mostly 0) costs only the rows it changes.
        int perCall = Math.max(1, Math.min(repeats, BATCH_ROWS / n));
        List<java.util.concurrent.Callable<double[]>> jobs = new ArrayList<>();
        for (int c = 0; c < inputs.size(); c++) {
            Column column = table.column(inputs.get(c).name());
            int[][] columnOrders = orders[c];
            jobs.add(() -> {
                double[] drops = new double[repeats];
                for (int r = 0; r < repeats; r += perCall) {
                    int copies = Math.min(perCall, repeats - r);
                    int[][] changed = new int[copies][];
                    int total = 0;
                    for (int k = 0; k < copies; k++) {
                        changed[k] = changedRows(column, columnOrders[r + k]);
                        total += changed[k].length;
                    }
                    double[][] out = new double[0][];
                    if (total > 0) {
                        int[] rows = stacked(changed, total);
                        out = outputs(pipeline, table.rows(rows).with(column.rows(shuffledValues(columnOrders, r, changed, rows))));
                    }
                    for (int k = 0, at = 0; k < copies; k++) {
                        double[][] shuffled = given.clone();
                        at = place(out, at, changed[k], shuffled);
                        drops[r + k] = baseline - scorer.scoreOutputs(y, shuffled);
                    }
                }
                return drops;
            });
        }
        List<double[]> drops = inParallel(jobs);
        List<PermutationImportance.Feature> features = new ArrayList<>();
        for (int c = 0; c < inputs.size(); c++) {
            double[] d = drops.get(c);
            double mean = Arrays.stream(d).average().orElse(0);
            double var = 0;
            for (double v : d) var += (v - mean) * (v - mean);
            features.add(new PermutationImportance.Feature(inputs.get(c).name(), mean, Math.sqrt(var / repeats), d));
        }
        features.sort(Comparator.comparingDouble(PermutationImportance.Feature::mean).reversed());
        return new PermutationImportance(scorer.name(), baseline, features);
    }

    /** Rows one prediction call of the explanations takes at most: copies of the table are stacked up to this. */
    static final int BATCH_ROWS = 8192;

    /** The rows {@code i} whose value {@code order} changes: {@code column[order[i]]} is not {@code column[i]}, ascending. */
    private static int[] changedRows(Column column, int[] order) {
        int[] out = new int[order.length];
        int count = 0;
        for (int i = 0; i < order.length; i++) if (!sameValue(column, order[i], i)) out[count++] = i;
        return Arrays.copyOf(out, count);
    }

    /** The rows {@code i} whose value setting the column to row {@code row}'s changes, ascending. */
    private static int[] changedRows(Column column, int row) {
        int n = column.size();
        int[] out = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) if (!sameValue(column, row, i)) out[count++] = i;
        return Arrays.copyOf(out, count);
    }

    /*
     * The loops over rows below stand in methods of their own, out of the explanations' long-running
     * loops: there they made the whole of permutationImportance's job and of partialDependence compiled
     * on stack (OSR), the pipeline's prediction inlined (47 and 67 kB of machine code in a run of `fathom train digits`).
     */

    /** The rows of every copy, one copy after the other: the stacked prediction's rows. */
    private static int[] stacked(int[][] changed, int total) {
        int[] rows = new int[total];
        int at = 0;
        for (int[] c : changed) {
            System.arraycopy(c, 0, rows, at, c.length);
            at += c.length;
        }
        return rows;
    }

    /** The shuffled row each stacked row takes the column's value from: copy k's {@code orders[from + k][row]}. */
    private static int[] shuffledValues(int[][] orders, int from, int[][] changed, int[] rows) {
        int[] values = new int[rows.length];
        for (int k = 0, at = 0; k < changed.length; k++) {
            int[] order = orders[from + k];
            for (int end = at + changed[k].length; at < end; at++) values[at] = order[rows[at]];
        }
        return values;
    }

    /** Puts the stacked outputs from {@code at} on into {@code rows} of {@code into}, one per changed row; returns the next {@code at}. */
    private static int place(double[][] outputs, int at, int[] changed, double[][] into) {
        for (int i : changed) into[i] = outputs[at++];
        return at;
    }

    /** The mean of the rows of {@code set}, as the sum of each row over n. */
    private static double[] mean(double[][] set) {
        int n = set.length;
        double[] mean = new double[set[0].length];
        for (double[] r : set) for (int j = 0; j < mean.length; j++) mean[j] += r[j] / n;
        return mean;
    }

    /**
     * Whether rows {@code a} and {@code b} of {@code column} hold the same value (both missing counts
     * as the same): the same bits of a number, the same category or flag. Other kinds of column
     * (dates, text) are never taken as the same, so their rows are always predicted again.
     */
    private static boolean sameValue(Column column, int a, int b) {
        if (a == b) return true;
        boolean missingA = column.isMissing(a), missingB = column.isMissing(b);
        if (missingA || missingB) return missingA && missingB;
        return switch (column) {
            case NumericColumn c -> Double.doubleToLongBits(c.get(a)) == Double.doubleToLongBits(c.get(b));
            case dev.fathom.data.CategoricalColumn c -> c.text(a).equals(c.text(b));
            case dev.fathom.data.BooleanColumn c -> c.text(a).equals(c.text(b));
            default -> false;
        };
    }

    /**
     * Runs the jobs on one thread per core (the kernels each job calls then stay on its thread, as
     * cross-validation's folds do) and returns their results in job order; the first failure in job
     * order is rethrown. A fitted pipeline predicts from several threads at once (the model server
     * relies on it).
     */
    private static <T> List<T> inParallel(List<java.util.concurrent.Callable<T>> jobs) {
        int threads = dev.fathom.backend.Threads.isSerial() ? 1 : Math.min(jobs.size(), dev.fathom.backend.Threads.count());
        return dev.fathom.backend.Threads.runAll("fathom-explain", jobs, threads, true, "explanations: interrupted");
    }

    /**
     * The average prediction of {@code pipeline} over the rows of {@code table} with {@code feature}
     * set to each grid value in turn: for a numeric column up to {@code gridPoints} values of the
     * column at evenly spaced quantiles from the 5th to the 95th percentile (values the column has,
     * repeats dropped), for any other column each of its values (up to {@code gridPoints}, the most
     * frequent first).
     *
     * @throws IllegalArgumentException for an image pipeline, an unknown column, or fewer than 2 grid points
     */
    public static PartialDependence partialDependence(Pipeline pipeline, Table table, String feature, int gridPoints) {
        if (gridPoints < 2) throw new IllegalArgumentException("partialDependence: gridPoints must be >= 2, got " + gridPoints);
        checkTable(pipeline, table, "partialDependence");
        if (pipeline.inputs().stream().noneMatch(c -> c.name().equals(feature))) {
            throw new IllegalArgumentException("partialDependence: the pipeline reads no column '" + feature + "'; it reads "
                    + pipeline.inputs().stream().map(InputColumn::name).toList());
        }
        Column column = table.column(feature);
        int n = table.rowCount();
        boolean numeric = column instanceof NumericColumn;
        List<Integer> gridRows = numeric ? quantileRows(column, gridPoints) : frequentRows(column, gridPoints);
        List<String> grid = new ArrayList<>();
        double[] values = numeric ? new double[gridRows.size()] : null;
        double[][] average = new double[gridRows.size()][];
        for (int g = 0; g < gridRows.size(); g++) {
            int row = gridRows.get(g);
            grid.add(column.text(row));
            if (numeric) values[g] = ((NumericColumn) column).get(row);
        }
        // The table once per grid value, stacked into predictions of up to BATCH_ROWS rows; a row that already holds the grid
        // value is the row as given and keeps its prediction on the rows as given (as in the permutation importance).
        double[][] given = null;
        int perCall = Math.max(1, Math.min(gridRows.size(), BATCH_ROWS / n));
        for (int g0 = 0; g0 < gridRows.size(); g0 += perCall) {
            int copies = Math.min(perCall, gridRows.size() - g0);
            int[][] changed = new int[copies][];
            int total = 0;
            for (int k = 0; k < copies; k++) {
                int row = gridRows.get(g0 + k);
                changed[k] = changedRows(column, row);
                total += changed[k].length;
                if (changed[k].length < n && given == null) given = outputs(pipeline, table);
            }
            int[] rows = stacked(changed, total);
            int[] setTo = new int[total];
            for (int k = 0, at = 0; k < copies; k++) {
                Arrays.fill(setTo, at, at + changed[k].length, gridRows.get(g0 + k));
                at += changed[k].length;
            }
            double[][] out = total == 0 ? new double[0][] : outputs(pipeline, table.rows(rows).with(column.rows(setTo)));
            for (int k = 0, at = 0; k < copies; k++) {
                double[][] set = given == null ? new double[n][] : given.clone();
                at = place(out, at, changed[k], set);
                average[g0 + k] = mean(set);
            }
        }
        List<String> outputs = pipeline.isClassifier() ? pipeline.classes() : outputNames(pipeline, average);
        return new PartialDependence(feature, grid, values, outputs, average);
    }

    /**
     * The estimator's own importance of each prepared feature (the columns after one-hot encoding
     * and the like), largest first, when it keeps them ({@link FeatureImportances}: the tree models);
     * for a voting ensemble, those of its tree member of the largest weight, named in
     * {@link ModelImportances#source()}. Empty when the model keeps none (a linear model, k-NN, a
     * network, an ensemble without a tree member).
     */
    public static Optional<ModelImportances> modelImportances(Pipeline pipeline) {
        List<String> names = pipeline.preprocessor() != null ? pipeline.preprocessor().featureNames() : List.of();
        return own(pipeline.estimator(), null, names).map(o -> new ModelImportances(o.source(), o.importances()));
    }

    /**
     * The importances of {@code e}, whose feature j is the pipeline's prepared feature
     * {@code columns[j]} (j itself when {@code columns} is null): through the scaling and
     * column-selecting wrappers, and into the heaviest member of a voting ensemble that has some.
     */
    private static Optional<ModelImportances> own(Estimator e, int[] columns, List<String> names) {
        switch (e) {
            case StandardizedEstimator s -> {
                return own(s.inner(), columns, names);
            }
            case ColumnSubsetEstimator c -> {
                int[] inner = c.columns();
                int[] mapped = new int[inner.length];
                for (int j = 0; j < inner.length; j++) mapped[j] = columns == null ? inner[j] : columns[inner[j]];
                return own(c.inner(), mapped, names);
            }
            case VotingClassifier v -> {
                return heaviest(v.namedEstimators(), v.weights(), columns, names);
            }
            case VotingRegressor v -> {
                return heaviest(v.namedEstimators(), v.weights(), columns, names);
            }
            case FeatureImportances f -> {
                double[] values = f.featureImportances();
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < values.length; i++) order.add(i);
                order.sort(Comparator.comparingDouble((Integer i) -> values[i]).reversed());
                Map<String, Double> out = new LinkedHashMap<>();
                for (int i : order) {
                    int column = columns == null ? i : columns[i];
                    out.put(column < names.size() ? names.get(column) : "feature " + column, values[i]);
                }
                return Optional.of(new ModelImportances(e.toString(), out));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The importances of the member of the largest weight that keeps them (the first such on ties). */
    private static Optional<ModelImportances> heaviest(Map<String, Estimator> members, double[] weights, int[] columns,
                                                       List<String> names) {
        double total = Arrays.stream(weights).sum();
        ModelImportances best = null;
        double bestWeight = Double.NEGATIVE_INFINITY;
        int m = 0;
        for (Map.Entry<String, Estimator> member : members.entrySet()) {
            double w = weights[m++];
            if (w <= bestWeight || w <= 0) continue;
            Optional<ModelImportances> own = own(member.getValue(), columns, names);
            if (own.isEmpty()) continue;
            best = new ModelImportances("member " + member.getKey() + " (weight " + plain(w) + " of " + plain(total)
                    + ") of the ensemble: " + own.get().source(), own.get().importances());
            bestWeight = w;
        }
        return Optional.ofNullable(best);
    }

    /** A weight as written: whole numbers without a decimal point (ensemble selection counts picks). */
    private static String plain(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static void checkTable(Pipeline pipeline, Table table, String who) {
        if (pipeline.inputKind() != Pipeline.InputKind.TABLE) {
            throw new IllegalArgumentException(who + ": the pipeline reads images; explanations are for table pipelines");
        }
        if (table.rowCount() == 0) throw new IllegalArgumentException(who + ": the table has no rows");
        pipeline.requireColumns(table);
    }

    private static Tensor targets(Pipeline pipeline, Table table, String target) {
        if (!table.columnNames().contains(target)) {
            throw new IllegalArgumentException("permutationImportance: the table has no target column '" + target + "'; its columns are "
                    + table.columnNames());
        }
        return pipeline.isClassifier() ? pipeline.labels().transform(table.column(target)) : table.labels(target);
    }

    /** Class probabilities for a classifier, predictions for a regressor: one row per sample. */
    private static double[][] outputs(Pipeline pipeline, Table table) {
        Tensor p = pipeline.isClassifier() ? pipeline.predictProba(table) : pipeline.predict(table);
        int n = table.rowCount();
        int width = p.size() / n;
        double[] flat = p.toDoubleArray();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        return rows;
    }

    private static List<String> outputNames(Pipeline pipeline, double[][] average) {
        int width = average.length == 0 ? 1 : average[0].length;
        if (width == 1) return List.of(pipeline.target());
        List<String> names = new ArrayList<>();
        for (int k = 0; k < width; k++) names.add(pipeline.target() + "[" + k + "]");
        return names;
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Rows holding the column's values at evenly spaced quantiles from 5% to 95%, repeats dropped (missing values skipped). */
    private static List<Integer> quantileRows(Column column, int points) {
        List<Integer> present = new ArrayList<>();
        double[] v = new double[column.size()];
        for (int i = 0; i < column.size(); i++) {
            if (column.isMissing(i)) continue;
            v[i] = ((NumericColumn) column).get(i);
            present.add(i);
        }
        present.sort(Comparator.comparingDouble(i -> v[i]));
        List<Integer> rows = new ArrayList<>();
        LinkedHashSet<Double> seen = new LinkedHashSet<>();
        if (present.isEmpty()) return rows;
        for (int g = 0; g < points; g++) {
            double q = 0.05 + 0.90 * g / (points - 1);
            int row = present.get((int) Math.round(q * (present.size() - 1)));
            if (seen.add(v[row])) rows.add(row);
        }
        return rows;
    }

    /** One row per distinct value, the most frequent first (missing values skipped). */
    private static List<Integer> frequentRows(Column column, int points) {
        Map<String, int[]> counts = new LinkedHashMap<>();   // value: {count, first row}
        for (int i = 0; i < column.size(); i++) {
            if (column.isMissing(i)) continue;
            int row = i;
            counts.computeIfAbsent(column.text(i), k -> new int[] {0, row})[0]++;
        }
        return counts.values().stream().sorted(Comparator.comparingInt((int[] c) -> c[0]).reversed()).limit(points)
                .map(c -> c[1]).toList();
    }
}
