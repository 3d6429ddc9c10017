package dev.fathom.plots;

import dev.fathom.explain.PartialDependence;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.Objects;

/**
 * A partial dependence curve: the model's average output against one numeric input column's grid
 * values; for a classifier one line per class (the positive class alone for two), for a regressor
 * the mean prediction.
 *
 * <pre>{@code
 * PartialDependence pd = Explanations.partialDependence(pipeline, test, "age", 20);
 * PartialDependencePlot.of(pd).save(Path.of("age.png"));
 * }</pre>
 */
public final class PartialDependencePlot {
    /** Classes drawn at most: more lines than this are unreadable. */
    static final int MAX_LINES = 8;

    private PartialDependencePlot() {}

    /** @throws IllegalArgumentException when the column is not numeric (its grid has no order to draw a line through) */
    public static Plot of(PartialDependence pd) {
        Objects.requireNonNull(pd, "pd");
        if (!pd.numeric()) {
            throw new IllegalArgumentException("partial dependence on '" + pd.feature() + "' is over categories, not numbers: show it"
                    + " as a table (pd.grid() and pd.average())");
        }
        int outputs = pd.outputs().size();
        boolean classes = outputs > 1;
        String yTitle = !classes ? "mean prediction of " + pd.outputs().getFirst() : outputs == 2 ? "mean p(" + pd.outputs().get(1) + ")"
                : "mean probability";
        XYChart chart = Styles.xy("Partial dependence on " + pd.feature(), pd.feature(), yTitle);
        int first = outputs == 2 ? 1 : 0;
        for (int k = first, drawn = 0; k < outputs && drawn < MAX_LINES; k++, drawn++) {
            XYSeries s = chart.addSeries(classes ? pd.outputs().get(k) : pd.outputs().getFirst(), pd.values(), pd.curve(k));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(Styles.COLORS[drawn % Styles.COLORS.length]);
            s.setMarkerColor(Styles.COLORS[drawn % Styles.COLORS.length]);
        }
        chart.getStyler().setLegendVisible(outputs > 2);
        return new Plot(chart);
    }
}
