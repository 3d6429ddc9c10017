package dev.fathom.spark;

import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.ModelFileException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The pipelines loaded in this JVM (an executor, or the driver in local mode), by the SHA-256 of
 * their file's bytes: each executor reads a pipeline's file once and shares it between its task
 * threads (a pipeline predicts from several threads at once, as {@code fathom serve} does), instead
 * of once per partition or row. The last few are kept; a job scoring with a newer file loads that.
 */
final class ExecutorPipelines {
    /** Pipelines kept per JVM: a job rarely scores with more than one or two. */
    private static final int KEPT = 4;
    private static final Map<String, Pipeline> LOADED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pipeline> eldest) {
            return size() > KEPT;
        }
    };
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorPipelines() {}

    /** The pipeline of {@code key} (the SHA-256 of {@code bytes}), loaded from the bytes the first time in this JVM. */
    static Pipeline get(String key, Supplier<byte[]> bytes) {
        synchronized (LOADED) {
            Pipeline p = LOADED.get(key);
            if (p == null) {
                p = load(key, bytes.get());
                LOADED.put(key, p);
            }
            return p;
        }
    }

    /** How many times this JVM has read a pipeline file (a test's view of "once per executor"). */
    static int loads() {
        return LOADS.get();
    }

    /** The key of a pipeline file's bytes. */
    static String key(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Reads the pipeline through its file reader (which checks it whole), from a temporary copy. */
    private static Pipeline load(String key, byte[] bytes) {
        LOADS.incrementAndGet();
        Path file = null;
        try {
            file = Files.createTempFile("fathom-pipeline-" + key.substring(0, 12), ".fathom");
            Files.write(file, bytes);
            return Pipeline.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the pipeline to a temporary file on this executor: " + e.getMessage(), e);
        } catch (ModelFileException e) {
            throw new IllegalStateException("the pipeline shipped to this executor did not load: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is removed with the executor's temporary folder
                }
            }
        }
    }
}
