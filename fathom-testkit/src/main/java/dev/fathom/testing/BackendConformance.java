package dev.fathom.testing;

import dev.fathom.backend.AdamStep;
import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.DType;
import dev.fathom.backend.Device;
import dev.fathom.backend.UnaryOp;
import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one conformance suite every backend passes: each primitive of the engine, forward and
 * backward, run on {@link #device()} in float32 and compared with the CPU's float64 result (whose
 * gradients the float64 central-difference checks prove). A backend module subclasses it with its
 * device; the CPU's own subclass lives in this module's tests.
 *
 * <pre>{@code
 * class CudaConformanceTest extends BackendConformance {
 *     protected Device device() { return Device.cuda(); }
 * }
 * }</pre>
 *
 * <p>Shapes are odd on purpose (not multiples of a vector width or a tile), with broadcasting and
 * non-contiguous views, where kernels usually go wrong.
 */
public abstract class BackendConformance {

    /** The device under test. */
    protected abstract Device device();

    /** Float32 against float64: the tolerance relative to the largest magnitude of the reference. */
    protected double tolerance() {
        return 2e-5;
    }

    @BeforeEach
    void deviceIsUsable() {
        String reason = unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + device() + " is not usable here: " + reason);
    }

    /** Null when the device can run here, else why not (the skip reason printed). */
    private String unavailableReason() {
        try {
            Tensor.zeros(1).to(device()).close();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private final Generator generator = new Generator(20261207);

    private Tensor randn(int... shape) {
        return Tensor.randn(generator, shape);
    }

    private Tensor rand(double low, double high, int... shape) {
        return Tensor.rand(generator, shape).mul(high - low).add(low);
    }

    /**
     * Runs {@code f} on the device in float32 and on the CPU in float64; compares the outputs and,
     * for floating outputs, the gradients of {@code loss = sum(f(inputs) * r)} for a random
     * {@code r} with respect to every input.
     */
    private void conforms(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        conforms(what, f, tolerance(), inputs);
    }

    private void conforms(String what, Function<Tensor[], Tensor> f, double tolerance, Tensor... inputs) {
        Tensor[] onDevice = new Tensor[inputs.length];
        Tensor[] reference = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            boolean floating = inputs[i].dtype() != DType.INT32;
            onDevice[i] = inputs[i].to(device()).detach().requiresGrad(floating);
            reference[i] = (floating ? inputs[i].asType(DType.FLOAT64) : inputs[i]).detach().requiresGrad(floating);
        }
        Tensor out = f.apply(onDevice);
        Tensor expected = f.apply(reference);
        assertEquals(device(), out.device(), what + ": the output must stay on the device");
        assertArrayEquals(expected.shape(), out.shape(), what + ": shape");
        close(what, expected.toDoubleArray(), out.to(Device.cpu()).toDoubleArray(), tolerance);
        if (out.dtype() == DType.INT32 || !out.requiresGrad()) return;

        Tensor r = randn(out.shape());
        out.mul(r.to(device())).sum().backward();
        expected.mul(r.asType(DType.FLOAT64)).sum().backward();
        for (int i = 0; i < inputs.length; i++) {
            if (!reference[i].requiresGrad() || reference[i].grad() == null) continue;
            assertTrue(onDevice[i].grad() != null, what + ": input " + i + " got no gradient on " + device());
            close(what + " gradient of input " + i, reference[i].grad().toDoubleArray(),
                    onDevice[i].grad().to(Device.cpu()).toDoubleArray(), tolerance);
        }
    }

    private static void close(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": size");
        double scale = 0;
        for (double e : expected) if (Double.isFinite(e)) scale = Math.max(scale, Math.abs(e));
        double bound = tolerance * Math.max(scale, 1e-3);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                assertTrue(Double.compare(e, a) == 0 || Double.isNaN(e) && Double.isNaN(a),
                        what + " at " + i + ": expected " + e + ", got " + a);
                continue;
            }
            assertTrue(Math.abs(e - a) <= bound, what + " at " + i + ": expected " + e + ", got " + a
                    + " (off by " + Math.abs(e - a) + ", bound " + bound + ")");
        }
    }

    @Test
    void unaryOps() {
        Tensor any = randn(5, 37);
        Tensor positive = rand(0.1, 4, 5, 37);
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = op == UnaryOp.LOG || op == UnaryOp.SQRT ? positive : any;
            // sign and abs have no useful gradient at 0, and relu none at 0: the random inputs avoid 0.
            conforms(op.name(), in -> unary(op, in[0]), 1e-5 * 4, x);
            // The reference definition too, element by element.
            double[] got = unary(op, x.to(device())).to(Device.cpu()).toDoubleArray();
            float[] xs = x.toFloatArray();
            double[] want = new double[xs.length];
            for (int i = 0; i < xs.length; i++) want[i] = op.apply(xs[i]);
            close(op.name() + " against UnaryOp.apply", want, got, 1e-5 * 4);
        }
    }

    private static Tensor unary(UnaryOp op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg();
            case EXP -> x.exp();
            case LOG -> x.log();
            case SQRT -> x.sqrt();
            case ABS -> x.abs();
            case SIGN -> x.sign();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case RELU -> x.relu();
            case SIN -> x.sin();
            case COS -> x.cos();
        };
    }

    @Test
    void binaryOpsWithBroadcasting() {
        for (BinaryOp op : BinaryOp.values()) {
            Tensor a = op == BinaryOp.POW ? rand(0.5, 2, 3, 1, 17) : randn(3, 1, 17);
            Tensor b = op == BinaryOp.DIV ? rand(0.5, 2, 4, 1) : randn(4, 1);
            if (op == BinaryOp.POW) b = rand(-1.5, 1.5, 4, 1);
            conforms(op.name() + " [3,1,17] with [4,1]", in -> binary(op, in[0], in[1]), 1e-4, a, b);
        }
    }

    private static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
        };
    }

    @Test
    void whereSelectsAndRoutesGradients() {
        conforms("where", in -> Tensor.where(in[0].gt(0), in[1], in[2]), randn(6, 11), randn(6, 11), randn(1, 11));
    }

    @Test
    void reductionsOverEachAxisAndAll() {
        Tensor x = randn(4, 9, 33);
        conforms("sum all", in -> in[0].sum(), x);
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            conforms("sum axis " + a, in -> in[0].sum(a, false), x);
            conforms("mean axis " + a + " keepDims", in -> in[0].mean(a, true), x);
            conforms("max axis " + a, in -> in[0].max(a, false), x);
            conforms("min axis " + a, in -> in[0].min(a, true), x);
            conforms("argmax axis " + a, in -> in[0].argmax(a), x);
        }
        conforms("sum over axes 0 and 2", in -> in[0].sum(new int[] {0, 2}, false), x);
    }

    @Test
    void logSoftmaxAndSoftmax() {
        Tensor x = randn(7, 13).mul(5);
        conforms("logSoftmax last axis", in -> in[0].logSoftmax(1), x);
        conforms("logSoftmax first axis", in -> in[0].logSoftmax(0), x);
        conforms("softmax", in -> in[0].softmax(1), x);
    }

    @Test
    void matmulPlainBatchedAndTransposed() {
        conforms("matmul [33,65]x[65,17]", in -> in[0].matmul(in[1]), 1e-4, randn(33, 65), randn(65, 17));
        conforms("matmul [3,5,7]x[7,9]", in -> in[0].matmul(in[1]), 1e-4, randn(3, 5, 7), randn(7, 9));
        conforms("matmul of transposed views", in -> in[0].t().matmul(in[1].t()), 1e-4, randn(19, 6), randn(5, 19));
        conforms("matrix-vector", in -> in[0].matmul(in[1]), 1e-4, randn(8, 31), randn(31));
    }

    @Test
    void gatherAndScatterAdd() {
        Tensor x = randn(6, 10);
        Tensor index = Tensor.of(new int[] {3, 0, 9, 9, 1, 4, 2, 8, 0, 5, 5, 7}, 6, 2);
        conforms("gather axis 1", in -> in[0].gather(1, in[1]), x, index);
        Tensor rows = Tensor.of(new int[] {5, 0, 5, 2}, 4);
        conforms("indexSelect axis 0", in -> in[0].indexSelect(0, in[1]), x, rows);
        Tensor src = randn(6, 2);
        conforms("scatterAdd axis 1", in -> in[0].scatterAdd(1, in[1], in[2]), x, index, src);
    }

    @Test
    void convolutionThroughIm2colAndCol2im() {
        Tensor x = randn(2, 3, 11, 9);
        Tensor kernel = randn(5, 3, 3, 3).mul(0.3);
        Tensor bias = randn(5);
        conforms("conv2d stride 1 same", in -> Convolution.conv2d(in[0], in[1], in[2], 1, 1, Convolution.padding(1, 1, 1, 1), 1, 1),
                1e-4, x, kernel, bias);
        conforms("conv2d stride 2 dilation 2 asymmetric padding",
                in -> Convolution.conv2d(in[0], in[1], in[2], 2, 2, Convolution.padding(0, 2, 1, 0), 2, 2), 1e-4, x, kernel, bias);
        conforms("conv2d without gradient (a product per sample)",
                in -> withoutGradient(() -> Convolution.conv2d(in[0], in[1], in[2], 1, 1, Convolution.padding(1, 1, 1, 1), 1, 1)),
                1e-4, x, kernel, bias);
    }

    @Test
    void pooling() {
        Tensor x = randn(2, 3, 9, 7);
        conforms("maxPool2d 2x2", in -> Convolution.maxPool2d(in[0], 2, 2, 2, 2), x);
        conforms("maxPool2d 3x3 stride 2 padded", in -> Convolution.maxPool2d(in[0], 3, 3, 2, 2, Convolution.padding(1, 1, 1, 1)), x);
        conforms("avgPool2d 3x2", in -> Convolution.avgPool2d(in[0], 3, 2, 1, 2, Convolution.padding(1, 1, 0, 0)), x);
        // Inference: the kernels are asked for no winners (Backend.maxPool2d's indices are null).
        Tensor wide = randn(2, 3, 10, 26);
        conforms("maxPool2d 2x2 without gradient", in -> withoutGradient(() -> Convolution.maxPool2d(in[0], 2, 2, 2, 2)), wide);
        conforms("maxPool2d 3x3 padded without gradient",
                in -> withoutGradient(() -> Convolution.maxPool2d(in[0], 3, 3, 2, 2, Convolution.padding(1, 1, 1, 1))), x);
    }

    private static Tensor withoutGradient(java.util.function.Supplier<Tensor> f) {
        try (var scope = dev.fathom.autograd.GradMode.noGrad()) {
            return f.get();
        }
    }

    @Test
    void movementOps() {
        Tensor x = randn(4, 6, 5);
        conforms("permute", in -> in[0].permute(2, 0, 1).mul(1), x);
        conforms("slice with step", in -> in[0].slice(1, 1, 6, 2).mul(1), x);
        conforms("expand", in -> in[0].slice(0, 0, 1).expand(3, 6, 5).mul(1), x);
        conforms("pad", in -> in[0].pad(new int[] {0, 1, 2}, new int[] {1, 0, 1}, -0.5), x);
        conforms("concat", in -> Tensor.concat(1, in[0], in[1]), x, randn(4, 3, 5));
        conforms("reshape of a transposed view", in -> in[0].transpose(0, 2).reshape(5, 24), x);
    }

    @Test
    void copiesBetweenHostAndDeviceAreExact() {
        Tensor x = randn(3, 1025);
        Tensor back = x.to(device()).to(Device.cpu());
        assertArrayEquals(x.toFloatArray(), back.toFloatArray());
        Tensor ints = Tensor.of(new int[] {-7, 0, Integer.MAX_VALUE, Integer.MIN_VALUE}, 4);
        assertArrayEquals(ints.toIntArray(), ints.to(device()).to(Device.cpu()).toIntArray());
        Tensor view = x.slice(1, 3, 1000, 7);
        assertArrayEquals(view.contiguous().toFloatArray(), view.to(device()).to(Device.cpu()).toFloatArray());
    }

    @Test
    void allFiniteFindsOneBadValue() {
        float[] data = new float[4099];
        Arrays.fill(data, 1f);
        assertTrue(Tensor.of(data, data.length).to(device()).allFinite());
        data[4097] = Float.NaN;
        assertFalse(Tensor.of(data, data.length).to(device()).allFinite());
        data[4097] = Float.NEGATIVE_INFINITY;
        assertFalse(Tensor.of(data, data.length).to(device()).allFinite());
    }

    @Test
    void adamStepMatchesItsDefinition() {
        Tensor p0 = randn(3, 37);
        Tensor g = randn(3, 37);
        Tensor m0 = randn(3, 37).mul(0.1);
        Tensor v0 = rand(0, 0.2, 3, 37);
        AdamStep step = new AdamStep(0.9, 0.999, 3e-3, 1e-7, 0.01, 0.999);
        Tensor p = p0.to(device()).contiguousCopy();
        Tensor m = m0.to(device()).contiguousCopy();
        Tensor v = v0.to(device()).contiguousCopy();
        Assumptions.assumeTrue(p.canAdamStep(g.to(device()), m, v), "the backend has no fused Adam step for these tensors");
        p.adamStep(g.to(device()), m, v, step);

        double[] pw = p0.toDoubleArray();
        double[] gw = g.toDoubleArray();
        double[] mw = m0.toDoubleArray();
        double[] vw = v0.toDoubleArray();
        double[] wantP = new double[pw.length];
        double[] wantM = new double[pw.length];
        double[] wantV = new double[pw.length];
        for (int i = 0; i < pw.length; i++) {
            // AdamStep's definition, in float64.
            double gi = gw[i] + step.l2() * pw[i];
            wantM[i] = step.beta1() * mw[i] + (1 - step.beta1()) * gi;
            wantV[i] = step.beta2() * vw[i] + (1 - step.beta2()) * gi * gi;
            wantP[i] = step.decay() * pw[i] - step.stepSize() * wantM[i] / (Math.sqrt(wantV[i]) + step.epsilon());
        }
        close("adam parameter", wantP, p.to(Device.cpu()).toDoubleArray(), 1e-5);
        close("adam first moment", wantM, m.to(Device.cpu()).toDoubleArray(), 1e-5);
        close("adam second moment", wantV, v.to(Device.cpu()).toDoubleArray(), 1e-5);
    }
}
