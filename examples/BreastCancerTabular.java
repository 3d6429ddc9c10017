// Run: ./fathom examples/BreastCancerTabular.java
//
// The practitioner's process on a table, with the data set bundled in Fathom (nothing to download):
// 569 breast tumours described by 30 measurements of their cell nuclei, each benign or malignant.
// Look at the data, set a test split aside, fit the preprocessing on the training part only,
// compare a neural network with simple baselines, then judge the winner on the untouched test split.

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.split.Split;
import dev.fathom.data.split.Splits;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.metrics.ClassificationReport;
import dev.fathom.metrics.Classification;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

public class BreastCancerTabular {
    public static void main(String[] args) {
        // 1. Define the problem: what is predicted, from what, and what a good score is.
        TabularDataset data = Datasets.load("breast_cancer");
        System.out.println(data.title() + ": " + data.size() + " rows, " + data.numFeatures() + " features, task "
                + data.task() + ", classes " + data.classNames());
        System.out.println("published reference: " + data.referenceScores().getFirst());

        // 2. Prepare the data: look at it, then split before anything learns from it.
        Table table = data.table();
        System.out.println(table.select("mean radius", "mean texture", "worst area", data.targetName()).head(5));
        System.out.println(table.select("mean radius", "mean texture", "worst area").describe());
        Split split = Splits.trainTest(table, 0.2, 42).stratifiedBy(data.targetName());
        Table train = split.train();
        Table test = split.test();

        // Standardization fitted on the training rows only, then applied unchanged to the test rows.
        Preprocessor prep = Preprocessor.builder()
                .numeric(data.featureNames(), new StandardScaler())
                .build()
                .fit(train);
        Tensor xTrain = prep.transformToTensor(train);
        Tensor xTest = prep.transformToTensor(test);
        Tensor yTrain = train.labels(data.targetName());
        Tensor yTest = test.labels(data.targetName());

        // 3. Evaluate several algorithms: always next to something simple.
        Map<String, Classifier> candidates = new LinkedHashMap<>();
        candidates.put("dummy (most frequent)", new DummyClassifier());
        candidates.put("logistic regression", new LogisticRegression());
        candidates.put("5 nearest neighbours", new KNeighborsClassifier(5));
        candidates.put("MLP 32-16", new NetworkClassifier(() -> new Sequential(
                        new Dense(32, "relu"), new Dropout(0.2), new Dense(16, "relu"), new Dense(2))
                .seed(0).build(data.numFeatures())
                .compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true)),
                Fit.epochs(60).batchSize(32).seed(0).silent()));
        int[] actual = yTest.toIntArray();
        for (var c : candidates.entrySet()) {
            int[] predicted = c.getValue().fit(xTrain, yTrain).predict(xTest).toIntArray();
            System.out.printf("%-22s test accuracy %.3f, balanced %.3f, malignant recall %.3f%n", c.getKey(),
                    Classification.accuracy(actual, predicted), Classification.balancedAccuracy(actual, predicted),
                    Classification.recall(invert(actual), invert(predicted), dev.fathom.metrics.Average.BINARY));
        }

        // 4./5. Present the network's results in full.
        Classifier mlp = candidates.get("MLP 32-16");
        int[] predicted = mlp.predict(xTest).toIntArray();
        System.out.println(ClassificationReport.of(actual, predicted, data.classNames()));
        System.out.println(ClassificationReport.of(actual, predicted, data.classNames()).confusionMatrix());
        double[] pMalignant = new double[actual.length];
        float[] proba = mlp.predictProba(xTest).toFloatArray();
        for (int i = 0; i < actual.length; i++) pMalignant[i] = proba[2 * i];
        System.out.printf("ROC AUC (malignant vs benign) %.4f%n", Classification.rocAuc(invert(actual), pMalignant));
    }

    /** In this data set class 0 is malignant: turn it into the positive class (1) for binary scores. */
    private static int[] invert(int[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = 1 - labels[i];
        return out;
    }
}
