package dev.fathom.plots;

import dev.fathom.data.Names;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.fathom.saving.AtomicFiles;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A chart ready to be written: a PNG or SVG file, or an image in memory. Made by
 * {@link LearningCurvePlot}, {@link ConfusionMatrixPlot}, {@link RocPlot},
 * {@link PrecisionRecallPlot}, {@link ForecastPlot}, {@link ModelComparisonPlot} and
 * {@link ResidualPlot}; {@link #chart()} is the XChart chart underneath, for styling beyond
 * what those set. Files are written atomically (a temporary file in the same folder, then a
 * rename), so a reader never sees half a picture and a failed write leaves the old file as it was.
 *
 * <pre>{@code
 * Plot plot = LearningCurvePlot.of(history, "loss");
 * plot.save(Path.of("loss.png"));                       // 800 x 600 pixels
 * plot.withSize(1200, 800).save(Path.of("loss.svg"));   // vector, 1200 x 800 units
 * BufferedImage image = plot.toImage();
 * }</pre>
 */
public final class Plot {
    /** The width of a plot unless {@link #withSize} says otherwise, in pixels. */
    public static final int DEFAULT_WIDTH = 800;
    /** The height of a plot unless {@link #withSize} says otherwise, in pixels. */
    public static final int DEFAULT_HEIGHT = 600;

    private final Chart<?, ?> chart;
    private final int width;
    private final int height;
    private final String data;

    /** A plot of {@code chart} at the default size. */
    public Plot(Chart<?, ?> chart) {
        this(chart, DEFAULT_WIDTH, DEFAULT_HEIGHT, null);
    }

    /** A plot whose description also states {@code data} in words, e.g. the cells of a heat map. */
    Plot(Chart<?, ?> chart, String data) {
        this(chart, DEFAULT_WIDTH, DEFAULT_HEIGHT, data);
    }

    private Plot(Chart<?, ?> chart, int width, int height, String data) {
        this.data = data;
        this.chart = Objects.requireNonNull(chart, "chart");
        if (width < 50 || height < 50 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException("plot size must be 50 to 20000 pixels each way, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
    }

    /** The same chart drawn at {@code width} x {@code height} pixels (SVG: user units). */
    public Plot withSize(int width, int height) {
        return new Plot(chart, width, height, data);
    }

    /** The XChart chart, e.g. {@code ((XYChart) plot.chart()).getStyler().setYAxisLogarithmic(true)}. */
    public Chart<?, ?> chart() {
        return chart;
    }

    /** The chart's title. */
    public String title() {
        return chart.getTitle();
    }

    /** The width in pixels. */
    public int width() {
        return width;
    }

    /** The height in pixels. */
    public int height() {
        return height;
    }

    /** The chart drawn on a white RGB image of {@link #width()} x {@link #height()} pixels. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            chart.paint(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Writes the plot to {@code file} as PNG or SVG, chosen by the extension ({@code .png},
     * {@code .svg}, any case).
     *
     * @throws IllegalArgumentException for another extension, naming the closest supported one
     * @throws UncheckedIOException     when the file cannot be written; an old file is then untouched
     */
    public Path save(Path file) {
        String name = Objects.requireNonNull(file, "file").getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "png" -> savePng(file);
            case "svg" -> saveSvg(file);
            default -> throw new IllegalArgumentException("cannot save plot '" + title() + "' to '" + file + "': "
                    + (ext.isEmpty() ? "the file name has no extension" : "unknown extension '." + ext + "'")
                    + "; use .png or .svg" + (ext.isEmpty() ? "" : " (closest: ." + closest(ext) + ")"));
        };
    }

    /** Writes the plot as a PNG image of {@link #width()} x {@link #height()} pixels, atomically. */
    public Path savePng(Path file) {
        BufferedImage image = toImage();
        write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this Java runtime");
        });
        return file;
    }

    /** Writes the plot as an SVG document of {@link #width()} x {@link #height()} units, atomically. */
    public Path saveSvg(Path file) {
        write(file, this::writeSvg);
        return file;
    }

    /**
     * Writes the SVG document to {@code out} (left open). Text is drawn as outlines, so the document
     * also carries a {@code <title>} (the chart's title) and a {@code <desc>} (axis titles and legend
     * entries) for screen readers, search and tests.
     */
    public void writeSvg(OutputStream out) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        chart.paint(g, width, height);
        var buffer = new ByteArrayOutputStream();
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(buffer);
        String svg = buffer.toString(StandardCharsets.UTF_8);
        int root = svg.indexOf("<svg");
        int end = root < 0 ? -1 : svg.indexOf('>', root);
        if (end < 0) throw new IOException("the SVG writer produced no <svg> element");
        String meta = "\n  <title>" + escape(title()) + "</title>\n  <desc>" + escape(description()) + "</desc>";
        out.write((svg.substring(0, end + 1) + meta + svg.substring(end + 1)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The axis titles and legend entries in words, e.g. "x axis: epoch; y axis: loss; series:
     * training, validation"; a heat map adds its cells.
     */
    public String description() {
        StringJoiner parts = new StringJoiner("; ");
        if (chart instanceof AxesChart<?, ?> axes) {
            // The ticks drawn, for readers who cannot see them (text is drawn as outlines) and for tests; a heat map's are its classes.
            boolean ticks = !(chart instanceof HeatMapChart);
            if (axes.getXAxisTitle() != null) {
                parts.add("x axis: " + axes.getXAxisTitle() + (ticks && !(chart instanceof CategoryChart) ? ticks(DrawnTicks.x(axes)) : ""));
            }
            if (axes.getYAxisTitle() != null) parts.add("y axis: " + axes.getYAxisTitle() + (ticks ? ticks(DrawnTicks.y(axes)) : ""));
        }
        StringJoiner series = new StringJoiner(", ", "series: ", "");
        series.setEmptyValue("");
        for (Series s : chart.getSeriesCollection()) if (s.isShowInLegend()) series.add(s.getLabel() != null ? s.getLabel() : s.getName());
        if (series.length() > 0) parts.add(series.toString());
        if (data != null) parts.add(data);
        return parts.toString();
    }

    /** " (ticks 0.0, 0.2, 1.0)", or nothing when the chart was not drawn yet. */
    private static String ticks(java.util.Optional<java.util.List<String>> labels) {
        return labels.filter(l -> !l.isEmpty()).map(l -> " (ticks " + String.join(", ", l) + ")").orElse("");
    }

    /**
     * The tick labels drawn on the x and y axes at the last {@link #toImage}, {@link #save} or
     * {@link #writeSvg}, left to right and bottom to top: e.g. {@code [[0.0, 0.2, ...], [0.0, 0.2, ...]]}
     * for an ROC plot; empty lists for a chart without axes or not drawn yet.
     */
    public java.util.List<java.util.List<String>> ticks() {
        if (!(chart instanceof AxesChart<?, ?> axes)) return java.util.List.of(java.util.List.of(), java.util.List.of());
        return java.util.List.of(DrawnTicks.x(axes).orElse(java.util.List.of()), DrawnTicks.y(axes).orElse(java.util.List.of()));
    }

    private static String escape(String text) {
        if (text == null) return "";
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void write(Path file, AtomicFiles.Content content) {
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot '" + title() + "' to " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The supported extension nearest to {@code ext} by edit distance. */
    static String closest(String ext) {
        return Names.distance(ext, "png") <= Names.distance(ext, "svg") ? "png" : "svg";
    }

    @Override
    public String toString() {
        return "Plot[" + chart.getClass().getSimpleName() + " '" + title() + "', " + width + " x " + height + "]";
    }
}
