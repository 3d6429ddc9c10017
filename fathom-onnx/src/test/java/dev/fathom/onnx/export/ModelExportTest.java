package dev.fathom.onnx.export;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Activation;
import dev.fathom.layers.Add;
import dev.fathom.layers.Average;
import dev.fathom.layers.AveragePool2D;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.Concatenate;
import dev.fathom.layers.Conv1D;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GRU;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.GlobalAveragePooling2D;
import dev.fathom.layers.GlobalMaxPooling1D;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.LayerNormalization;
import dev.fathom.layers.Masking;
import dev.fathom.layers.MaxPool1D;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.MultiHeadAttention;
import dev.fathom.layers.Multiply;
import dev.fathom.layers.Normalization;
import dev.fathom.layers.Padding;
import dev.fathom.layers.PositionalEmbedding;
import dev.fathom.layers.Rescaling;
import dev.fathom.layers.Reshape;
import dev.fathom.layers.SimpleRNN;
import dev.fathom.layers.TimeDistributed;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.layers.Weight;
import dev.fathom.models.Functional;
import dev.fathom.models.Input;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in layer exported and run in ONNX Runtime: its outputs equal Fathom's
 * {@code predict} to 1e-5 of the outputs' largest magnitude, on random inputs and on weights
 * moved off their initial values (moving statistics included), for odd sizes, strides, dilations,
 * "same" padding, masks of padded steps, and a batch size the file was not written for.
 */
class ModelExportTest {
    record Case(String name, Supplier<Model> model, int vocabulary) {}

    private static Case seq(String name, int[] shape, Layer... layers) {
        return new Case(name, () -> new Sequential(layers).seed(7).build(shape), 0);
    }

