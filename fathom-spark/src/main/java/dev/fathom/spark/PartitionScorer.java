package dev.fathom.spark;

import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serial;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What each Spark task runs in {@link SparkPredictor}: the partition's rows, scored in batches by
 * the executor's one copy of the pipeline ({@link ExecutorPipelines}), each row returned with its
 * prediction (and probabilities) appended. Holds only the broadcast's handle and the column plan, so
 * the task that Spark ships is small whatever the model's size.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<Row>, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> file;
    private final String key;
    private final int[] index;
    private final String[] names;
    private final ColumnType[] types;
    private final boolean classifier;
    private final boolean probabilities;
    private final int batchSize;

    PartitionScorer(Broadcast<byte[]> file, String key, int[] index, String[] names, ColumnType[] types, boolean classifier,
                    boolean probabilities, int batchSize) {
        this.file = file;
        this.key = key;
        this.index = index;
        this.names = names;
        this.types = types;
        this.classifier = classifier;
        this.probabilities = probabilities;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Pipeline pipeline = ExecutorPipelines.get(key, file::value);
        return new Iterator<>() {
            private final List<Row> scored = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < scored.size()) return true;
                if (!rows.hasNext()) return false;
                List<Row> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && rows.hasNext()) batch.add(rows.next());
                scored.clear();
                next = 0;
                scored.addAll(score(pipeline, batch));
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return scored.get(next++);
            }
        };
    }

    /** The rows of one batch with their predictions appended. */
    List<Row> score(Pipeline pipeline, List<Row> batch) {
        List<Map<String, Object>> records = new ArrayList<>(batch.size());
        for (Row r : batch) {
            Map<String, Object> record = new HashMap<>();
            for (int i = 0; i < index.length; i++) record.put(names[i], value(r, index[i], types[i]));
            records.add(record);
        }
        Column predictions;
        float[] proba = null;
        int classes = pipeline.classes().size();
        try {
            Table table = pipeline.tableOf(records);
            predictions = pipeline.predictColumn(table);
            if (probabilities) proba = pipeline.predictProba(table).toFloatArray();
        } catch (PipelineInputException e) {
            throw new IllegalArgumentException("scoring with the Fathom pipeline: " + e.getMessage(), e);
        }
        List<Row> out = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            Row in = batch.get(r);
            int width = in.length();
            Object[] values = new Object[width + (probabilities ? 2 : 1)];
            for (int c = 0; c < width; c++) values[c] = in.get(c);
            values[width] = predictions.isMissing(r) ? null
                    : classifier ? predictions.text(r) : ((NumericColumn) predictions).get(r);
            if (probabilities) {
                double[] p = new double[classes];
                for (int c = 0; c < classes; c++) p[c] = proba[r * classes + c];
                values[width + 1] = p;
            }
            out.add(RowFactory.create(values));
        }
        return out;
    }

    /**
     * A Spark value as {@link Pipeline#tableOf} reads records: numbers, text, booleans; a date as
     * its ISO text; a categorical column's numbers as their text (Spark infers {@code 1, 2, 3} as
     * integers where Fathom's CSV reader keeps a category's text).
     */
    private static Object value(Row row, int i, ColumnType type) {
        if (row.isNullAt(i)) return null;
        Object v = row.get(i);
        if (v instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (v instanceof LocalDate d) return d.toString();
        if (v instanceof BigDecimal b) return type == ColumnType.CATEGORICAL ? b.toPlainString() : b.doubleValue();
        if (type == ColumnType.CATEGORICAL && !(v instanceof String)) return String.valueOf(v);
        if (v instanceof Number || v instanceof String || v instanceof Boolean) return v;
        return String.valueOf(v);
    }
}
