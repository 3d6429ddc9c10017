package dev.fathom.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch: {@code epoch} (from 1, as the progress lines count) and every log
 * value ({@code loss}, metrics, {@code val_*}, {@code lr}) as columns, in the order of the first
 * epoch's logs, as Keras' {@code CSVLogger}. Each row is written and flushed when its epoch ends,
 * so the file is complete up to the last finished epoch even if training dies. Values are written
 * with full precision ({@link Double#toString}).
 *
 * <p>By default the file is replaced at the start of training; with {@code append(true)} rows are
 * added to an existing file (the header only written when the file is new or empty), which suits
 * a run resumed from a checkpoint.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(10).validationSplit(0.1).callbacks(new CSVLogger(Path.of("log.csv"))));
 * // epoch,loss,accuracy,val_loss,val_accuracy,lr
 * // 1,0.5123,0.8201,0.4011,0.8555,0.001
 * }</pre>
 */
public final class CSVLogger implements Callback {
    private final Path path;
    private boolean append;
    private char separator = ',';
    private List<String> columns;

    /** Logs to {@code path}. */
    public CSVLogger(Path path) {
        this.path = java.util.Objects.requireNonNull(path, "path");
    }

    /** Whether to add to an existing file instead of replacing it (default false). */
    public CSVLogger append(boolean append) {
        this.append = append;
        return this;
    }

    /** The column separator (default {@code ','}). */
    public CSVLogger separator(char separator) {
        this.separator = separator;
        return this;
    }

    @Override
    public void onTrainBegin(Model model) {
        columns = null;
        try {
            if (path.toAbsolutePath().getParent() != null) Files.createDirectories(path.toAbsolutePath().getParent());
            if (!append) Files.write(path, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write '" + path + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        try {
            if (columns == null) {
                columns = new ArrayList<>(logs.keySet());
                if (!Files.exists(path) || Files.size(path) == 0) {
                    sb.append("epoch");
                    for (String c : columns) sb.append(separator).append(escape(c));
                    sb.append('\n');
                }
            }
            sb.append(epoch + 1);
            for (String c : columns) {
                Double v = logs.get(c);
                sb.append(separator).append(v == null ? "" : v.toString());
            }
            sb.append('\n');
            // Opened, written and closed per epoch: the row is on disk now, and no handle outlives a failed fit.
            Files.writeString(path, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write '" + path + "': " + e.getMessage(), e);
        }
    }

    private String escape(String s) {
        boolean quote = s.indexOf(separator) >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
