package dev.fathom.serve;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs the predictions of {@code /predict} requests: {@link DirectPredictor} on each request's
 * own thread (joining the requests already waiting, up to {@link ServerOptions#maxBatch()} records,
 * when that is above 1), {@link MicroBatcher} in batches made on its own worker threads, waiting up
 * to {@link ServerOptions#maxBatchDelay()} for concurrent requests.
 */
sealed interface Predictor extends AutoCloseable permits DirectPredictor, MicroBatcher {

    /**
     * The kind {@code options} ask for, for {@code model} (the first one served): with
     * {@code maxBatch} 1, {@link DirectPredictor} joining nothing; with a delay above zero,
     * {@link MicroBatcher}; with no delay, {@link DirectPredictor} joining the requests that wait
     * for a table model (a hand-over to a worker thread costs a small model more than its
     * prediction) and one pass per request for images. A convolution's cost is linear in the
     * batch, so joining images saves only per-call overhead, and on the quiet 2-core machine
     * joining them on batching workers with no delay served fewer requests at a longer tail than
     * none (bench/serve_cnn 15, 2026-12-07: 3,375 against 3,964 requests/s, p99 103 against 30 ms);
     * a delay batches images when asked. A reload to a model of the other kind keeps the
     * predictor, which answers it all the same.
     */
    static Predictor of(ServerOptions options, ServedModel model) {
        if (!options.batching()) return new DirectPredictor(options.threads(), 1);
        if (options.maxBatchDelay().isPositive()) {
            return new MicroBatcher(options.threads(), options.maxBatch(), options.maxBatchDelay());
        }
        return new DirectPredictor(options.threads(), model.images() ? 1 : options.maxBatch());
    }

    /**
     * The answer body for {@code records}, already {@linkplain ServedModel#check checked}, on
     * {@code model}.
     *
     * @throws ApiException 503 when the server is overloaded or shutting down
     */
    byte[] predict(ServedModel model, Records records, boolean proba) throws InterruptedException;

    /** {@link #predict(ServedModel, Records, boolean)} for records read as maps. */
    default byte[] predict(ServedModel model, List<Map<String, Object>> records, boolean proba) throws InterruptedException {
        return predict(model, Records.of(records), proba);
    }

    /** Where to report the records of each forward pass (for the metrics). */
    void onBatch(IntConsumer sizes);

    @Override
    void close();
}
