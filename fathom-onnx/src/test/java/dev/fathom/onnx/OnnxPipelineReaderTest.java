package dev.fathom.onnx;

import dev.fathom.backend.DType;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pipeline.load takes an .onnx file (through OnnxPipelineReader), as fathom predict, evaluate and serve do. */
class OnnxPipelineReaderTest {
    @Test
    void aTableClassifierPredictsLikeTheNetwork() {
        Golden.Case c = OnnxModelTest.golden("mlp");
        Pipeline pipeline = Pipeline.load(OnnxImportTest.fixture("mlp.onnx"));
        assertEquals(List.of("0", "1", "2"), pipeline.classes());
        assertEquals("y", pipeline.target());
        Tensor x = c.tensor("x", "x.shape", DType.FLOAT32);
        List<NumericColumn> columns = new ArrayList<>();
        for (int j = 0; j < x.shape(1); j++) {
            double[] v = new double[x.shape(0)];
            for (int i = 0; i < v.length; i++) v[i] = x.get(i, j);
            columns.add(NumericColumn.of("x" + j, v));
        }
        // The MLP ends in Softmax: its outputs are the probabilities.
        OnnxImportTest.assertCloseToLargest("mlp probabilities", c.nums("y"), pipeline.predictProba(Table.of(columns)).toDoubleArray());
    }
}
