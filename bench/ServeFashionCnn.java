// Run: ./fathom bench/ServeFashionCnn.java OUT_DIR [TRAINING_IMAGES]     (bench/serve_cnn runs it)
//
// The model bench/serve_cnn puts under load: examples/FashionMnistCnn.java's network (two 3x3
// convolutions with pooling, Dense 128, Dense 10) trained for one epoch on the first
// TRAINING_IMAGES (default 4,000) Fashion-MNIST images, saved as an image pipeline. Its speed, not
// its accuracy, is what the benchmark measures. Writes OUT_DIR/fashion-cnn.fathom and
// OUT_DIR/fashion_record.json, one test image as a /predict body (pixels 0..255, as stored).
// Fashion-MNIST comes from Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist).

import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;

void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench-serve");
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    Files.createDirectories(out);
    ImageDataset data = FashionMnist.load();
    Tensor images = data.trainImages().slice(0, 0, samples).reshape(samples, 1, 28, 28);   // already scaled to [0, 1]
    Tensor labels = data.trainLabels().slice(0, 0, samples);
    NetworkClassifier net = new NetworkClassifier(
            () -> new Sequential(
                    new Conv2D(32, 3).activation("relu"), new MaxPool2D(2),
                    new Conv2D(64, 3).activation("relu"), new MaxPool2D(2),
                    new Flatten(), new Dense(128, "relu"), new Dense(10))
                    .seed(0).build(1, 28, 28)
                    .compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true)),
            Fit.epochs(1).batchSize(64).seed(0).silent());
    net.fit(images, labels);
    Pipeline pipeline = Pipeline.forImages(1, 28, 28, 1 / 255.0, FashionMnist.CLASS_NAMES, net);
    pipeline.save(out.resolve("fashion-cnn.fathom"));

    // One test image as the client sends it: 28 rows of 28 pixel values 0..255.
    float[] pixels = data.testImages().slice(0, 0, 1).toFloatArray();
    StringBuilder body = new StringBuilder("{\"pixels\": [");
    for (int r = 0; r < 28; r++) {
        body.append(r == 0 ? "[" : ", [");
        for (int c = 0; c < 28; c++) body.append(c == 0 ? "" : ", ").append(Math.round(pixels[r * 28 + c] * 255));
        body.append(']');
    }
    body.append("]}");
    Files.writeString(out.resolve("fashion_record.json"), body);
    System.out.printf("saved %s (trained on %d images) and %s%n", out.resolve("fashion-cnn.fathom"), samples,
            out.resolve("fashion_record.json"));
}
