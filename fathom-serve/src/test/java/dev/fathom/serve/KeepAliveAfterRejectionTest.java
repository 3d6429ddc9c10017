package dev.fathom.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 26: {@code ModelServerTest.queryParametersAreChecked} once failed with "HTTP/1.1 header
 * parser received no bytes" on the POST after a 400. The server refused the query before reading
 * the body and answered at once; when the body had not yet arrived, Jetty found it unread after
 * the answer (already sent without {@code Connection: close}) and closed the connection under a
 * client that believed it open. Here the body is held back until the refusal could have been
 * sent, which made that race certain; now the body is always read (or the answer says close).
 */
class KeepAliveAfterRejectionTest {
    private static final String RECORD = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}";

    @RegisterExtension
    static final ServedPipeline served = new ServedPipeline(Fixtures.classifier(),
            ServerOptions.defaults().withPort(0).withMaxBodyBytes(1024));

    @Test
    void aConnectionCarriesTheNextRequestAfterEveryEarlyRefusal() throws Exception {
        // Each refusal is decided from the head alone, before the body is needed.
        for (String target : List.of("/predict?probs=true", "/predict?proba=maybe", "/nowhere", "/health")) {
            String method = target.equals("/health") ? "DELETE" : "POST";
            try (RawHttp http = new RawHttp(served.server().port())) {
                http.send(RawHttp.head(method, target, RECORD.length()));
                // Give a server that answers before the body arrives the time to do so (the old race):
                // no assertion depends on this pause, it only makes the bug, if back, certain.
                Thread.sleep(150);
                http.send(RECORD).send(RawHttp.request("POST", "/predict", RECORD));
                RawHttp.Answer refusal = http.read();
                assertTrue(refusal.status() >= 400 && refusal.status() < 500, target + " -> " + refusal);
                assertFalse(refusal.closes(), target + ": a refusal whose body was read keeps the connection: " + refusal);
                RawHttp.Answer next = http.read();
                assertEquals(200, next.status(), target + " then /predict -> " + next);
                assertEquals("{\"predictions\":[\"big\"]}", next.body());
            }
        }
    }

    @Test
    void aBodyTooLargeToReadIsAnsweredWithConnectionClose() throws Exception {
        try (RawHttp http = new RawHttp(served.server().port())) {
            http.send(RawHttp.head("POST", "/predict", 10_000_000)).send("[{\"x1\": 1,");
            RawHttp.Answer refusal = http.read();
            assertEquals(413, refusal.status(), refusal.toString());
            assertTrue(refusal.closes(), "the rest of the body is not read, so the connection must be closed, and said so: " + refusal);
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void manyRefusalsAndAnswersShareOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(served.server().port())) {
            for (int i = 0; i < 20; i++) {
                http.send(RawHttp.request("POST", i % 2 == 0 ? "/predict?probs=1" : "/predict", RECORD));
                RawHttp.Answer a = http.read();
                assertEquals(i % 2 == 0 ? 400 : 200, a.status(), "request " + i + ": " + a);
                assertFalse(a.closes(), a.toString());
            }
        }
    }
}
