package dev.fathom.pipeline;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.split.Split;
import dev.fathom.data.split.Splits;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training rows' fingerprint: saved with the pipeline, and it counts the rows of new data that were trained on. */
class TrainingRowsTest {
    @TempDir
    Path dir;

    /** The rows of {@code table} as lists of their feature values, to count overlaps without the fingerprint. */
    private static List<List<Object>> tuples(Table table, List<String> columns) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (String c : columns) row.add(table.column(c).text(r));
            out.add(row);
        }
        return out;
    }

    @Test
    void irisScoredOnAllRowsSaysHowManyWereTrainedOn() {
        TabularDataset iris = Datasets.load("iris");
        Table table = iris.table();
        Split split = Splits.trainTest(table, 0.2, 42);
        Table train = table.rows(split.trainIndices());
        Pipeline p = Pipeline.fit(train, iris.targetName(), Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler()).build(),
                new KNeighborsClassifier(5));
        Path file = dir.resolve("iris.pipeline");
        p.save(file);
        assertTrue(ZipEntries.read(file).containsKey(TrainingRows.ENTRY), "the fingerprint is an entry of its own");
        Pipeline back = Pipeline.load(file);
        TrainingRows rows = back.trainingRows().orElseThrow();
        assertEquals(120, rows.rows());
        assertTrue(rows.complete());

        // iris holds a few identical rows: one in the test split that equals a training row was trained on, too
        Set<List<Object>> trained = new HashSet<>(tuples(train, iris.featureNames()));
        long expected = tuples(table, iris.featureNames()).stream().filter(trained::contains).count();
        assertTrue(expected >= 120, "every training row is in iris: " + expected);
        TrainingRows.Overlap all = back.trainingOverlap(table).orElseThrow();
        assertEquals(new TrainingRows.Overlap(150, (int) expected, false), all);
        assertEquals(expected + " of 150 rows (" + Math.round(100.0 * expected / 150) + "%) were used to train this model; the score is"
                + " optimistic — evaluate on held-out data", all.warning("rows"));

        Table test = table.rows(split.testIndices());
        long testSeen = tuples(test, iris.featureNames()).stream().filter(trained::contains).count();
        assertEquals(testSeen, back.trainingOverlap(test).orElseThrow().seen(), "only duplicates of training rows count");
        assertEquals("1 of 3 images (33%) was used to train this model; the score is optimistic — evaluate on held-out data",
                new TrainingRows.Overlap(3, 1, false).warning("images"));
    }

    @Test
    void aPipelineMadeWithoutTrainingRowsHasNoFingerprintAndCountsNothing() {
        TabularDataset iris = Datasets.load("iris");
        Table features = iris.table().drop(iris.targetName());
        Preprocessor prep = Preprocessor.builder().numeric(iris.featureNames()).build().fit(features);
        var labels = new dev.fathom.data.preprocessing.LabelEncoder().fit(iris.table().column(iris.targetName()));
        Pipeline p = Pipeline.of(features, iris.targetName(), prep, labels,
                new DummyClassifier().fit(prep.transformToTensor(features), labels.transform(iris.table().column(iris.targetName()))));
        assertTrue(p.trainingRows().isEmpty());
        assertTrue(p.trainingOverlap(iris.table()).isEmpty());
        assertTrue(p.withTrainingRows(features).withMetadata(java.util.Map.of("a", 1)).trainingRows().isPresent(),
                "metadata copies keep the fingerprint");
    }

    @Test
    void anImagePipelineRemembersItsTrainingImages() {
        dev.fathom.tensor.Generator g = new dev.fathom.tensor.Generator(7);
        dev.fathom.tensor.Tensor images = dev.fathom.tensor.Tensor.rand(g, 12, 1, 4, 4);
        dev.fathom.tensor.Tensor labels = dev.fathom.tensor.Tensor.of(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 12);
        var net = new dev.fathom.estimators.NetworkClassifier(() -> new dev.fathom.models.Sequential(new dev.fathom.layers.Flatten(),
                new dev.fathom.layers.Dense(2)).seed(1).build(1, 4, 4).compile(new dev.fathom.optimizers.Adam(0.01),
                new dev.fathom.losses.SparseCategoricalCrossentropy(true)), dev.fathom.models.Fit.epochs(1).batchSize(4).silent());
        int[] first = {0, 1, 2, 3, 4, 5, 6, 7};
        dev.fathom.tensor.Tensor trained = images.indexSelect(0, dev.fathom.tensor.Tensor.of(first, 8));
        net.fit(trained, labels.indexSelect(0, dev.fathom.tensor.Tensor.of(first, 8)));
        Pipeline p = Pipeline.forImages(1, 4, 4, 1 / 255.0, List.of("a", "b"), net).withTrainingImages(trained);
        Path file = dir.resolve("images.pipeline");
        p.save(file);
        TrainingRows.Overlap o = Pipeline.load(file).trainingOverlapImages(images).orElseThrow();
        assertEquals(new TrainingRows.Overlap(12, 8, false), o);
        assertEquals("8 of 12 images (67%) were used to train this model; the score is optimistic — evaluate on held-out data",
                o.warning("images"));
        var e = assertThrows(IllegalStateException.class, () -> p.withTrainingRows(Table.of(NumericColumn.of("a", 1))));
        assertEquals("withTrainingRows: this pipeline takes images; use withTrainingImages(images)", e.getMessage());
    }

    @Test
    void beyondTheLimitASampleOfHashesEstimatesTheShare() {
        int n = 3 * TrainingRows.MAX_HASHES;
        double[] a = new double[2 * n];
        String[] c = new String[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            a[i] = i * 0.5;
            c[i] = "c" + (i % 7);
        }
        Table all = Table.of(NumericColumn.of("a", a), CategoricalColumn.of("c", c));
        int[] first = java.util.stream.IntStream.range(0, n).toArray();
        TrainingRows rows = TrainingRows.ofTable(all.rows(first), List.of("a", "c"));
        assertFalse(rows.complete());
        assertEquals(16 + 8 * TrainingRows.MAX_HASHES, rows.toBytes().length, "at most 128 KiB in the file");
        TrainingRows.Overlap o = rows.overlapTable(all, List.of("a", "c"));
        assertTrue(o.estimated());
        assertEquals(n, o.seen(), n / 25.0, "half the rows were trained on: " + o);
        assertTrue(o.warning("rows").startsWith("about "), o.warning("rows"));
        assertTrue(o.warning("rows").contains("(estimated from a sample of its training rows)"), o.warning("rows"));
        // the file form reads back to the same counts
        assertEquals(o, TrainingRows.fromBytes(rows.toBytes()).overlapTable(all, List.of("a", "c")));
    }

    @Test
    void aDamagedFingerprintIsRefusedWithWhatIsWrong() {
        Table t = Table.of(NumericColumn.of("a", 3, 1, 2));
        byte[] bytes = TrainingRows.ofTable(t, List.of("a")).toBytes();
        byte[] shuffled = bytes.clone();
        System.arraycopy(bytes, 16, shuffled, 24, 8);
        System.arraycopy(bytes, 24, shuffled, 16, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingRows.fromBytes(shuffled));
        assertEquals("training-rows.bin is damaged: hash 1 is not above the one before it", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingRows.fromBytes(java.util.Arrays.copyOf(bytes, 20)));
        assertEquals("training-rows.bin is damaged: header (rows 3, complete 1, hashes 3) does not fit its 20 bytes or the limit of 16384"
                + " hashes", e.getMessage());
    }
}
