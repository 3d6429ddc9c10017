package dev.fathom.onnx;

import dev.fathom.models.Functional;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * torchvision's ResNet-18 and MobileNetV3-small, exported by {@code make_onnx_torchvision.py} into
 * {@code target/onnx-torchvision} when Debian's Python has torch and torchvision (skipped, with the
 * reason, otherwise): imported, they give PyTorch's outputs to 1e-4 of the largest magnitude.
 */
class OnnxTorchvisionTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path OUT = Path.of("target", "onnx-torchvision");
    static String skipReason;

    @BeforeAll
    static void export() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            skipReason = PYTHON + " is missing";
            return;
        }
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, torchvision, onnx").redirectErrorStream(true).start();
        String probeOut = new String(probe.getInputStream().readAllBytes());
        if (probe.waitFor() != 0) {
            skipReason = PYTHON + " lacks torch, torchvision or onnx (apt-get install python3-torch python3-torchvision python3-onnx): "
                    + probeOut.strip().lines().reduce((a, b) -> b).orElse("");
            return;
        }
        Path script = Path.of("src", "test", "python", "make_onnx_torchvision.py");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), OUT.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new AssertionError(script + " failed:\n" + log);
    }

    static void check(String name) throws IOException {
        assumeTrue(skipReason == null, () -> {
            System.out.println("OnnxTorchvisionTest skipped: " + skipReason);
            return skipReason;
        });
        List<String> shapes = Files.readAllLines(OUT.resolve(name + ".shapes"));
        int[] xShape = Arrays.stream(shapes.get(0).split(" ")).mapToInt(Integer::parseInt).toArray();
        int[] yShape = Arrays.stream(shapes.get(1).split(" ")).mapToInt(Integer::parseInt).toArray();
        long start = System.nanoTime();
        Functional model = Onnx.load(OUT.resolve(name + ".onnx"));
        System.out.printf("OnnxTorchvisionTest: %s imported in %.2f s (%,d parameters)%n", name,
                (System.nanoTime() - start) / 1e9, model.layers().stream().mapToLong(l -> l.parameterCount()).sum());
        Tensor y = model.predict(Tensor.of(floats(OUT.resolve(name + ".x.bin")), xShape));
        assertArrayEquals(yShape, y.shape(), name + " output shape");
        OnnxImportTest.assertCloseToLargest(name, toDoubles(floats(OUT.resolve(name + ".y.bin"))), y.toDoubleArray());
    }

    static float[] floats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void resnet18MatchesPyTorch() throws IOException {
        check("resnet18");
    }

    @Test
    void mobileNetV3SmallMatchesPyTorch() throws IOException {
        check("mobilenet_v3_small");
    }
}
