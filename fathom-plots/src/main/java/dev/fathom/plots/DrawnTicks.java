package dev.fathom.plots;

import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Axis_;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tick labels XChart drew on a chart's axes at its last paint, in axis order (left to right,
 * bottom to top), blank labels left out. XChart keeps its axes internal; they are read here so
 * that a plot's description, and tests, can state what a reader sees on the axes. Empty when the
 * chart was not painted yet or this XChart version hides them elsewhere.
 */
final class DrawnTicks {
    private DrawnTicks() {}

    /** The x axis' labels. */
    static Optional<List<String>> x(AxesChart<?, ?> chart) {
        return pair(chart).flatMap(p -> labels(p.getXAxis(), true));
    }

    /** The (left) y axis' labels. */
    static Optional<List<String>> y(AxesChart<?, ?> chart) {
        return pair(chart).flatMap(p -> field(AxisPair.class, p, "yAxis").flatMap(a -> labels((Axis_<?, ?>) a, false)));
    }

    private static Optional<AxisPair<?, ?>> pair(AxesChart<?, ?> chart) {
        return field(AxesChart.class, chart, "axisPair").map(p -> (AxisPair<?, ?>) p);
    }

    private static Optional<List<String>> labels(Axis_<?, ?> axis, boolean horizontal) {
        if (axis == null || axis.getAxisTickCalculator() == null || axis.getBounds() == null) return Optional.empty();
        List<String> labels = axis.getAxisTickCalculator().getTickLabels();
        List<Double> at = axis.getAxisTickCalculator().getTickLocations();
        double length = horizontal ? axis.getBounds().getWidth() : axis.getBounds().getHeight();
        List<String> drawn = new ArrayList<>();
        // XChart computes labels a step beyond each end and draws those strictly inside the axis.
        for (int i = 0; i < labels.size() && i < at.size(); i++) {
            String label = labels.get(i);
            if (label != null && !label.isBlank() && at.get(i) > 0 && at.get(i) < length) drawn.add(label);
        }
        return Optional.of(List.copyOf(drawn));
    }

    private static Optional<Object> field(Class<?> owner, Object target, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return Optional.ofNullable(f.get(target));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();   // another XChart version: the description goes without ticks
        }
    }
}
