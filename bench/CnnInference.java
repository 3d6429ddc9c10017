// Run: FATHOM_THREADS=1 ./fathom bench/CnnInference.java [STEP...]
//   or, to A/B two builds of fathom-tensor in one JVM:
//   STEPS=bench/CnnInference.java FATHOM_THREADS=1 java --add-modules jdk.incubator.vector bench/ConvAB.java OLD.jar NEW.jar
//
// The forward pass bench/serve_cnn serves (bench/ServeFashionCnn.java's network: Conv2D(32,3,relu),
// MaxPool2D(2), Conv2D(64,3,relu), MaxPool2D(2), Flatten, Dense(128,relu), Dense(10)) written with the
// engine's ops as the layers compute it, without gradients and closing what it made (GradMode.noGrad and Temporaries, as predict runs), at batch
// 1, 8, 32 and 64. Needs only fathom-tensor, so bench/ConvAB.java can load two builds side by side.
// Prints `conv_infer<B> <ms> ms <ms of CPU> ms/cpu` per call (divide by B for an image); with
// FATHOM_THREADS=1 (as fathom serve runs its kernels) the CPU time is the calling thread's own.

import dev.fathom.autograd.GradMode;
import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Temporaries;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

public class CnnInference {
    public static void main(String[] args) {
        Map<String, Runnable> steps = steps();
        for (String name : args.length > 0 ? Arrays.asList(args) : steps.keySet()) {
            ConvSteps.time(name, steps.get(name));
        }
    }

    /** One forward pass per batch size, by name (infer1, infer8, infer32, infer64), and the second convolution alone (conv2_32). */
    public static Map<String, Runnable> steps() {
        Generator g = new Generator(0);
        Tensor w1 = Tensor.randn(g, 32, 1, 3, 3).mul(0.3);
        Tensor b1 = Tensor.randn(g, 32).mul(0.1);
        Tensor w2 = Tensor.randn(g, 64, 32, 3, 3).mul(0.06);
        Tensor b2 = Tensor.randn(g, 64).mul(0.1);
        Tensor w3 = Tensor.randn(g, 1600, 128).mul(0.03);
        Tensor b3 = Tensor.randn(g, 128).mul(0.1);
        Tensor w4 = Tensor.randn(g, 128, 10).mul(0.1);
        Tensor b4 = Tensor.randn(g, 10).mul(0.1);
        int[] valid = Convolution.valid();
        Map<String, Runnable> steps = new LinkedHashMap<>();
        for (int batch : new int[] {1, 8, 32, 64}) {
            Tensor x = Tensor.rand(g, batch, 1, 28, 28);
            steps.put("infer" + batch, () -> {
                try (var scope = GradMode.noGrad(); Temporaries made = Temporaries.open()) {
                    Tensor h = Convolution.maxPool2d(Convolution.conv2d(x, w1, b1, 1, 1, valid, 1, 1).relu(), 2, 2, 2, 2);
                    h = Convolution.maxPool2d(Convolution.conv2d(h, w2, b2, 1, 1, valid, 1, 1).relu(), 2, 2, 2, 2);
                    Tensor d = h.reshape(batch, 1600).matmul(w3).add(b3).relu();
                    d.matmul(w4).add(b4);
                    made.closeIf(t -> true);   // as predict does: the activations go back to the buffer pool
                }
            });
        }
        // The second convolution alone at batch 32 (its input as the first block makes it): Winograd's share.
        Tensor p1 = Tensor.rand(g, 32, 32, 13, 13);
        steps.put("conv2_32", () -> {
            try (var scope = GradMode.noGrad(); Temporaries made = Temporaries.open()) {
                Convolution.conv2d(p1, w2, b2, 1, 1, valid, 1, 1);
                made.closeIf(t -> true);
            }
        });
        return steps;
    }
}
