package dev.fathom.explain;

import java.util.List;

/**
 * The average prediction when one input column is set to each value of a grid for every row, the
 * other columns as they are (Friedman 2001; scikit-learn's {@code partial_dependence} with
 * {@code kind="average"}): how the model's output moves with that column on average.
 *
 * @param feature the input column
 * @param grid    the values tried, as the column writes them (numbers as text for numeric columns)
 * @param values  the numeric grid values, or null for a column that is not numeric
 * @param outputs what each column of {@code average} is: the class names for a classifier (mean
 *                probability of each), the target's name for a regressor (mean prediction)
 * @param average [grid point][output]
 */
public record PartialDependence(String feature, List<String> grid, double[] values, List<String> outputs, double[][] average) {
    /** Copies the arrays. */
    public PartialDependence {
        grid = List.copyOf(grid);
        values = values == null ? null : values.clone();
        outputs = List.copyOf(outputs);
        double[][] copy = new double[average.length][];
        for (int i = 0; i < average.length; i++) copy[i] = average[i].clone();
        average = copy;
    }

    /** Whether the grid is numeric (a line can be drawn through it). */
    public boolean numeric() {
        return values != null;
    }

    /** The average of output {@code k} at each grid point. */
    public double[] curve(int k) {
        double[] c = new double[average.length];
        for (int i = 0; i < c.length; i++) c[i] = average[i][k];
        return c;
    }
}
