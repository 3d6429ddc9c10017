package dev.fathom.onnx.export;

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.ensembles.BaggingClassifier;
import dev.fathom.ensembles.BaggingRegressor;
import dev.fathom.ensembles.NamedEstimator;
import dev.fathom.ensembles.StackingClassifier;
import dev.fathom.ensembles.StackingRegressor;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.Ridge;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import dev.fathom.trees.DecisionTreeClassifier;
import dev.fathom.trees.DecisionTreeRegressor;
import dev.fathom.trees.ExtraTreesClassifier;
import dev.fathom.trees.ExtraTreesRegressor;
import dev.fathom.trees.HistGradientBoostingClassifier;
import dev.fathom.trees.HistGradientBoostingRegressor;
import dev.fathom.trees.RandomForestClassifier;
import dev.fathom.trees.RandomForestRegressor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree estimators and ridge regression in pipelines of the built-in data sets, exported as
 * ONNX-ML tree ensembles (and a MatMul for ridge) and run in ONNX Runtime: labels equal
 * {@code predictColumn}'s, probabilities {@code predictProba}'s and values {@code predict}'s to 1e-5
 * of the largest magnitude; missing values in histogram boosting go where Fathom sends them.
 */
class TreeExportTest {

    private static Preprocessor imputed(List<String> features) {
        // Trees take raw features; the imputer leaves present values as they are, so ONNX Runtime sees Fathom's floats.
        return Preprocessor.builder().numeric(features, new SimpleImputer(SimpleImputer.Strategy.MEDIAN)).build();
    }

