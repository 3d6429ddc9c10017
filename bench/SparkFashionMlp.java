// Run: bench/spark_train [TRAINING_IMAGES] [EPOCHS] [BATCH] [TASKS]   (it sets the class path: Fathom, fathom-spark, Spark)
//
// The figure for SparkTraining: the same MLP (784 -> 128 relu -> 10, seed 7, Adam 1e-3)
// trained on the first TRAINING_IMAGES Fashion-MNIST training images (default 10,000) for EPOCHS
// epochs (default 5) with an effective batch of BATCH (default 128), once in this process
// (Model.fit, shuffle seed 7, and again with seeds 8 and 9) and once as TASKS (default 2)
// data-parallel replicas on Spark local[TASKS] (SparkTraining.fit, seed 7: BATCH / TASKS samples per
// task per step, gradients averaged every step), then scored on the 10,000 test images. Prints the
// accuracies, `fathom_spark_train_accuracy_gap` (|spark - local seed 7|; the goal: at most
// 0.01), `fathom_spark_train_local_seed_spread` (how far the shuffle order alone moves the local
// accuracy: the sample order differs between the runs, one shuffle of all rows against each task
// shuffling its half, so the gap is of that kind, not rounding) and the Spark run's seconds per step.
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

double accuracy(Model m, Tensor x, Tensor y) {
    return m.evaluate(x, y).get("accuracy");
}

void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int tasks = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    ImageDataset data = FashionMnist.load();
    Tensor x = data.trainImages().slice(0, 0, samples).reshape(samples, 784);   // scaled to [0, 1]
    Tensor y = data.trainLabels().slice(0, 0, samples);
    Tensor xTest = data.testImages().reshape(data.testCount(), 784);
    Tensor yTest = data.testLabels();

    // One process, shuffle seed 7, then seeds 8 and 9: how much the order alone moves the accuracy.
    long t0 = System.nanoTime();
    Model local = mlp();
    local.fit(x, y, Fit.epochs(epochs).batchSize(batch).seed(7).verbosity(Fit.Verbosity.LINES));
    double localAccuracy = accuracy(local, xTest, yTest);
    double localSeconds = (System.nanoTime() - t0) / 1e9;
    double[] others = new double[2];
    for (int k = 0; k < 2; k++) {
        Model m = mlp();
        m.fit(x, y, Fit.epochs(epochs).batchSize(batch).seed(8 + k).silent());
        others[k] = accuracy(m, xTest, yTest);
    }

    SparkSession spark = SparkSession.builder().master("local[" + tasks + "]").appName("bench/spark_train")
            .config("spark.ui.enabled", false).config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    long t1 = System.nanoTime();
    SparkFit r = SparkTraining.on(spark).tasks(tasks).fit(mlp(), x, y, Fit.epochs(epochs).batchSize(batch).seed(7));
    double sparkAccuracy = accuracy(r.model(), xTest, yTest);
    double sparkSeconds = (System.nanoTime() - t1) / 1e9;
    spark.stop();

    int steps = (samples / tasks + batch / tasks - 1) / (batch / tasks);
    System.out.printf("local: %d images, %d epochs, batch %d, shuffle seed 7: test accuracy %.4f (%.1f s); seeds 8, 9: %.4f, %.4f%n",
            samples, epochs, batch, localAccuracy, localSeconds, others[0], others[1]);
    System.out.printf("spark: %d tasks on local[%d], %d samples per task per step, %d steps per epoch: test accuracy %.4f (%.1f s)%n",
            tasks, tasks, batch / tasks, steps, sparkAccuracy, sparkSeconds);
    System.out.printf("fathom_spark_train_accuracy_gap %.4f%n", Math.abs(sparkAccuracy - localAccuracy));
    System.out.printf("fathom_spark_train_local_seed_spread %.4f%n",
            Math.max(localAccuracy, Math.max(others[0], others[1])) - Math.min(localAccuracy, Math.min(others[0], others[1])));
    System.out.printf("fathom_spark_train_seconds_per_step %.2f%n", sparkSeconds / (epochs * (double) steps));
}
