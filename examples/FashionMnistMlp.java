// Run: ./fathom examples/FashionMnistMlp.java [epochs]
//
// A multilayer perceptron on Fashion-MNIST: 70,000 28×28 grayscale pictures of clothes in ten
// classes. Flatten turns each picture into 784 numbers; two hidden Dense layers learn features; the
// last layer gives one score (a logit) per class. This is the PyTorch anchor's MLP.

import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;

import java.nio.file.Path;
import java.util.Map;

public class FashionMnistMlp {
    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;

        // Found locally (FATHOM_DATA, ~/.fathom/datasets, /usr/share/datasets) or downloaded once.
        ImageDataset data = FashionMnist.load();
        System.out.printf("%s: %d training and %d test images of shape [28, 28]%n",
                data.name(), data.trainCount(), data.testCount());

        Sequential model = new Sequential(
                new Flatten(),                 // [batch, 28, 28] -> [batch, 784]
                new Dense(256, "relu"),
                new Dense(128, "relu"),
                new Dense(10));                // one logit per class
        model.seed(0).build(28, 28);
        System.out.println(model.summary());

        // Labels are class numbers 0..9 and the last layer gives logits: sparse categorical
        // cross-entropy "from logits" is the loss that fits (it applies softmax itself, stably).
        model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
        History history = model.fit(data.trainImages(), data.trainLabels(),
                Fit.epochs(epochs).batchSize(64).validationSplit(1.0 / 12).seed(0));

        Map<String, Double> test = model.evaluate(data.testImages(), data.testLabels());
        System.out.printf("test accuracy %.4f, test loss %.4f (validation accuracy in the last epoch: %.4f)%n",
                test.get("accuracy"), test.get("loss"), history.last("val_accuracy"));

        // A few predictions, with the model's confidence.
        Tensor first = data.testImages().slice(0, 0, 5);
        Tensor probabilities = model.predictProba(first);
        int[] predicted = model.predictClasses(first).toIntArray();
        int[] actual = data.testLabels().slice(0, 0, 5).toIntArray();
        for (int i = 0; i < 5; i++) {
            System.out.printf("image %d: predicted %-12s (%.0f%%), actually %s%n", i, data.className(predicted[i]),
                    100 * probabilities.get(i, predicted[i]), data.className(actual[i]));
        }

        Path file = Path.of("fashion-mnist-mlp.fathom");
        model.save(file);
        Model loaded = Model.load(file);   // architecture, weights, optimizer state: ready to predict or train on
        boolean same = java.util.Arrays.equals(loaded.predict(first).toFloatArray(), model.predict(first).toFloatArray());
        System.out.println("saved to " + file.toAbsolutePath() + "; loaded back, same predictions: " + same);
    }
}
