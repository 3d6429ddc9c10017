package dev.fathom.workflow;

import dev.fathom.saving.AtomicFiles;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The output folder of a run and its files, each written atomically (a temporary file renamed into
 * place), so that an interrupted run never leaves a half-written model, table or report:
 * model.fathom (the {@code Pipeline}), predictions.csv (the test split), report.html and, for a
 * table, folds.csv (each training row's cross-validation fold). All are made before any replaces an earlier run's, so the folder holds one run's files, never a new
 * model beside an old report; and a run that fails removes the folder if it created it.
 */
final class Outputs {
    /** The files every run writes, which an earlier run's are replaced by. */
    static final List<String> RUN_FILES = List.of(TrainResult.MODEL_FILE, TrainResult.PREDICTIONS_FILE, TrainResult.REPORT_FILE,
            TrainResult.FOLDS_FILE);

    private Outputs() {}

    /**
     * The output folder of a run: its path, the folders this run created for it (outermost
     * first), and what it held before: an earlier run's files, which this run replaces when it
     * ends, and other files, which it leaves alone.
     */
    record Folder(Path path, List<Path> created, List<String> earlierRun, List<String> others) {
        /**
         * After a failed run: removes the files this run wrote and the folders it created, when
         * that leaves them empty. A folder that was there before is never removed.
         */
        void removeIfCreated() {
            if (created.isEmpty()) return;
            try {
                for (String f : RUN_FILES) Files.deleteIfExists(path.resolve(f));
                for (Path dir : created.reversed()) Files.deleteIfExists(dir);
            } catch (IOException | SecurityException e) {
                // something else is in it now (DirectoryNotEmptyException), or it cannot be removed: leave it
            }
        }

        /** What the run says about the folder's earlier contents, or nothing when it was empty or new. */
        Optional<String> note() {
            if (earlierRun.isEmpty() && others.isEmpty()) return Optional.empty();
            StringBuilder sb = new StringBuilder("the output folder already holds");
            if (!earlierRun.isEmpty()) {
                sb.append(" an earlier run's ").append(String.join(", ", earlierRun)).append(", replaced when this run ends");
            }
            if (!others.isEmpty()) {
                int shown = Math.min(others.size(), SHOWN_OTHERS);
                String file = (earlierRun.isEmpty() ? "" : " other") + (others.size() == 1 ? " file" : " files");
                sb.append(earlierRun.isEmpty() ? " " : "; and ").append(others.size()).append(file)
                        .append(others.size() == 1 ? " this run leaves as it is: " : " this run leaves as they are: ").append(String.join(", ", others.subList(0, shown)))
                        .append(others.size() > shown ? ", ..." : "");
            }
            return Optional.of(sb.toString());
        }
    }

    /** How many of the other files already in the output folder are named. */
    static final int SHOWN_OTHERS = 5;

    /**
     * Creates {@code dir} if needed and checks a file can be written in it, before any training, so
     * that a wrong folder fails in a second rather than after the whole run.
     *
     * @throws IllegalArgumentException naming the folder and the reason, with the fix
     */
    static Folder prepare(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs) && !Files.isDirectory(abs)) {
                throw new IllegalArgumentException("the output folder " + abs + " is a file; choose a folder with --out DIR");
            }
            List<Path> created = new ArrayList<>();
            for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) created.addFirst(p);
            Files.createDirectories(abs);
            Path probe = Files.createTempFile(abs, ".fathom-write-check", ".tmp");
            Files.delete(probe);
            List<String> earlierRun = new ArrayList<>();
            List<String> others = new ArrayList<>();
            if (created.isEmpty()) {
                try (Stream<Path> files = Files.list(abs)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.startsWith(".")) continue;   // hidden: the system's or a tool's, not the user's
                        (RUN_FILES.contains(name) ? earlierRun : others).add(name);
                    }
                }
                earlierRun.sort(java.util.Comparator.comparingInt(RUN_FILES::indexOf));
            }
            return new Folder(abs, List.copyOf(created), List.copyOf(earlierRun), List.copyOf(others));
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot write to the output folder " + abs + " (" + describe(e) + "); choose a folder you"
                    + " can write to with --out DIR (or TrainOptions.outputDir)", e);
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                + (m == null ? "" : ": " + m);
    }

    /**
     * Writes the model, the predictions and the report of {@code result}. Each is made in full
     * first — the model saved to a temporary file, the predictions and the report (its charts
     * rendered) in memory — and only then are the three moved into place, so an error while making
     * any of them leaves an earlier run's files as they were.
     */
    static void write(TrainResult result, Presentation p, Workflow.Chosen chosen, String description, TrainOptions options,
                      List<List<String>> folds) {
        Path model = result.modelPath();
        Path modelTemp = null;
        try {
            modelTemp = Files.createTempFile(result.outputDir(), "." + TrainResult.MODEL_FILE + ".", ".tmp");
            // The model file (its weights' digests, the zip) is written on a second thread while the report's charts are drawn.
            Path modelFile = modelTemp;
            java.util.concurrent.FutureTask<Void> saving = new java.util.concurrent.FutureTask<>(() -> {
                result.best().save(modelFile);
                return null;
            });
            Thread saver = new Thread(saving, "fathom-save-model");
            saver.setDaemon(true);
            saver.start();
            byte[] predictions;
            byte[] report;
            try {
                predictions = csv(p.header(), p.rows());
                report = TrainReport.of(result, p, chosen, description, options).toHtml().getBytes(StandardCharsets.UTF_8);
            } finally {
                awaitSaved(saving);
            }
            byte[] foldsCsv = folds == null ? null : csv(List.of(p.header().getFirst(), "fold"), folds);
            move(modelTemp, model);
            AtomicFiles.write(result.predictionsPath(), out -> out.write(predictions));
            AtomicFiles.write(result.reportPath(), out -> out.write(report));
            if (foldsCsv != null) {
                AtomicFiles.write(result.foldsPath(), out -> out.write(foldsCsv));
            } else {
                Files.deleteIfExists(result.foldsPath());   // an earlier run's, which would not match this run's files
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the results to " + result.outputDir() + " (" + describe(e) + "); check that the"
                    + " folder is writable and has space", e);
        } finally {
            try {
                if (modelTemp != null) Files.deleteIfExists(modelTemp);
            } catch (IOException e) {
                // a temporary file left behind is harmless; the error that matters is already on its way
            }
        }
    }

    /** Waits for the model file; its failure is thrown as it was (an I/O error, or the save's own message). */
    private static void awaitSaved(java.util.concurrent.FutureTask<Void> saving) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    saving.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;   // the file must be complete before it is moved or deleted: wait on, then say so
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code header} and {@code rows} as an RFC 4180 CSV file's bytes. */
    private static byte[] csv(List<String> header, List<List<String>> rows) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        line(w, header);
        for (List<String> row : rows) line(w, row);
        w.flush();
        return bytes.toByteArray();
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