    @Test
    void cartClassifiersOnIris() {
        TabularDataset iris = Datasets.load("iris");
        Table t = iris.table();
        for (Estimator e : List.<Estimator>of(new DecisionTreeClassifier().maxDepth(4), new RandomForestClassifier().trees(12).seed(1),
                new ExtraTreesClassifier().trees(12).seed(2))) {
            Pipeline p = Pipeline.fit(t, iris.targetName(), imputed(iris.featureNames()), e);
            ModelProto proto = OnnxExport.pipeline(p);
            assertTrue(proto.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("TreeEnsembleClassifier")
                    && n.getDomain().equals("ai.onnx.ml")), "a TreeEnsembleClassifier");
            PipelineExportTest.assertClassifier(p, proto, t, e.toString());
        }
    }

    @Test
    void binaryForestAndBoostingOnBreastCancer() {
        TabularDataset data = Datasets.load("breast_cancer");
        Table t = data.table();
        for (Estimator e : List.<Estimator>of(new RandomForestClassifier().trees(8).maxDepth(6).seed(3),
                new HistGradientBoostingClassifier().maxIter(15).seed(4))) {
            Pipeline p = Pipeline.fit(t, data.targetName(), imputed(data.featureNames()), e);
            PipelineExportTest.assertClassifier(p, OnnxExport.pipeline(p), t, e.toString());
        }
    }

    @Test
    void multiclassBoostingOnIrisAfterAScaler() {
        TabularDataset iris = Datasets.load("iris");
        Table t = iris.table();
        HistGradientBoostingClassifier hgb = new HistGradientBoostingClassifier().maxIter(12).maxLeafNodes(8).seed(5);
        Pipeline p = Pipeline.fit(t, iris.targetName(), imputed(iris.featureNames()), hgb);
        PipelineExportTest.assertClassifier(p, OnnxExport.pipeline(p), t, "boosting, three classes");
    }

    @Test
    void regressorsOnDiabetes() {
        TabularDataset data = Datasets.load("diabetes");
        Table t = data.table();
        for (Estimator e : List.<Estimator>of(new DecisionTreeRegressor().maxDepth(6), new RandomForestRegressor().trees(8).seed(6),
                new ExtraTreesRegressor().trees(8).maxDepth(8).seed(7), new HistGradientBoostingRegressor().maxIter(20).seed(8))) {
            Pipeline p = Pipeline.fit(t, data.targetName(), imputed(data.featureNames()), e);
            PipelineExportTest.assertRegressor(p, OnnxExport.pipeline(p), t, e.toString());
        }
        Pipeline ridge = Pipeline.fit(t, data.targetName(), Preprocessor.builder().numeric(data.featureNames(), new StandardScaler())
                .build(), new Ridge(0.5));
        PipelineExportTest.assertRegressor(ridge, OnnxExport.pipeline(ridge), t, "ridge");
    }

    @Test
    void baggingOfTreesOnFeatureSubsetsAndOfRidge() {
        TabularDataset iris = Datasets.load("iris");
        // The last class made rare (4 rows of 104): members on small bootstrap samples miss it; their column is padded with zeros.
        var species = iris.table().column(iris.targetName());
        int[] seen = {0};
        Table rare = iris.table().filter(r -> !species.text(r).equals("virginica") || seen[0]++ < 4);
        BaggingClassifier bag = new BaggingClassifier(() -> new DecisionTreeClassifier().maxDepth(3), 6).maxSamples(0.1)
                .maxFeatures(0.5).seed(12);
        Pipeline p = Pipeline.fit(rare, iris.targetName(), imputed(iris.featureNames()), bag);
        ModelProto proto = OnnxExport.pipeline(p);
        assertTrue(bag.estimators().stream().anyMatch(m -> m.classCount() < 3)
                && proto.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Pad")), "a member without the last class");
        PipelineExportTest.assertClassifier(p, proto, iris.table(), "bagged trees");
        TabularDataset diabetes = Datasets.load("diabetes");
        BaggingRegressor ridges = new BaggingRegressor(() -> new Ridge(1.0), 4).maxFeatures(0.7).seed(13);
        Pipeline r = Pipeline.fit(diabetes.table(), diabetes.targetName(), Preprocessor.builder().numeric(diabetes.featureNames(),
                new StandardScaler()).build(), ridges);
        PipelineExportTest.assertRegressor(r, OnnxExport.pipeline(r), diabetes.table(), "bagged ridge");
    }

    @Test
    void stacksOfTreesAndLinearModels() {
        TabularDataset iris = Datasets.load("iris");
        StackingClassifier three = new StackingClassifier(NamedEstimator.of("forest", new RandomForestClassifier().trees(5).seed(14)),
                NamedEstimator.of("lr", new LogisticRegression())).passthrough(true);
        Pipeline p = Pipeline.fit(iris.table(), iris.targetName(), imputed(iris.featureNames()), three);
        PipelineExportTest.assertClassifier(p, OnnxExport.pipeline(p), iris.table(), "stack with passthrough, three classes");
        TabularDataset cancer = Datasets.load("breast_cancer");
        StackingClassifier two = new StackingClassifier(NamedEstimator.of("boost", new HistGradientBoostingClassifier().maxIter(5)),
                NamedEstimator.of("tree", new DecisionTreeClassifier().maxDepth(3)));
        Pipeline b = Pipeline.fit(cancer.table(), cancer.targetName(), imputed(cancer.featureNames()), two);
        PipelineExportTest.assertClassifier(b, OnnxExport.pipeline(b), cancer.table(), "stack, two classes (class 1 kept)");
        TabularDataset diabetes = Datasets.load("diabetes");
        StackingRegressor reg = new StackingRegressor(NamedEstimator.of("ridge", new Ridge(1.0)),
                NamedEstimator.of("tree", new DecisionTreeRegressor().maxDepth(4)));
        Pipeline r = Pipeline.fit(diabetes.table(), diabetes.targetName(), Preprocessor.builder().numeric(diabetes.featureNames(),
                new StandardScaler()).build(), reg);
        PipelineExportTest.assertRegressor(r, OnnxExport.pipeline(r), diabetes.table(), "stacked regressors");
    }

    @Test
    void boostingSendsMissingValuesWhereTrainingDid() {
        // Feature 0 decides the class and is missing in a third of the rows, whose class is mostly 1.
        int n = 300;
        java.util.Random r = new java.util.Random(9);
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            boolean missing = i % 3 == 0;
            float a = (float) r.nextGaussian();
            x[i * 3] = missing ? Float.NaN : a;
            x[i * 3 + 1] = (float) r.nextGaussian();
            x[i * 3 + 2] = i % 3 == 1 ? Float.NaN : (float) r.nextGaussian();
            y[i] = missing ? (r.nextDouble() < 0.8 ? 1 : 0) : (a > 0.3 ? 1 : 0);
        }
        Tensor features = Tensor.of(x, n, 3);
        HistGradientBoostingClassifier hgb = new HistGradientBoostingClassifier().maxIter(10).seed(10).fit(features, Tensor.of(y, n));
        assertEstimator(hgb, features, "boosting with missing values");
        HistGradientBoostingRegressor reg = new HistGradientBoostingRegressor().maxIter(10).seed(11).fit(features, Tensor.of(
                java.util.Arrays.stream(y).asDoubleStream().toArray(), n));
        assertEstimator(reg, features, "boosting regressor with missing values");
    }

    @Test
    void splitsOnCategoriesAreRefusedWithTheFix() {
        int n = 120;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i * 2] = i % 4;
            x[i * 2 + 1] = i % 7;
            y[i] = i % 4 == 1 || i % 4 == 2 ? 1 : 0;
        }
        var hgb = new HistGradientBoostingClassifier().categoricalFeatures(0).maxIter(5).fit(Tensor.of(x, n, 2), Tensor.of(y, n));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EstimatorExport.requireSupported(hgb));
        assertTrue(e.getMessage().contains("HistGradientBoostingClassifier") && e.getMessage().contains("categoricalFeatures")
                && e.getMessage().contains("encode"), e.getMessage());
    }

    @Test
    void floatThresholdsKeepEveryFloatOnItsSide() {
        // The midpoint of two neighbouring floats rounds up to the upper one; written as is, that float would go left.
        float lo = 1.1f;
        float hi = Math.nextUp(lo);
        double mid = ((double) lo + hi) / 2;
        float t = TreeExport.floatAtMost(mid);
        assertTrue(lo <= t && !(hi <= t), "threshold " + t + " between " + lo + " and " + hi);
        assertEquals(2.5f, TreeExport.floatAtMost(2.5));
    }

    /** The estimator alone on float32 features {@code [N, f]}, compared with predictProba or predict. */
    private static void assertEstimator(Estimator e, Tensor x, String what) {
        OnnxGraph g = new OnnxGraph("trees");
        int f = x.shape(1);
        g.input(g.reserve("input"), Value.FLOAT, new int[] {f}, null);
        String out = EstimatorExport.write(g, e, Value.floats("input", new int[] {f}));
        g.rename(out, g.reserve("output"));
        int width = e instanceof Classifier c ? c.classCount() : 1;
        g.output("output", Value.FLOAT, new int[] {width}, null);
        ModelProto proto = OnnxExport.assemble(g.build(), g.usesMl(), Map.of());
        float[] actual = (float[]) new OrtRun().floats("input", x).run(proto).get("output");
        OrtRun.assertClose(e instanceof Classifier c ? c.predictProba(x) : e.predict(x), actual, what);
    }
}
