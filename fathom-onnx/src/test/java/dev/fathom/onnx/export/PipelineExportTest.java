package dev.fathom.onnx.export;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.DateColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.HandleUnknown;
import dev.fathom.data.preprocessing.MinMaxScaler;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.OrdinalEncoder;
import dev.fathom.data.preprocessing.PixelScaler;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.ensembles.NamedEstimator;
import dev.fathom.ensembles.Voting;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.ensembles.VotingRegressor;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.BinaryCrossentropy;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.StandardizedEstimator;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelines of the built-in data sets (iris, breast cancer, digits, diabetes), a mixed table of
 * numbers, booleans, dates and categories with missing values, and an image pipeline: exported with
 * their preprocessing and run in ONNX Runtime on the raw columns, their labels equal
 * {@code predictColumn}'s and their probabilities (or values) {@code predictProba}'s
 * ({@code predict}'s) to 1e-5 of the largest magnitude.
 */
class PipelineExportTest {

    private static Table sample(Table t, int step) {
        int n = (t.rowCount() + step - 1) / step;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i * step;
        return t.rows(rows);
    }

    @Test
    void irisWithScalerAndLogisticRegression() {
        TabularDataset iris = Datasets.load("iris");
        Table t = iris.table();
        List<String> features = iris.featureNames();
        Preprocessor prep = Preprocessor.builder().numeric(features, new StandardScaler()).build();
        Pipeline p = Pipeline.fit(t, iris.targetName(), prep, new LogisticRegression());
        ModelProto proto = OnnxExport.pipeline(p);
        assertEquals(1, proto.getGraph().getInputCount(), "all-numeric columns: one input");
        assertEquals(4, proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
        assertClassifier(p, proto, t, "iris");
        Map<String, String> meta = metadata(proto);
        assertEquals("[\"setosa\",\"versicolor\",\"virginica\"]", meta.get("fathom.classes"));
        assertTrue(meta.get("fathom.schema").startsWith("[{\"name\":\"sepal length (cm)\",\"type\":\"numeric\"}"), meta.get("fathom.schema"));
        assertEquals("species", meta.get("fathom.target"));
    }

    @Test
    void breastCancerBinaryWithImputerAndStandardizedLogisticRegression() {
        TabularDataset data = Datasets.load("breast_cancer");
        Table t = sample(data.table(), 3);
        Preprocessor prep = Preprocessor.builder().numeric(data.featureNames(), new SimpleImputer(SimpleImputer.Strategy.MEDIAN),
                new MinMaxScaler(-1, 1, true)).build();
        Pipeline p = Pipeline.fit(t, data.targetName(), prep, new StandardizedEstimator(new LogisticRegression()));
        assertClassifier(p, OnnxExport.pipeline(p), sample(data.table(), 2), "breast cancer");
    }

    @Test
    void digitsWithANetwork() {
        TabularDataset digits = Datasets.load("digits");
        Table t = sample(digits.table(), 6);
        int f = digits.featureNames().size();
        Preprocessor prep = Preprocessor.builder().numeric(digits.featureNames(), new PixelScaler(16)).build();
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(16, "relu"), new Dense(10)).seed(1).build(f)
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)), Fit.epochs(5).batchSize(32).silent());
        Pipeline p = Pipeline.fit(t, digits.targetName(), prep, net);
        assertClassifier(p, OnnxExport.pipeline(p), sample(digits.table(), 5), "digits");
    }

    @Test
    void diabetesRegressors() {
        TabularDataset data = Datasets.load("diabetes");
        Table t = data.table();
        List<String> features = data.featureNames();
        Pipeline linear = Pipeline.fit(t, data.targetName(), Preprocessor.builder().numeric(features, new StandardScaler()).build(),
                new LinearRegression().maxEpochs(300));
        assertRegressor(linear, OnnxExport.pipeline(linear), t, "linear regression");
        NetworkRegressor net = new NetworkRegressor(() -> new Sequential(new Dense(8, "relu"), new Dense(1)).seed(2)
                .build(features.size()).compile(new Adam(0.01), new MeanSquaredError()), Fit.epochs(3).batchSize(64).silent());
        Pipeline network = Pipeline.fit(t, data.targetName(), Preprocessor.builder().numeric(features, new MinMaxScaler()).build(), net);
        assertRegressor(network, OnnxExport.pipeline(network), t, "network regressor");
    }

    /** Numbers with gaps, booleans, dates, categories with gaps and an unseen one, a column the model does not read. */
    static Table mixed(int n, long seed, boolean unseen) {
        java.util.Random r = new java.util.Random(seed);
        double[] age = new double[n];
        double[] fare = new double[n];
        Boolean[] alone = new Boolean[n];
        LocalDate[] booked = new LocalDate[n];
        String[] port = new String[n];
        String[] cabin = new String[n];
        String[] id = new String[n];
        String[] survived = new String[n];
        String[] ports = {"C", "Q", "S"};
        for (int i = 0; i < n; i++) {
            age[i] = i % 7 == 3 ? Double.NaN : 5 + r.nextInt(60);
            fare[i] = 5 + 100 * r.nextDouble();
            alone[i] = i % 11 == 5 ? null : r.nextBoolean();
            booked[i] = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(300));
            port[i] = i % 9 == 4 ? null : ports[r.nextInt(3)];
            cabin[i] = unseen && i % 5 == 0 ? "Z" : String.valueOf("ABC".charAt(r.nextInt(3)));
            id[i] = "p" + i;
            survived[i] = (age[i] < 30 || fare[i] > 60) == (port[i] != null && port[i].equals("S")) ? "yes" : "no";
        }
        return Table.of(NumericColumn.of("age", age), NumericColumn.of("fare", fare), BooleanColumn.of("alone", alone),
                DateColumn.of("booked", booked), CategoricalColumn.of("port", port), CategoricalColumn.of("cabin", cabin),
                CategoricalColumn.of("id", id), CategoricalColumn.of("survived", survived));
    }

    @Test
    void aMixedTableTakesOneInputPerColumn() {
        Table train = mixed(80, 1, false);
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("age", "fare", "alone", "booked"), new SimpleImputer(SimpleImputer.Strategy.MEAN), new StandardScaler())
                .categorical(List.of("port"), new SimpleImputer(SimpleImputer.Strategy.MOST_FREQUENT), new OneHotEncoder())
                .categorical(List.of("cabin"), new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1))
                .build();
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(6, "relu"), new Dense(1)).seed(3).build(8)
                .compile(new Adam(0.02), new BinaryCrossentropy(true)), Fit.epochs(5).batchSize(16).silent());
        Pipeline p = Pipeline.fit(train, "survived", prep, net);
        ModelProto proto = OnnxExport.pipeline(p);
        assertEquals(List.of("age", "fare", "alone", "booked", "port", "cabin"),
                proto.getGraph().getInputList().stream().map(i -> i.getName()).toList(), "one input per column; 'id' is dropped");
        assertClassifier(p, proto, mixed(40, 2, true), "mixed table");
    }

    @Test
    void unseenCategoriesAreZerosUnderIgnore() {
        Table train = mixed(60, 3, false);
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("fare"), new StandardScaler())
                .categorical(List.of("cabin", "port"), SimpleImputer.constant("none"), new OneHotEncoder(HandleUnknown.IGNORE))
                .build();
        Pipeline p = Pipeline.fit(train, "survived", prep, new LogisticRegression());
        assertClassifier(p, OnnxExport.pipeline(p), mixed(30, 4, true), "unseen categories");
    }

    @Test
    void passedThroughColumnsFollowTheGroups() {
        TabularDataset iris = Datasets.load("iris");
        List<String> f = iris.featureNames();
        Preprocessor prep = Preprocessor.builder().numeric(f.subList(2, 4), new StandardScaler())
                .remainder(Preprocessor.Remainder.PASSTHROUGH).build();
        Pipeline p = Pipeline.fit(iris.table(), iris.targetName(), prep, new LogisticRegression());
        assertClassifier(p, OnnxExport.pipeline(p), iris.table(), "passthrough");
    }

    @Test
    void aColumnNamedAsAnOutputIsRefused() {
        Table t = mixed(30, 5, false);
        Table renamed = Table.of(t.column("port").rename("label"), t.column("fare"), t.column("survived"));
        Preprocessor prep = Preprocessor.builder().categorical(List.of("label"), new OneHotEncoder())
                .numeric(List.of("fare"), new StandardScaler()).build();
        Pipeline p = Pipeline.fit(renamed.filter(r -> !renamed.column("label").isMissing(r)), "survived", prep,
                new LogisticRegression());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.pipeline(p));
        assertTrue(e.getMessage().contains("column named 'label'") && e.getMessage().contains("rename the column"), e.getMessage());
    }

    @Test
    void imagePipelines() {
        Generator g = new Generator(7);
        Tensor images = Tensor.rand(g, 12, 1, 6, 6);
        Tensor labels = Tensor.of(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, 12);
        NetworkClassifier cnn = new NetworkClassifier(() -> new Sequential(new Conv2D(3, 3, "relu"), new Flatten(), new Dense(3))
                .seed(1).build(1, 6, 6).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)), Fit.epochs(2).batchSize(4).silent());
        cnn.fit(images, labels);
        Pipeline p = Pipeline.forImages(1, 6, 6, 1 / 255.0, List.of("circle", "square", "triangle"), cnn);
        Map<String, Object> out = new OrtRun().floats("images", images).run(OnnxExport.pipeline(p));
        OrtRun.assertClose(p.predictProbaImages(images), (float[]) out.get("probabilities"), "image probabilities");
        int[] best = p.predictImages(images).toIntArray();
        String[] names = new String[best.length];
        for (int i = 0; i < best.length; i++) names[i] = p.classes().get(best[i]);
        assertArrayEquals(names, (String[]) out.get("label"));
    }

    @Test
    void votingEnsemblesAsFathomTrainMakesThem() {
        TabularDataset iris = Datasets.load("iris");
        Table t = iris.table();
        Preprocessor prep = Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler()).build();
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(8, "relu"), new Dense(3)).seed(1).build(4)
                .compile(new Adam(0.02), new SparseCategoricalCrossentropy(true)), Fit.epochs(3).batchSize(32).silent());
        VotingClassifier soft = new VotingClassifier(NamedEstimator.of("lr", new StandardizedEstimator(new LogisticRegression())), NamedEstimator.of("net", net)).voting(Voting.SOFT).weights(2, 1);
        Pipeline p = Pipeline.fit(t, iris.targetName(), prep, soft);
        assertClassifier(p, OnnxExport.pipeline(p), t, "soft vote");
        VotingClassifier hard = new VotingClassifier(NamedEstimator.of("a", new LogisticRegression(0.01)),
                NamedEstimator.of("b", new LogisticRegression()),
                NamedEstimator.of("c", new LogisticRegression(100))).voting(Voting.HARD);
        Pipeline h = Pipeline.fit(t, iris.targetName(), Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler())
                .build(), hard);
        assertClassifier(h, OnnxExport.pipeline(h), t, "hard vote");
        TabularDataset diabetes = Datasets.load("diabetes");
        VotingRegressor avg = new VotingRegressor(NamedEstimator.of("lin", new LinearRegression().maxEpochs(100)),
                NamedEstimator.of("knn", new KNeighborsRegressor(3)), NamedEstimator.of("lin2", new StandardizedEstimator(
                new LinearRegression().maxEpochs(50)))).weights(1, 0, 3);
        Pipeline r = Pipeline.fit(diabetes.table(), diabetes.targetName(), Preprocessor.builder().numeric(diabetes.featureNames(),
                new MinMaxScaler()).build(), avg);
        assertRegressor(r, OnnxExport.pipeline(r), diabetes.table(), "weighted average (a k-NN member of weight 0 left out)");
        VotingClassifier withKnn = new VotingClassifier(NamedEstimator.of("lr", new LogisticRegression()),
                NamedEstimator.of("knn", new KNeighborsClassifier(3)));
        Pipeline k = Pipeline.fit(t, iris.targetName(), Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler())
                .build(), withKnn);
        assertClassifier(k, OnnxExport.pipeline(k), t, "vote with a k-NN member");
        VotingClassifier withDummy = new VotingClassifier(NamedEstimator.of("lr", new LogisticRegression()),
                NamedEstimator.of("floor", new DummyClassifier()));
        Pipeline d = Pipeline.fit(t, iris.targetName(), Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler())
                .build(), withDummy);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.pipeline(d));
        assertTrue(e.getMessage().startsWith("member 'floor' of VotingClassifier") && e.getMessage().contains("DummyClassifier"),
                e.getMessage());
    }

    @Test
    void estimatorsOnnxCannotSayAreRefusedByName() {
        TabularDataset iris = Datasets.load("iris");
        Preprocessor prep = Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler()).build();
        Pipeline p = Pipeline.fit(iris.table(), iris.targetName(), prep, new DummyClassifier());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.pipeline(p));
        assertTrue(e.getMessage().contains("DummyClassifier") && e.getMessage().contains("baseline"), e.getMessage());
    }

    // ---- running and comparing -------------------------------------------------------------------

    static void assertClassifier(Pipeline p, ModelProto proto, Table data, String what) {
        Map<String, Object> out = feed(p, proto, data).run(proto);
        OrtRun.assertClose(p.predictProba(data), (float[]) out.get("probabilities"), what + " probabilities");
        Column expected = p.predictColumn(data);
        String[] labels = new String[expected.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = expected.text(i);
        assertArrayEquals(labels, (String[]) out.get("label"), what + " labels");
    }

    static void assertRegressor(Pipeline p, ModelProto proto, Table data, String what) {
        Map<String, Object> out = feed(p, proto, data).run(proto);
        OrtRun.assertClose(p.predict(data), (float[]) out.get("prediction"), what);
    }

    /** The raw columns as the file takes them: one float matrix when all are numeric, else one input per column. */
    static OrtRun feed(Pipeline p, ModelProto proto, Table data) {
        OrtRun run = new OrtRun();
        List<String> names = p.inputs().stream().map(c -> c.name()).toList();
        int n = data.rowCount();
        if (proto.getGraph().getInputCount() == 1 && proto.getGraph().getInput(0).getName().equals("input")) {
            float[] v = new float[n * names.size()];
            for (int j = 0; j < names.size(); j++) {
                float[] col = numbers(data.column(names.get(j)));
                for (int i = 0; i < n; i++) v[i * names.size() + j] = col[i];
            }
            return run.floats("input", Tensor.of(v, n, names.size()));
        }
        for (String name : names) {
            Column c = data.column(name);
            if (c instanceof CategoricalColumn) {
                String[] s = new String[n];
                for (int i = 0; i < n; i++) s[i] = c.text(i);
                run.strings(name, s);
            } else {
                run.floats(name, Tensor.of(numbers(c), n, 1));
            }
        }
        return run;
    }

    private static float[] numbers(Column c) {
        float[] out = new float[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) switch (c) {
                case NumericColumn num -> num.get(i);
                case BooleanColumn b -> b.asDouble(i);
                case DateColumn d -> d.asDouble(i);
                default -> throw new IllegalStateException();
            };
        }
        return out;
    }

    private static Map<String, String> metadata(ModelProto proto) {
        Map<String, String> m = new LinkedHashMap<>();
        proto.getMetadataPropsList().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }
}
