package dev.fathom.workflow;

import dev.fathom.models.Callback;
import dev.fathom.models.Model;

import java.util.Map;

/** Ends a network's training after the current epoch once the {@link StopSignal} is raised (Ctrl-C). */
final class StopOnSignal implements Callback {
    private final StopSignal signal;

    StopOnSignal(StopSignal signal) {
        this.signal = signal;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (signal.isRequested()) model.stopTraining();
    }
}
