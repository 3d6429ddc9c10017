package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

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
        byte[] body = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);   // half a body: the request is in flight, its handler waits for the rest
            out.flush();
            waitUntil(() -> server.requestsInFlight() == 1, "the request to reach the handler");

            Thread closer = new Thread(server::close, "closer");
            closer.start();
            waitUntil(() -> refused(port), "the server to stop accepting connections");
            assertTrue(closer.isAlive(), "close() must wait for the request in flight");

            out.write(body, 10, body.length - 10);
            out.flush();
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("{\"predictions\":[\"big\"]}"), response);

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

    /** Polls a condition, failing after 20 s: waits for a state, it measures no time. */
    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** The status line, headers and body of one response with Content-Length. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
