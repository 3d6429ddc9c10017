package dev.fathom.datasets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static dev.fathom.datasets.IdxFixtures.gzip;
import static dev.fathom.datasets.IdxFixtures.md5;
import static dev.fathom.datasets.IdxFixtures.sha256;
import static dev.fathom.datasets.IdxFixtures.ubyte;
import static dev.fathom.datasets.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetLocatorTest {
    @TempDir
    Path root;

    private static final byte[] CONTENT_A = ubyte(new int[] {4}, 1, 2, 3, 4);
    private static final byte[] CONTENT_B = ubyte(new int[] {2}, 7, 8);
    private static final byte[] GZ_A = gzip(CONTENT_A);
    private static final byte[] GZ_B = gzip(CONTENT_B);
    private static final DatasetFile A = new DatasetFile("a-idx1-ubyte", md5(GZ_A), sha256(CONTENT_A));
    private static final DatasetFile B = new DatasetFile("b-idx1-ubyte", md5(GZ_B), sha256(CONTENT_B));
    private static final DatasetSpec TINY = new DatasetSpec("tiny", "Tiny", URI.create("http://example.invalid/tiny/"),
            List.of(A, B), "apt-get install dataset-tiny");

    private Path data() {
        return root.resolve("data");
    }

    private Path cache() {
        return root.resolve("cache");
    }

    private Path system() {
        return root.resolve("system");
    }

    /** A locator over the temp folders whose fetcher fails, so nothing reaches the network. */
    private DatasetLocator offline() {
        return DatasetLocator.defaults().withDataDir(data()).withCacheDir(cache()).withSystemDir(system())
                .withProgress(null).withFetcher(uri -> {
                    throw new IOException("offline test: no network for " + uri);
                });
    }

    @Test
    void searchesFathomDataThenTheCacheThenTheSystemFolder() {
        assertEquals(List.of(data().resolve("tiny"), data(), cache().resolve("tiny"), system().resolve("tiny")),
                offline().searchFolders(TINY));
        assertEquals(List.of(cache().resolve("tiny"), system().resolve("tiny")),
                offline().withDataDir(null).searchFolders(TINY), "no FATHOM_DATA, no folders for it");
        assertEquals(List.of(cache().resolve("tiny")), offline().withDataDir(null).withSystemDir(null).searchFolders(TINY));
    }

    @Test
    void takesEachFileFromTheFirstFolderThatHoldsIt() {
        Path sys = write(system().resolve("tiny").resolve("a-idx1-ubyte.gz"), GZ_A);
        Path cached = write(cache().resolve("tiny").resolve("a-idx1-ubyte.gz"), GZ_A);
        write(system().resolve("tiny").resolve("b-idx1-ubyte.gz"), GZ_B);
        assertEquals(List.of(cached, system().resolve("tiny").resolve("b-idx1-ubyte.gz")), offline().locate(TINY));

        Path direct = write(data().resolve("a-idx1-ubyte.gz"), GZ_A);
        assertEquals(direct, offline().find(TINY, A).orElseThrow(), "$FATHOM_DATA itself beats the cache");
        Path named = write(data().resolve("tiny").resolve("a-idx1-ubyte.gz"), GZ_A);
        assertEquals(named, offline().find(TINY, A).orElseThrow(), "$FATHOM_DATA/<name> beats $FATHOM_DATA");
        Path plain = write(data().resolve("tiny").resolve("a-idx1-ubyte"), CONTENT_A);
        assertEquals(plain, offline().find(TINY, A).orElseThrow(), "the uncompressed file beats the .gz beside it");
        assertTrue(Files.exists(sys));
    }

    @Test
    void downloadsWhatIsMissingAtomicallyAndVerified() throws IOException {
        write(system().resolve("tiny").resolve("a-idx1-ubyte"), CONTENT_A);
        List<URI> asked = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DatasetLocator locator = offline().withProgress(new PrintStream(log, true, StandardCharsets.UTF_8))
                .withFetcher(uri -> {
                    asked.add(uri);
                    return new Fetcher.Response(new ByteArrayInputStream(GZ_B), GZ_B.length);
                });
        List<Path> files = locator.locate(TINY);

        Path downloaded = cache().resolve("tiny").resolve("b-idx1-ubyte.gz");
        assertEquals(List.of(system().resolve("tiny").resolve("a-idx1-ubyte"), downloaded), files);
        assertEquals(List.of(URI.create("http://example.invalid/tiny/b-idx1-ubyte.gz")), asked, "only the missing file");
        assertArrayEquals(GZ_B, Files.readAllBytes(downloaded));
        assertEquals(List.of(downloaded), listing(cache().resolve("tiny")), "no .part file left behind");
        assertArrayEquals(new int[] {7, 8}, Idx.read(downloaded, B.contentSha256()).toIntArray());
        String progress = log.toString(StandardCharsets.UTF_8);
        assertTrue(progress.startsWith("Downloading http://example.invalid/tiny/b-idx1-ubyte.gz"), progress);
        assertTrue(progress.contains("done:"), progress);
        assertFalse(progress.contains("\r"), "not a terminal: plain lines");

        asked.clear();
        assertEquals(files, locator.locate(TINY));
        assertEquals(List.of(), asked, "a second locate finds the download");
    }

    @Test
    void aChecksumMismatchLeavesNoFileAndNamesBothChecksums() throws IOException {
        byte[] wrong = gzip(ubyte(new int[] {2}, 7, 9));
        DatasetLocator locator = offline().withFetcher(uri -> new Fetcher.Response(new ByteArrayInputStream(wrong), -1));
        var e = assertThrows(DatasetException.class, () -> locator.locate(TINY));
        String m = e.getMessage();
        assertTrue(m.contains("http://example.invalid/tiny/a-idx1-ubyte.gz"), m);
        assertTrue(m.contains(cache().resolve("tiny").resolve("a-idx1-ubyte.gz").toString()), m);
        assertTrue(m.contains("its MD5 is " + md5(wrong) + ", expected " + A.downloadMd5()), m);
        assertEquals(List.of(), listing(cache().resolve("tiny")), "neither the file nor a .part file");
    }

    @Test
    void aFailedDownloadSaysWhereItLookedWhatFailedAndHowToFix() {
        var e = assertThrows(DatasetException.class, () -> offline().locate(TINY));
        String m = e.getMessage();
        assertTrue(m.startsWith("Tiny: a-idx1-ubyte (or a-idx1-ubyte.gz) is not on this machine"), m);
        for (Path folder : offline().searchFolders(TINY)) assertTrue(m.contains("  " + folder + "\n"), m);
        assertTrue(m.contains("Download of http://example.invalid/tiny/a-idx1-ubyte.gz failed"), m);
        assertTrue(m.contains("offline test: no network"), "the cause: " + m);
        assertTrue(m.contains("To fix: apt-get install dataset-tiny, or put a-idx1-ubyte.gz, b-idx1-ubyte.gz"), m);
        assertTrue(m.contains(data().resolve("tiny") + " or " + cache().resolve("tiny")), m);

        String unset = assertThrows(DatasetException.class, () -> offline().withDataDir(null).locate(TINY)).getMessage();
        assertTrue(unset.contains("FATHOM_DATA is not set") && unset.contains("$FATHOM_DATA/tiny"), unset);
    }

    @Test
    void aShortBodyIsRefused() throws IOException {
        DatasetLocator locator = offline().withFetcher(uri ->
                new Fetcher.Response(new ByteArrayInputStream(GZ_A, 0, 10), GZ_A.length));
        String m = assertThrows(DatasetException.class, () -> locator.locate(TINY)).getMessage();
        assertTrue(m.contains("closed after 10 of " + GZ_A.length + " bytes"), m);
        assertEquals(List.of(), listing(cache().resolve("tiny")));
    }

    @Test
    void httpFetcherDownloadsFromALoopbackServerAndReportsErrorStatus() throws IOException {
        Map<String, byte[]> served = new ConcurrentHashMap<>(Map.of("/tiny/a-idx1-ubyte.gz", GZ_A));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tiny/");
            DatasetSpec spec = new DatasetSpec("tiny", "Tiny", base, List.of(A, B), "");
            DatasetLocator locator = offline().withFetcher(Fetcher.http());

            Path a = locator.download(spec, A);
            assertArrayEquals(GZ_A, Files.readAllBytes(a));

            String m = assertThrows(DatasetException.class, () -> locator.locate(spec)).getMessage();
            assertTrue(m.contains("HTTP status 404 from " + base + "b-idx1-ubyte.gz"), m);
            assertTrue(m.contains("To fix: put a-idx1-ubyte.gz, b-idx1-ubyte.gz"), "no install hint when there is none: " + m);
            assertEquals(List.of(a), listing(cache().resolve("tiny")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void interactiveProgressRewritesOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DownloadProgress p = new DownloadProgress(out, true, "x.gz", 2_000_000);
        p.advance(500_000);
        p.advance(500_000);
        p.advance(1_000_000);
        p.finish();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("\rDownloading x.gz: 25% (0.5 of 2.0 MB)"), s);
        assertTrue(s.endsWith("\rDownloading x.gz: 100% (2.0 of 2.0 MB)" + System.lineSeparator()), s);

        bytes.reset();
        DownloadProgress plain = new DownloadProgress(out, false, "x.gz", 4_000_000);
        for (int i = 0; i < 40; i++) plain.advance(100_000);
        plain.finish();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("Downloading x.gz (4.0 MB) ...", "  25% (1.0 of 4.0 MB)", "  50% (2.0 of 4.0 MB)",
                "  75% (3.0 of 4.0 MB)", "  done: 4.0 MB"), lines);
    }

    @Test
    void specsRefuseMalformedChecksumsAndNames() {
        var md5 = assertThrows(IllegalArgumentException.class, () -> new DatasetFile("x", "abc", sha256(CONTENT_A)));
        assertTrue(md5.getMessage().contains("downloadMd5 must be 32 hex digits, got abc"), md5.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatasetFile("../x", A.downloadMd5(), A.contentSha256()));
        assertThrows(IllegalArgumentException.class, () -> new DatasetSpec("a/b", "T", URI.create("http://x/"), List.of(A), ""));
        assertEquals(URI.create("http://x/y/a-idx1-ubyte.gz"),
                new DatasetSpec("t", "T", URI.create("http://x/y"), List.of(A), null).downloadUri(A));
    }

    private static List<Path> listing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
