// Run: bench/spark_train [TRAINING_IMAGES] [EPOCHS] [TASKS]     (it sets the class path: Fathom, fathom-spark, Spark)
//
// The figure for SparkTraining: the same MLP (784 -> 128 relu -> 10, seed 7, Adam 1e-3)
// trained on the first TRAINING_IMAGES Fashion-MNIST training images (default 10,000) for EPOCHS
// epochs (default 2) with an effective batch of 64, once in this process (Model.fit) and once as
// TASKS (default 2) data-parallel replicas on Spark local[TASKS] (SparkTraining.fit: 32 samples per
// task per step, gradients averaged every step), then both scored on the 10,000 test images.
// Prints each run's test accuracy and seconds, and `fathom_spark_train_accuracy_gap` (|spark - local|;
// the goal: at most 0.01). The sample order differs (one shuffle of all rows against each
// task shuffling its half), so the gap is the noise of a different order, not rounding.
// Fashion-MNIST comes from Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist).

import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.spark.SparkFit;
import dev.fathom.spark.SparkTraining;
import dev.fathom.tensor.Tensor;
import org.apache.spark.sql.SparkSession;

Model mlp() {
    return new Sequential(new Dense(128, "relu"), new Dense(10)).seed(7).build(784)
            .compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
}

void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    ImageDataset data = FashionMnist.load();
    Tensor x = data.trainImages().slice(0, 0, samples).reshape(samples, 784);   // scaled to [0, 1]
    Tensor y = data.trainLabels().slice(0, 0, samples);
    Tensor xTest = data.testImages().reshape(data.testCount(), 784);
    Tensor yTest = data.testLabels();
    Fit fit = Fit.epochs(epochs).batchSize(64).seed(7).verbosity(Fit.Verbosity.LINES);

    long t0 = System.nanoTime();
    Model local = mlp();
    local.fit(x, y, fit);
    double localAccuracy = local.evaluate(xTest, yTest).get("accuracy");
    double localSeconds = (System.nanoTime() - t0) / 1e9;

    SparkSession spark = SparkSession.builder().master("local[" + tasks + "]").appName("bench/spark_train")
            .config("spark.ui.enabled", false).config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    long t1 = System.nanoTime();
    SparkFit r = SparkTraining.on(spark).tasks(tasks).fit(mlp(), x, y, Fit.epochs(epochs).batchSize(64).seed(7));
    double sparkAccuracy = r.model().evaluate(xTest, yTest).get("accuracy");
    double sparkSeconds = (System.nanoTime() - t1) / 1e9;
    spark.stop();

    System.out.printf("local: %d images, %d epochs, batch 64: test accuracy %.4f (%.1f s)%n", samples, epochs, localAccuracy, localSeconds);
    System.out.printf("spark: %d tasks on local[%d], %d per task per step: test accuracy %.4f (%.1f s)%n", tasks, tasks,
            64 / tasks, sparkAccuracy, sparkSeconds);
    System.out.printf("fathom_spark_train_accuracy_gap %.4f%n", Math.abs(sparkAccuracy - localAccuracy));
}
