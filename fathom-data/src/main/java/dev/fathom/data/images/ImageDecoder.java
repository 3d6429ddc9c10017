package dev.fathom.data.images;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes one image file with {@code javax.imageio} into channel planes of floats in 0..255, in
 * the colour mode asked for, resized when asked.
 */
final class ImageDecoder {
    /** The extensions taken as images, as Keras' {@code image_dataset_from_directory} (compared ignoring case). */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** One decoded image: {@code channels} planes of {@code height × width}, row-major, one after the other. */
    record Planes(int height, int width, float[] values) {}

    private ImageDecoder() {}

    /** Whether the file name has an image extension. */
    static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Reads {@code file} as {@code mode}'s channels, resized to {@code height × width} unless
     * those are 0.
     *
     * @throws IllegalArgumentException naming the file when no decoder recognizes it or it is corrupt or truncated
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    static Planes decode(Path file, ColorMode mode, int height, int width, Interpolation interpolation) {
        BufferedImage image = read(file);
        Planes p = planes(image, mode);
        if (height == 0 || (height == p.height && width == p.width)) return p;
        int c = mode.channels();
        float[] out = new float[c * height * width];
        for (int ch = 0; ch < c; ch++) {
            Sampler.resize(p.values, ch * p.height * p.width, p.height, p.width, out, ch * height * width, height, width,
                    interpolation);
        }
        return new Planes(height, width, out);
    }

    /** The decoded image; every failure names the file. */
    static BufferedImage read(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("javax.imageio cannot open it");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException(file + ": not a PNG, JPEG, BMP or GIF image: no decoder recognizes its"
                        + " first bytes " + preview(file) + "; delete the file or move it out of the folder");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            // A truncated JPEG decodes with only a warning and a grey bottom; such an image is corrupt data.
            reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IllegalArgumentException(file + ": corrupt " + format(reader) + " image: " + warnings.getFirst()
                            + "; re-save or delete the file");
                }
                return image;
            } catch (IIOException | RuntimeException e) {
                if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                        && iae.getMessage() != null && iae.getMessage().startsWith(file.toString())) {
                    throw iae;
                }
                throw new IllegalArgumentException(file + ": corrupt or truncated " + format(reader) + " image ("
                        + e.getMessage() + "); re-save or delete the file", e);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /** The image's pixels as {@code mode}'s channel planes in 0..255. */
    static Planes planes(BufferedImage image, ColorMode mode) {
        int h = image.getHeight();
        int w = image.getWidth();
        int n = h * w;
        float[] out = new float[mode.channels() * n];
        ColorModel cm = image.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            // Read grey samples as stored: getRGB would pass them through a linear-grey to sRGB conversion and brighten them.
            Raster r = image.getRaster();
            float[] grey = scaled(r.getSamples(0, 0, w, h, 0, (int[]) null), cm.getComponentSize(0));
            float[] alpha = cm.hasAlpha()
                    ? scaled(r.getSamples(0, 0, w, h, r.getNumBands() - 1, (int[]) null), cm.getComponentSize(r.getNumBands() - 1))
                    : null;
            int colours = mode == ColorMode.GRAYSCALE ? 1 : 3;
            for (int ch = 0; ch < colours; ch++) System.arraycopy(grey, 0, out, ch * n, n);
            if (mode == ColorMode.RGBA) {
                if (alpha != null) System.arraycopy(alpha, 0, out, 3 * n, n);
                else java.util.Arrays.fill(out, 3 * n, 4 * n, 255f);
            }
            return new Planes(h, w, out);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            int red = (p >> 16) & 0xFF;
            int green = (p >> 8) & 0xFF;
            int blue = p & 0xFF;
            switch (mode) {
                case GRAYSCALE -> out[i] = (float) (0.299 * red + 0.587 * green + 0.114 * blue);
                case RGB, RGBA -> {
                    out[i] = red;
                    out[n + i] = green;
                    out[2 * n + i] = blue;
                    if (mode == ColorMode.RGBA) out[3 * n + i] = (p >>> 24) & 0xFF;
                }
            }
        }
        return new Planes(h, w, out);
    }

    /** Samples of {@code bits} bits as 0..255 (a 16-bit PNG's 65535 becomes 255). */
    private static float[] scaled(int[] samples, int bits) {
        float[] out = new float[samples.length];
        double scale = 255.0 / ((1L << bits) - 1);
        for (int i = 0; i < samples.length; i++) out[i] = bits == 8 ? samples[i] : (float) (samples[i] * scale);
        return out;
    }

    private static String format(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    /** The first bytes of the file as printable text, e.g. {@code "hello, wo"}, to show what it really is. */
    private static String preview(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(12);
            if (b.length == 0) return "(the file is empty)";
            StringBuilder sb = new StringBuilder("'");
            for (byte x : b) sb.append(x >= 32 && x < 127 ? (char) x : '.');
            return sb.append("'").toString();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
