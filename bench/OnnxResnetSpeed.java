// Run: /usr/bin/python3 fathom-onnx/src/test/python/make_onnx_torchvision.py fathom-onnx/target/onnx-torchvision
//      ./fathom bench/OnnxResnetSpeed.java [fathom-onnx/target/onnx-torchvision/resnet18.onnx] [BATCH]
//
// Issue 22's import-speed targets, on a quiet machine: Onnx.load of torchvision's ResNet-18 (random
// weights, made by the script above, as OnnxTorchvisionTest does) should take <= 2 s, and inference
// of the imported network should be within 1.2x of the same network built in Fathom's own layers.
// Prints the median of 5 loads (after one cold load) and the median of 5 predictions of a batch of
// BATCH (default 8) images of the imported network's input size (the test-time export's is 160x160) for each
// network, after 2 warm-up predictions.
// The Fathom-built ResNet-18 pads its strided convolutions as Padding.SAME (TensorFlow's split, one
// more row/column after than before) where torchvision pads 1 on each side: the same shapes and
// work, not the same numbers.

import dev.fathom.layers.Activation;
import dev.fathom.layers.Add;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.GlobalAveragePooling2D;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Padding;
import dev.fathom.models.Functional;
import dev.fathom.models.Input;
import dev.fathom.models.Model;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.onnx.Onnx;
import dev.fathom.tensor.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

public class OnnxResnetSpeed {
    /** The images' height and width: the imported network's. */
    static int side = 224;

    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "fathom-onnx/target/onnx-torchvision/resnet18.onnx");
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;

        Onnx.load(file);   // cold: class loading, protobuf's first parse
        double[] loads = new double[5];
        Functional imported = null;
        for (int i = 0; i < loads.length; i++) {
            long t = System.nanoTime();
            imported = Onnx.load(file);
            loads[i] = (System.nanoTime() - t) / 1e9;
        }
        System.out.printf(Locale.ROOT, "Onnx.load %s: median %.3f s of %d (target <= 2 s)%n", file.getFileName(), median(loads), loads.length);

        side = imported.inputShape()[1];   // [3, H, W]: the size the file was exported for
        Functional built = resnet18();
        System.out.printf(Locale.ROOT, "parameters: imported %,d, built in Fathom %,d%n", imported.parameterCount(), built.parameterCount());
        Random r = new Random(0);
        float[] v = new float[batch * 3 * side * side];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        Tensor x = Tensor.of(v, batch, 3, side, side);
        double a = predictSeconds(imported, x), b = predictSeconds(built, x);
        System.out.printf(Locale.ROOT, "predict %d images: imported %.3f s, built in Fathom %.3f s, ratio %.2f (target <= 1.2)%n",
                batch, a, b, a / b);
    }

    static double predictSeconds(Model m, Tensor x) {
        for (int i = 0; i < 2; i++) m.predict(x).close();
        double[] s = new double[5];
        for (int i = 0; i < s.length; i++) {
            long t = System.nanoTime();
            m.predict(x).close();
            s[i] = (System.nanoTime() - t) / 1e9;
        }
        return median(s);
    }

    static double median(double[] s) {
        double[] c = s.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** torchvision's resnet18: a 7x7/2 stem and max pool, four stages of two basic blocks, average pool, 1000 logits. */
    static Functional resnet18() {
        Input in = Input.of(3, side, side).seed(0);
        SymbolicTensor x = in.then(new Conv2D(64, 7).strides(2).padding(Padding.SAME).useBias(false));
        x = x.then(new BatchNormalization()).then(new Activation("relu"));
        x = x.then(new MaxPool2D(3).strides(2).padding(Padding.SAME));
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                x = basicBlock(x, widths[stage], stride);
            }
        }
        x = x.then(new GlobalAveragePooling2D()).then(new Dense(1000));
        return new Functional(List.of(in), x);
    }

    static SymbolicTensor basicBlock(SymbolicTensor x, int filters, int stride) {
        SymbolicTensor y = x.then(new Conv2D(filters, 3).strides(stride).padding(Padding.SAME).useBias(false))
                .then(new BatchNormalization()).then(new Activation("relu"))
                .then(new Conv2D(filters, 3).padding(Padding.SAME).useBias(false)).then(new BatchNormalization());
        SymbolicTensor shortcut = stride == 1 && x.shape()[0] == filters ? x
                : x.then(new Conv2D(filters, 1).strides(stride).useBias(false)).then(new BatchNormalization());
        return SymbolicTensor.apply(new Add(), y, shortcut).then(new Activation("relu"));
    }
}
