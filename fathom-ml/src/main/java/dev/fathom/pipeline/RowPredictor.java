package dev.fathom.pipeline;

import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.RowTransform;
import dev.fathom.estimators.Classifier;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table pipeline whose inputs are all numeric, predicting rows of numbers with no
 * {@link Table} built: each row goes through the preprocessing value by value
 * ({@link RowTransform}) straight into the estimator's features. The answers are exactly those of
 * {@link Pipeline#predictColumn(Table)} and {@link Pipeline#predictProba(Table)} for a table of
 * the same rows; a row the pipeline refuses (a non-finite value, a missing value nothing imputes)
 * goes the table's way and gets its error. Made by {@link Pipeline#rowPredictor()}, with the
 * preprocessing's statistics of that moment; a model server makes one per model version.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.load(Path.of("digits.fathom"));
 * RowPredictor rows = p.rowPredictor().orElseThrow();     // empty for categorical inputs or an encoder
 * double[] digit = new double[rows.inputCount()];          // values in p.inputs() order, NaN for missing
 * Column predicted = rows.predictColumn(new double[][] {digit});   // the class names, named as the target
 * }</pre>
 */
public final class RowPredictor {
    private final Pipeline pipeline;
    private final RowTransform transform;

    private RowPredictor(Pipeline pipeline, RowTransform transform) {
        this.pipeline = pipeline;
        this.transform = transform;
    }

    /** The row predictor of {@code p}, or empty when a row form would not give the table's answers. */
    static Optional<RowPredictor> of(Pipeline p) {
        if (p.inputKind() != Pipeline.InputKind.TABLE || p.inputs().isEmpty() || !p.preprocessor().isFitted()) return Optional.empty();
        List<String> names = new ArrayList<>();
        for (InputColumn in : p.inputs()) {
            if (in.type() != ColumnType.NUMERIC) return Optional.empty();
            names.add(in.name());
        }
        return p.preprocessor().rowTransform(names).map(t -> new RowPredictor(p, t));
    }

    /** How many values a row holds: {@code pipeline.inputs().size()}, in that order. */
    public int inputCount() {
        return transform.inputCount();
    }

    /** {@link Pipeline#predictColumn(Table)} of a table holding {@code rows} ({@code NaN} for a missing value). */
    public Column predictColumn(double[][] rows) {
        return pipeline.decode(pipeline.estimator().predict(features(rows)));
    }

    /** {@link Pipeline#predictProba(Table)} of a table holding {@code rows}. */
    public Tensor predictProba(double[][] rows) {
        Classifier c = pipeline.classifier("predictProba");
        return c.predictProba(features(rows));
    }

    /**
     * {@link Pipeline#features(Table)} of a table holding {@code rows}: value by value when every
     * row reads so, else through that table (which refuses the row at fault with its message).
     */
    private Tensor features(double[][] rows) {
        int n = rows.length;
        int width = transform.featureCount();
        float[] data = new float[Math.multiplyExact(n, width)];
        for (int r = 0; r < n; r++) {
            double[] row = rows[r];
            if (row.length != transform.inputCount()) {
                throw new IllegalArgumentException("RowPredictor: row " + r + " holds " + row.length + " values but the pipeline reads "
                        + transform.inputCount() + " columns; give one value per input, in Pipeline.inputs() order");
            }
            for (double v : row) if (NonFiniteValue.isNonFinite(v)) return pipeline.features(table(rows));
            if (!transform.transform(row, data, r * width)) return pipeline.features(table(rows));
        }
        return Tensor.wrap(data, n, width);
    }

    private Table table(double[][] rows) {
        List<InputColumn> inputs = pipeline.inputs();
        List<Column> columns = new ArrayList<>(inputs.size());
        for (int j = 0; j < inputs.size(); j++) {
            double[] values = new double[rows.length];
            for (int r = 0; r < rows.length; r++) values[r] = rows[r][j];
            columns.add(NumericColumn.of(inputs.get(j).name(), values));
        }
        return Table.of(columns);
    }
}
