package dev.fathom.cli;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.serve.ModelServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeCommandTest {

    static Path savedPipeline(Path dir) {
        Table t = Table.of(NumericColumn.of("age", 20, 35, 50, 65, 30, 45),
                CategoricalColumn.of("plan", "basic", "pro", "basic", "pro", "pro", "basic"),
                CategoricalColumn.of("churn", "no", "no", "yes", "yes", "no", "yes"));
        Preprocessor prep = Preprocessor.builder().numeric(List.of("age"), new StandardScaler())
                .categorical(List.of("plan"), new OneHotEncoder()).build();
        Path file = dir.resolve("churn.fathom");
        Pipeline.fit(t, "churn", prep, new LogisticRegression()).save(file);
        return file;
    }

    @Test
    void theBannersExampleRequestIsAnswered(@TempDir Path dir) throws Exception {
        Path file = savedPipeline(dir);
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(file.toString(), "--port", "0", "--threads", "2", "--max-body", "64k");
        try (ModelServer server = command.start()) {
            String banner = command.banner(server);
            assertTrue(banner.startsWith("Serving " + file + " ("), banner);
            assertTrue(banner.contains("at http://127.0.0.1:" + server.port() + "/"), banner);
            Matcher curl = Pattern.compile("-d '(.*)' (http\\S+)").matcher(banner);
            assertTrue(curl.find(), banner);
            assertEquals("{\"age\":0,\"plan\":\"basic\"}", curl.group(1));

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(curl.group(2)))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(curl.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().matches("\\{\"predictions\":\\[\"(yes|no)\"]}"), r.body());
        }
    }

    @Test
    void aTokenFileAndBatchingReachTheServer(@TempDir Path dir) throws Exception {
        Path file = savedPipeline(dir);
        Path token = dir.resolve("token");
        java.nio.file.Files.writeString(token, "s3cret-token-for-the-test\n");
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(file.toString(), "--port", "0", "--token-file", token.toString(),
                "--max-batch", "8", "--batch-delay", "0.5", "--access-log");
        try (ModelServer server = command.start()) {
            assertTrue(command.banner(server).contains("-H \"Authorization: Bearer $(head -1 " + token + ")\""), command.banner(server));
            HttpRequest.Builder predict = HttpRequest.newBuilder(server.url().resolve("predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"age\": 30, \"plan\": \"pro\"}"));
            HttpClient client = HttpClient.newHttpClient();
            assertEquals(401, client.send(predict.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> ok = client.send(predict.header("Authorization", "Bearer s3cret-token-for-the-test").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
        }
        new CommandLine(command).parseArgs(file.toString(), "--port", "0", "--tls-keystore", dir.resolve("none.p12").toString(),
                "--tls-password-file", dir.resolve("missing").toString());
        var e = assertThrows(IllegalArgumentException.class, command::start);
        assertTrue(e.getMessage().startsWith("--tls-password-file " + dir.resolve("missing") + " cannot be read"), e.getMessage());
    }

    @Test
    void aMissingModelFileIsReportedWithoutAStackTrace(@TempDir Path dir) {
        Cli.Run r = Cli.run("serve", dir.resolve("nope.fathom").toString(), "--port", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: ") && r.err().contains("nope.fathom"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void badOptionsAreRefusedBeforeTheFileIsRead(@TempDir Path dir) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(dir.resolve("nope.fathom").toString(), "--port", "70000");
        var e = assertThrows(IllegalArgumentException.class, command::start);
        assertEquals("port 70000 is out of range: use 1..65535, or 0 for any free port", e.getMessage());
        assertEquals("--max-batch 0 is below 1: give 1 for a forward pass per request, or the most records one pass may join",
                refusal(dir, "--max-batch", "0"));
        assertEquals("--batch-delay -3.0 is not 0 or more milliseconds: give 0 to join only the requests already waiting,"
                + " or how long a batch may wait (2)", refusal(dir, "--batch-delay", "-3"));
        assertTrue(refusal(dir, "--batch-delay", "NaN").startsWith("--batch-delay NaN is not 0 or more"));
    }

    /** The message {@code start} refuses the options with, before it looks at the (missing) model file. */
    private static String refusal(Path dir, String... options) {
        ServeCommand command = new ServeCommand();
        String[] args = new String[options.length + 1];
        args[0] = dir.resolve("nope.fathom").toString();
        System.arraycopy(options, 0, args, 1, options.length);
        new CommandLine(command).parseArgs(args);
        return assertThrows(IllegalArgumentException.class, command::start).getMessage();
    }

    @Test
    void sizesTakeKAndM() {
        assertEquals(65536, ServeCommand.parseSize("65536"));
        assertEquals(65536, ServeCommand.parseSize("64k"));
        assertEquals(1 << 20, ServeCommand.parseSize("1M"));
        var e = assertThrows(IllegalArgumentException.class, () -> ServeCommand.parseSize("lots"));
        assertEquals("--max-body lots is not a size; give bytes (65536) or k/m (64k, 1m)", e.getMessage());
    }
}
