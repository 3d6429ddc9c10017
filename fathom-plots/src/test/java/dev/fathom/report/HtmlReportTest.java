package dev.fathom.report;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.plots.LearningCurvePlot;
import dev.fathom.plots.Plot;
import dev.fathom.plots.ResidualPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page's markup: escaped text, tables, contents, embedded plots, saving, and errors that explain. */
class HtmlReportTest {
    @TempDir
    Path dir;

    private static Plot curve() {
        return LearningCurvePlot.of(EpochCurves.of("loss", new double[] {1, 0.5, 0.4}, new double[] {1.1, 0.7, 0.6}));
    }

    private static void assertContains(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), "expected '" + p + "' in:\n" + (text.length() > 3000 ? text.substring(0, 3000) + "..." : text));
    }

    @Test
    void everyTextIsEscaped() {
        String evil = "<script>alert('x')</script> & \"q\"";
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put(evil, evil);
        String html = new HtmlReport(evil).subtitle(evil).section(evil).paragraph(evil).bullets(List.of(evil))
                .callout(HtmlReport.Level.WARNING, evil).keyValues(kv).table(evil, List.of(evil), List.of(List.of(evil)), -1)
                .preformatted(evil).plot(evil, curve()).toHtml();
        assertFalse(html.contains("<script"), "a <script> element got through");
        assertFalse(html.contains("alert('x')"), "a quote got through unescaped");
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;";
        int count = html.split(Pattern.quote(escaped), -1).length - 1;
        assertEquals(15, count, "title, h1, subtitle, h2, contents entry, paragraph, bullet, callout, key, value, caption, header, cell, pre, figcaption");
    }

    @Test
    void thePageIsSelfContained() {
        String html = new HtmlReport("t").section("a").plot("c", curve()).toHtml();
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html.substring(0, 40));
        assertContains(html, "<meta charset=\"utf-8\">", "<style>", "@media print", "max-width: 1000px");
        assertFalse(html.contains("<script"), "no JavaScript");
        assertFalse(html.contains("<link"), "no linked stylesheet");
        // The only URLs are XML namespace names, which browsers never fetch.
        Matcher url = Pattern.compile("(src|href)=\"(?!#|data:)[^\"]*\"|url\\((?!#)").matcher(html);
        assertFalse(url.find(), () -> "an external reference: " + url.group());
    }

    @Test
    void sectionsGetUniqueAnchorsAndAContentsEntry() {
        String html = new HtmlReport("t").section("Results").section("Results").section("Évaluation & co").section("!!!").toHtml();
        assertContains(html, "<nav class=\"toc\"", "<a href=\"#s-results\">Results</a>", "<a href=\"#s-results-2\">Results</a>",
                "<h2 id=\"s-evaluation-co\">Évaluation &amp; co</h2>", "<h2 id=\"s-section\">!!!</h2>");
        assertFalse(new HtmlReport("t").paragraph("p").toHtml().contains("<nav"), "no contents without sections");
    }

    @Test
    void subtitlesSitUnderTheTitleWhenEverAdded() {
        String html = new HtmlReport("T").section("S").subtitle("data.csv, seed 1").toHtml();
        assertTrue(html.indexOf("data.csv, seed 1") < html.indexOf("<h2 id="), "the subtitle comes before the sections");
        assertTrue(html.indexOf("data.csv, seed 1") > html.indexOf("<h1>T</h1>"));
    }

    @Test
    void tablesFormatNumbersAlignThemAndHighlightARow() {
        String html = new HtmlReport("t").table("Scores", List.of("model", "accuracy", "n"),
                List.of(List.of("logistic", 0.9533333, 150), Arrays.asList("tree", null, 3)), 1).toHtml();
        assertContains(html, "<caption>Scores</caption>", "<th scope=\"col\">model</th><th scope=\"col\" class=\"num\">accuracy</th>",
                "<tr><td>logistic</td><td class=\"num\">0.9533</td><td class=\"num\">150</td></tr>",
                "<tr class=\"highlight\"><td>tree</td><td class=\"num\">—</td><td class=\"num\">3</td></tr>");
        String plain = new HtmlReport("t").table(List.of("a"), List.of(List.of("x"))).toHtml();
        assertFalse(plain.contains("<caption>") || plain.contains("highlight\">"), "no caption, no highlighted row");
    }

    @Test
    void keyValuesKeepTheMapsOrder() {
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("zeta", 1);
        kv.put("alpha", 0.123456);
        kv.put("none", null);
        String html = new HtmlReport("t").keyValues(kv).toHtml();
        assertContains(html, "<tr><th scope=\"row\">zeta</th><td class=\"num\">1</td></tr>\n<tr><th scope=\"row\">alpha</th><td class=\"num\">0.1235</td></tr>\n"
                + "<tr><th scope=\"row\">none</th><td>—</td></tr>");
    }

    @Test
    void calloutsBulletsAndPreformattedText() {
        String html = new HtmlReport("t").callout(HtmlReport.Level.GOOD, "beats the baseline").callout(HtmlReport.Level.INFO, "chose 5 folds")
                .bullets(List.of("one", "two")).preformatted("  a  b\n  1  2").paragraph("line 1\nline 2").toHtml();
        assertContains(html, "<div class=\"callout good\" role=\"note\"><span class=\"label\">Good:</span>beats the baseline</div>",
                "<div class=\"callout info\" role=\"note\"><span class=\"label\">Note:</span>chose 5 folds</div>",
                "<ul>\n<li>one</li>\n<li>two</li>\n</ul>", "<pre>  a  b\n  1  2</pre>", "<p>line 1<br>\nline 2</p>");
    }

    @Test
    void plotsAreInlineSvgWithTheirOwnIdsAndAltText() {
        String html = new HtmlReport("t").plot("first", curve()).plot("second", curve()).toHtml();
        assertEquals(2, html.split("<svg", -1).length - 1, "two inline SVGs");
        assertContains(html, "role=\"img\" aria-label=\"Learning curve: loss. x axis: epoch (ticks ", "; y axis: loss (ticks 0.",
                "); series: training, validation",
                "<figcaption>first</figcaption>", "style=\"max-width:800px\"");
        assertFalse(html.contains("<?xml") || html.contains("<!DOCTYPE svg"), "no XML prolog inside HTML");
        // Every id once: the clip paths of the two charts must not collide.
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
        int n = 0;
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "id " + m.group(1) + " appears twice");
            n++;
        }
        assertTrue(n >= 2, "the charts' clip paths have ids");
        Matcher ref = Pattern.compile("url\\(#([^)]+)\\)").matcher(html);
        while (ref.find()) assertTrue(ids.contains(ref.group(1)), "url(#" + ref.group(1) + ") points at no id");
    }

    @Test
    void aHugeScatterIsEmbeddedAsPng() {
        Random random = new Random(3);
        double[] actual = new double[30_000];
        double[] predicted = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            predicted[i] = random.nextGaussian();
            actual[i] = predicted[i] + random.nextGaussian();
        }
        String html = new HtmlReport("t").plot("big", ResidualPlot.of(actual, predicted)).toHtml();
        assertContains(html, "<img class=\"chart\" src=\"data:image/png;base64,iVBOR", "width=\"800\" height=\"600\"", "alt=\"Residuals vs predicted.");
        assertFalse(html.contains("<svg"));
        assertTrue(html.length() < Figures.MAX_SVG_CHARS, "the PNG is smaller than the SVG limit: " + html.length());
    }

    @Test
    void saveWritesUtf8AtomicallyAndExplainsFailures() throws Exception {
        HtmlReport report = new HtmlReport("Résumé ± R²").paragraph("µ");
        Path file = dir.resolve("sub/report.html");
        report.save(file);
        assertEquals(report.toHtml(), Files.readString(file, StandardCharsets.UTF_8));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        Path blocker = dir.resolve("a-file");
        Files.writeString(blocker, "not a folder");
        var e = assertThrows(UncheckedIOException.class, () -> report.save(blocker.resolve("report.html")));
        assertContains(e.getMessage(), "cannot write report 'Résumé ± R²' to " + blocker.resolve("report.html").toAbsolutePath(), "writable");
    }

    @Test
    void badInputIsExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> new HtmlReport(" "));
        assertContains(e.getMessage(), "a report needs a title");
        HtmlReport r = new HtmlReport("t");
        e = assertThrows(IllegalArgumentException.class, () -> r.table("Scores", List.of("a", "b"), List.of(List.of(1, 2), List.of(3)), -1));
        assertContains(e.getMessage(), "table 'Scores': row 1 has 1 cells but the header has 2 columns [a, b]", "null for a missing value");
        e = assertThrows(IllegalArgumentException.class, () -> r.table(null, List.of("a"), List.of(List.of(1)), 1));
        assertContains(e.getMessage(), "highlightRow 1 is not a row; the table has 1 rows (0..0), and -1 highlights none");
        e = assertThrows(IllegalArgumentException.class, () -> r.table(List.of(), List.of()));
        assertContains(e.getMessage(), "the header is empty");
        e = assertThrows(IllegalArgumentException.class, () -> r.section(""));
        assertContains(e.getMessage(), "a section needs a heading");
        var npe = assertThrows(NullPointerException.class, () -> r.paragraph(null));
        assertContains(npe.getMessage(), "paragraph: the text is null");
        assertEquals("HtmlReport['t', 0 sections, 0 elements, 0 plots]", r.toString(), "failed calls add nothing");
    }
}
