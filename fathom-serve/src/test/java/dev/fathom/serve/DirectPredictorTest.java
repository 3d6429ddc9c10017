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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Requests waiting in line for the one compute thread: the one-row requests behind the first in
 * line are predicted with it in one pass, a request of maps goes alone and ends the pass before
 * it, and every answer equals the one the request gets alone. The first request is held inside
 * its prediction until all the others are in line, so the passes do not depend on timing.
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
        Gated gated = new Gated();
        Table train = Fixtures.mixedTable().drop("amount").drop("colour");
        Pipeline pipeline = Pipeline.fit(train, "label",
                Preprocessor.builder().numeric(List.of("x1", "x2"), new StandardScaler()).build(), gated);
        ServedModel model = ServedModel.of(pipeline, "numbers", 1, false);
        int requests = 9;
        int mapsRequest = 5;   // read as maps (an array of one record): joins no pass
        List<Records> bodies = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String record = "{\"x1\": " + (i % 11 - 5) + ", \"x2\": " + (i % 7 - 3.5) + "}";
            byte[] body = (i == mapsRequest ? "[" + record + "]" : record).getBytes(StandardCharsets.UTF_8);
            double[] row = model.reader().readRow(body);
            bodies.add(i == mapsRequest ? Records.of(model.reader().read(body)) : Records.row(assertNotNull(row)));
        }
        List<Integer> passes = Collections.synchronizedList(new ArrayList<>());
        DirectPredictor predictor = new DirectPredictor(1);
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
            assertEquals(List.of(1, 4, 1, 3), passes, "request 0 alone, 1-4 together, 5 (maps) alone, 6-8 together");
            assertEquals(0, predictor.waiting());
        } finally {
            clients.shutdown();
        }
    }

    private static double[] assertNotNull(double[] row) {
        org.junit.jupiter.api.Assertions.assertNotNull(row, "a plain record of numbers is read as a row");
        return row;
    }
}
