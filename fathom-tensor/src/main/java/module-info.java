/**
 * The engine: {@link dev.fathom.tensor.Tensor} with autodiff, the {@link dev.fathom.backend.Backend}
 * interface a device implements, and the CPU backend on the Vector API. Depends on the JDK only.
 *
 * <p>The CPU backend ({@code dev.fathom.backend.cpu}) is not exported: it is found, like any other
 * backend, through {@link dev.fathom.backend.BackendProvider} and {@link java.util.ServiceLoader}.
 */
module dev.fathom.tensor {
    requires jdk.incubator.vector;

    exports dev.fathom.tensor;
    exports dev.fathom.autograd;
    exports dev.fathom.backend;

    uses dev.fathom.backend.BackendProvider;
    provides dev.fathom.backend.BackendProvider with dev.fathom.backend.cpu.CpuBackendProvider;
}
