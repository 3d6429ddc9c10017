package dev.fathom.data.images;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small test images with {@code javax.imageio} into a temporary folder, from formulas the
 * tests (and {@code make_golden_images.py}) can recompute, so no binary fixture is committed.
 */
final class TestImages {
    private TestImages() {}

    /** The channel value the formula gives at (channel, row, column): what the Python script uses too. */
    static int value(int c, int y, int x) {
        return (37 * y + 11 * x + 71 * c + 5 * x * y) % 256;
    }

    /** An RGB image of {@link #value} plus {@code shift} in every channel (mod 256). */
    static BufferedImage rgb(int h, int w, int shift) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (value(0, y, x) + shift) & 0xFF;
                int g = (value(1, y, x) + shift) & 0xFF;
                int b = (value(2, y, x) + shift) & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** A grey image holding {@link #value}{@code (0, y, x)} as stored samples. */
    static BufferedImage grey(int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, value(0, y, x));
        return img;
    }

    /** Writes {@code img} as {@code format} ("png", "jpg", "bmp", "gif") to {@code file}, creating folders. */
    static Path write(BufferedImage img, String format, Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) throw new AssertionError("no " + format + " writer for " + img);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} to {@code file}, creating folders. */
    static Path text(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
