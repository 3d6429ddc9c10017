package dev.fathom.datasets;

import dev.fathom.data.Names;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The data sets Fathom knows by name: small tabular ones bundled in the jar (iris, wine,
 * breast_cancer, digits, diabetes, sunspots), loaded by {@link #load(String)}, and image ones found
 * on this machine or downloaded (mnist, fashion_mnist), loaded by {@link #loadImages(String)}.
 * Names ignore case, and {@code -} or a space may stand for {@code _}.
 *
 * <pre>{@code
 * Datasets.names();                                   // [iris, wine, breast_cancer, digits, diabetes, sunspots, mnist, fashion_mnist]
 * TabularDataset wine = Datasets.load("wine");
 * Tensor x = wine.features();                         // float32 [178, 13]
 * Tensor y = wine.labels();                           // int32 [178]
 * wine.referenceScores().forEach(System.out::println);
 * ImageDataset fashion = Datasets.loadImages("fashion-mnist");
 * }</pre>
 *
 * <p>The bundled files, their origins and licenses are listed in the package documentation
 * ({@code dev.fathom.datasets}).
 */
public final class Datasets {
    private static final Map<String, Builtins.Spec> TABULAR = new LinkedHashMap<>();
    private static final Map<String, Supplier<ImageDataset>> IMAGES = new LinkedHashMap<>();

    static {
        for (Builtins.Spec s : Builtins.ALL) TABULAR.put(s.name(), s);
        IMAGES.put("mnist", Mnist::load);
        IMAGES.put("fashion_mnist", FashionMnist::load);
    }

    private Datasets() {}

    /** Every name, tabular ones first, in a fixed order. */
    public static List<String> names() {
        List<String> all = new ArrayList<>(TABULAR.keySet());
        all.addAll(IMAGES.keySet());
        return List.copyOf(all);
    }

    /** The names of the tabular data sets bundled in the jar, for {@link #load(String)}. */
    public static List<String> tabularNames() {
        return List.copyOf(TABULAR.keySet());
    }

    /** The names of the image data sets, for {@link #loadImages(String)}. */
    public static List<String> imageNames() {
        return List.copyOf(IMAGES.keySet());
    }

    /**
     * Loads a built-in tabular data set from the jar. Each call reads the file again and returns a
     * new data set: about 1 ms for iris, 50 ms for digits (1,797 rows of 64 pixels, gzip-compressed).
     *
     * @param name one of {@link #tabularNames()}, e.g. {@code "iris"} or {@code "breast-cancer"}
     * @throws IllegalArgumentException for an unknown name, listing the names and suggesting the
     *     closest one, or for an image data set's name, saying to call {@link #loadImages(String)}
     * @throws DatasetException when the bundled file is missing or damaged
     */
    public static TabularDataset load(String name) {
        String key = normalize(name);
        Builtins.Spec spec = TABULAR.get(key);
        if (spec != null) return Builtins.load(spec);
        if (IMAGES.containsKey(key)) {
            throw new IllegalArgumentException("Datasets.load: '" + name + "' is an image data set; load it with"
                    + " Datasets.loadImages(\"" + key + "\"), which returns an ImageDataset");
        }
        throw unknown("load", name, key);
    }

    /**
     * Loads an image data set: its files are found on this machine or downloaded and verified, as
     * {@link DatasetLocator#defaults()} says (see {@link Mnist} and {@link FashionMnist}).
     *
     * @param name one of {@link #imageNames()}: {@code "mnist"} or {@code "fashion_mnist"}
     * @throws IllegalArgumentException for an unknown name, listing the names and suggesting the
     *     closest, or for a tabular data set's name, saying to call {@link #load(String)}
     * @throws DatasetException when the files cannot be found or fetched, or one is corrupt
     */
    public static ImageDataset loadImages(String name) {
        String key = normalize(name);
        Supplier<ImageDataset> loader = IMAGES.get(key);
        if (loader != null) return loader.get();
        if (TABULAR.containsKey(key)) {
            throw new IllegalArgumentException("Datasets.loadImages: '" + name + "' is a tabular data set; load it with"
                    + " Datasets.load(\"" + key + "\"), which returns a TabularDataset");
        }
        throw unknown("loadImages", name, key);
    }

    private static IllegalArgumentException unknown(String method, String name, String key) {
        String near = closest(key, names());
        return new IllegalArgumentException("Datasets." + method + ": no data set named '" + name + "'"
                + (near != null ? "; did you mean '" + near + "'?" : ".") + " The data sets are " + names());
    }

    /** Lower case, with '-' and spaces as '_': "Breast-Cancer" finds "breast_cancer". */
    private static String normalize(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Datasets: a data set name must not be blank; the data sets are " + names());
        }
        return name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    /** The candidate within a few edits of {@code key}, or null when none is close enough to help. */
    private static String closest(String key, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            // A prefix ("breast", "fashion") is as good a hint as a typo.
            int d = c.startsWith(key) || key.startsWith(c) ? 1 : Names.distance(key, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }
}
