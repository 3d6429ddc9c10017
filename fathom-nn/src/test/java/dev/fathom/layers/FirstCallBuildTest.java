package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A layer called on its own, outside a model, builds itself from the batch's shape, as in Keras. */
class FirstCallBuildTest {
    private static final Generator G = new Generator(3);

    @Test
    void conv2dBuildsFromTheBatchOnItsFirstCall() {
        Conv2D conv = new Conv2D(4, 3);
        Tensor y = conv.call(Tensor.rand(G, 2, 1, 8, 8), false);
        assertArrayEquals(new int[] {2, 4, 6, 6}, y.shape());
        assertTrue(conv.isBuilt());
        assertArrayEquals(new int[] {1, 8, 8}, conv.inputShape());
    }

    @Test
    void weightsOfAFirstCallAreReproducible() {
        Tensor x = Tensor.rand(G, 3, 5);
        Dense a = new Dense(4);
        Dense b = new Dense(4);
        assertArrayEquals(a.call(x, false).toFloatArray(), b.call(x, false).toFloatArray(), 0f);
        Dense built = new Dense(4);
        built.build(new int[] {5}, new Generator(Layer.FIRST_CALL_SEED));
        assertArrayEquals(a.call(x, false).toFloatArray(), built.call(x, false).toFloatArray(), 0f);
    }

    @Test
    void recurrentEmbeddingAndMergeBuildToo() {
        Tensor ids = Tensor.of(new int[] {1, 2, 3, 0, 4, 5}, 2, 3);
        Tensor e = new Embedding(10, 4).call(ids, false);
        assertArrayEquals(new int[] {2, 3, 4}, e.shape());
        assertArrayEquals(new int[] {2, 6}, new LSTM(6).call(e, false).shape());
        assertArrayEquals(new int[] {2, 3, 8}, new Concatenate().call(List.of(e, e), false).shape());
    }

    @Test
    void aShapeTheLayerCannotTakeIsNamedByItsType() {
        var e = assertThrows(ShapeException.class, () -> new Conv2D(4, 3).call(Tensor.rand(G, 2, 8, 8), false));
        assertTrue(e.getMessage().startsWith("Conv2D: "), e.getMessage());
        var scalar = assertThrows(ShapeException.class, () -> new Dense(2).call(Tensor.scalar(1), false));
        assertEquals("Dense: got a scalar; call it on a batch of shape [batch, ...] (one sample is [1, ...])",
                scalar.getMessage());
    }

    @Test
    void whatNeedsABuildNamesTheLayerByTypeAndTheFix() {
        var e = assertThrows(IllegalStateException.class, () -> new BatchNormalization().movingMean());
        assertEquals("BatchNormalization is not built yet; call it on a batch (it builds from the batch's shape), add it"
                + " to a model, or call build(inputShape, generator)", e.getMessage());
        var n = assertThrows(IllegalStateException.class, () -> new Normalization().call(Tensor.rand(G, 2, 3), false));
        assertTrue(n.getMessage().startsWith("Normalization has no statistics yet: call adapt(data)"), n.getMessage());
    }
}
