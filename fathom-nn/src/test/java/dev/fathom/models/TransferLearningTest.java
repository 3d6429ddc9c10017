package dev.fathom.models;

import dev.fathom.layers.Concatenate;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A body cut from a trained network: feature extraction, a new head on the frozen body, then fine-tuning. */
class TransferLearningTest {

    private static Sequential pretrained() {
        Tensor[] d = Fixtures.images(1, 64);
        Sequential m = Fixtures.convNet(3);
        m.fit(d[0], d[1], Fit.epochs(2).batchSize(16).seed(5).silent());
        return m;
    }

    private static List<float[]> snapshot(List<Layer> layers) {
        List<float[]> v = new ArrayList<>();
        for (Layer l : layers) for (Weight w : l.weights()) v.add(w.value().toFloatArray());
        return v;
    }

    @Test
    void theCutModelPredictsTheIntermediateActivations() {
        Sequential m = pretrained();
        Tensor x = Fixtures.images(9, 10)[0];
        List<Tensor> all = m.layerOutputs(List.of(x), false);
        for (String name : List.of("conv2d", "max_pooling2d", "flatten", "dense")) {
            Functional body = m.upTo(name);
            int at = m.layers().indexOf(m.layer(name));
            assertEquals(at + 1, body.layers().size(), name);
            assertArrayEquals(all.get(at).toFloatArray(), body.predict(x).toFloatArray(), 0f, name);
            assertSame(m.layer(name), body.layer(name), "shared, not copied");
        }
        Functional graph = Functional.of(m);
        assertArrayEquals(m.predict(x).toFloatArray(), graph.predict(x).toFloatArray(), 0f);
    }

    @Test
    void aNewHeadTrainsOnTheFrozenBodyThenFineTunesWithASmallLearningRate() {
        Sequential m = pretrained();
        Tensor[] d = Fixtures.images(2, 64);
        // A related task: is the bright square in the top half (0) or the bottom half (1)?
        int[] labels = d[1].toIntArray();
        for (int i = 0; i < labels.length; i++) labels[i] = labels[i] / 2;
        Tensor y = Tensor.of(labels);
        Tensor xTest = Fixtures.images(3, 8)[0];
        float[] oldPredictions = m.predict(xTest).toFloatArray();

        Functional body = m.upTo("flatten");
        Tensor features = body.predict(d[0]);
        assertArrayEquals(new int[] {64, 64}, features.shape());
        body.trainable(false);
        Functional net = body.then(new Dense(2).name("new_head"));
        net.compile(new Adam(0.05), new SparseCategoricalCrossentropy(true), "accuracy");
        List<float[]> bodyBefore = snapshot(body.layers());
        float[] headBefore = net.layer("new_head").weights().get(0).value().toFloatArray();
        History h = net.fit(d[0], y, Fit.epochs(15).batchSize(16).seed(1).silent());

        assertTrue(h.last("accuracy") >= 0.9, "the new head learns the related task from the frozen features: " + h.last("accuracy"));
        List<float[]> bodyAfter = snapshot(body.layers());
        for (int i = 0; i < bodyBefore.size(); i++) assertArrayEquals(bodyBefore.get(i), bodyAfter.get(i), 0f, "body weight " + i);
        assertNotEquals(headBefore[0], net.layer("new_head").weights().get(0).value().toFloatArray()[0]);
        assertArrayEquals(oldPredictions, m.predict(xTest).toFloatArray(), 0f, "the pretrained network is untouched");
        assertEquals(net.layer("new_head").parameterCount(), net.trainableParameterCount());

        // The re-headed network saves as a graph of its own, the body still frozen.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        net.save(bytes);
        Model copy = Model.load(new java.io.ByteArrayInputStream(bytes.toByteArray()), "the re-headed network");
        assertEquals(List.of("conv2d", "batch_normalization", "max_pooling2d", "flatten"),
                copy.layers().stream().filter(l -> !l.trainable()).map(Layer::name).toList());
        assertArrayEquals(net.predict(xTest).toFloatArray(), copy.predict(xTest).toFloatArray(), 0f);

        // Fine-tuning: unfreeze the body and train everything on with a learning rate 100 times smaller.
        body.trainable(true);
        net.compile(new Adam(5e-4), new SparseCategoricalCrossentropy(true), "accuracy");
        float lossBefore = (float) (double) net.evaluate(d[0], y).get("loss");
        net.fit(d[0], y, Fit.epochs(3).batchSize(16).seed(1).silent());
        assertTrue(net.evaluate(d[0], y).get("loss") < lossBefore);
        float[] conv = m.layer("conv2d").weights().get(0).value().toFloatArray();
        double largest = 0;
        for (int i = 0; i < conv.length; i++) largest = Math.max(largest, Math.abs(conv[i] - bodyBefore.get(0)[i]));
        assertTrue(largest > 0 && largest < 0.05, "small steps move the pretrained kernel a little: " + largest);
    }

    @Test
    void aGraphIsCutAtANamedLayerAndKeepsOnlyTheInputsItNeeds() {
        Input a = Input.of(4).name("a");
        Input b = Input.of(3).name("b");
        SymbolicTensor ha = a.then(new Dense(5, "relu").name("body_a"));
        SymbolicTensor hb = b.then(new Dense(5).name("body_b"));
        Functional f = new Functional(List.of(a, b),
                SymbolicTensor.apply(new Concatenate().name("joined"), ha, hb).then(new Dense(2).name("head")));
        Functional branch = f.upTo("body_a");
        assertEquals(List.of(a), branch.inputs());
        Tensor xa = Tensor.of(new float[] {1, 2, 3, 4, -1, 0, 1, 2}, 2, 4);
        Tensor xb = Tensor.of(new float[] {1, 0, 1, 2, 2, 2}, 2, 3);
        assertArrayEquals(f.layerOutputs(List.of(xa, xb), false).get(f.layers().indexOf(f.layer("body_a"))).toFloatArray(),
                branch.predict(xa).toFloatArray(), 0f);
        Functional joined = new Functional(f.inputs(), f.output("joined"));
        assertArrayEquals(new int[] {10}, joined.outputShape());
        Map<String, Object> arch = f.upTo("joined").then(new Dense(3)).architecture();
        assertEquals(2, ((List<?>) arch.get("inputs")).size());
    }

    @Test
    void errorsNameTheLayersAndTheApplications() {
        Input x = Input.of(4);
        Layer shared = new Dense(4).name("shared");
        Functional f = new Functional(List.of(x), x.then(shared).then(shared).then(new Dense(1)));
        var twice = assertThrows(IllegalArgumentException.class, () -> f.upTo("shared"));
        assertEquals("output(\"shared\"): the layer is applied 2 times; say which with output(\"shared\", k), k from 0 to 1",
                twice.getMessage());
        assertArrayEquals(new int[] {4}, new Functional(f.inputs(), f.output("shared", 1)).outputShape());
        var none = assertThrows(IllegalArgumentException.class, () -> f.upTo("flatten"));
        assertTrue(none.getMessage().startsWith("layer(\"flatten\"): the model has no layer of that name; its layers are"
                + " [shared, dense]"), none.getMessage());
        var unbuilt = assertThrows(IllegalStateException.class, () -> new Sequential(new Dense(2)).upTo("dense"));
        assertTrue(unbuilt.getMessage().startsWith("Functional.of: the Sequential is not built yet"), unbuilt.getMessage());
    }
}
