package dev.fathom.serve;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small fitted pipelines for the server tests: a mixed-table classifier, a regressor, an image classifier. */
final class Fixtures {
    private Fixtures() {}

    /** Rows whose class is "big" when x1 + x2 is large, with a colour that also matters. */
    static Table mixedTable() {
        int n = 60;
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        String[] colour = new String[n];
        String[] label = new String[n];
        double[] amount = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = (i * 7 % 13) - 6;
            x2[i] = (i * 5 % 11) - 5;
            colour[i] = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
            double score = x1[i] + x2[i] + (colour[i].equals("red") ? 3 : 0);
            label[i] = score > 0 ? "big" : "small";
            amount[i] = 2 * x1[i] - x2[i] + 1;
        }
        return Table.of(NumericColumn.of("x1", x1), NumericColumn.of("x2", x2),
                CategoricalColumn.of("colour", colour), CategoricalColumn.of("label", label),
                NumericColumn.of("amount", amount));
    }

    /** One record of {@link #mixedTable}'s inputs, as a client sends it (mutable, to add fields). */
    static Map<String, Object> record(double x1, double x2, String colour) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("x1", x1);
        r.put("x2", x2);
        r.put("colour", colour);
        return r;
    }

    static Preprocessor preprocessor() {
        return Preprocessor.builder()
                .numeric(List.of("x1", "x2"), new StandardScaler())
                .categorical(List.of("colour"), new OneHotEncoder())
                .build();
    }

    static Pipeline classifier() {
        return Pipeline.fit(mixedTable().drop("amount"), "label", preprocessor(), new LogisticRegression())
                .withMetadata(Map.of("dataset", "mixed"));
    }

    /** Like {@link #classifier} with every label swapped: it answers "small" where that one says "big". */
    static Pipeline flippedClassifier() {
        Table t = mixedTable().drop("amount");
        String[] flipped = new String[t.rowCount()];
        for (int i = 0; i < flipped.length; i++) flipped[i] = t.column("label").text(i).equals("big") ? "small" : "big";
        Table swapped = t.drop("label").with(CategoricalColumn.of("label", flipped));
        return Pipeline.fit(swapped, "label", preprocessor(), new LogisticRegression());
    }

    /** Like {@link #classifier} on the two numeric inputs alone: its records can be read as rows. */
    static Pipeline numericClassifier() {
        return Pipeline.fit(mixedTable().drop("amount").drop("colour"), "label",
                Preprocessor.builder().numeric(List.of("x1", "x2"), new StandardScaler()).build(), new LogisticRegression());
    }

    static Pipeline regressor() {
        return Pipeline.fit(mixedTable().drop("label"), "amount", preprocessor(), new LinearRegression());
    }

    /** 1×4×4 images, "dark" (pixels 0..60) or "light" (190..250), stored as 0..255 and trained on /255. */
    static Pipeline images() {
        int n = 40;
        float[] pixels = new float[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 16; j++) pixels[i * 16 + j] = (labels[i] == 0 ? 0 : 190) + (i * 3 + j * 7) % 61;
        }
        Tensor x = Tensor.of(pixels, n, 1, 4, 4).mul(1 / 255.0);
        NetworkClassifier net = new NetworkClassifier(
                () -> new Sequential(new Flatten(), new Dense(2)).seed(1).build(1, 4, 4)
                        .compile(new Adam(0.05), new SparseCategoricalCrossentropy(true)),
                Fit.epochs(30).batchSize(8).seed(2).silent());
        net.fit(x, Tensor.of(labels, n));
        // A mutable list: Pipeline.forImages (s-pipe 80f77f5) calls classes.contains(null), which List.of refuses.
        return Pipeline.forImages(1, 4, 4, 1 / 255.0, java.util.Arrays.asList("dark", "light"), net);
    }
}
