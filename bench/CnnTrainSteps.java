// Run: FATHOM_THREADS=2 ./fathom bench/CnnTrainSteps.java
//   or, to A/B two builds in one JVM (each a class path of the modules' jars, fathom-nn included):
//   STEPS=bench/CnnTrainSteps.java WALL=1 FATHOM_THREADS=2 java --add-modules jdk.incubator.vector bench/ConvAB.java OLD_CP NEW_CP 15 train10
//
// Ten training steps of the anchor's CNN (bench/compare cnn: Reshape, Conv2D(32,3,relu), MaxPool2D(2),
// Conv2D(64,3,relu), MaxPool2D(2), Flatten, Dense(128,relu), Dense(10); batch 64, Adam at 1e-3) through
// Model.fit on 640 fixed random images, from the same weights every call: the epoch's step as fit runs it
// (layers, loss, backward, optimizer), without the JIT warm-up and data loading of `fathom bench cnn`;
// and the same network's Model.predict on 1 and 32 images (predict1, predict32), as fathom serve runs it.

import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Reshape;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

public class CnnTrainSteps {
    public static void main(String[] args) {
        Map<String, Runnable> steps = steps();
        for (String name : args.length > 0 ? Arrays.asList(args) : steps.keySet()) ConvSteps.time(name, steps.get(name));
    }

    /** {@code train10}: a fresh model (same seed) fitted one epoch of ten steps of 64 images; {@code predict1}, {@code predict32}. */
    public static Map<String, Runnable> steps() {
        Generator g = new Generator(3);
        Tensor x = Tensor.rand(g, 640, 28, 28);
        int[] labels = new int[640];
        for (int i = 0; i < labels.length; i++) labels[i] = g.nextInt(10);
        Tensor y = Tensor.of(labels, 640);
        Sequential served = cnn();
        served.seed(0).build(28, 28);
        Model inference = served.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        Tensor one = x.slice(0, 0, 1);
        Tensor batch = x.slice(0, 0, 32);
        return Map.of("train10", () -> {
            Sequential cnn = cnn();
            cnn.seed(0).build(28, 28);
            Model model = cnn.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
            model.fit(x, y, Fit.epochs(1).batchSize(64).seed(0).silent());
        }, "predict1", () -> inference.predict(one).close(), "predict32", () -> inference.predict(batch).close());
    }

    static Sequential cnn() {
        return new Sequential(new Reshape(1, 28, 28),
                new Conv2D(32, 3).activation("relu"), new MaxPool2D(2),
                new Conv2D(64, 3).activation("relu"), new MaxPool2D(2),
                new Flatten(), new Dense(128, "relu"), new Dense(10, "linear"));
    }
}
