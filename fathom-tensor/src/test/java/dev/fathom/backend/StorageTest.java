package dev.fathom.backend;

import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A storage's holder count: the last release frees it once, extra releases are ignored, a freed one cannot be retained. */
class StorageTest {

    @Test
    void theLastReleaseFreesAndAFreedStorageRefusesNewHolders() {
        Storage s = Tensor.zeros(4).view().storage();
        s.retain();                 // two holders
        s.release();
        assertFalse(s.isFreed(), "one holder is left");
        s.release();
        assertTrue(s.isFreed());
        s.release();                // past zero: ignored
        assertTrue(s.isFreed());
        var e = assertThrows(IllegalStateException.class, s::retain);
        assertTrue(e.getMessage().contains("already released"), e.getMessage());
        assertTrue(s.isFreed(), "the refused retain leaves it freed");
    }

    @Test
    void concurrentHoldersCountExactly() throws InterruptedException {
        Storage s = Tensor.zeros(4).view().storage();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100_000; i++) {
                    s.retain();
                    s.release();
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertFalse(s.isFreed(), "every retain was matched by a release: the first holder remains");
        s.release();
        assertTrue(s.isFreed());
        assertEquals(4, s.size());
    }
}
