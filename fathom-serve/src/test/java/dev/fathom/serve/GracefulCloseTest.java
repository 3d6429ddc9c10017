package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** close() stops accepting, lets the request in flight finish, then stops. */
class GracefulCloseTest {

    @Test
    void aRequestInFlightIsAnsweredWhileNewConnectionsAreRefused() throws Exception {
        Pipeline pipeline = Fixtures.classifier();
        ModelServer server = ModelServer.start(pipeline, ServerOptions.defaults().withPort(0)
                .withStopTimeout(Duration.ofSeconds(30)));
        int port = server.port();
        String body = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}";
        try (RawHttp http = new RawHttp(port)) {
            // Half a body: the request is in flight, its handler waits for the rest.
            http.send(RawHttp.head("POST", "/predict", body.length())).send(body.substring(0, 10));
            Await.until(() -> server.requestsInFlight() == 1, "the request to reach the handler");

            Thread closer = new Thread(server::close, "closer");
            closer.start();
            Await.until(() -> refused(port), "the server to stop accepting connections");
            assertTrue(closer.isAlive(), "close() must wait for the request in flight");

            http.send(body.substring(10));
            RawHttp.Answer answer = http.read();
            assertEquals(200, answer.status(), answer.toString());
            assertEquals("{\"predictions\":[\"big\"]}", answer.body());

            closer.join(30_000);
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
