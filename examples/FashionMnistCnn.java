// Run: ./fathom examples/FashionMnistCnn.java [epochs] [training images]
//
// A convolutional network on Fashion-MNIST, the PyTorch anchor's CNN. Convolutions look at 3×3
// neighbourhoods, so they find edges and textures wherever they are in the picture; pooling halves
// the resolution so later layers see larger parts. Fathom's images are channels-first, so Reshape
// turns each [28, 28] picture into a one-channel [1, 28, 28] image.

import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Reshape;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;

import java.nio.file.Path;
import java.util.Map;

public class FashionMnistCnn {
    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        ImageDataset data = FashionMnist.load();
        int samples = args.length > 1 ? Math.min(Integer.parseInt(args[1]), data.trainCount()) : data.trainCount();
        Tensor images = data.trainImages().slice(0, 0, samples);
        Tensor labels = data.trainLabels().slice(0, 0, samples);

        Sequential model = new Sequential(
                new Reshape(1, 28, 28),                      // [batch, 28, 28] -> [batch, 1, 28, 28]
                new Conv2D(32, 3).activation("relu"),        // -> [batch, 32, 26, 26]
                new MaxPool2D(2),                            // -> [batch, 32, 13, 13]
                new Conv2D(64, 3).activation("relu"),        // -> [batch, 64, 11, 11]
                new MaxPool2D(2),                            // -> [batch, 64, 5, 5]
                new Flatten(),                               // -> [batch, 1600]
                new Dense(128, "relu"),
                new Dense(10));
        model.seed(0).build(28, 28);
        System.out.println(model.summary());

        model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
        model.fit(images, labels, Fit.epochs(epochs).batchSize(64).seed(0));

        Map<String, Double> test = model.evaluate(data.testImages(), data.testLabels());
        System.out.printf("trained on %d images for %d epoch(s): test accuracy %.4f, test loss %.4f%n",
                samples, epochs, test.get("accuracy"), test.get("loss"));

        Path file = Path.of("fashion-mnist-cnn.fathom");
        model.save(file);
        System.out.println("saved to " + file.toAbsolutePath());
    }
}
