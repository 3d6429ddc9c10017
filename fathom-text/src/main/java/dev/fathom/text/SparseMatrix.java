package dev.fathom.text;

import dev.fathom.tensor.Tensor;

/**
 * A matrix in compressed sparse rows, as SciPy's {@code csr_matrix} that scikit-learn's vectorizers
 * return: row {@code r}'s non-zero values are {@code values[indptr[r] .. indptr[r+1])}, in the
 * columns {@code indices[...]} (ascending within a row).
 *
 * <pre>{@code
 * SparseMatrix x = new TfidfVectorizer().fitTransform(List.of("a cat", "the cat sat"));
 * x.get(1, 0);          // the weight of feature 0 in the second text
 * Tensor dense = x.toTensor();   // float32 [2, features]
 * }</pre>
 *
 * @param rows    the number of rows
 * @param columns the number of columns
 * @param indptr  {@code rows + 1} offsets into indices and values
 * @param indices the column of each stored value
 * @param values  the stored values
 */
public record SparseMatrix(int rows, int columns, int[] indptr, int[] indices, double[] values) {
    /** Checks the arrays fit together. */
    public SparseMatrix {
        if (indptr.length != rows + 1 || indices.length != values.length || indptr[rows] != values.length) {
            throw new IllegalArgumentException("SparseMatrix: " + rows + " rows need " + (rows + 1) + " offsets ending at the "
                    + values.length + " values; got " + indptr.length + " offsets ending at " + indptr[indptr.length - 1]);
        }
    }

    /** The value at ({@code row}, {@code column}), 0 where none is stored. */
    public double get(int row, int column) {
        for (int k = indptr[row]; k < indptr[row + 1]; k++) if (indices[k] == column) return values[k];
        return 0;
    }

    /** The number of stored values. */
    public int nonZeros() {
        return values.length;
    }

    /** The matrix as a dense float32 tensor {@code [rows, columns]}. */
    public Tensor toTensor() {
        float[] out = new float[Math.multiplyExact(rows, columns)];
        for (int r = 0; r < rows; r++) {
            for (int k = indptr[r]; k < indptr[r + 1]; k++) out[r * columns + indices[k]] = (float) values[k];
        }
        return Tensor.of(out, rows, columns);
    }
}
