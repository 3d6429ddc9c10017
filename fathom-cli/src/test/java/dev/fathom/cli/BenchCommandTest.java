package dev.fathom.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {
    @Test
    void unknownWorkloadIsNamedWithTheChoices() {
        Cli.Run r = Cli.run("bench", "sgemm_999");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown workload 'sgemm_999'") && r.err().contains("sgemm_256"), r.err());
    }

    @Test
    void unusableDeviceSaysWhatIsMissing() {
        Cli.Run r = Cli.run("bench", "--device", "cuda");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cuda:0 is not usable"), r.err());
    }

    @Test
    void sgemmFigureIsPositiveAndFinite() {
        double gflops = BenchCommand.sgemm(dev.fathom.backend.Device.cpu(), 64, 5);
        assertTrue(gflops > 0 && Double.isFinite(gflops), "got " + gflops);
    }

    @Test
    void helpListsBench() {
        Cli.Run r = Cli.run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("bench"), r.out());
    }
}
