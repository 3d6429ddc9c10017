package dev.fathom.onnx.export;

import dev.fathom.layers.AveragePool2D;
import dev.fathom.layers.Conv1D;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Layer;
import dev.fathom.layers.MaxPool1D;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Padding;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * The convolution and pooling layers as ONNX Conv, MaxPool and AveragePool. Fathom's images are
 * channels-first like ONNX's, so Conv2D and the 2-D pools map one to one, their "same" padding
 * written out as explicit, possibly uneven pads (the odd pixel after, as Fathom and Keras put it).
 * The 1-D layers take sequences {@code [batch, time, channels]} and so are wrapped in two
 * Transposes to ONNX's {@code [batch, channels, time]}. AveragePool2D averages the real pixels of
 * a padded window ({@code count_include_pad=0}), as Fathom does.
 */
final class ConvolutionExport {
    private ConvolutionExport() {}

    static Value conv2d(OnnxGraph g, Conv2D layer, Value x) {
        LayerConfig c = new LayerConfig(layer);
        int[] k = c.integers("kernelSize", 2, null);
        int[] s = c.integers("strides", 2, new int[] {1, 1});
        int[] d = c.integers("dilation", 2, new int[] {1, 1});
        int[] in = layer.inputShape();
        int[] pad = padding(c).amounts(in[1], in[2], k[0], k[1], s[0], s[1], d[0], d[1]);
        List<String> args = new ArrayList<>(List.of(x.name()));
        args.addAll(inputs(g, c));
        String out = g.op("Conv", args, attrs("kernel_shape", k, "strides", s, "dilations", d,
                "pads", new int[] {pad[0], pad[2], pad[1], pad[3]}, "group", 1));
        return Value.floats(ActivationExport.apply(g, c.string("activation", "linear"), out, 1), layer.outputShape());
    }

    static Value conv1d(OnnxGraph g, Conv1D layer, Value x) {
        LayerConfig c = new LayerConfig(layer);
        int k = c.integer("kernelSize", 1);
        int s = c.integer("strides", 1);
        int d = c.integer("dilation", 1);
        int[] in = layer.inputShape();
        int[] pad = padding(c).amounts(1, in[0], 1, k, 1, s, 1, d);
        List<String> args = new ArrayList<>(List.of(toChannelsFirst(g, x.name())));
        args.addAll(inputs(g, c));
        String y = g.op("Conv", args, attrs("kernel_shape", new int[] {k}, "strides", new int[] {s},
                "dilations", new int[] {d}, "pads", new int[] {pad[2], pad[3]}, "group", 1));
        y = toChannelsLast(g, y);
        return Value.floats(ActivationExport.apply(g, c.string("activation", "linear"), y, -1), layer.outputShape());
    }

    /** The kernel and, when the layer has one, the bias. */
    private static List<String> inputs(OnnxGraph g, LayerConfig c) {
        List<String> in = new ArrayList<>();
        in.add(g.weight(c.weight("kernel"), "kernel"));
        Tensor bias = c.weight("bias");
        if (bias != null) in.add(g.weight(bias, "bias"));
        return in;
    }

    static Value maxPool2d(OnnxGraph g, MaxPool2D layer, Value x) {
        return pool2d(g, layer, x, "MaxPool");
    }

    static Value averagePool2d(OnnxGraph g, AveragePool2D layer, Value x) {
        return pool2d(g, layer, x, "AveragePool");
    }

    private static Value pool2d(OnnxGraph g, Layer layer, Value x, String op) {
        LayerConfig c = new LayerConfig(layer);
        int[] p = c.integers("poolSize", 2, new int[] {2, 2});
        int[] s = c.integers("strides", 2, p);
        int[] in = layer.inputShape();
        int[] pad = padding(c).amounts(in[1], in[2], p[0], p[1], s[0], s[1], 1, 1);
        var a = attrs("kernel_shape", p, "strides", s, "pads", new int[] {pad[0], pad[2], pad[1], pad[3]});
        if (op.equals("AveragePool")) a.put("count_include_pad", 0);
        return Value.floats(g.op(op, List.of(x.name()), a), layer.outputShape());
    }

    static Value maxPool1d(OnnxGraph g, MaxPool1D layer, Value x) {
        LayerConfig c = new LayerConfig(layer);
        int p = c.integer("poolSize", 2);
        int s = c.integer("strides", p);
        int[] in = layer.inputShape();
        int[] pad = padding(c).amounts(1, in[0], 1, p, 1, s, 1, 1);
        String y = g.op("MaxPool", List.of(toChannelsFirst(g, x.name())), attrs("kernel_shape", new int[] {p},
                "strides", new int[] {s}, "pads", new int[] {pad[2], pad[3]}));
        return Value.floats(toChannelsLast(g, y), layer.outputShape());
    }

    private static Padding padding(LayerConfig c) {
        return Padding.valueOf(c.string("padding", "valid").toUpperCase(Locale.ROOT));
    }

    private static String toChannelsFirst(OnnxGraph g, String x) {
        return g.op("Transpose", List.of(x), attrs("perm", new int[] {0, 2, 1}));
    }

    private static String toChannelsLast(OnnxGraph g, String x) {
        return g.op("Transpose", List.of(x), attrs("perm", new int[] {0, 2, 1}));
    }
}
