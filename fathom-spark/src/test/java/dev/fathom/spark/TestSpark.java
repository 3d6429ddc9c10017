package dev.fathom.spark;

import dev.fathom.data.Column;
import dev.fathom.data.Table;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tests' Spark: one small local[2] session per test class, no UI, few shuffle partitions. */
final class TestSpark {
    private TestSpark() {}

    static SparkSession local() {
        return SparkSession.builder().master("local[2]").appName("fathom-spark tests")
                .config("spark.ui.enabled", false)
                .config("spark.sql.shuffle.partitions", 2)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    static void stop(SparkSession spark) {
        if (spark != null) spark.stop();
    }

    /** Writes {@code t} as CSV: a header, then each value as {@link Column#text} gives it (numbers round-trip exactly). */
    static Path writeCsv(Table t, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", t.columnNames())).append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            List<String> cells = new ArrayList<>();
            for (Column c : t.columns()) cells.add(c.isMissing(r) ? "" : c.text(r));
            sb.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }
}
