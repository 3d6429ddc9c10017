package dev.fathom.serve;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs the predictions of {@code /predict} requests: {@link DirectPredictor} on each request's
 * own thread (joining the requests already waiting, up to {@link ServerOptions#maxBatch()} records,
 * when that is above 1), {@link MicroBatcher} in batches that wait up to
 * {@link ServerOptions#maxBatchDelay()} for concurrent requests.
 */
sealed interface Predictor extends AutoCloseable permits DirectPredictor, MicroBatcher {

    /**
     * The kind {@code options} ask for: {@link MicroBatcher} when a batch may wait for requests
     * (batching with a delay above zero), else {@link DirectPredictor}, which adds no wait and no
     * hand-over to another thread.
     */
    static Predictor of(ServerOptions options) {
        return options.batching() && options.maxBatchDelay().isPositive()
                ? new MicroBatcher(options.threads(), options.maxBatch(), options.maxBatchDelay())
                : new DirectPredictor(options.threads(), options.maxBatch());
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
