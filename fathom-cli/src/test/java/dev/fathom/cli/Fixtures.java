package dev.fathom.cli;

import dev.fathom.data.Column;
import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.split.Split;
import dev.fathom.data.split.Splits;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Estimator;
import dev.fathom.pipeline.Pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Model and data files for the command tests: pipelines fitted on bundled data sets, tables written as CSV. */
final class Fixtures {
    private Fixtures() {}

    /**
     * A pipeline fitted on 80% of a bundled data set (standardized features), the other 20%, and
     * the model file it was saved to.
     */
    record Fitted(Pipeline pipeline, Table train, Table test, String target, Path model) {}

    /** Fits a pipeline on {@code dataset} and saves it as {@code dir/<dataset>.fathom}, as the commands read it. */
    static Fitted fit(String dataset, Estimator estimator, Path dir) {
        TabularDataset d = Datasets.load(dataset);
        Split split = Splits.trainTest(d.table(), 0.2, 42);
        if (d.numClasses() > 0) split = split.stratifiedBy(d.targetName());
        Preprocessor prep = Preprocessor.builder().numeric(d.featureNames(), new StandardScaler()).build();
        Pipeline p = Pipeline.fit(split.train(), d.targetName(), prep, estimator);
        Path model = dir.resolve(dataset + ".fathom");
        p.save(model);
        return new Fitted(p, split.train(), split.test(), d.targetName(), model);
    }

    /** Writes {@code t} as CSV: a header, then each value as {@link Column#text} gives it (numbers round-trip exactly). */
    static Path writeCsv(Table t, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", t.columnNames().stream().map(PredictCommand::field).toList())).append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            List<String> cells = new ArrayList<>();
            for (Column c : t.columns()) cells.add(PredictCommand.field(c.text(r)));
            sb.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    /** Reads a CSV the commands wrote, every column as text, so the test compares exactly what was written. */
    static List<Map<String, String>> readRows(String csv) {
        Table t = CsvReader.parse(csv, dev.fathom.data.CsvOptions.defaults().onlyNaValues());
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (Column c : t.columns()) row.put(c.name(), c.text(r));
            rows.add(row);
        }
        return rows;
    }

    /** The entries of a zip file, in order. */
    static Map<String, byte[]> unzip(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) entries.put(e.getName(), zip.readAllBytes());
        }
        return entries;
    }

    /** Writes entries as a zip file. */
    static void zip(Map<String, byte[]> entries, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
    }
}
