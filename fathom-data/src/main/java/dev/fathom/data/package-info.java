/**
 * Tabular data: a {@link dev.fathom.data.Table} of typed columns (numeric, categorical, boolean,
 * date) with missing values, read from CSV/TSV by {@link dev.fathom.data.CsvReader} with types
 * inferred in one pass, summarized by {@link dev.fathom.data.Table#describe()}, and turned into
 * feature and label tensors.
 *
 * <pre>{@code
 * Table t = CsvReader.read(Path.of("iris.csv"));
 * System.out.println(t.describe());
 * Tensor x = t.features("species");   // float32 [rows, 4]
 * Tensor y = t.labels("species");     // int32 [rows]: class indices into t.categorical("species").levels()
 * }</pre>
 */
package dev.fathom.data;
