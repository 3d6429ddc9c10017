package dev.fathom.report;

import dev.fathom.plots.Plot;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A plot as markup that needs no other file: inline SVG (vector, sharp in print) or, for charts
 * whose SVG would be too heavy (scatter plots of many thousands of points), a PNG drawn at twice
 * the size for sharp screens, as a {@code data:} URL.
 */
final class Figures {
    private Figures() {}

    /** Above this many characters of SVG a chart is embedded as PNG: a 20,000-point scatter is megabytes of SVG. */
    static final int MAX_SVG_CHARS = 1_500_000;

    /** Decimals beyond the first in coordinates: a tenth of a pixel is invisible, and trimming halves the size. */
    private static final Pattern LONG_DECIMALS = Pattern.compile("(\\d\\.\\d)\\d+");
    private static final Pattern SIZE_ATTRIBUTES = Pattern.compile("\\s(width|height|x|y)=\"[^\"]*\"");

    /**
     * {@code <svg>} markup of {@code plot} for a page: no XML prolog, ids prefixed with
     * {@code idPrefix} so that the clip paths of several charts on one page do not collide,
     * scaled to its container's width, labelled with the plot's title and description.
     */
    static String svg(Plot plot, String idPrefix) {
        var buffer = new ByteArrayOutputStream();
        try {
            plot.writeSvg(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw plot '" + plot.title() + "' as SVG: " + e.getMessage(), e);
        }
        String doc = buffer.toString(StandardCharsets.UTF_8);
        int root = doc.indexOf("<svg");
        int rootEnd = root < 0 ? -1 : doc.indexOf('>', root);
        if (rootEnd < 0) throw new IllegalStateException("the SVG of plot '" + plot.title() + "' has no <svg> element");
        // The root's own width and height would fix the size; the viewBox keeps the aspect ratio instead.
        String open = SIZE_ATTRIBUTES.matcher(doc.substring(root, rootEnd)).replaceAll("");
        String body = doc.substring(rootEnd + 1);
        // <title> and <desc> keep their digits (an AUC of 0.944 stays 0.944); only the drawing is trimmed.
        int drawing = body.indexOf("</desc>");
        drawing = drawing < 0 ? 0 : drawing + "</desc>".length();
        String rest = LONG_DECIMALS.matcher(body.substring(drawing)).replaceAll("$1");
        rest = rest.replace("id=\"", "id=\"" + idPrefix).replace("url(#", "url(#" + idPrefix).replace("href=\"#", "href=\"#" + idPrefix);
        return open + " role=\"img\" aria-label=\"" + Html.escape(label(plot)) + "\" class=\"chart\" style=\"max-width:"
                + plot.width() + "px\">" + body.substring(0, drawing) + rest;
    }

    /** {@code <img>} markup of {@code plot} as a PNG {@code data:} URL, drawn at twice its size and shown at its size. */
    static String png(Plot plot) {
        int w = plot.width();
        int h = plot.height();
        BufferedImage image = new BufferedImage(2 * w, 2 * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.scale(2, 2);
            plot.chart().paint(g, w, h);
        } finally {
            g.dispose();
        }
        var bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer in this Java runtime");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw plot '" + plot.title() + "' as PNG: " + e.getMessage(), e);
        }
        return "<img class=\"chart\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray())
                + "\" width=\"" + w + "\" height=\"" + h + "\" style=\"max-width:" + w + "px\" alt=\"" + Html.escape(label(plot)) + "\">";
    }

    /** The chart as inline SVG, or as PNG when its SVG exceeds {@link #MAX_SVG_CHARS}. */
    static String embed(Plot plot, String idPrefix) {
        String svg = svg(plot, idPrefix);
        return svg.length() <= MAX_SVG_CHARS ? svg : png(plot);
    }

    /** Alt text: the title, then the axes and series in words. */
    static String label(Plot plot) {
        String title = plot.title() == null ? "" : plot.title();
        String description = plot.description();
        return description.isEmpty() ? title : title.isEmpty() ? description : title + ". " + description;
    }
}
