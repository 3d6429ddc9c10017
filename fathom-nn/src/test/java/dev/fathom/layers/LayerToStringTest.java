package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a REPL prints for a layer, and the Keras names models give unnamed layers. */
class LayerToStringTest {

    @Test
    void anUnbuiltLayerShowsItsHyperparameters() {
        assertEquals("Dense(units=10, activation=relu, useBias=true, kernelInitializer=glorot_uniform,"
                + " biasInitializer=zeros)", new Dense(10, "relu").toString());
        assertEquals("Dropout(rate=0.5)", new Dropout(0.5).toString());
        assertEquals("Flatten()", new Flatten().toString());
    }

    @Test
    void aNamedBuiltLayerAddsItsNameShapesAndParameterCount() {
        Dense d = new Dense(10).kernelInitializer(Initializer.constant(0.5));
        d.name("dense");
        d.build(new int[] {784}, new Generator(0));
        assertEquals("Dense(units=10, activation=linear, useBias=true, kernelInitializer=constant(value=0.5),"
                + " biasInitializer=zeros, name=dense) [batch, 784] -> [batch, 10], 7,850 params", d.toString());
    }

    @Test
    void aWrappedLayerPrintsAsACall() {
        String s = new Bidirectional(new LSTM(8)).toString();
        assertTrue(s.startsWith("Bidirectional(layer=LSTM(units=8, activation=tanh, recurrentActivation=sigmoid, "), s);
        assertTrue(s.endsWith(", recurrentInitializer=variance_scaling(scale=0.3333333333333333, mode=fan_in,"
                + " distribution=uniform), biasInitializer=zeros), mergeMode=concat)"), s);
    }

    @Test
    void toStringNeverThrows() {
        Layer broken = new TestLayers.PassThrough() {
            @Override
            public Map<String, Object> config() {
                throw new IllegalStateException("not adapted yet");
            }

            @Override
            public String typeName() {
                return "Broken";
            }
        };
        assertEquals("Broken(config unavailable: IllegalStateException: not adapted yet)", broken.toString());
        broken.name("broken").build(new int[] {3}, new Generator(0));
        assertEquals("Broken(config unavailable: IllegalStateException: not adapted yet, name=broken) [batch, 3] -> [batch, 3],"
                + " 0 params", broken.toString());
    }

    @Test
    void defaultNamesAreKerasSnakeCaseClassNames() {
        List<Layer> layers = List.of(new Dense(1), new Conv2D(1, 3), new Conv1D(1, 3), new MaxPool2D(2), new MaxPool1D(2),
                new AveragePool2D(2), new LSTM(1), new GRU(1), new SimpleRNN(1), new BatchNormalization(),
                new LayerNormalization(), new GlobalAveragePooling1D(), new GlobalMaxPooling1D(), new GlobalAveragePooling2D(),
                new TimeDistributed(new Dense(1)), new Bidirectional(new LSTM(1)), new Embedding(3, 2), new Flatten());
        assertEquals(List.of("dense", "conv2d", "conv1d", "max_pooling2d", "max_pooling1d", "average_pooling2d", "lstm", "gru",
                        "simple_rnn", "batch_normalization", "layer_normalization", "global_average_pooling1d",
                        "global_max_pooling1d", "global_average_pooling2d", "time_distributed", "bidirectional", "embedding",
                        "flatten"),
                layers.stream().map(Layer::defaultName).toList());
    }

    @Test
    void snakeCaseIsKeras() {
        assertEquals("conv2d_transpose", Layer.snakeCase("Conv2DTranspose"));
        assertEquals("multi_head_attention", Layer.snakeCase("MultiHeadAttention"));
        assertEquals("up_sampling2d", Layer.snakeCase("UpSampling2D"));
        assertEquals("p_re_lu", Layer.snakeCase("PReLU"));   // Keras' own name for its PReLU layers
    }
}
