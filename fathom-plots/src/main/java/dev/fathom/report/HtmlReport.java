package dev.fathom.report;

import dev.fathom.plots.Plot;
import dev.fathom.saving.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One self-contained HTML page: no external files or network; charts embedded as inline SVG (or,
 * when their SVG would be megabytes, as a {@code data:} PNG), CSS inline, no JavaScript, readable
 * in any browser and printable. Text is always HTML-escaped, so a column called
 * {@code <script>} shows as that text. Elements appear in the order they are added; every
 * {@link #section} also gets an entry in the table of contents at the top.
 *
 * <pre>{@code
 * new HtmlReport("Iris: spot-check")
 *     .subtitle("iris.csv, 150 rows, seed 42")
 *     .section("Models")
 *     .paragraph("Five algorithms, 10-fold cross-validation.")
 *     .table("Accuracy over folds", List.of("model", "mean", "std"),
 *            List.of(List.of("logistic", 0.96, 0.04), List.of("kNN", 0.953, 0.05)), 0)
 *     .plot("The leaderboard", ModelComparisonPlot.of(List.of("logistic", "kNN"),
 *            new double[] {0.96, 0.953}, new double[] {0.04, 0.05}, "accuracy"))
 *     .callout(HtmlReport.Level.GOOD, "Logistic regression is best and simplest: keep it.")
 *     .save(Path.of("report.html"));
 * }</pre>
 *
 * <p>A report is a builder: not thread-safe; {@link #toHtml()} may be called any number of times.
 * A plot is drawn when it is added, so later changes to it do not show.
 */
public final class HtmlReport {

    /** The kind of a {@link #callout}: a note or decision, a good verdict, or a warning. */
    public enum Level {
        /** A note or a decision taken, e.g. "Chose 10-fold cross-validation: 150 rows". */
        INFO("Note"),
        /** A good verdict, e.g. "Beats the baseline by 30 points". */
        GOOD("Good"),
        /** Something to act on, e.g. "Overfitting: validation loss rises after epoch 12". */
        WARNING("Warning");

        private final String label;

        Level(String label) {
            this.label = label;
        }
    }

    private static final String CSS = loadCss();

    private final String title;
    private final List<String> subtitles = new ArrayList<>();
    private final List<String> body = new ArrayList<>();
    /** Section anchors and headings, in order, for the table of contents. */
    private final List<String[]> sections = new ArrayList<>();
    private final Set<String> anchors = new HashSet<>();
    private int figures;

    /**
     * An empty report titled {@code title} (the page's {@code <title>} and its heading).
     *
     * @throws IllegalArgumentException when the title is blank
     */
    public HtmlReport(String title) {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("a report needs a title, e.g. new HtmlReport(\"Iris: spot-check\")");
        this.title = title.strip();
    }

    /** A line under the title, e.g. the data set, the date and the seed; several calls add several lines. */
    public HtmlReport subtitle(String text) {
        subtitles.add("<p class=\"subtitle\">" + Html.escapeLines(text(text, "subtitle")) + "</p>");
        return this;
    }

    /** Starts a section headed {@code heading} ({@code <h2>}), listed in the table of contents. */
    public HtmlReport section(String heading) {
        String text = text(heading, "section");
        if (text.isBlank()) throw new IllegalArgumentException("a section needs a heading, e.g. section(\"Results\")");
        String anchor = anchor(text);
        sections.add(new String[] {anchor, text});
        body.add("<h2 id=\"" + anchor + "\">" + Html.escape(text) + "</h2>");
        return this;
    }

    /** A paragraph of text; line breaks in {@code text} are kept. */
    public HtmlReport paragraph(String text) {
        body.add("<p>" + Html.escapeLines(text(text, "paragraph")) + "</p>");
        return this;
    }

    /** A bulleted list, one item per string. */
    public HtmlReport bullets(List<String> items) {
        Objects.requireNonNull(items, "bullets: items");
        StringBuilder html = new StringBuilder("<ul>\n");
        for (String item : items) html.append("<li>").append(Html.escapeLines(text(item, "bullets: an item"))).append("</li>\n");
        body.add(html.append("</ul>").toString());
        return this;
    }

    /** A highlighted box for a decision ({@link Level#INFO}), a verdict ({@link Level#GOOD}) or a {@link Level#WARNING}. */
    public HtmlReport callout(Level level, String text) {
        Objects.requireNonNull(level, "callout: level (INFO, GOOD or WARNING)");
        String css = level.name().toLowerCase(Locale.ROOT);
        body.add("<div class=\"callout " + css + "\" role=\"note\"><span class=\"label\">" + level.label + ":</span>"
                + Html.escapeLines(text(text, "callout")) + "</div>");
        return this;
    }

    /**
     * A two-column table of names and values, in the map's iteration order (use a
     * {@link java.util.LinkedHashMap} to choose it); each number is formatted as a column of its
     * own would be in {@link #table} (a score of 1.0 reads 1.0000, as in the tables).
     */
    public HtmlReport keyValues(Map<String, ?> entries) {
        Objects.requireNonNull(entries, "keyValues: entries");
        StringBuilder html = new StringBuilder("<div class=\"table-wrap\"><table class=\"key-values\">\n<tbody>\n");
        for (var e : entries.entrySet()) {
            Object v = e.getValue();
            html.append("<tr><th scope=\"row\">").append(Html.escape(e.getKey())).append("</th><td")
                    .append(v instanceof Number ? " class=\"num\"" : "").append('>')
                    .append(Html.escapeLines(Cells.single(v))).append("</td></tr>\n");
        }
        body.add(html.append("</tbody>\n</table></div>").toString());
        return this;
    }

    /** {@link #table(String, List, List, int)} without a caption or a highlighted row. */
    public HtmlReport table(List<String> header, List<? extends List<?>> rows) {
        return table(null, header, rows, -1);
    }

    /**
     * A table with a header row. Each column shows its numbers in one format, as a paper's table
     * does: integers ({@code int}, {@code long}) exact; fractions ({@code double}, {@code float},
     * {@code BigDecimal}) with the same decimals down the column, 4 when its largest is below 10
     * (a score of 1.0 reads 1.0000 beside 0.9533 and 0.0462), else enough for 4 significant
     * digits of its smallest (54.12 and 123.40; 1235); a non-zero value that would read 0 at those
     * decimals (1.2e-17) in scientific notation. {@code null} shows as "—", and a column holding only
     * numbers (or text such as "0.91 ± 0.02") is right-aligned so digits line up.
     *
     * @param caption      the table's caption above it, or {@code null}
     * @param header       the column names
     * @param rows         the rows, each as long as the header
     * @param highlightRow the index of a row to highlight (e.g. the best model), or -1 for none
     * @throws IllegalArgumentException when a row's length differs from the header's, or highlightRow is not a row
     */
    public HtmlReport table(String caption, List<String> header, List<? extends List<?>> rows, int highlightRow) {
        Objects.requireNonNull(header, "table: header");
        Objects.requireNonNull(rows, "table: rows");
        if (header.isEmpty()) throw new IllegalArgumentException("table" + named(caption) + ": the header is empty; give one name per column");
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = Objects.requireNonNull(rows.get(r), "table: row " + r);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("table" + named(caption) + ": row " + r + " has " + row.size() + " cells but the header has "
                        + header.size() + " columns " + header + "; give every row one cell per column (null for a missing value)");
            }
        }
        if (highlightRow < -1 || highlightRow >= rows.size()) {
            throw new IllegalArgumentException("table" + named(caption) + ": highlightRow " + highlightRow + " is not a row; the table has "
                    + rows.size() + " rows (0.." + (rows.size() - 1) + "), and -1 highlights none");
        }
        boolean[] numeric = new boolean[header.size()];
        int[] decimals = new int[header.size()];
        for (int c = 0; c < numeric.length; c++) {
            numeric[c] = Cells.numericColumn(rows, c);
            decimals[c] = Cells.columnDecimals(rows, c);
        }
        StringBuilder html = new StringBuilder("<div class=\"table-wrap\"><table>\n");
        if (caption != null && !caption.isBlank()) html.append("<caption>").append(Html.escape(caption)).append("</caption>\n");
        html.append("<thead><tr>");
        for (int c = 0; c < numeric.length; c++) {
            html.append("<th scope=\"col\"").append(numeric[c] ? " class=\"num\"" : "").append('>')
                    .append(Html.escape(header.get(c))).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            html.append(r == highlightRow ? "<tr class=\"highlight\">" : "<tr>");
            List<?> row = rows.get(r);
            for (int c = 0; c < numeric.length; c++) {
                html.append(numeric[c] ? "<td class=\"num\">" : "<td>").append(Html.escapeLines(Cells.text(row.get(c), decimals[c]))).append("</td>");
            }
            html.append("</tr>\n");
        }
        body.add(html.append("</tbody>\n</table></div>").toString());
        return this;
    }

    /** A monospace block, e.g. {@code Table.describe()} or a model's {@code summary()}; spacing is kept. */
    public HtmlReport preformatted(String text) {
        body.add("<pre>" + Html.escape(text(text, "preformatted")) + "</pre>");
        return this;
    }

    /**
     * {@code plot} as a figure with {@code caption} under it, drawn now at the plot's size (scaled
     * down on narrow screens). The chart is inline SVG; a chart whose SVG would exceed 1.5 million
     * characters (a scatter of tens of thousands of points) is embedded as a PNG instead. The alt
     * text is the plot's title and description (axes and series).
     *
     * @param caption the caption, or {@code null} for none
     */
    public HtmlReport plot(String caption, Plot plot) {
        Objects.requireNonNull(plot, "plot: the plot");
        String chart = Figures.embed(plot, "f" + (++figures) + "-");
        StringBuilder html = new StringBuilder("<figure>\n").append(chart).append('\n');
        if (caption != null && !caption.isBlank()) html.append("<figcaption>").append(Html.escape(caption)).append("</figcaption>\n");
        body.add(html.append("</figure>").toString());
        return this;
    }

    /** The whole page: one HTML5 document in UTF-8, with its CSS inline and no external references. */
    public String toHtml() {
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Fathom\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n");
        for (String s : subtitles) html.append(s).append('\n');
        html.append("</header>\n");
        if (!sections.isEmpty()) {
            html.append("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ul>\n");
            for (String[] s : sections) html.append("<li><a href=\"#").append(s[0]).append("\">").append(Html.escape(s[1])).append("</a></li>\n");
            html.append("</ul>\n</nav>\n");
        }
        for (String part : body) html.append(part).append('\n');
        html.append("<footer>Made with Fathom.</footer>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /**
     * Writes {@link #toHtml()} to {@code file} in UTF-8, atomically: a temporary file in the same
     * folder, then a rename, so a browser never opens half a page. Missing folders are created.
     *
     * @throws UncheckedIOException when the file cannot be written, naming it; an old file is then untouched
     */
    public void save(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes = toHtml().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report '" + title + "' to " + file.toAbsolutePath() + ": " + e
                    + "; check that the folder is writable and has space", e);
        }
    }

    @Override
    public String toString() {
        return "HtmlReport['" + title + "', " + sections.size() + " sections, " + body.size() + " elements, " + figures + " plots]";
    }

    /** A fragment id made of the heading's letters and digits ("3. Results" → "3-results"), unique in the page. */
    private String anchor(String heading) {
        String ascii = Normalizer.normalize(heading, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) slug = "section";
        // Never "f1-..." (the figures' SVG ids use that form) and never a number alone.
        String base = "s-" + slug;
        String id = base;
        for (int i = 2; !anchors.add(id); i++) id = base + "-" + i;
        return id;
    }

    private static String text(String text, String where) {
        return Objects.requireNonNull(text, () -> where + ": the text is null");
    }

    private static String named(String caption) {
        return caption == null || caption.isBlank() ? "" : " '" + caption + "'";
    }

    private static String loadCss() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
            if (in == null) throw new IllegalStateException("report.css is missing from the fathom-plots jar; rebuild it");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report.css from the fathom-plots jar: " + e.getMessage(), e);
        }
    }
}
