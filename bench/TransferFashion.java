// Run: ./fathom bench/TransferFashion.java NET.onnx WORK_DIR [TASK]   (or bench/transfer, which makes NET.onnx first)
//
// "Fine-tuning pays where it should" (issue 22, docs/onnx.md). NET.onnx is a small CNN that PyTorch
// trained on the ten Fashion-MNIST classes (bench/transfer_fashion_base.py). Two few-shot tasks,
// each scored three ways on images none of the models saw:
//   fashion4: Fashion-MNIST's test images regrouped into tops (T-shirt, pullover, dress, coat, shirt),
//             trousers, footwear (sandal, sneaker, ankle boot) and bags; 10 images per group to learn
//             from, 2,000 others to score on (the base was trained on the 60,000 training images only);
//   digits:   the distant task, the 8x8 handwritten digits (ink 0..16) upscaled bilinearly to 28x28;
//             50 per class to learn from, the other 1,297 to score on.
// The three ways: the imported network's body frozen under a new Dense head (Adam, lr 1e-3, full
// batch); the frozen body's features into a standardized logistic regression; the same architecture
// built in Fathom and trained from scratch on the same few images, the same epochs. Prints one line per
// (task, way) and writes each task's images as PNGs (WORK_DIR/<task>-few, WORK_DIR/<task>-test, one
// folder per class) for `fathom train WORK_DIR/<task>-few --base NET.onnx` and `fathom evaluate`.

import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.layers.Activation;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Layer;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Functional;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.onnx.Onnx;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.StandardizedEstimator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

public class TransferFashion {
    /** Fashion-MNIST's ten classes regrouped: 0 tops, 1 trousers, 2 footwear, 3 bags. */
    static final int[] GROUP = {0, 1, 0, 0, 0, 2, 0, 2, 3, 2};
    static final List<String> GROUPS = List.of("tops", "trousers", "footwear", "bags");

    record Task(String name, Tensor x, int[] y, int classes, List<String> classNames, int perClass, int testCount, int epochs) {}

    public static void main(String[] args) throws Exception {
        Path onnx = Path.of(args[0]);
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/fathom-transfer");
        ImageDataset fm = FashionMnist.load();
        int n = fm.testCount();
        Tensor fx = fm.testImages().reshape(n, 1, 28, 28);
        int[] labels = fm.testLabels().toIntArray();
        int[] grouped = new int[n];
        for (int i = 0; i < n; i++) grouped[i] = GROUP[labels[i]];

        TabularDataset digits = Datasets.load("digits");
        Tensor pixels = digits.table().drop(digits.targetName()).toTensor();   // [1797, 64], ink 0..16
        var column = digits.table().column(digits.targetName());
        int[] dy = new LabelEncoder().fit(column).transform(column).toIntArray();
        Tensor dx = upscale(pixels, 16.0);
        List<String> digitNames = new ArrayList<>();
        for (int d = 0; d < 10; d++) digitNames.add("digit" + d);

        for (Task task : List.of(new Task("fashion4", fx, grouped, 4, GROUPS, 10, 2000, 200),
                new Task("digits", dx, dy, 10, digitNames, 50, Integer.MAX_VALUE, 100))) {
            if (args.length > 2 && !task.name().equals(args[2])) continue;   // a third argument runs that task only
            run(task, onnx, work);
        }
    }

