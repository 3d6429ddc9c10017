package dev.fathom.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void unknownWorkloadIsNamedWithTheChoices() {
        Run r = run("bench", "sgemm_999");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown workload 'sgemm_999'") && r.err().contains("sgemm_256"), r.err());
    }

    @Test
    void unusableDeviceSaysWhatIsMissing() {
        Run r = run("bench", "--device", "cuda");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cuda:0 is not usable"), r.err());
    }

    @Test
    void sgemmFigureIsPositiveAndFinite() {
        double gflops = BenchCommand.sgemm(dev.fathom.tensor.Device.cpu(), 64, 5);
        assertTrue(gflops > 0 && Double.isFinite(gflops), "got " + gflops);
    }

    @Test
    void helpListsBench() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("bench"), r.out());
    }
}
