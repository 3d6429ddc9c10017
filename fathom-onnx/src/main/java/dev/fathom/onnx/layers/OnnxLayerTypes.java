package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.layers.LayerTypes;
import dev.fathom.saving.ConfigRegistry;

import java.util.Map;

/**
 * Registers the layers ONNX operators import into, so a model imported from ONNX and saved as a
 * {@code .fathom} file loads back with {@code Model.load} (found by {@link java.util.ServiceLoader}).
 */
public final class OnnxLayerTypes implements LayerTypes {
    @Override
    public void registerInto(ConfigRegistry<Map<String, Object>, Layer> registry) {
        registry.register("OnnxBinary", OnnxBinary.class, OnnxBinary::fromConfig)
                .register("OnnxConcat", OnnxConcat.class, OnnxConcat::fromConfig)
                .register("OnnxConstBinary", OnnxConstBinary.class, OnnxConstBinary::fromConfig)
                .register("OnnxConv", OnnxConv.class, OnnxConv::fromConfig)
                .register("OnnxConvTranspose", OnnxConvTranspose.class, OnnxConvTranspose::fromConfig)
                .register("OnnxGather", OnnxGather.class, OnnxGather::fromConfig)
                .register("OnnxLayerNormalization", OnnxLayerNormalization.class, OnnxLayerNormalization::fromConfig)
                .register("OnnxPad", OnnxPad.class, OnnxPad::fromConfig)
                .register("OnnxPool", OnnxPool.class, OnnxPool::fromConfig)
                .register("OnnxReduce", OnnxReduce.class, OnnxReduce::fromConfig)
                .register("OnnxSlice", OnnxSlice.class, OnnxSlice::fromConfig)
                .register("OnnxSoftmax", OnnxSoftmax.class, OnnxSoftmax::fromConfig)
                .register("OnnxTranspose", OnnxTranspose.class, OnnxTranspose::fromConfig)
                .register("OnnxUnary", OnnxUnary.class, OnnxUnary::fromConfig);
    }
}
