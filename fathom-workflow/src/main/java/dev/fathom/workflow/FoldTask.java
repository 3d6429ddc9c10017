package dev.fathom.workflow;

import dev.fathom.backend.Threads;
import dev.fathom.data.split.Fold;
import dev.fathom.estimators.Estimator;
import dev.fathom.saving.SafeTensors;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.Scorer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One (model, fold) task of {@link Fathom#train}'s cross-validation, run wherever a
 * {@link TaskRunner} runs it: {@link #run} builds the model from its recipe, fits it on the fold's
 * training rows and scores it on the fold's test rows, exactly as the local cross-validation does,
 * so its score is the same to the bit. The data a run shares (the training split, the folds, the
 * models' shape, seed and scorer) is decoded once per JVM and kept for the run's other tasks.
 *
 * <p>The encoding is Fathom's own (numbers in a fixed order, the tensors as safetensors), not Java
 * serialization; the driver and the executors must run the same Fathom version.
 *
 * <pre>{@code
 * // on an executor, inside a Spark task
 * byte[] result = FoldTask.run(sharedBroadcast.value(), taskBytes);
 * }</pre>
 */
public final class FoldTask {
    private static final int MAGIC = 0x46544b31;   // "FTK1"
    /** Runs decoded per JVM: a JVM rarely serves more than one run at once. */
    private static final int KEPT = 2;
    private static final Map<UUID, Shared> DECODED = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Shared> eldest) {
            return size() > KEPT;
        }
    };

    private FoldTask() {}

    /** What every task of one run shares. */
    record Shared(UUID id, Algorithms.Shape shape, Algorithms.TextShape text, long seed, int maxEpochs, String scoring, int[][] train,
                  int[][] test, Tensor x, Tensor y) {}

    /**
     * One task's outcome: the fold's test score, the seconds its fit took, and its predictions of
     * the fold's test rows (a classifier's probabilities, a regressor's values: one row per test
     * row), which ensemble selection learns from as it does from the local cross-validation's.
     */
    record Result(double test, double fitSeconds, double[][] predictions) {}

    /**
     * Runs the task: its recipe's model fitted on its fold of the shared data and scored; returns
     * the encoded {@link Result}. Kernels stay on the calling thread: a task runner fills the cores
     * with tasks.
     *
     * @throws IllegalArgumentException for bytes that are not a task of this Fathom version, or what
     *     the model refuses, prefixed with the fold
     */
    public static byte[] run(byte[] shared, byte[] task) {
        Shared s = decoded(shared);
        Recipe recipe;
        int fold;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(task))) {
            recipe = Recipe.read(in);
            fold = in.readInt();
        } catch (IOException e) {
            throw new IllegalArgumentException("a fold task's bytes are cut short (" + task.length + " bytes)", e);
        }
        if (fold < 0 || fold >= s.train().length) {
            throw new IllegalArgumentException("a fold task names fold " + fold + " of " + s.train().length);
        }
        try {
            return Threads.serially(() -> encode(fitAndScore(s, recipe, fold)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fold " + fold + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("fold " + fold + ": " + e, e);
        }
    }

    private static Result fitAndScore(Shared s, Recipe recipe, int fold) {
        Algorithms algorithms = new Algorithms(s.shape(), s.seed(), s.maxEpochs(), new StopSignal(), s.text());
        Estimator estimator = recipe.build(algorithms, s.seed());
        Scorer scorer = Scorer.of(s.scoring());
        scorer.check(estimator);
        int[] test = s.test()[fold];
        long t0 = System.nanoTime();
        estimator.fit(s.x(), s.y(), s.train()[fold]);
        long t1 = System.nanoTime();
        // as Fold.test: the rows picked by index, so the score is the local cross-validation's
        Tensor testX = s.x().indexSelect(0, Tensor.of(test));
        double score = scorer.score(estimator, testX, s.y().indexSelect(0, Tensor.of(test)));
        return new Result(score, (t1 - t0) / 1e9, predictionRows(estimator, testX));
    }

    /** As the local cross-validation keeps them: a classifier's probabilities or a regressor's predictions, a row per sample. */
    static double[][] predictionRows(Estimator estimator, Tensor x) {
        Tensor p = estimator instanceof dev.fathom.estimators.Classifier c && estimator.isClassifier() ? c.predictProba(x) : estimator.predict(x);
        int n = x.shape(0);
        int width = n == 0 ? 0 : p.size() / n;
        double[] flat = p.toDoubleArray();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) rows[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        return rows;
    }

    // ---- encoding ----------------------------------------------------------------------------

    /** The bytes every task of a run shares: a fresh id, then the models' shape, seed, scorer, folds and data. */
    static byte[] shared(Algorithms algorithms, String scoring, List<Fold> folds, Tensor x, Tensor y) {
        UUID id = UUID.randomUUID();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
            Algorithms.Shape shape = algorithms.shape();
            out.writeInt(shape.features());
            out.writeBoolean(shape.image() != null);
            if (shape.image() != null) writeInts(out, shape.image());
            out.writeInt(shape.classes());
            out.writeDouble(shape.targetMean());
            out.writeDouble(shape.targetStd());
            Algorithms.SeriesShape series = shape.series();
            out.writeBoolean(series != null);
            if (series != null) {
                out.writeInt(series.lags());
                out.writeInt(series.variables());
                out.writeUTF(series.target());
                out.writeInt(series.period());
            }
            Algorithms.TextShape text = algorithms.text();
            out.writeBoolean(text != null);
            if (text != null) {
                out.writeUTF(text.column());
                writeInts(out, text.tabular());
                writeInts(out, text.terms());
                writeInts(out, text.sequence());
                out.writeInt(text.vocabulary());
                writeInts(out, text.trees());
            }
            out.writeLong(algorithms.seed());
            out.writeInt(algorithms.maxEpochs());
            out.writeUTF(scoring);
            out.writeInt(folds.size());
            for (Fold f : folds) {
                writeInts(out, f.trainIndices());
                writeInts(out, f.testIndices());
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("x", x);
            tensors.put("y", y);
            byte[] blob = SafeTensors.write(tensors);
            out.writeInt(blob.length);
            out.write(blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** A task's bytes: the recipe, then the fold. */
    static byte[] task(Recipe recipe, int fold) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            recipe.write(out);
            out.writeInt(fold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Result result(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            double test = in.readDouble();
            double fit = in.readDouble();
            int n = in.readInt();
            int width = in.readInt();
            if (n < 0 || width < 0 || (long) n * width > (bytes.length - 24L) / 8) {
                throw new IOException("a result of " + n + " rows of " + width + " predictions in " + bytes.length + " bytes");
            }
            double[][] rows = new double[n][width];
            for (double[] row : rows) {
                for (int c = 0; c < width; c++) row[c] = in.readDouble();
            }
            return new Result(test, fit, rows);
        } catch (IOException e) {
            throw new IllegalArgumentException("a fold task's result is cut short (" + bytes.length + " bytes)", e);
        }
    }

    private static byte[] encode(Result r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeDouble(r.test());
            out.writeDouble(r.fitSeconds());
            double[][] rows = r.predictions();
            int width = rows.length == 0 ? 0 : rows[0].length;
            out.writeInt(rows.length);
            out.writeInt(width);
            for (double[] row : rows) {
                for (double v : row) out.writeDouble(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The shared data of {@code bytes}, decoded the first time this JVM sees its run. */
    static Shared decoded(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("these bytes are not the shared data of Fathom fold tasks (no FTK1 mark)");
            }
            UUID id = new UUID(in.readLong(), in.readLong());
            synchronized (DECODED) {
                Shared s = DECODED.get(id);
                if (s == null) {
                    s = read(id, in);
                    DECODED.put(id, s);
                }
                return s;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the shared data of Fathom fold tasks is cut short (" + bytes.length + " bytes)", e);
        }
    }

    private static Shared read(UUID id, DataInputStream in) throws IOException {
        int features = in.readInt();
        int[] image = in.readBoolean() ? readInts(in) : null;
        int classes = in.readInt();
        double mean = in.readDouble();
        double std = in.readDouble();
        Algorithms.SeriesShape series = in.readBoolean()
                ? new Algorithms.SeriesShape(in.readInt(), in.readInt(), in.readUTF(), in.readInt()) : null;
        Algorithms.TextShape text = in.readBoolean()
                ? new Algorithms.TextShape(in.readUTF(), readInts(in), readInts(in), readInts(in), in.readInt(), readInts(in)) : null;
        long seed = in.readLong();
        int maxEpochs = in.readInt();
        String scoring = in.readUTF();
        int k = in.readInt();
        int[][] train = new int[k][];
        int[][] test = new int[k][];
        for (int f = 0; f < k; f++) {
            train[f] = readInts(in);
            test[f] = readInts(in);
        }
        byte[] blob = new byte[in.readInt()];
        in.readFully(blob);
        Map<String, Tensor> tensors = SafeTensors.read(blob, "the fold tasks' data");
        return new Shared(id, new Algorithms.Shape(features, image, classes, mean, std, series), text, seed, maxEpochs, scoring, train, test,
                tensors.get("x"), tensors.get("y"));
    }

    private static void writeInts(DataOutputStream out, int[] v) throws IOException {
        out.writeInt(v.length);
        for (int i : v) out.writeInt(i);
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException("negative length " + n);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = in.readInt();
        return v;
    }
}
