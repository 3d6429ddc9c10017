package dev.fathom.plots;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads written plots back: PNG through ImageIO, SVG through the JDK's XML parser. */
final class PlotFiles {
    private PlotFiles() {}

    /** The PNG at {@code file}, checked to be {@code width} x {@code height} and to hold a drawing, not a blank page. */
    static BufferedImage png(Path file, int width, int height) throws Exception {
        assertTrue(Files.size(file) > 1000, file + " is " + Files.size(file) + " bytes");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not a readable PNG");
        assertEquals(width, image.getWidth(), "width of " + file);
        assertEquals(height, image.getHeight(), "height of " + file);
        long drawn = 0;
        for (int y = 0; y < height; y += 2) for (int x = 0; x < width; x += 2) if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) drawn++;
        assertTrue(drawn > width * height / 400, "only " + drawn + " sampled pixels are not white in " + file);
        return image;
    }

    /** The SVG at {@code file} parsed as XML; checks its root, size, that it draws shapes and that its title or description holds each of {@code texts}. */
    static Document svg(Path file, int width, int height, String... texts) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // No network: the document must parse without fetching a DTD.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertTrue(doc.getDocumentElement().getAttribute("width").startsWith(Integer.toString(width)),
                "width " + doc.getDocumentElement().getAttribute("width"));
        assertTrue(doc.getDocumentElement().getAttribute("height").startsWith(Integer.toString(height)),
                "height " + doc.getDocumentElement().getAttribute("height"));
        // Text is drawn as outlines: the words are in the <title> and <desc> elements.
        StringBuilder all = new StringBuilder();
        for (String tag : new String[] {"title", "desc"}) {
            NodeList nodes = doc.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < nodes.getLength(); i++) all.append(nodes.item(i).getTextContent()).append('\n');
        }
        assertTrue(doc.getElementsByTagNameNS("*", "path").getLength() > 10, "the SVG holds too few shapes to be a chart");
        for (String t : texts) assertTrue(all.toString().contains(t), "SVG text lacks '" + t + "':\n" + all);
        return doc;
    }
}
