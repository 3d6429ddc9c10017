package dev.fathom.models;

import dev.fathom.backend.DeviceUnavailableException;

import dev.fathom.autograd.GradMode;
import dev.fathom.saving.ConfigMap;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.losses.Loss;
import dev.fathom.optimizers.Optimizer;
import dev.fathom.saving.AtomicFiles;
import dev.fathom.saving.ConfigRegistry;
import dev.fathom.saving.Json;
import dev.fathom.saving.ModelFileException;
import dev.fathom.saving.SafeTensors;
import dev.fathom.saving.ZipArchive;
import dev.fathom.saving.ZipReader;
import dev.fathom.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model file that {@link Model#save} writes and {@link Model#load} reads: one zip archive
 * holding everything needed to predict or to resume training exactly.
 *
 * <ul>
 *   <li>{@code fathom.json}: {@code format} ({@value #FORMAT}) and {@code version} ({@value #VERSION}),
 *       {@code model_class}, {@code architecture} ({@link Model#architecture()}), {@code compile}
 *       (optimizer name and config, loss name and config, metric names; absent if never compiled),
 *       {@code training} ({@code epochs_completed}, the model {@code seed}, the last
 *       {@code shuffle_seed}), {@code optimizer_parameters} (the weight keys the optimizer state
 *       refers to, in order), {@code attachments} (the objects given to {@link Model#attach}, by
 *       name; absent when there are none) and {@code blobs} (each blob's size and SHA-256).</li>
 *   <li>{@code weights.safetensors}: every weight, trainable or not, keyed
 *       {@code <layer name>/<weight name>} (see {@link SafeTensors}).</li>
 *   <li>{@code optimizer.safetensors}: {@link Optimizer#stateDict}, present when compiled.</li>
 * </ul>
 *
 * <p>Loading checks everything before it returns anything: the zip structure and each entry's
 * CRC, the format name and version, each blob's SHA-256, the safetensors headers, that the
 * architecture rebuilds, that the weights are exactly the ones the architecture makes (every key
 * present with its shape and type, no extras), and that the optimizer state fits. A file failing
 * any check is refused whole with a {@link ModelFileException} naming the file and the problem.
 * Writing goes through {@link AtomicFiles}, so a crash mid-save leaves the previous file intact.
 *
 * <pre>{@code
 * model.save(Path.of("model.fathom"));                    // the usual way in
 * Model back = Model.load(Path.of("model.fathom"));       // and out
 * }</pre>
 */
public final class ModelFile {
    /** The {@code format} value of every Fathom model file. */
    public static final String FORMAT = "fathom-model";
    /**
     * The newest format version this Fathom writes and reads. Version 2 added {@code attachments};
     * version 3 frozen layers ({@code "trainable": false} in a layer's entry). A file is written with
     * the lowest version that holds what it has, so older readers load whole what they can read right.
     */
    public static final int VERSION = 3;
    /** The version of a file with attachments and no frozen layer. */
    static final int VERSION_WITH_ATTACHMENTS = 2;
    /** The version of a file without attachments: nothing in it needs a reader newer than version 1. */
    static final int VERSION_WITHOUT_ATTACHMENTS = 1;

    static final String MANIFEST = "fathom.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";

    /** The model types the file's {@code architecture.class} can name. */
    private static final ConfigRegistry<Map<String, Object>, Model> REGISTRY =
            new ConfigRegistry<Map<String, Object>, Model>("model", Model.class, "fromArchitecture", Map.class,
                    "ModelFile.registry()")
                    .register("Sequential", Sequential.class, Sequential::fromArchitecture)
                    .register("Functional", Functional.class, Functional::fromArchitecture);

    private ModelFile() {}

    /**
     * The model classes a file can name: {@code Sequential} and {@code Functional}, and those users
     * register (a model of your own whose {@code architecture()} writes its {@code "class"}).
     */
    public static ConfigRegistry<Map<String, Object>, Model> registry() {
        return REGISTRY;
    }

    // ---- saving ------------------------------------------------------------------------------

    static void save(Model model, Path path) {
        String where = "cannot save the model to '" + path + "'";
        Parts parts = parts(model, where);
        try {
            AtomicFiles.write(path, parts::write);
        } catch (IOException e) {
            throw new ModelFileException(where + ": " + e, e);
        }
    }

    /** Writes the bytes {@link #save(Model, Path)} would write to a file to {@code out} (which stays open). */
    static void save(Model model, OutputStream out) {
        String where = "cannot save the model to a stream";
        Parts parts = parts(model, where);
        try {
            parts.write(out);
        } catch (IOException e) {
            throw new ModelFileException(where + ": " + e, e);
        }
    }

    /** What a model file holds: its manifest and its blobs. */
    private record Parts(byte[] json, Map<String, byte[]> stored) {
        void write(OutputStream out) throws IOException {
            ZipArchive.write(out, MANIFEST, json, stored);
        }
    }

    private static Parts parts(Model model, String where) {
        if (!model.isBuilt()) {
            throw new ModelFileException(where + ": the model is not built yet; build it (or fit it) first");
        }
        Map<String, Object> architecture;
        try {
            architecture = model.architecture();
        } catch (UnsupportedOperationException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(where + ": " + e.getMessage(), e);
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<Tensor, String> keyOf = new java.util.IdentityHashMap<>();
        for (Layer l : model.layers()) {
            for (Weight w : l.weights()) {
                String key = l.name() + "/" + w.name();
                if (weights.put(key, w.value()) != null) {
                    throw new ModelFileException(where + ": two weights are both keyed '" + key + "'; give each layer its own name");
                }
                keyOf.put(w.value(), key);
            }
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("version", versionNeeded(model));
        manifest.put("model_class", architecture.get("class"));
        manifest.put("architecture", architecture);
        byte[] optimizerBlob = null;
        if (model.optimizer() != null) {
            manifest.put("compile", compileConfig(model, where));
            List<Tensor> params = model.trainableWeights();
            Map<String, Tensor> state = model.optimizer().stateDict(params);
            try {
                SafeTensors.requireFinite(state, "the optimizer state");
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(where + ": " + e.getMessage() + "; training diverged: train again with a lower"
                        + " learning rate or Optimizer.clipNorm", e);
            }
            optimizerBlob = SafeTensors.write(state);
            manifest.put("optimizer_parameters", params.stream().map(keyOf::get).toList());
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs_completed", model.epochsCompleted());
        training.put("seed", model.seed());
        training.put("shuffle_seed", model.shuffleSeed());
        manifest.put("training", training);
        if (!model.attachmentNames().isEmpty()) {
            Map<String, Object> attached = new LinkedHashMap<>();
            for (String name : model.attachmentNames()) attached.put(name, model.attachment(name));
            manifest.put("attachments", attached);
        }
        byte[] weightBlob;
        try (var scope = GradMode.noGrad()) {
            SafeTensors.requireFinite(weights, "weights");
            weightBlob = SafeTensors.write(weights);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(where + ": " + e.getMessage() + "; a model whose weights went non-finite in training"
                    + " predicts nothing useful: train it again with a lower learning rate or Optimizer.clipNorm", e);
        }
        Map<String, Object> blobs = new LinkedHashMap<>();
        blobs.put(WEIGHTS, ZipArchive.blobInfo(weightBlob));
        if (optimizerBlob != null) blobs.put(OPTIMIZER, ZipArchive.blobInfo(optimizerBlob));
        manifest.put("blobs", blobs);
        try {
            Json.requireFinite(manifest, MANIFEST);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(where + ": " + e.getMessage(), e);
        }
        byte[] json = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> stored = new LinkedHashMap<>();
        stored.put(WEIGHTS, weightBlob);
        if (optimizerBlob != null) stored.put(OPTIMIZER, optimizerBlob);
        return new Parts(json, stored);
    }

    /**
     * The lowest version that says everything the model's file holds. A version 1 reader would ignore
     * attachments and predict on unprocessed inputs, so files with them say 2; a version 2 reader would
     * ignore frozen layers and train them on, and knows neither several outputs nor a loss per output,
     * so files with any of them say 3.
     */
    static int versionNeeded(Model model) {
        if (ModelSummary.anyFrozen(model.layers()) || model.severalOutputs() || model.compiledPerOutput()) return VERSION;
        return model.attachmentNames().isEmpty() ? VERSION_WITHOUT_ATTACHMENTS : VERSION_WITH_ATTACHMENTS;
    }

    private static Map<String, Object> compileConfig(Model model, String where) {
        Optimizer opt = model.optimizer();
        Loss loss = model.loss();
        // Recreate both now, so a model that saves also loads (a lambda schedule, say, fails here, not at load).
        try {
            Optimizer copy = Optimizer.fromConfig(opt.name(), opt.config());
            if (!Json.writeCompact(copy.config()).equals(Json.writeCompact(opt.config()))) {
                throw new IllegalArgumentException("recreating optimizer " + opt.name() + " from " + opt.config() + " gives "
                        + copy.config());
            }
            Loss.fromConfig(loss.name(), loss.config());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(where + ": the optimizer or loss cannot be saved: " + e.getMessage(), e);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", Map.of("name", opt.name(), "config", opt.config()));
        if (model.severalOutputs() || model.compiledPerOutput()) {
            // Version 3: each output's loss, weight and metrics, in output order.
            List<Object> outputs = new ArrayList<>();
            for (OutputLoss h : model.outputLosses()) {
                try {
                    Loss.fromConfig(h.loss().name(), h.loss().config());
                } catch (IllegalArgumentException e) {
                    throw new ModelFileException(where + ": the loss of output '" + h.output() + "' cannot be saved: "
                            + e.getMessage(), e);
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("name", h.output());
                o.put("loss", Map.of("name", h.loss().name(), "config", h.loss().config()));
                o.put("weight", h.weight());
                o.put("metrics", h.metrics());
                outputs.add(o);
            }
            c.put("outputs", outputs);
            return c;
        }
        c.put("loss", Map.of("name", loss.name(), "config", loss.config()));
        c.put("metrics", model.metricNames());
        return c;
    }

    // ---- loading -----------------------------------------------------------------------------

    static Model load(Path path) {
        String where = "cannot load model file '" + path + "'";
        return ModelFileException.whileLoading(where, () -> read(path, where));
    }

    /** The model saved in {@code bytes} (a model file's contents); {@code source} names them in errors. */
    static Model load(byte[] bytes, String source) {
        String where = "cannot load the model from " + source;
        return ModelFileException.whileLoading(where, () -> {
            try (ZipReader zip = ZipReader.open(bytes, where, "model file", EXPECTED)) {
                return read(zip, where);
            }
        });
    }

    /** What a model file is, for the message when a file is none. */
    private static final String EXPECTED = "a zip holding " + MANIFEST + " and " + WEIGHTS + ", as written by model.save";

    private static Model read(Path path, String where) {
        try (ZipReader zip = ZipReader.open(path, where, "model file", EXPECTED)) {
            return read(zip, where);
        }
    }

    /**
     * Reads the manifest (bounded), checks its format, then only the blobs it lists, each within
     * its declared size: a file's entries cost no more memory than its manifest declares.
     */
    private static Model read(ZipReader zip, String where) {
        if (!zip.names().contains(MANIFEST)) {
            throw new ModelFileException(where + ": it is a zip archive but holds no " + MANIFEST + " (it holds "
                    + zip.names() + "); it is not a Fathom model file");
        }
        Map<String, Object> manifest = Json.parse(new String(zip.manifest(MANIFEST), StandardCharsets.UTF_8), MANIFEST);
        checkFormat(manifest, where);
        ConfigMap m = new ConfigMap(MANIFEST, manifest);
        Object listed = manifest.get("blobs");
        if (listed != null && !(listed instanceof Map<?, ?>)) {
            throw new ModelFileException(where + ": " + MANIFEST + " 'blobs' must be an object of each blob's bytes and sha256");
        }
        if (listed != null) {
            for (Object name : ((Map<?, ?>) listed).keySet()) {
                if (!WEIGHTS.equals(name) && !OPTIMIZER.equals(name)) {
                    throw new ModelFileException(where + ": " + MANIFEST + " lists '" + name + "', which a model file does not hold"
                            + " (only " + WEIGHTS + " and " + OPTIMIZER + "); the file was edited");
                }
            }
        }
        Map<String, byte[]> blobs = zip.blobs(MANIFEST, listed == null ? Map.of() : (Map<?, ?>) listed);

        byte[] weightBlob = blob(blobs, manifest, WEIGHTS, true, where);
        byte[] optimizerBlob = blob(blobs, manifest, OPTIMIZER, m.has("compile"), where);
        Map<String, Tensor> weights = SafeTensors.read(weightBlob, WEIGHTS);
        SafeTensors.requireFinite(weights, WEIGHTS);
        Map<String, Tensor> optimizerState = optimizerBlob == null ? null : SafeTensors.read(optimizerBlob, OPTIMIZER);
        if (optimizerState != null) SafeTensors.requireFinite(optimizerState, OPTIMIZER);

        if (!(manifest.get("architecture") instanceof Map<?, ?> arch)) {
            throw new ModelFileException(where + ": " + MANIFEST + " has no architecture object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> architecture = (Map<String, Object>) arch;
        Model model;
        try {
            model = recreate(architecture, where);
        } catch (OutOfMemoryError | NegativeArraySizeException e) {
            // One array larger than the heap (or than an array holds) fails at once, before it takes any memory: a lying size.
            throw new ModelFileException(where + ": its architecture makes a weight larger than this JVM's heap of "
                    + Runtime.getRuntime().maxMemory() + " bytes can hold, though " + WEIGHTS + " holds " + weightBlob.length
                    + " bytes; the file is damaged or was edited");
        }
        assignWeights(model, weights, where);

        if (manifest.get("compile") instanceof Map<?, ?> compile) compile(model, compile, optimizerState, manifest, where);
        else if (m.has("compile")) throw new ModelFileException(where + ": " + MANIFEST + " 'compile' must be an object");

        Map<String, ?> training = manifest.get("training") instanceof Map<?, ?> t ? asMap(t) : Map.of();
        ConfigMap tr = new ConfigMap(MANIFEST + " training", training);
        int epochs = tr.integer("epochs_completed", 0, 0, Integer.MAX_VALUE);
        Long seed = tr.optionalLong("seed");
        model.restoreTrainingState(seed == null ? 0 : seed, epochs, tr.optionalLong("shuffle_seed"));
        restoreAttachments(model, manifest, where);
        return model;
    }

    private static void restoreAttachments(Model model, Map<String, Object> manifest, String where) {
        Object attachments = manifest.get("attachments");
        if (attachments == null) return;
        if (!(attachments instanceof Map<?, ?> all)) {
            throw new ModelFileException(where + ": " + MANIFEST + " 'attachments' must be an object of named objects");
        }
        for (Map.Entry<?, ?> e : all.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> config)) {
                throw new ModelFileException(where + ": " + MANIFEST + " attachment '" + e.getKey() + "' must be an object, got "
                        + quote(e.getValue()));
            }
            model.attach(String.valueOf(e.getKey()), asMap(config));
        }
    }

    private static void checkFormat(Map<String, Object> manifest, String where) {
        Object format = manifest.get("format");
        if (!FORMAT.equals(format)) {
            throw new ModelFileException(where + ": it is not a Fathom model file: " + MANIFEST + " has format " + quote(format)
                    + " where \"" + FORMAT + "\" was expected");
        }
        Object version = manifest.get("version");
        if (!(version instanceof Integer v) || v < 1) {
            throw new ModelFileException(where + ": " + MANIFEST + " has an invalid format version " + quote(version)
                    + "; versions are integers from 1");
        }
        if (v > VERSION) {
            throw new ModelFileException(where + ": it has format version " + v + ", written by a newer Fathom; this Fathom"
                    + " reads versions up to " + VERSION + "; upgrade Fathom to load it");
        }
    }

    /**
     * The blob's bytes (already checked against their declared size and SHA-256), or null when
     * absent and not required; a blob the manifest lists must be in the archive.
     */
    private static byte[] blob(Map<String, byte[]> blobs, Map<String, Object> manifest, String name, boolean required,
                               String where) {
        byte[] blob = blobs.get(name);
        boolean listed = manifest.get("blobs") instanceof Map<?, ?> b && b.containsKey(name);
        if (blob == null && (required || listed)) {
            throw new ModelFileException(where + ": the archive has no " + name + (listed ? ", which " + MANIFEST + " lists" : ""));
        }
        return blob;
    }

    private static Model recreate(Map<String, Object> architecture, String where) {
        Object cls = architecture.get("class");
        if (!(cls instanceof String className) || className.isEmpty()) {
            throw new ModelFileException(where + ": the architecture has no \"class\"");
        }
        // A registered name ("Sequential"), or a registered user's class by its full name; nothing else is looked up.
        boolean qualified = className.contains(".");
        Function<Map<String, Object>, Model> factory;
        try {
            String entry = where + ": " + MANIFEST + " architecture";
            factory = REGISTRY.factory(entry, qualified ? null : className, qualified ? className : null);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(e.getMessage(), e);
        }
        try {
            return factory.apply(architecture);
        } catch (DeviceUnavailableException e) {
            throw e;   // how the JVM was started, not this input: passed on as its one line
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(where + ": its architecture cannot be rebuilt: " + e.getMessage(), e);
        }
    }

    /** Writes the file's weights into the new model after checking that they are exactly the ones it has. */
    private static void assignWeights(Model model, Map<String, Tensor> weights, String where) {
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (Layer l : model.layers()) for (Weight w : l.weights()) expected.put(l.name() + "/" + w.name(), w.value());
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor saved = weights.get(e.getKey());
            Tensor target = e.getValue();
            if (saved == null) {
                throw new ModelFileException(where + ": " + WEIGHTS + " has no '" + e.getKey() + "' (shape "
                        + Arrays.toString(target.shape()) + ") that the architecture needs; the file is damaged or was edited");
            }
            if (!Arrays.equals(saved.shape(), target.shape()) || saved.dtype() != target.dtype()) {
                throw new ModelFileException(where + ": weight '" + e.getKey() + "' is " + SafeTensors.code(saved.dtype())
                        + Arrays.toString(saved.shape()) + " in " + WEIGHTS + " but the architecture makes it "
                        + SafeTensors.code(target.dtype()) + Arrays.toString(target.shape()) + "; the file is damaged or was edited");
            }
        }
        for (String key : weights.keySet()) {
            if (!expected.containsKey(key)) {
                throw new ModelFileException(where + ": " + WEIGHTS + " holds '" + key + "', which no layer of the"
                        + " architecture has (it has " + expected.keySet() + ")");
            }
        }
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : expected.entrySet()) e.getValue().assign(weights.get(e.getKey()));
        }
    }

    private static void compile(Model model, Map<?, ?> compile, Map<String, Tensor> optimizerState,
                                Map<String, Object> manifest, String where) {
        ConfigMap c = new ConfigMap(MANIFEST + " compile", asMap(compile));
        Map<String, ?> opt = c.get("optimizer") instanceof Map<?, ?> o ? asMap(o) : null;
        Map<String, ?> loss = c.get("loss") instanceof Map<?, ?> l ? asMap(l) : null;
        Object outputs = c.get("outputs");
        if (opt == null || (loss == null && outputs == null)) {
            throw new ModelFileException(where + ": compile needs an optimizer and a loss object (or 'outputs')");
        }
        ConfigMap o = new ConfigMap(MANIFEST + " optimizer", opt);
        Optimizer optimizer = Optimizer.fromConfig(o.string("name"), opt.get("config") instanceof Map<?, ?> oc ? asMap(oc) : Map.of());
        if (outputs != null) {
            compilePerOutput(model, optimizer, outputs, where);
        } else {
            ConfigMap l = new ConfigMap(MANIFEST + " loss", loss);
            Loss lossFn = Loss.fromConfig(l.string("name"), loss.get("config") instanceof Map<?, ?> lc ? asMap(lc) : Map.of());
            List<String> metrics = new ArrayList<>();
            if (c.get("metrics") instanceof List<?> list) for (Object name : list) metrics.add(String.valueOf(name));
            model.compile(optimizer, lossFn, metrics.toArray(new String[0]));
        }
        if (optimizerState == null) return;
        List<String> keys = new ArrayList<>();
        for (Layer layer : model.layers()) for (Weight w : layer.trainableWeights()) keys.add(layer.name() + "/" + w.name());
        Object saved = manifest.get("optimizer_parameters");
        if (!keys.equals(saved)) {
            throw new ModelFileException(where + ": the optimizer state refers to parameters " + saved + " but the model's"
                    + " trainable weights are " + keys + "; the file is damaged or was edited");
        }
        optimizer.loadStateDict(model.trainableWeights(), optimizerState);
    }

    /** Compiles a model from the {@code outputs} list of its manifest's compile: each output's loss, weight and metrics. */
    private static void compilePerOutput(Model model, Optimizer optimizer, Object outputs, String where) {
        if (!(outputs instanceof List<?> list) || list.isEmpty()) {
            throw new ModelFileException(where + ": " + MANIFEST + " compile 'outputs' must be a non-empty list, got " + quote(outputs));
        }
        Map<String, Loss> losses = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, List<String>> metrics = new LinkedHashMap<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> e)) {
                throw new ModelFileException(where + ": " + MANIFEST + " compile 'outputs' holds " + quote(entry) + ", not an object");
            }
            ConfigMap out = new ConfigMap(MANIFEST + " compile output", asMap(e));
            String name = out.string("name");
            Map<String, ?> loss = e.get("loss") instanceof Map<?, ?> l ? asMap(l) : null;
            if (loss == null) throw new ModelFileException(where + ": " + MANIFEST + " compile output '" + name + "' has no loss object");
            ConfigMap l = new ConfigMap(MANIFEST + " loss of output '" + name + "'", loss);
            losses.put(name, Loss.fromConfig(l.string("name"), loss.get("config") instanceof Map<?, ?> lc ? asMap(lc) : Map.of()));
            weights.put(name, out.number("weight", 1.0));
            List<String> ms = new ArrayList<>();
            if (e.get("metrics") instanceof List<?> names) for (Object m : names) ms.add(String.valueOf(m));
            metrics.put(name, ms);
        }
        model.compile(optimizer, losses, weights, metrics);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static String quote(Object o) {
        return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
    }
}
