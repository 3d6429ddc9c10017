/**
 * Mini-batches for training: the {@link dev.fathom.data.batch.BatchSource} that {@code Model.fit}
 * and {@code Model.evaluate} read from, over tensors in memory
 * ({@link dev.fathom.data.batch.TensorSource}) or streamed from a row file on disk
 * ({@link dev.fathom.data.batch.RowFileSource}, written by
 * {@link dev.fathom.data.batch.RowFileWriter} from tensors, tables or CSV files of any size).
 *
 * <pre>{@code
 * RowFileWriter.fromCsv(Path.of("big.csv"), Path.of("big.rows"), "label");
 * try (RowFileSource data = RowFileSource.open(Path.of("big.rows"))) {
 *     model.fit(data, Fit.epochs(5).batchSize(256).validationSplit(0.1));
 * }
 * }</pre>
 */
package dev.fathom.data.batch;
