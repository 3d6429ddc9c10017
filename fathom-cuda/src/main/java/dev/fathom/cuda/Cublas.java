package dev.fathom.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuBLAS ({@code libcublas.so}): the matrix products, on the backend's stream. cuBLAS is
 * column-major; a row-major product {@code C = A·B} is computed as the column-major
 * {@code Cᵀ = Bᵀ·Aᵀ}, which swaps the operands and needs no copy. Prototypes from CUDA 13's
 * {@code cublas_api.h} (the {@code _v2} API).
 *
 * <p>TF32 tensor-core math is off unless asked for ({@code fathom.cuda.tf32=true}): it rounds the
 * inputs to 10 bits of mantissa, which changes results, so it is an explicit choice as in PyTorch.
 */
final class Cublas {
    static final int OP_N = 0;
    static final int OP_T = 1;
    private static final int DEFAULT_MATH = 0;
    private static final int TF32_TENSOR_OP_MATH = 3;

    private final MethodHandle sgemm;
    private final MethodHandle sgemmBatched;
    private final MethodHandle dgemm;
    private final MethodHandle dgemmBatched;
    private final MemorySegment handle;
    private final MemorySegment alpha;
    private final MemorySegment beta;

    Cublas(Native cublas, MemorySegment stream, boolean tf32) {
        MethodHandle create = cublas.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle setStream = cublas.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle setMath = cublas.function("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        sgemm = cublas.function("cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        sgemmBatched = cublas.function("cublasSgemmStridedBatched", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
        dgemm = cublas.function("cublasDgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        dgemmBatched = cublas.function("cublasDgemmStridedBatched", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
        Arena arena = Arena.global();   // the handle and the scalars live as long as the backend: the process
        MemorySegment h = arena.allocate(ADDRESS);
        check("cublasCreate", Native.call(create, h));
        handle = h.get(ADDRESS, 0);
        check("cublasSetStream", Native.call(setStream, handle, stream));
        check("cublasSetMathMode", Native.call(setMath, handle, tf32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH));
        alpha = arena.allocate(JAVA_DOUBLE);
        beta = arena.allocate(JAVA_DOUBLE);
    }

    /**
     * Column-major {@code C[m×n] = op(A)[m×k] · op(B)[k×n]} for {@code batch} matrices spaced by the
     * given strides (in elements), float32 or float64 ({@code elementBytes} 4 or 8); pointers are
     * device addresses of the first element.
     */
    void gemm(int elementBytes, int transA, int transB, int m, int n, int k, long a, int lda, long strideA,
              long b, int ldb, long strideB, long c, int ldc, long strideC, int batch) {
        int status;
        try {
            if (elementBytes == 4) {
                alpha.set(JAVA_FLOAT, 0, 1f);
                beta.set(JAVA_FLOAT, 0, 0f);
                status = batch == 1
                        ? (int) sgemm.invokeExact(handle, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                        : (int) sgemmBatched.invokeExact(handle, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB,
                                beta, c, ldc, strideC, batch);
            } else {
                alpha.set(JAVA_DOUBLE, 0, 1d);
                beta.set(JAVA_DOUBLE, 0, 0d);
                status = batch == 1
                        ? (int) dgemm.invokeExact(handle, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                        : (int) dgemmBatched.invokeExact(handle, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB,
                                beta, c, ldc, strideC, batch);
            }
        } catch (Throwable e) {
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e);
        }
        if (status != 0) {
            throw new CudaException("cuBLAS gemm of [" + m + "×" + k + "]·[" + k + "×" + n + "] (batch " + batch + ") failed with status "
                    + status, status);
        }
    }

    private static void check(String call, int status) {
        if (status != 0) throw new CudaException(call + " failed with cuBLAS status " + status, status);
    }
}
