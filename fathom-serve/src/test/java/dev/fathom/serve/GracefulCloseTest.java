package dev.fathom.serve;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * close() stops accepting, lets the request in flight finish, then stops. The request is held
 * inside its prediction by a latch, not by a half-sent body: on shutdown Jetty cuts connections
 * idle for a second (its shutdown idle timeout), so a stalled body read would race the test.
 */
class GracefulCloseTest {

    /** A logistic regression whose predictions wait until the test opens the gate. */
    private static final class Gated implements Classifier {
        final LogisticRegression inner = new LogisticRegression();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        volatile boolean armed;   // from the moment the server is up

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
    void aRequestInFlightIsAnsweredWhileNewConnectionsAreRefused() throws Exception {
        Gated gated = new Gated();
        Pipeline pipeline = Pipeline.fit(Fixtures.mixedTable().drop("amount"), "label", Fixtures.preprocessor(), gated);
        ModelServer server = ModelServer.start(pipeline, ServerOptions.defaults().withPort(0)
                .withStopTimeout(Duration.ofSeconds(60)));
        int port = server.port();
        gated.armed = true;
        String body = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}";
        try (RawHttp http = new RawHttp(port)) {
            http.send(RawHttp.head("POST", "/predict", body.length())).send(body);
            gated.entered.await();   // the request is in its prediction
            assertEquals(1, server.requestsInFlight());

            Thread closer = new Thread(server::close, "closer");
            closer.start();
            Await.until(() -> refused(port), "the server to stop accepting connections");
            assertTrue(closer.isAlive(), "close() must wait for the request in flight");

            // A prediction outlasting Jetty's shutdown idle timeout (1 s) is still answered:
            // only connections waiting on their client are cut.
            Thread.sleep(1500);
            gated.gate.countDown();
            RawHttp.Answer answer = http.read();
            assertEquals(200, answer.status(), answer.toString());
            assertEquals("{\"predictions\":[\"big\"]}", answer.body());

            closer.join(60_000);
            assertFalse(closer.isAlive(), "close() returns once the request is answered");
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        server.close();   // a second close does nothing
    }

    private static boolean refused(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