    private static Case ids(String name, int time, int vocabulary, Supplier<Layer[]> layers) {
        return new Case(name, () -> new Sequential(layers.get()).seed(7).build(time), vocabulary);
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(seq("Dense", new int[] {6}, new Dense(5, "relu"), new Dense(3, "softmax")));
        c.add(seq("Dense without bias on sequences", new int[] {4, 3}, new Dense(5).useBias(false), new Dense(2, "tanh")));
        for (String a : List.of("linear", "relu", "leaky_relu", "elu", "gelu", "sigmoid", "tanh", "softmax")) {
            c.add(seq("Activation " + a, new int[] {7}, new Dense(6), new Activation(a)));
        }
        c.add(seq("Conv2D valid, strides, dilation", new int[] {2, 9, 8}, new Conv2D(3, 3).strides(2, 1).dilation(1, 2),
                new Conv2D(2, 2, 1).activation("relu")));
        c.add(seq("Conv2D same, stride 2 (uneven pads), softmax over channels", new int[] {3, 7, 6},
                new Conv2D(4, 3, "softmax").strides(2).padding(Padding.SAME)));
        c.add(seq("Conv2D without bias", new int[] {1, 5, 5}, new Conv2D(2, 2).useBias(false)));
        c.add(seq("MaxPool2D and AveragePool2D", new int[] {2, 8, 7}, new MaxPool2D(2), new AveragePool2D(2, 1).strides(1, 2)));
        c.add(seq("pools with same padding", new int[] {2, 7, 5}, new AveragePool2D(3).strides(2).padding(Padding.SAME),
                new MaxPool2D(2).padding(Padding.SAME)));
        c.add(seq("GlobalAveragePooling2D", new int[] {3, 4, 5}, new Conv2D(4, 3, "relu").padding(Padding.SAME),
                new GlobalAveragePooling2D(), new Dense(2)));
        c.add(seq("GlobalAveragePooling2D keepDims", new int[] {3, 4, 5}, new GlobalAveragePooling2D().keepDims(true)));
        c.add(seq("Conv1D and MaxPool1D", new int[] {11, 3}, new Conv1D(4, 3).dilation(2), new MaxPool1D(2),
                new Conv1D(3, 2, "relu").strides(2).padding(Padding.SAME), new MaxPool1D(2).padding(Padding.SAME)));
        c.add(seq("GlobalAveragePooling1D", new int[] {6, 3}, new Conv1D(4, 2), new GlobalAveragePooling1D()));
        c.add(seq("GlobalMaxPooling1D keepDims", new int[] {6, 3}, new GlobalMaxPooling1D().keepDims(true)));
        c.add(seq("BatchNormalization on features", new int[] {5}, new Dense(4), new BatchNormalization(), new Dense(2)));
        c.add(seq("BatchNormalization on images", new int[] {3, 4, 4}, new BatchNormalization().epsilon(1e-2),
                new Conv2D(2, 3), new BatchNormalization().center(false).scale(false)));
        c.add(seq("LayerNormalization", new int[] {4, 6}, new LayerNormalization(), new Dense(3)));
        c.add(seq("LayerNormalization over two trailing axes", new int[] {3, 4, 5}, new LayerNormalization().axis(2, 3).epsilon(1e-5)));
        c.add(seq("LayerNormalization over a middle axis", new int[] {3, 4}, new LayerNormalization().axis(1).center(false)));
        c.add(seq("Dropout, Flatten, Reshape", new int[] {2, 3, 4}, new Dropout(0.5), new Flatten(), new Reshape(4, -1),
                new Dense(2)));
        c.add(seq("Rescaling", new int[] {5}, new Rescaling(1 / 255.0, -0.5), new Dense(3)));
        c.add(new Case("Normalization", () -> {
            Normalization n = new Normalization();
            n.adapt(Tensor.randn(new Generator(3), 20, 4).mul(3).add(2));
            return new Sequential(n, new Dense(2)).seed(7).build(4);
        }, 0));
        c.add(ids("Embedding", 6, 11, () -> new Layer[] {new Embedding(11, 4), new GlobalAveragePooling1D(), new Dense(2)}));
        c.add(seq("SimpleRNN", new int[] {5, 3}, new SimpleRNN(4).returnSequences(true), new SimpleRNN(3)));
        c.add(seq("SimpleRNN relu, backwards", new int[] {5, 3}, new SimpleRNN(4).activation("relu").goBackwards(true)
                .returnSequences(true)));
        c.add(seq("LSTM", new int[] {6, 3}, new LSTM(5).returnSequences(true), new LSTM(4)));
        c.add(seq("LSTM backwards without bias", new int[] {4, 2}, new LSTM(3).goBackwards(true).useBias(false)));
        c.add(seq("GRU", new int[] {6, 3}, new GRU(5).returnSequences(true), new GRU(4).goBackwards(true)));
        c.add(seq("GRU with an activation ONNX's operator lacks (unrolled)", new int[] {4, 3},
                new GRU(3).activation("elu").returnSequences(true)));
        c.add(seq("LSTM with hard activations (unrolled)", new int[] {4, 3}, new LSTM(3).recurrentActivation("tanh").activation("gelu")));
        c.add(seq("Bidirectional LSTM concat", new int[] {5, 3}, new Bidirectional(new LSTM(4).returnSequences(true)),
                new Bidirectional(new GRU(3), "sum")));
        c.add(seq("Bidirectional ave and mul", new int[] {5, 3}, new Bidirectional(new SimpleRNN(4).returnSequences(true), "ave"),
                new Bidirectional(new GRU(2), "mul")));
        c.add(seq("Bidirectional around a backwards layer", new int[] {4, 2}, new Bidirectional(new LSTM(3).goBackwards(true)
                .returnSequences(true))));
        c.add(ids("Embedding maskZero into LSTM (masked, unrolled)", 7, 9, () -> new Layer[] {new Embedding(9, 4).maskZero(true),
                new LSTM(5)}));
        c.add(ids("masked GRU sequences into GlobalMaxPooling1D", 6, 8, () -> new Layer[] {new Embedding(8, 3).maskZero(true),
                new GRU(4).returnSequences(true), new GlobalMaxPooling1D()}));
        c.add(ids("masked Bidirectional into GlobalAveragePooling1D", 6, 8, () -> new Layer[] {new Embedding(8, 3).maskZero(true),
                new Bidirectional(new SimpleRNN(3).returnSequences(true)), new Dense(4, "relu"), new GlobalAveragePooling1D()}));
        c.add(ids("masked sequences out: zeros at padded steps", 6, 8, () -> new Layer[] {new Embedding(8, 3).maskZero(true),
                new Bidirectional(new LSTM(4).returnSequences(true))}));
        c.add(new Case("Masking into SimpleRNN", () -> new Sequential(new Masking(0.5), new SimpleRNN(4).goBackwards(true))
                .seed(7).build(5, 3), -1));
        c.add(seq("TimeDistributed", new int[] {3, 1, 6, 6}, new TimeDistributed(new Conv2D(2, 3, "relu")),
                new TimeDistributed(new GlobalAveragePooling2D()), new LSTM(3), new Dense(2)));
        c.add(seq("TimeDistributed Dense", new int[] {4, 5}, new TimeDistributed(new Dense(3, "sigmoid"))));
        c.add(seq("MultiHeadAttention", new int[] {5, 8}, new MultiHeadAttention(2, 3)));
        c.add(seq("MultiHeadAttention valueDim, outputDim, causal, no bias", new int[] {4, 6}, new MultiHeadAttention(3, 2).valueDim(4)
                .outputDim(5).useCausalMask(true).useBias(false), new Dense(2)));
        c.add(ids("masked MultiHeadAttention (padded queries and keys)", 6, 9, () -> new Layer[] {new Embedding(9, 6).maskZero(true),
                new MultiHeadAttention(2, 3).useCausalMask(true), new GlobalAveragePooling1D()}));
        c.add(seq("PositionalEmbedding learned, for longer sequences", new int[] {5, 4}, PositionalEmbedding.learned(8)));
        c.add(seq("PositionalEmbedding learned, full length", new int[] {5, 4}, PositionalEmbedding.learned(5), new Dense(2)));
        c.add(seq("PositionalEmbedding sinusoidal", new int[] {7, 6}, PositionalEmbedding.sinusoidal()));
        c.add(seq("TransformerEncoder", new int[] {5, 8}, new TransformerEncoder(12, 2)));
        c.add(seq("TransformerEncoder norm first, gelu, causal", new int[] {4, 6}, new TransformerEncoder(8, 3).normalizeFirst(true)
                .activation("gelu").useCausalMask(true).layerNormEpsilon(1e-3)));
        c.add(ids("Embedding, PositionalEmbedding, masked TransformerEncoder", 6, 10, () -> new Layer[] {
                new Embedding(10, 8).maskZero(true), PositionalEmbedding.learned(6), new TransformerEncoder(12, 2),
                new TransformerEncoder(8, 4).normalizeFirst(true), new GlobalAveragePooling1D(), new Dense(2)}));
        return c.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyLayerMatchesOnnxRuntime() {
        return cases().map(k -> DynamicTest.dynamicTest(k.name, () -> check(k)));
    }

    private static void check(Case k) {
        Model model = k.model.get();
        perturb(model);
        for (int batch : new int[] {3, 1}) {
            Tensor x = input(model.inputShape(), batch, k.vocabulary);
            Tensor expected = model.predict(x);
            OrtRun run = new OrtRun();
            if (k.vocabulary > 0) run.longs("input", x);
            else run.floats("input", x);
            float[] actual = (float[]) run.run(OnnxExport.model(model)).get(OnnxExport.OUTPUT);
            OrtRun.assertClose(expected, actual, k.name + " (batch " + batch + ")");
        }
    }

    /** Inputs in [-1, 1]; token ids in [0, vocabulary) with padding zeros at either end; for Masking, steps of 0.5 (the mask value). */
    private static Tensor input(int[] perSample, int batch, int vocabulary) {
        int[] shape = new int[perSample.length + 1];
        shape[0] = batch;
        System.arraycopy(perSample, 0, shape, 1, perSample.length);
        Generator g = new Generator(11 + batch);
        if (vocabulary > 0) {
            int time = perSample[0];
            float[] v = new float[batch * time];
            java.util.Random r = new java.util.Random(batch);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < time; t++) v[b * time + t] = 1 + r.nextInt(vocabulary - 1);
                v[b * time + (b % 2 == 0 ? time - 1 : 0)] = 0;      // padding after, or before
                if (time > 3) v[b * time + 2] = 0;                   // and in the middle
            }
            return Tensor.of(v, shape);
        }
        Tensor x = Tensor.rand(g, shape).mul(2).sub(1);
        if (vocabulary < 0) {   // Masking(0.5): make some whole steps equal to the mask value
            float[] v = x.toFloatArray();
            int time = perSample[0];
            int features = perSample[1];
            for (int b = 0; b < batch; b++) {
                for (int t : new int[] {(b + 1) % time, time - 1}) {
                    for (int f = 0; f < features; f++) v[(b * time + t) * features + f] = 0.5f;
                }
            }
            x = Tensor.of(v, shape);
        }
        return x;
    }

    /** Moves every weight off its initial value (zeros biases, unit variances), keeping variances positive. */
    static void perturb(Model model) {
        Generator g = new Generator(5);
        try (var scope = GradMode.noGrad()) {
            for (Weight w : model.weights()) {
                if (w.name().equals("count") || w.name().equals("mean") || w.name().equals("variance")) continue;   // Normalization: adapted
                Tensor v = w.value();
                Tensor noise = Tensor.rand(g, v.shape()).mul(0.6).sub(0.3);
                if (w.name().endsWith("ariance")) v.assign(noise.add(0.8).asType(v.dtype()));
                else v.assign(v.add(noise.asType(v.dtype())));
            }
        }
    }

    @Test
    void functionalModelsWithSeveralInputsMergesAndASharedLayer() {
        Input a = Input.of(5).name("a").seed(3);
        Input b = Input.of(5).name("b");
        Dense shared = new Dense(4, "tanh");
        SymbolicTensor ha = a.then(shared);
        SymbolicTensor hb = b.then(shared);
        SymbolicTensor sum = SymbolicTensor.apply(new Add(), ha, hb);
        SymbolicTensor avg = SymbolicTensor.apply(new Average(), ha, hb, sum);
        SymbolicTensor prod = SymbolicTensor.apply(new Multiply(), sum, avg);
        SymbolicTensor joined = SymbolicTensor.apply(new Concatenate(), prod, hb, a.then(new Dense(2)));
        Functional model = new Functional(List.of(a, b), joined.then(new Dense(3)));
        perturb(model);
        Tensor xa = Tensor.rand(new Generator(1), 4, 5);
        Tensor xb = Tensor.rand(new Generator(2), 4, 5).sub(0.5);
        Tensor expected = model.predict(List.of(xa, xb));
        var proto = OnnxExport.model(model);
        assertEquals(List.of("a", "b"), proto.getGraph().getInputList().stream().map(i -> i.getName()).toList());
        long kernels = proto.getGraph().getInitializerList().stream().filter(t -> t.getName().startsWith(shared.name() + "/kernel")).count();
        assertEquals(1, kernels, "the shared layer's kernel is one initializer");
        float[] actual = (float[]) new OrtRun().floats("a", xa).floats("b", xb).run(proto).get(OnnxExport.OUTPUT);
        OrtRun.assertClose(expected, actual, "functional model");
    }

    @Test
    void declaresOpset17ADynamicBatchAndNamesNodesAfterLayers() {
        Model model = new Sequential(new Dense(3, "relu").name("hidden"), new Dense(2)).seed(1).build(4);
        var proto = OnnxExport.model(model);
        assertEquals(17, proto.getOpsetImport(0).getVersion());
        assertEquals("N", proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(4, proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
        assertTrue(proto.getGraph().getNodeList().stream().anyMatch(n -> n.getName().startsWith("hidden/MatMul")),
                proto.getGraph().getNodeList().stream().map(n -> n.getName()).toList().toString());
        assertEquals(Map.of("fathom.kind", "model"), Map.of(proto.getMetadataProps(0).getKey(), proto.getMetadataProps(0).getValue()));
    }
}
