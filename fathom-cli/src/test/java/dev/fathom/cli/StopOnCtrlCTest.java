package dev.fathom.cli;

import dev.fathom.workflow.StopSignal;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two signals' logic, without a child JVM: the second Ctrl-C's moment cannot be placed inside a
 * real run deterministically (a warm run presents its model in well under a second), so the
 * end-to-end test sends one and this one checks what the second does.
 */
class StopOnCtrlCTest {
    @Test
    void theFirstSignalStopsTheSecondQuitsHoldingTheOutputSoNoLineCanFollow() {
        StopSignal stop = new StopSignal();
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        List<String> exits = new ArrayList<>();
        SignalHandler handler = StopOnCtrlC.handler(stop, out, code -> {
            // The exit runs while the output's monitor is held: a progress line, which takes it too, waits for the exit.
            exits.add(code + (Thread.holdsLock(out) ? " holding the output" : " not holding it"));
        });
        Signal ctrlC = new Signal("INT");

        handler.handle(ctrlC);
        assertTrue(stop.isRequested());
        assertTrue(exits.isEmpty(), "the first Ctrl-C lets the run save the best model so far");
        assertEquals("fathom train: stopping (Ctrl-C): the best model so far is fitted and saved with its report; press Ctrl-C again to"
                + " quit at once without saving", text.toString().strip());

        handler.handle(ctrlC);
        assertEquals(List.of("130 holding the output"), exits);
        String[] lines = text.toString().strip().split("\n");
        assertEquals("fathom train: quit without saving (Ctrl-C again)", lines[lines.length - 1]);
    }

    @Test
    void sigtermIsNamedAsSuch() {
        StringWriter text = new StringWriter();
        List<Integer> exits = new ArrayList<>();
        SignalHandler handler = StopOnCtrlC.handler(new StopSignal(), new PrintWriter(text), exits::add);
        Signal term = new Signal("TERM");
        handler.handle(term);
        handler.handle(term);
        assertTrue(text.toString().contains("stopping (SIGTERM)") && text.toString().contains("quit without saving (SIGTERM again)"),
                text.toString());
        assertEquals(List.of(130), exits);
        assertFalse(text.toString().contains("Ctrl-C again)"));
    }
}
