package dev.fathom.cuda;

import dev.fathom.backend.Device;
import dev.fathom.testing.BackendConformance;

/** Every engine primitive on the GPU against the CPU's float64 results; skipped, saying why, where no GPU is usable. */
class CudaConformanceTest extends BackendConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }

    @Override
    protected double tolerance() {
        return 5e-5;   // the GPU's exp, log and tanh differ from the JDK's in the last float32 bits
    }
}
