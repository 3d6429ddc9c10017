package dev.fathom.cuda;

import dev.fathom.backend.DType;
import dev.fathom.backend.Device;
import dev.fathom.backend.Storage;
import dev.fathom.backend.View;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How a strided matmul operand reaches cuBLAS without a copy, and when it needs one. */
class MatmulOperandTest {
    private static final Storage STORAGE = new Storage(DType.FLOAT32, 1 << 20) {
        @Override public Device device() {
            return Device.cuda();
        }

        @Override protected void free() {}
    };

    private static View view(int[] shape, int[] strides) {
        return new View(STORAGE, shape, strides, 0);
    }

    @Test
    void aDenseMatrixIsReadAsIs() {
        CudaBackend.Operand o = CudaBackend.Operand.of(view(new int[] {5, 7}, new int[] {7, 1}), 2);
        assertEquals(Cublas.OP_N, o.transpose());
        assertEquals(7, o.leading());
    }

    @Test
    void aTransposedViewIsReadTransposedWithItsLeadingDimension() {
        // The transpose of a dense [7, 5]: shape [5, 7], strides [1, 5].
        CudaBackend.Operand o = CudaBackend.Operand.of(view(new int[] {5, 7}, new int[] {1, 5}), 2);
        assertEquals(Cublas.OP_T, o.transpose());
        assertEquals(5, o.leading());
    }

    @Test
    void aColumnSliceKeepsItsRowStrideAsLeadingDimension() {
        CudaBackend.Operand o = CudaBackend.Operand.of(view(new int[] {4, 3}, new int[] {10, 1}), 2);
        assertEquals(Cublas.OP_N, o.transpose());
        assertEquals(10, o.leading());
    }

    @Test
    void batchesStepByOneStrideOrBroadcast() {
        assertEquals(35, CudaBackend.Operand.of(view(new int[] {2, 3, 5, 7}, new int[] {105, 35, 7, 1}), 4).batchStride());
        assertEquals(0, CudaBackend.Operand.of(view(new int[] {2, 3, 5, 7}, new int[] {0, 0, 7, 1}), 4).batchStride(),
                "a weight broadcast over the batch is read again for each batch");
        assertEquals(35, CudaBackend.Operand.of(view(new int[] {1, 3, 5, 7}, new int[] {999, 35, 7, 1}), 4).batchStride(),
                "axes of size 1 take any stride");
    }

    @Test
    void operandsCuBlasCannotReadNeedACopy() {
        assertNull(CudaBackend.Operand.of(view(new int[] {5, 7}, new int[] {14, 2}), 2), "every other column");
        assertNull(CudaBackend.Operand.of(view(new int[] {2, 3, 5, 7}, new int[] {0, 35, 7, 1}), 4),
                "broadcast over one batch axis only: no single batch stride");
        assertNull(CudaBackend.Operand.of(view(new int[] {2, 3, 5, 7}, new int[] {200, 35, 7, 1}), 4), "a gap between batch blocks");
    }

    @Test
    void vectorsAndScalarsAreAlwaysReadable() {
        assertEquals(Cublas.OP_N, CudaBackend.Operand.of(view(new int[] {1, 9}, new int[] {0, 1}), 2).transpose());
        assertEquals(Cublas.OP_N, CudaBackend.Operand.of(view(new int[] {9, 1}, new int[] {1, 0}), 2).transpose());
        assertEquals(1, CudaBackend.Operand.of(view(new int[] {1, 1}, new int[] {0, 0}), 2).leading());
    }
}
