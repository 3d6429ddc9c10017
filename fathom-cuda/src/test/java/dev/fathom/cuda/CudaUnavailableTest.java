package dev.fathom.cuda;

import dev.fathom.backend.Device;
import dev.fathom.backend.DeviceUnavailableException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where no GPU is usable: one line saying what was looked for, and Device.best() stays on the CPU. */
class CudaUnavailableTest {

    @Test
    void usingCudaWithoutAGpuIsOneLineSayingWhatWasLookedFor() {
        String reason = new CudaBackendProvider().unavailableReason(Device.cuda());
        Assumptions.assumeTrue(reason != null, "skipped: a GPU is usable here (the GPU check covers this machine)");
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Tensor.zeros(2).to(Device.cuda()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("device cuda:0 is not usable: "), e.getMessage());
        assertTrue(e.getMessage().contains("libcuda.so.1") || e.getMessage().contains("CUDA"), e.getMessage());
        assertEquals(Device.cpu(), Device.best());
    }
}
