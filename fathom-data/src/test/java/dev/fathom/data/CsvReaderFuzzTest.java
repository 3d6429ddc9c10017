package dev.fathom.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fathom.testing.FuzzContract;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes the CSV reader with arbitrary bytes and mutations of the committed files in
 * {@code CsvReaderFuzzTestInputs/readsOrRefuses/}: every file is read into a table (types
 * inferred) and described, or refused with a {@link CsvException} of one line; never another
 * exception, a hang or unbounded memory. The same bytes also go through the skipping reader and
 * the all-numeric tensor reader. How it runs: docs/fuzzing.md.
 */
class CsvReaderFuzzTest {
    private static final FuzzContract CONTRACT = new FuzzContract("CSV reader", List.of(CsvException.class));
    private static final Path FILE = scratchFile();

    @AfterAll
    static void report() {
        System.out.println(CONTRACT.summary());
    }

    @FuzzTest(maxDuration = "10s")   // the build sets fathom.fuzz.duration; this is for a run from an IDE
    void readsOrRefuses(byte[] file) {
        CONTRACT.check(file, () -> described(CsvReader.load(new ByteArrayInputStream(file), "fuzz.csv", CsvOptions.defaults())));
        CONTRACT.check(file, () -> described(CsvReader.load(new ByteArrayInputStream(file), "fuzz.csv",
                CsvOptions.defaults().skipBadRows(true))));
        CONTRACT.check(file, () -> {
            Files.write(FILE, file);
            CsvReader.readTensor(FILE, CsvOptions.defaults()).close();
        });
    }

    /** What {@code fathom describe} and a first look do with a table: every column summarised and printed. */
    private static void described(CsvReport report) {
        Table t = report.table();
        report.summary();
        t.describe().toString();
        t.head(5);
        for (Column c : t.columns()) {
            if (c.size() != t.rowCount()) throw new AssertionError("column '" + c.name() + "' has " + c.size() + " rows of " + t.rowCount());
        }
    }

    private static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("fathom-csv-fuzz");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("fuzz.csv");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
