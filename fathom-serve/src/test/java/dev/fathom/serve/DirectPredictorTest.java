package dev.fathom.serve;

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Requests waiting in line for the one compute thread: the requests behind the first in line are
 * predicted with it in one pass, up to {@code maxBatch} records in all (rows and maps alike), every
 * answer equals the one the request gets alone, and with {@code maxBatch} 1 each request is a pass
 * of its own. The first request is held inside its prediction until all the others are in line,
 * and the batch sizes are what the predictor reports for the metrics, so the passes do not depend
 * on timing.
 */
class DirectPredictorTest {

    /** A logistic regression whose predictions wait, while armed, until the test opens the gate. */
    private static final class Gated implements Classifier {
        final LogisticRegression inner = new LogisticRegression();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        volatile boolean armed;

        @Override public Classifier fit(Tensor x, Tensor y) {
            inner.fit(x, y);
            return this;
        }

        @Override public Tensor predictProba(Tensor x) {
            if (armed) {
                entered.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return inner.predictProba(x);
        }

        @Override public int classCount() {
            return inner.classCount();
        }
    }

    @Test
    void requestsWaitingInLineShareOnePassAndGetTheirOwnAnswers() throws Exception {
        assertEquals(List.of(1, 8), passes(64), "request 0 alone, 1-8 (rows and the maps of request 5) together");
    }

    @Test
    void maxBatchOnePredictsEveryRequestInAPassOfItsOwn() throws Exception {
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1), passes(1), "--max-batch 1: no request joins another");
    }

    @Test
    void aPassTakesAtMostMaxBatchRecords() throws Exception {
        assertEquals(List.of(1, 3, 3, 2), passes(3), "request 0 alone, then 1-3, 4-6, 7-8");
    }

    @Test
    void serverOptionsChooseThePredictor() {
        ServerOptions defaults = ServerOptions.defaults();
        ServedModel table = ServedModel.of(Fixtures.classifier(), "classifier", 1, false);
        ServedModel images = ServedModel.of(Fixtures.images(), "images", 1, false);
        assertEquals(ServerOptions.DEFAULT_MAX_BATCH, defaults.maxBatch());
        assertEquals(ServerOptions.DEFAULT_MAX_BATCH, direct(defaults, table).maxBatch(), "a table model joins what waits, on the request thread");
        assertEquals(1, direct(defaults, images).maxBatch(), "images with no delay: one pass per request");
        assertEquals(1, direct(defaults.withBatching(1, Duration.ofMillis(5)), images).maxBatch(), "1: no batching");
        assertEquals(1, direct(defaults.withBatching(1, Duration.ZERO), table).maxBatch(), "1: no batching");
        for (ServedModel model : List.of(table, images)) {
            try (Predictor batcher = Predictor.of(defaults.withBatching(32, Duration.ofMillis(2)), model)) {
                assertInstanceOf(MicroBatcher.class, batcher, "a delay: batches made on the batcher's workers");
            }
        }
    }

    private static DirectPredictor direct(ServerOptions options, ServedModel model) {
        return assertInstanceOf(DirectPredictor.class, Predictor.of(options, model));
    }

    /**
     * Nine one-record requests to a predictor of {@code maxBatch} with one compute thread, the first
     * held in its prediction until the other eight wait in line (request 5 read as maps, the others
     * as rows; odd ones ask for probabilities): checks every answer against the request's own and
     * returns the records of each forward pass.
     */
    private static List<Integer> passes(int maxBatch) throws Exception {
        Gated gated = new Gated();
        Table train = Fixtures.mixedTable().drop("amount").drop("colour");
        Pipeline pipeline = Pipeline.fit(train, "label",
                Preprocessor.builder().numeric(List.of("x1", "x2"), new StandardScaler()).build(), gated);
        ServedModel model = ServedModel.of(pipeline, "numbers", 1, false);
        int requests = 9;
        int mapsRequest = 5;   // read as maps (an array of one record)
        List<Records> bodies = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String record = "{\"x1\": " + (i % 11 - 5) + ", \"x2\": " + (i % 7 - 3.5) + "}";
            byte[] body = (i == mapsRequest ? "[" + record + "]" : record).getBytes(StandardCharsets.UTF_8);
            double[] row = model.reader().readRow(body);
            bodies.add(i == mapsRequest ? Records.of(model.reader().read(body)) : Records.row(assertNotNull(row)));
        }
        List<Integer> passes = Collections.synchronizedList(new ArrayList<>());
        DirectPredictor predictor = new DirectPredictor(1, maxBatch);
        predictor.onBatch(passes::add);
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try {
            gated.armed = true;
            List<Future<byte[]>> answers = new ArrayList<>();
            answers.add(clients.submit(() -> predictor.predict(model, bodies.getFirst(), false)));
            gated.entered.await();   // request 0 holds the compute thread
            for (int i = 1; i < requests; i++) {
                Records r = bodies.get(i);
                boolean proba = i % 2 == 0;
                answers.add(clients.submit(() -> predictor.predict(model, r, proba)));
                int inLine = i;
                Await.until(() -> predictor.waiting() == inLine, "request " + i + " in line");
            }
            gated.armed = false;
            gated.gate.countDown();
            for (int i = 0; i < requests; i++) {
                byte[] alone = model.answer(bodies.get(i), i > 0 && i % 2 == 0);
                assertArrayEquals(alone, answers.get(i).get(), "request " + i + ": " + new String(answers.get(i).get()));
            }
            assertEquals(0, predictor.waiting());
            return passes;
        } finally {
            clients.shutdown();
        }
    }

    private static double[] assertNotNull(double[] row) {
        org.junit.jupiter.api.Assertions.assertNotNull(row, "a plain record of numbers is read as a row");
        return row;
    }
}
