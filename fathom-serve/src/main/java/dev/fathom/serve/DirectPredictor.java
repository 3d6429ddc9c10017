package dev.fathom.serve;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;

/**
 * Predicts on the request's own thread, at most {@link ServerOptions#threads()} at once, in the
 * order the requests came (a fair semaphore): only as many as there are permits compute, which
 * leaves the cores free enough for {@code /health} to be answered at once under full load.
 */
final class DirectPredictor implements Predictor {
    private final Semaphore computing;
    private volatile IntConsumer batchSizes = n -> { };

    DirectPredictor(int threads) {
        this.computing = new Semaphore(threads, true);
    }

    @Override
    public byte[] predict(ServedModel model, List<Map<String, Object>> records, boolean proba) throws InterruptedException {
        computing.acquire();
        try {
            byte[] answer = model.answer(records, proba);
            batchSizes.accept(records.size());
            return answer;
        } finally {
            computing.release();
        }
    }

    @Override
    public void onBatch(IntConsumer sizes) {
        this.batchSizes = sizes;
    }

    @Override
    public void close() {
    }
}
