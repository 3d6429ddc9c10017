/**
 * Pipelines: a fitted model ready for new data, and the file that carries it. A
 * {@link dev.fathom.pipeline.Pipeline} holds the input schema ({@link dev.fathom.pipeline.InputColumn}s),
 * the fitted {@code Preprocessor}, any fitted estimator (baselines, networks, ensembles, wrapped
 * estimators) and the class names, so that new data goes from a table, or JSON-like records, to
 * decoded predictions in one call; bad data is a {@link dev.fathom.pipeline.PipelineInputException}
 * naming the record and field. {@code save} writes one zip file ({@code docs/pipeline-file-format.md})
 * and {@code load} reads it back with bit-identical predictions and probabilities. Estimators take
 * part through {@code SavableEstimator} and {@code EstimatorTree} in {@code estimators}.
 *
 * <pre>{@code
 * TabularDataset bc = Datasets.load("breast_cancer");
 * Table train = bc.table();
 * Preprocessor prep = Preprocessor.builder().numeric(bc.featureNames(), new StandardScaler()).build();
 * Pipeline p = Pipeline.fit(train, bc.targetName(), prep, new LogisticRegression());
 * p.withMetadata(Map.of("dataset", "breast_cancer")).save(Path.of("bc.pipeline"));
 *
 * Pipeline back = Pipeline.load(Path.of("bc.pipeline"));
 * Column predicted = back.predictColumn(train);        // class names ("benign", "malignant"), named as the target
 * Tensor proba = back.predictProba(train);             // [rows, 2], equal to p.predictProba(train) to the bit
 * }</pre>
 *
 * <h2>Dependencies</h2>
 * The top of the core: it uses {@code data} (tables, preprocessing), {@code estimators} (the
 * estimator and its saved tree), {@code saving} (JSON, safetensors, atomic files, the file error)
 * and {@code tensor}; nothing below depends on it.
 */
package dev.fathom.pipeline;
