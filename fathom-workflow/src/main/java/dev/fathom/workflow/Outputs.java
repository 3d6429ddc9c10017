package dev.fathom.workflow;

import dev.fathom.saving.AtomicFiles;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of a run, each written atomically (a temporary file renamed into place), so that an
 * interrupted run never leaves a half-written model, table or report: model.fathom (the
 * {@code Pipeline}), predictions.csv (the test split) and report.html.
 */
final class Outputs {
    private Outputs() {}

    /**
     * Creates {@code dir} if needed and checks a file can be written in it, before any training, so
     * that a wrong folder fails in a second rather than after the whole run.
     *
     * @throws IllegalArgumentException naming the folder and the reason, with the fix
     */
    static Path checkWritable(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs) && !Files.isDirectory(abs)) {
                throw new IllegalArgumentException("the output folder " + abs + " is a file; choose a folder with --out DIR");
            }
            Files.createDirectories(abs);
            Path probe = Files.createTempFile(abs, ".fathom-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot write to the output folder " + abs + " (" + describe(e) + "); choose a folder you"
                    + " can write to with --out DIR (or TrainOptions.outputDir)", e);
        }
        return abs;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                + (m == null ? "" : ": " + m);
    }

    /** Writes the model, the predictions and the report of {@code result}. */
    static void write(TrainResult result, Presentation p, Workflow.Chosen chosen, String description, TrainOptions options) {
        result.best().save(result.modelPath());
        writeCsv(result.predictionsPath(), p.header(), p.rows());
        TrainReport.of(result, p, chosen, description, options).save(result.reportPath());
    }

    /** RFC 4180 CSV: a field with a comma, quote or line break is quoted, quotes doubled. */
    static void writeCsv(Path file, List<String> header, List<List<String>> rows) {
        try {
            AtomicFiles.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                line(w, header);
                for (List<String> row : rows) line(w, row);
                w.flush();
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void line(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) w.write(',');
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                w.write('"' + f.replace("\"", "\"\"") + '"');
            } else {
                w.write(f);
            }
        }
        w.write('\n');
    }
}
