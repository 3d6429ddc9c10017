package dev.fathom.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer-token authentication and TLS, with a keystore made by keytool for the test. */
class SecurityTest {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final String RECORD = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}";

    @Test
    void everyEndpointButHealthRequiresTheToken() throws Exception {
        try (ModelServer server = ModelServer.start(Fixtures.classifier(), ServerOptions.defaults().withPort(0).withToken(TOKEN))) {
            HttpClient client = HttpClient.newHttpClient();
            assertEquals(200, send(client, server, "/health", null).statusCode(), "health stays open for probes");
            for (String path : List.of("/predict", "/metadata", "/metrics", "/reload")) {
                HttpResponse<String> none = send(client, server, path, null);
                assertEquals(401, none.statusCode(), path);
                assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null), path);
                assertTrue(none.body().contains("Authorization: Bearer TOKEN"), none.body());
                HttpResponse<String> wrong = send(client, server, path, "Bearer " + TOKEN + "x");
                assertEquals(401, wrong.statusCode(), path);
                assertTrue(wrong.body().contains("the bearer token is wrong"), wrong.body());
                assertEquals(401, send(client, server, path, "Basic " + TOKEN).statusCode(), path);
            }
            HttpResponse<String> ok = send(client, server, "/predict", "Bearer " + TOKEN);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("{\"predictions\":[\"big\"]}", ok.body());
            assertEquals(200, send(client, server, "/metrics", "bearer " + TOKEN).statusCode(), "the scheme ignores case");
        }
    }

    @Test
    void servesHttpsWithAPkcs12Keystore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        String password = "test-password";
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "fathom", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);

        try (ModelServer server = ModelServer.start(Fixtures.classifier(),
                ServerOptions.defaults().withPort(0).withTls(keystore, password).withToken(TOKEN))) {
            assertEquals("https", server.url().getScheme());
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keystore, password)).build();
            HttpResponse<String> r = send(trusting, server, "/predict", "Bearer " + TOKEN);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("{\"predictions\":[\"big\"]}", r.body());
            // A client that does not trust the certificate cannot talk to it at all.
            assertThrows(javax.net.ssl.SSLHandshakeException.class,
                    () -> send(HttpClient.newHttpClient(), server, "/health", null));
        }

        IllegalStateException badPassword = assertThrows(IllegalStateException.class, () -> ModelServer.start(
                Fixtures.classifier(), ServerOptions.defaults().withPort(0).withTls(keystore, "wrong")));
        assertTrue(badPassword.getMessage().startsWith("cannot read the TLS keystore " + keystore), badPassword.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> ModelServer.start(
                Fixtures.classifier(), ServerOptions.defaults().withPort(0).withTls(dir.resolve("none.p12"), password)));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
    }

    /** An SSL context that trusts the keystore's own (self-signed) certificate and nothing else. */
    private static SSLContext trusting(Path keystore, String password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password.toCharArray());
        }
        Certificate certificate = keys.getCertificate("fathom");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("fathom", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> send(HttpClient client, ModelServer server, String path, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path));
        if (authorization != null) b.header("Authorization", authorization);
        if (path.equals("/predict") || path.equals("/reload")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(RECORD));
        } else {
            b.GET();
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
