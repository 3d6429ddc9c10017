package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * An ONNX elementwise operator with its attributes, composed of Fathom's primitives: {@code relu},
 * {@code leaky_relu} (slope {@code alpha}), {@code sigmoid}, {@code tanh}, {@code gelu} (exact,
 * with erf) and {@code gelu_tanh}, {@code hard_swish}, {@code hard_sigmoid} ({@code alpha·x + beta}
 * clipped to [0, 1]), {@code clip} (to [{@code alpha}, {@code beta}]), {@code elu}, {@code softplus},
 * {@code sqrt}, {@code exp}, {@code log}, {@code neg}, {@code abs}, {@code reciprocal}, {@code erf}.
 *
 * <p>Input and output of any one shape. {@code erf} is Abramowitz and Stegun's 7.1.26 (absolute
 * error below 1.5e-7), written with exp, so it has gradients like any composed op.
 *
 * <pre>{@code
 * new OnnxUnary("hard_swish")          // MobileNetV3's activation
 * new OnnxUnary("clip", 0, 6)          // ReLU6
 * }</pre>
 */
public final class OnnxUnary extends Layer {
    /** The operations, by the names the config uses. */
    public static final List<String> OPS = List.of("relu", "leaky_relu", "sigmoid", "tanh", "gelu", "gelu_tanh", "hard_swish",
            "hard_sigmoid", "clip", "elu", "softplus", "sqrt", "exp", "log", "neg", "abs", "reciprocal", "erf");
    private final String op;
    private final double alpha;
    private final double beta;

    /** An operation without attributes. */
    public OnnxUnary(String op) {
        this(op, Double.NaN, Double.NaN);
    }

    /** An operation with its attributes ({@code alpha}, {@code beta}; NaN where it has none). */
    public OnnxUnary(String op, double alpha, double beta) {
        if (!OPS.contains(op)) throw new IllegalArgumentException("OnnxUnary: unknown operation '" + op + "'; choose one of " + OPS);
        this.op = op;
        this.alpha = alpha;
        this.beta = beta;
    }

    @Override
    public String defaultName() {
        return op;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        return in;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        return switch (op) {
            case "relu" -> x.relu();
            case "leaky_relu" -> x.relu().add(x.minimum(0).mul(alpha));
            case "sigmoid" -> x.sigmoid();
            case "tanh" -> x.tanh();
            case "gelu" -> x.mul(erf(x.mul(Math.sqrt(0.5))).add(1)).mul(0.5);
            case "gelu_tanh" -> x.mul(x.mul(x).mul(x).mul(0.044715).add(x).mul(Math.sqrt(2 / Math.PI)).tanh().add(1)).mul(0.5);
            case "hard_swish" -> x.mul(x.add(3).clamp(0, 6)).div(6);
            case "hard_sigmoid" -> x.mul(alpha).add(beta).clamp(0, 1);
            case "clip" -> x.clamp(Double.isNaN(alpha) ? Double.NEGATIVE_INFINITY : alpha, Double.isNaN(beta) ? Double.POSITIVE_INFINITY : beta);
            case "elu" -> x.relu().add(x.minimum(0).exp().sub(1).mul(alpha));
            case "softplus" -> x.relu().add(x.abs().neg().exp().add(1).log());
            case "sqrt" -> x.sqrt();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "neg" -> x.neg();
            case "abs" -> x.abs();
            case "reciprocal" -> x.reciprocal();
            case "erf" -> erf(x);
            default -> throw new IllegalStateException(op);
        };
    }

    /** erf by Abramowitz and Stegun 7.1.26: sign(x)·(1 − poly(t)·exp(−x²)), t = 1 / (1 + p|x|). */
    static Tensor erf(Tensor x) {
        Tensor a = x.abs();
        Tensor t = a.mul(0.3275911).add(1).reciprocal();
        Tensor poly = t.mul(1.061405429).add(-1.453152027).mul(t).add(1.421413741).mul(t).add(-0.284496736).mul(t)
                .add(0.254829592).mul(t);
        Tensor y = poly.mul(a.mul(a).neg().exp()).neg().add(1);
        return y.mul(x.sign());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("op", op);
        if (!Double.isNaN(alpha)) c.put("alpha", alpha);
        if (!Double.isNaN(beta)) c.put("beta", beta);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxUnary fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxUnary", config);
        return new OnnxUnary(c.string("op"), c.number("alpha", Double.NaN), c.number("beta", Double.NaN));
    }
}
