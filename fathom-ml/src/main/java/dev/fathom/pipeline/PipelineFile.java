package dev.fathom.pipeline;

import dev.fathom.backend.DeviceUnavailableException;

import dev.fathom.data.ColumnType;
import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorTree;
import dev.fathom.saving.AtomicFiles;
import dev.fathom.saving.Json;
import dev.fathom.saving.ModelFileException;
import dev.fathom.saving.SafeTensors;
import dev.fathom.saving.ZipArchive;
import dev.fathom.saving.ZipReader;
import dev.fathom.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline file that {@link Pipeline#save} writes and {@link Pipeline#load} reads: a zip of
 * {@code pipeline.json} (format, version, input schema, target, classes, preprocessor config,
 * estimator tree, metadata, and each blob's size and SHA-256), {@code weights.safetensors} (every
 * tensor of the estimator tree, keyed by path), {@code files/<path>} entries (bytes an
 * estimator saves whole, such as a network's own model file) and, when the pipeline has one,
 * {@code training-rows.bin} ({@link TrainingRows}, the training rows' fingerprint). Loading checks the zip, each
 * entry's CRC and SHA-256, the format and version, and rebuilds every part before returning
 * anything; any failure is one {@link ModelFileException} naming the file and the problem.
 * Details in {@code docs/pipeline-file-format.md}.
 */
final class PipelineFile {
    /** The {@code format} of every pipeline file. */
    static final String FORMAT = "fathom-pipeline";
    /** The newest version this Fathom reads and the one it writes. */
    static final int VERSION = 1;
    static final String MANIFEST = "pipeline.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String FILES = "files/";

    private PipelineFile() {}

    // ---- saving ------------------------------------------------------------------------------

    static void save(Pipeline p, Path path) {
        String where = "cannot save the pipeline to '" + path + "'";
        EstimatorTree tree;
        try {
            tree = EstimatorTree.of(p.estimator());
        } catch (DeviceUnavailableException e) {
            throw e;   // how the JVM was started, not this input: passed on as its one line
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(where + ": " + e.getMessage(), e);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("version", VERSION);
        Map<String, Object> input = new LinkedHashMap<>();
        if (p.inputKind() == Pipeline.InputKind.TABLE) {
            input.put("kind", "table");
            List<Object> columns = new ArrayList<>();
            for (InputColumn c : p.inputs()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("type", c.type().label());
                if (c.type() == ColumnType.CATEGORICAL) m.put("categories", c.categories());
                columns.add(m);
            }
            input.put("columns", columns);
        } else {
            input.put("kind", "images");
            input.put("shape", List.of(p.imageShape()[0], p.imageShape()[1], p.imageShape()[2]));
            input.put("pixel_scale", p.pixelScale());
        }
        manifest.put("input", input);
        manifest.put("target", p.target());
        if (p.targets().size() > 1) manifest.put("targets", p.targets());
        manifest.put("task", p.isClassifier() ? "classification" : "regression");
        if (p.isClassifier()) manifest.put("classes", p.classes());
        if (p.preprocessor() != null) manifest.put("preprocessor", p.preprocessor().config());
        manifest.put("estimator", tree.root());
        manifest.put("metadata", p.metadata());

        byte[] weights = SafeTensors.write(tree.tensors());
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        blobs.put(WEIGHTS, weights);
        for (Map.Entry<String, byte[]> f : tree.files().entrySet()) blobs.put(FILES + f.getKey(), f.getValue());
        p.trainingRows().ifPresent(rows -> blobs.put(TrainingRows.ENTRY, rows.toBytes()));
        Map<String, Object> info = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> b : blobs.entrySet()) info.put(b.getKey(), ZipArchive.blobInfo(b.getValue()));
        manifest.put("blobs", info);
        byte[] json;
        try {
            // A NaN mean or scale (a column with no finite values) would turn every prediction into NaN.
            Json.requireFinite(manifest, MANIFEST);
            json = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
            // What loads must be what was saved: parse it back now rather than fail at load.
            Json.parse(new String(json, StandardCharsets.UTF_8), MANIFEST);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(where + ": " + e.getMessage(), e);
        }
        try {
            AtomicFiles.write(path, out -> ZipArchive.write(out, MANIFEST, json, blobs));
        } catch (IOException e) {
            throw new ModelFileException(where + ": " + e, e);
        }
    }

    // ---- loading -----------------------------------------------------------------------------

    static Pipeline load(Path path) {
        String where = "cannot load pipeline file '" + path + "'";
        return ModelFileException.whileLoading(where, () -> read(path, where));
    }

    private static Pipeline read(Path path, String where) {
        try (ZipReader zip = ZipReader.open(path, where, "pipeline file",
                "a zip holding " + MANIFEST + " and " + WEIGHTS + ", as written by pipeline.save")) {
            return read(zip, where);
        }
    }

    /**
     * Reads the manifest (bounded), checks its format, then only the entries its {@code blobs}
     * lists ({@code weights.safetensors} and every {@code files/} entry), each within its declared
     * size: a file's entries cost no more memory than its manifest declares.
     */
    private static Pipeline read(ZipReader zip, String where) {
        if (!zip.names().contains(MANIFEST)) {
            String hint = zip.names().contains("fathom.json") ? "; it is a Fathom model file: load it with Model.load"
                    : "; it is not a Fathom pipeline file";
            throw new ModelFileException(where + ": the zip archive holds no " + MANIFEST + " (it holds " + zip.names() + ")" + hint);
        }
        Map<String, Object> m = Json.parse(new String(zip.manifest(MANIFEST), StandardCharsets.UTF_8), MANIFEST);
        checkFormat(m, where);
        Map<String, byte[]> blobs = verifiedBlobs(m, zip, where);

        Map<String, Object> input = object(m, "input");
        String kind = string(input, "kind", "input");
        String target = string(m, "target", MANIFEST);
        String task = string(m, "task", MANIFEST);
        if (!task.equals("classification") && !task.equals("regression")) {
            throw new IllegalArgumentException(MANIFEST + " 'task' is \"" + task + "\"; it must be \"classification\" or \"regression\"");
        }
        Map<String, Tensor> tensors = SafeTensors.read(blobs.get(WEIGHTS), WEIGHTS);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> b : blobs.entrySet()) {
            if (b.getKey().startsWith(FILES)) files.put(b.getKey().substring(FILES.length()), b.getValue());
        }
        Object restored = EstimatorTree.restore(object(m, "estimator"), tensors, files);
        if (!(restored instanceof Estimator estimator)) {
            throw new IllegalArgumentException("the saved estimator is a " + restored.getClass().getSimpleName()
                    + ", which is not an Estimator a pipeline can use");
        }
        if (estimator.isClassifier() != task.equals("classification")) {
            throw new IllegalArgumentException(MANIFEST + " says the task is " + task + " but the estimator "
                    + estimator + " is a " + (estimator.isClassifier() ? "classifier" : "regressor") + "; the file was edited");
        }
        List<String> classes = task.equals("classification") ? strings(m, "classes", MANIFEST) : null;
        Map<String, Object> metadata = m.get("metadata") == null ? Map.of() : object(m, "metadata");

        Pipeline p;
        switch (kind) {
            case "table" -> {
                List<InputColumn> inputs = new ArrayList<>();
                if (!(input.get("columns") instanceof List<?> cols)) throw new IllegalArgumentException("input 'columns' must be a list");
                for (Object o : cols) {
                    if (!(o instanceof Map<?, ?> c)) throw new IllegalArgumentException("each input column must be an object");
                    Map<String, Object> cm = asMap(c);
                    String name = string(cm, "name", "input column");
                    ColumnType type = columnType(string(cm, "type", "input column '" + name + "'"), name);
                    inputs.add(new InputColumn(name, type, cm.get("categories") == null ? List.of()
                            : strings(cm, "categories", "input column '" + name + "'")));
                }
                Preprocessor prep = Preprocessor.fromConfig(object(m, "preprocessor"));
                if (!prep.isFitted()) throw new IllegalArgumentException("the saved preprocessor is not fitted");
                if (!inputs.stream().map(InputColumn::name).toList().equals(Pipeline.readColumns(prep))) {
                    throw new IllegalArgumentException("the input columns " + inputs.stream().map(InputColumn::name).toList()
                            + " are not the ones the preprocessor reads " + Pipeline.readColumns(prep) + "; the file was edited");
                }
                LabelEncoder labels = null;
                if (classes != null) labels = labels(target, classes);
                Pipeline.checkLabels(labels, estimator, "the saved pipeline");
                p = new Pipeline(Pipeline.InputKind.TABLE, target, inputs, null, Double.NaN, prep, labels, estimator, metadata);
                if (m.get("targets") != null) {
                    if (labels != null) throw new IllegalArgumentException("a classifier predicts one target, but \"targets\" names several");
                    p = p.withTargets(strings(m, "targets", MANIFEST));
                }
            }
            case "images" -> {
                if (classes == null || !(estimator instanceof Classifier)) {
                    throw new IllegalArgumentException("an image pipeline must be a classifier; the file was edited");
                }
                int[] shape = ints(input, "shape");
                if (shape.length != 3) throw new IllegalArgumentException("input 'shape' must be [channels, height, width]");
                if (!(input.get("pixel_scale") instanceof Number scale)) throw new IllegalArgumentException("input has no 'pixel_scale'");
                p = Pipeline.forImages(shape[0], shape[1], shape[2], scale.doubleValue(), classes, estimator);
                if (!target.equals(p.target())) throw new IllegalArgumentException("an image pipeline's target must be \"label\"");
            }
            default -> throw new IllegalArgumentException("input 'kind' is \"" + kind + "\"; this Fathom reads \"table\" and \"images\"");
        }
        if (!p.metadata().equals(metadata)) p = p.withMetadata(metadata);
        // The training rows' fingerprint, an entry of its own checked like every blob (size and SHA-256).
        return blobs.containsKey(TrainingRows.ENTRY) ? p.with(TrainingRows.fromBytes(blobs.get(TrainingRows.ENTRY))) : p;
    }

    private static LabelEncoder labels(String target, List<String> classes) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "LabelEncoder");
        config.put("column", target);
        config.put("classes", classes);
        return LabelEncoder.fromConfig(config);
    }

    private static ColumnType columnType(String label, String name) {
        for (ColumnType t : ColumnType.values()) if (t.label().equals(label)) return t;
        throw new IllegalArgumentException("input column '" + name + "' has type \"" + label + "\"; the types are numeric,"
                + " categorical, boolean and date");
    }

    private static void checkFormat(Map<String, Object> m, String where) {
        Object format = m.get("format");
        if (!FORMAT.equals(format)) {
            throw new ModelFileException(where + ": it is not a Fathom pipeline file: " + MANIFEST + " has format "
                    + (format instanceof String s ? "\"" + s + "\"" : String.valueOf(format)) + " where \"" + FORMAT + "\" was expected");
        }
        if (!(m.get("version") instanceof Integer v) || v < 1) {
            throw new ModelFileException(where + ": " + MANIFEST + " has an invalid format version " + m.get("version")
                    + "; versions are integers from 1");
        }
        if (v > VERSION) {
            throw new ModelFileException(where + ": it has format version " + v + ", written by a newer Fathom; this Fathom reads"
                    + " pipeline files up to version " + VERSION + "; upgrade Fathom to load it");
        }
    }

    /** The blobs the manifest lists, each present with its declared size and SHA-256; no entry unlisted. */
    private static Map<String, byte[]> verifiedBlobs(Map<String, Object> m, ZipReader zip, String where) {
        Map<String, Object> info = object(m, "blobs");
        if (!info.containsKey(WEIGHTS)) throw new ModelFileException(where + ": " + MANIFEST + " lists no " + WEIGHTS);
        for (String name : info.keySet()) {
            if (!name.equals(WEIGHTS) && !name.equals(TrainingRows.ENTRY) && !name.startsWith(FILES)) {
                throw new ModelFileException(where + ": " + MANIFEST + " lists '" + name + "', which a pipeline file does not hold"
                        + " (only " + WEIGHTS + ", " + TrainingRows.ENTRY + " and " + FILES + "...); the file was edited");
            }
        }
        Map<String, byte[]> blobs = zip.blobs(MANIFEST, info);
        for (String name : info.keySet()) {
            if (!blobs.containsKey(name)) {
                throw new ModelFileException(where + ": the archive has no " + name + ", which " + MANIFEST + " lists");
            }
        }
        return blobs;
    }

    private static Map<String, Object> object(Map<String, ?> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> o)) {
            throw new IllegalArgumentException(MANIFEST + " has no '" + key + "' object" + (m.containsKey(key) ? " (it is " + m.get(key) + ")" : ""));
        }
        return asMap(o);
    }

    private static String string(Map<String, ?> m, String key, String owner) {
        if (!(m.get(key) instanceof String s)) throw new IllegalArgumentException(owner + " has no '" + key + "' string");
        return s;
    }

    private static List<String> strings(Map<String, ?> m, String key, String owner) {
        if (!(m.get(key) instanceof List<?> list)) throw new IllegalArgumentException(owner + " has no '" + key + "' list of strings");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw new IllegalArgumentException(owner + " '" + key + "' must hold only strings");
            out.add(s);
        }
        return out;
    }

    private static int[] ints(Map<String, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> list)) throw new IllegalArgumentException("input has no '" + key + "' list");
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Integer v)) throw new IllegalArgumentException("input '" + key + "' must hold integers");
            out[i] = v;
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
