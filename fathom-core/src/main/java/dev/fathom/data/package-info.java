/**
 * Tabular data: a {@link dev.fathom.data.Table} of typed columns (numeric, categorical, boolean,
 * date) with missing values, and its conversion to feature and label tensors.
 *
 * <pre>{@code
 * Table t = Table.of(NumericColumn.of("x", 1, 2, 3), CategoricalColumn.of("y", "a", "b", "a"));
 * System.out.println(t.head(5));
 * }</pre>
 */
package dev.fathom.data;