    static void run(Task t, Path onnx, Path work) throws Exception {
        // The few images: the first perClass of each class in a seeded shuffle; the test images: the next ones.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.y().length; i++) order.add(i);
        Collections.shuffle(order, new Random(0));
        int[] taken = new int[t.classes()];
        List<Integer> few = new ArrayList<>(), test = new ArrayList<>();
        for (int i : order) {
            if (taken[t.y()[i]] < t.perClass()) {
                taken[t.y()[i]]++;
                few.add(i);
            } else if (test.size() < t.testCount()) {
                test.add(i);
            }
        }
        Tensor xf = rows(t.x(), few), xt = rows(t.x(), test);
        Tensor yf = labels(t.y(), few);
        int[] yt = labels(t.y(), test).toIntArray();
        Fit fit = Fit.epochs(t.epochs()).batchSize(Math.min(64, few.size())).seed(0).silent();
        String setup = String.format(Locale.ROOT, "%s: %d images to learn from (%d per class), %d to score on", t.name(), few.size(),
                t.perClass(), test.size());

        Functional net = Onnx.load(onnx);
        String cut = cut(net);
        Functional body = net.upTo(cut);
        body.trainable(false);
        Functional tuned = body.then(new Dense(t.classes()));
        tuned.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        tuned.fit(xf, yf, fit);
        System.out.printf(Locale.ROOT, "%s; imported body frozen (cut at %s), new head: accuracy %.4f%n", setup, cut, accuracy(tuned, xt, yt));

        Tensor ff = body.predict(xf), ft = body.predict(xt);
        var lr = new StandardizedEstimator(new LogisticRegression()).fit(ff, yf);
        System.out.printf(Locale.ROOT, "%s; imported body's features + logistic regression: accuracy %.4f%n", setup,
                accuracy(lr.predict(ft).toIntArray(), yt));

        // Batch norm with PyTorch's momentum (its 0.1 is Keras' 0.9), as the base was trained: at Keras' 0.99 the few steps
        // of a few-shot fit leave the moving statistics near their initial 0 and 1, and the network predicts one class.
        Sequential scratch = new Sequential(new Conv2D(16, 3), new BatchNormalization().momentum(0.9), new Activation("relu"),
                new MaxPool2D(2), new Conv2D(32, 3), new BatchNormalization().momentum(0.9), new Activation("relu"), new MaxPool2D(2), new Flatten(),
                new Dense(64, "relu"), new Dense(t.classes()));
        scratch.seed(0).build(1, 28, 28);
        scratch.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        scratch.fit(xf, yf, fit);
        System.out.printf(Locale.ROOT, "%s; the same network from scratch: accuracy %.4f%n", setup, accuracy(scratch, xt, yt));

        writePngs(work.resolve(t.name() + "-few"), xf, yf.toIntArray(), t.classNames());
        writePngs(work.resolve(t.name() + "-test"), xt, yt, t.classNames());
    }

    /** The layer before the imported network's last Dense (its classifier, a Gemm once in ONNX). */
    static String cut(Functional net) {
        SymbolicTensor last = null;
        for (SymbolicTensor node : net.nodes()) if (node.layer() instanceof Dense) last = node;
        return last.inputs().getFirst().layer().name();
    }

    static double accuracy(Model m, Tensor x, int[] y) {
        return accuracy(m.predict(x).argmax(1).toIntArray(), y);
    }

    static double accuracy(int[] p, int[] y) {
        int right = 0;
        for (int i = 0; i < y.length; i++) if (p[i] == y[i]) right++;
        return right / (double) y.length;
    }

    static Tensor rows(Tensor x, List<Integer> idx) {
        int[] i = idx.stream().mapToInt(Integer::intValue).toArray();
        return x.indexSelect(0, Tensor.of(i, i.length));
    }

    static Tensor labels(int[] y, List<Integer> idx) {
        int[] v = idx.stream().mapToInt(i -> y[i]).toArray();
        return Tensor.of(v, v.length);
    }

    /**
     * 8x8 images [n, 64] of values 0..max to [n, 1, 28, 28] in [0, 1], bilinear with half-pixel
     * centres (PyTorch's interpolate(mode="bilinear", align_corners=False)).
     */
    static Tensor upscale(Tensor flat, double max) {
        int n = flat.shape(0);
        float[] in = flat.toFloatArray();
        float[] out = new float[n * 28 * 28];
        double scale = 8 / 28.0;
        for (int s = 0; s < n; s++) {
            for (int r = 0; r < 28; r++) {
                double sy = Math.max(0, (r + 0.5) * scale - 0.5);
                int y0 = (int) sy, y1 = Math.min(7, y0 + 1);
                double wy = sy - y0;
                for (int c = 0; c < 28; c++) {
                    double sx = Math.max(0, (c + 0.5) * scale - 0.5);
                    int x0 = (int) sx, x1 = Math.min(7, x0 + 1);
                    double wx = sx - x0;
                    double v = (1 - wy) * ((1 - wx) * in[s * 64 + y0 * 8 + x0] + wx * in[s * 64 + y0 * 8 + x1])
                            + wy * ((1 - wx) * in[s * 64 + y1 * 8 + x0] + wx * in[s * 64 + y1 * 8 + x1]);
                    out[s * 784 + r * 28 + c] = (float) (v / max);
                }
            }
        }
        return Tensor.of(out, n, 1, 28, 28);
    }

    /** Each image as a grey PNG in {@code root/<class>/<i>.png}. */
    static void writePngs(Path root, Tensor x, int[] y, List<String> classNames) throws Exception {
        float[] v = x.toFloatArray();
        for (int i = 0; i < y.length; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    img.getRaster().setSample(c, r, 0, (int) Math.round(Math.max(0, Math.min(1, v[i * 784 + r * 28 + c])) * 255));
                }
            }
            Path f = root.resolve(classNames.get(y[i])).resolve(i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
    }
}
