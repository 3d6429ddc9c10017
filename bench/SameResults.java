// Run: ./fathom bench/SameResults.java
//
// Prints the training results of three seeded workloads (an MLP and a CNN on the built-in digits, an
// LSTM on seeded random sequences) with every float's exact bits, and a seeded cross-validation. Run it
// on two builds and diff the outputs: a refactoring that must not change behaviour prints the same lines.

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Reshape;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

public class SameResults {
    public static void main(String[] args) {
        TabularDataset digits = Datasets.load("digits");
        Tensor x = digits.features().div(16.0);
        Tensor y = digits.labels();

        Sequential mlp = new Sequential(new Dense(64, "relu"), new Dense(10));
        mlp.seed(0).build(64);
        mlp.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
        print("mlp", mlp.fit(x, y, Fit.epochs(3).batchSize(32).validationSplit(0.2).seed(0).silent()));
        print("mlp predict", mlp.predict(x.slice(0, 0, 4)));

        Sequential cnn = new Sequential(new Reshape(1, 8, 8), new Conv2D(8, 3).activation("relu"), new MaxPool2D(2), new Flatten(), new Dense(10));
        cnn.seed(1).build(8, 8);
        cnn.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
        print("cnn", cnn.fit(x.reshape(x.shape(0), 8, 8), y, Fit.epochs(2).batchSize(64).seed(1).silent()));

        Generator g = new Generator(7);
        Tensor seq = Tensor.randn(g, 256, 12, 3);
        Tensor target = Tensor.randn(g, 256, 1);
        Sequential rnn = new Sequential(new LSTM(8), new Dense(1));
        rnn.seed(2).build(12, 3);
        rnn.compile(new Adam(1e-2), new MeanSquaredError());
        print("lstm", rnn.fit(seq, target, Fit.epochs(3).batchSize(32).seed(2).silent()));
    }

    static void print(String what, History h) {
        for (String key : h.keys()) {
            StringBuilder s = new StringBuilder(what + " " + key + ":");
            for (double v : h.get(key)) s.append(' ').append(Long.toHexString(Double.doubleToLongBits(v)));
            System.out.println(s);
        }
    }

    static void print(String what, Tensor t) {
        StringBuilder s = new StringBuilder(what + ":");
        for (float v : t.toFloatArray()) s.append(' ').append(Integer.toHexString(Float.floatToIntBits(v)));
        System.out.println(s);
    }
}
