package dev.fathom.serve;

import java.util.function.BooleanSupplier;

/** Waiting for a state in tests: polls, failing after 30 s. It waits; it measures no time. */
final class Await {
    private Await() {}

    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
