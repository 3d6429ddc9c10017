package dev.fathom.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LaunchTest {

    @Test
    void oneThreadPerElementRoundedUpToWholeBlocks() {
        assertEquals(new Launch(1, 256, 0), Launch.linear(1));
        assertEquals(new Launch(1, 256, 0), Launch.linear(256));
        assertEquals(new Launch(2, 256, 0), Launch.linear(257));
        assertEquals(new Launch(1, 256, 0), Launch.linear(0), "an empty launch still has a valid grid");
    }

    @Test
    void hugeTensorsCapTheGridAndTheKernelsLoop() {
        assertEquals(Launch.MAX_BLOCKS, Launch.linear(3_000_000_000L).blocks());
        assertEquals(Launch.MAX_BLOCKS, Launch.perLine(10_000_000, 8).blocks());
        assertEquals(256 * 8, Launch.perLine(3, 8).sharedBytes(), "one accumulator per thread in shared memory");
    }

    @Test
    void anImpossibleGridIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Launch(1, 2048, 0));
        assertThrows(IllegalArgumentException.class, () -> new Launch(0, 256, 0));
    }
}
