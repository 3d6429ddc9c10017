package dev.fathom.testing;

import dev.fathom.saving.Json;
import dev.fathom.saving.ZipArchive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Makes a corpus of corrupted and hostile saved files from a valid one (a seed): truncations, bit
 * flips in every entry's data, zip bombs that are small on disk, entries the manifest does not
 * list, zip-slip names, duplicate entries, lying shapes and sizes, non-finite values, huge and
 * deeply nested JSON, values of the wrong type and names of types no one registered. Every file
 * is one a loader must refuse: where an edit changes what the checksums cover, the generator
 * recomputes them all (the blobs' SHA-256 in the manifest and the manifest's in the archive's
 * comment), so what is left to refuse it is the check the edit aims at.
 *
 * <p>Deterministic: the same seeds give the same files, byte for byte (a fixed {@link Random}
 * seed, fixed entry times), so a test can regenerate the committed corpus and compare.
 *
 * <pre>{@code
 * Map<String, byte[]> files = HostileFiles.of("model", Files.readAllBytes(seed), "fathom.json", "weights.safetensors");
 * }</pre>
 */
public final class HostileFiles {
    /** The inflated size of the bombs' data: zeros that deflate to about 48 KB, over half a 64 MiB heap. */
    static final int BOMB_BYTES = 48 << 20;
    /** A fixed MS-DOS date and time (1 January 2026, 00:00) for every entry, so the output does not depend on the clock. */
    private static final int DOS_TIME = (2026 - 1980) << 25 | 1 << 21 | 1 << 16;

    /** The zeros of every bomb, deflated once; and their SHA-256. */
    private static final Raw BOMB = Raw.of("bomb", new byte[BOMB_BYTES], true);
    private static final String BOMB_SHA256 = sha256(new byte[BOMB_BYTES]);
    /** The bomb manifests' data: a JSON object of {@link #BOMB_BYTES} bytes, mostly spaces, deflated once. */
    private static final Raw SPACES = Raw.of("spaces", spaces(BOMB_BYTES), true);

    private HostileFiles() {}

    /**
     * Writes the corpus of both seeds into a folder: {@code args} are the model seed, the pipeline
     * seed and the folder.
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        for (var e : corpus(Files.readAllBytes(Path.of(args[0])), Files.readAllBytes(Path.of(args[1]))).entrySet()) {
            Files.write(out.resolve(e.getKey()), e.getValue());
        }
    }

    /** The files made of a model seed and a pipeline seed, by file name ({@code model-...}, {@code pipeline-...}). */
    public static Map<String, byte[]> corpus(byte[] modelSeed, byte[] pipelineSeed) {
        Map<String, byte[]> all = new TreeMap<>();
        all.putAll(of("model", modelSeed, "fathom.json", "weights.safetensors"));
        all.putAll(of("pipeline", pipelineSeed, "pipeline.json", "weights.safetensors"));
        // Each kind's file given to the other's loader.
        all.put("model-is-a-pipeline.fathom", pipelineSeed);
        all.put("pipeline-is-a-model.fathom", modelSeed);
        return all;
    }

    /** One entry as it goes into a zip: its stored bytes (deflated or not) and what the directory says of it. */
    private record Raw(String name, byte[] stored, boolean deflated, long size, long crc, int localOffset) {
        static Raw of(String name, byte[] data, boolean deflate) {
            return new Raw(name, deflate ? deflate(data) : data, deflate, data.length, HostileFiles.crc(data), -1);
        }

        Raw named(String other) {
            return new Raw(other, stored, deflated, size, crc, localOffset);
        }

        Raw declaring(long otherSize) {
            return new Raw(name, stored, deflated, otherSize, crc, localOffset);
        }
    }

    /** A seed taken apart: its entries in order, its manifest parsed, and the names that matter. */
    private record Seed(String kind, byte[] file, Map<String, byte[]> entries, String manifest, String weights) {
        Map<String, Object> json() {
            return Json.parse(new String(entries.get(manifest), StandardCharsets.UTF_8), manifest);
        }
    }

    /** The hostile files made of one seed, by file name {@code <kind>-<what>.fathom}. */
    public static Map<String, byte[]> of(String kind, byte[] seedFile, String manifest, String weights) {
        Seed seed = new Seed(kind, seedFile, entries(seedFile), manifest, weights);
        Random random = new Random(26);
        Map<String, byte[]> out = new LinkedHashMap<>();
        String p = kind + "-";

        // Not a file of this kind at all.
        out.put(p + "empty", new byte[0]);
        out.put(p + "not-a-zip-text", "this is not a model\n".getBytes(StandardCharsets.UTF_8));
        byte[] png = new byte[64];
        random.nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
        out.put(p + "not-a-zip-png", png);
        out.put(p + "zip-with-no-entries", zip(List.of(), null));
        out.put(p + "zip-without-manifest", zip(List.of(Raw.of(weights, seed.entries().get(weights), false)), null));
        out.put(p + "local-header-only", java.util.Arrays.copyOf(seedFile, 30));

        // Cut short anywhere: the end of central directory is gone.
        for (int i = 1; i <= 20; i++) {
            int length = (int) ((long) seedFile.length * i / 21);
            out.put(p + "truncated-" + String.format("%05d", length), java.util.Arrays.copyOf(seedFile, length));
        }
        out.put(p + "truncated-last-byte", java.util.Arrays.copyOf(seedFile, seedFile.length - 1));

        // One bit flipped inside an entry's data (each covered by its CRC).
        List<int[]> ranges = dataRanges(seedFile);
        long span = ranges.stream().mapToLong(r -> r[1]).sum();
        for (int i = 0; i < 36; i++) {
            long pick = (long) (random.nextDouble() * span);
            int at = -1;
            for (int[] r : ranges) {
                if (pick < r[1]) {
                    at = r[0] + (int) pick;
                    break;
                }
                pick -= r[1];
            }
            int bit = random.nextInt(8);
            byte[] flipped = seedFile.clone();
            flipped[at] ^= (byte) (1 << bit);
            out.put(p + "flip-" + String.format("%05d", at) + "-bit" + bit, flipped);
        }

        bombs(seed, out, p);
        names(seed, out, p);
        edits(seed, out, p);
        Map<String, byte[]> named = new LinkedHashMap<>();
        for (var e : out.entrySet()) named.put(e.getKey() + ".fathom", e.getValue());
        return named;
    }

    /** Zip bombs: entries of {@link #BOMB_BYTES} of zeros, a few KB on disk each, with honest and lying directories. */
    private static void bombs(Seed seed, Map<String, byte[]> out, String p) {
        Raw bomb = BOMB;
        String sha = BOMB_SHA256;
        List<Raw> base = seedEntries(seed);
        long declared = seed.entries().get(seed.weights()).length;

        out.put(p + "bomb-weights-directory-lies", zip(replace(base, seed.weights(), bomb.named(seed.weights()).declaring(declared)),
                comment(seed.manifest(), seed.entries().get(seed.manifest()))));
        out.put(p + "bomb-weights-directory-honest", zip(replace(base, seed.weights(), bomb.named(seed.weights())),
                comment(seed.manifest(), seed.entries().get(seed.manifest()))));
        // The manifest declares the bomb's true size and SHA-256: only the size cap stands in the way.
        out.put(p + "bomb-weights-declared", sealedWith(seed, m -> blobs(m).put(seed.weights(),
                ordered("bytes", BOMB_BYTES, "sha256", sha)), Map.of(seed.weights(), bomb.named(seed.weights()))));
        out.put(p + "bomb-manifest", zip(replace(base, seed.manifest(), SPACES.named(seed.manifest())), null));
        out.put(p + "bomb-manifest-directory-lies", zip(replace(base, seed.manifest(),
                SPACES.named(seed.manifest()).declaring(seed.entries().get(seed.manifest()).length)), null));
        List<Raw> unlisted = new ArrayList<>(base);
        unlisted.add(bomb.named("padding.bin"));
        out.put(p + "bomb-unlisted-entry", zip(unlisted, comment(seed.manifest(), seed.entries().get(seed.manifest()))));
        // Many directory entries sharing one local entry (a non-recursive zip bomb): the bomb is stored once.
        List<Raw> overlapping = new ArrayList<>(base);
        overlapping.add(bomb.named("kernel"));
        for (int i = 0; i < 100; i++) overlapping.add(new Raw("overlap-" + i, null, true, BOMB_BYTES, bomb.crc(), base.size()));
        out.put(p + "bomb-overlapping-entries", zip(overlapping, comment(seed.manifest(), seed.entries().get(seed.manifest()))));
    }

    /** Entry names: unlisted, zip-slip, duplicated, listed but absent, listed but foreign. */
    private static void names(Seed seed, Map<String, byte[]> out, String p) {
        List<Raw> base = seedEntries(seed);
        byte[] manifest = seed.entries().get(seed.manifest());
        List<Raw> unlisted = new ArrayList<>(base);
        unlisted.add(Raw.of("notes.txt", "hello".getBytes(StandardCharsets.UTF_8), true));
        out.put(p + "unlisted-entry", zip(unlisted, comment(seed.manifest(), manifest)));

        String[] slips = {"../../evil.sh", "/etc/cron.d/evil", "..\\..\\evil.bat", "C:/evil.bat", "files/../../evil", "a/./b",
            "evil\u0000.txt", "files//evil", "files/"};
        for (int i = 0; i < slips.length; i++) {
            String name = slips[i];
            byte[] payload = "#!/bin/sh\necho pwned\n".getBytes(StandardCharsets.UTF_8);
            out.put(p + "zip-slip-" + i, sealedWith(seed, m -> blobs(m).put(name, ZipArchive.blobInfo(payload)),
                    Map.of(name, Raw.of(name, payload, false))));
        }

        List<Raw> twice = new ArrayList<>(base);
        twice.add(Raw.of(seed.weights(), seed.entries().get(seed.weights()), false));
        out.put(p + "duplicate-weights", zip(twice, comment(seed.manifest(), manifest)));
        List<Raw> twoManifests = new ArrayList<>(base);
        twoManifests.add(Raw.of(seed.manifest(), "{}".getBytes(StandardCharsets.UTF_8), true));
        out.put(p + "duplicate-manifest", zip(twoManifests, comment(seed.manifest(), manifest)));

        byte[] extra = new byte[16];
        out.put(p + "listed-extra-blob", sealedWith(seed, m -> blobs(m).put("extra.bin", ZipArchive.blobInfo(extra)),
                Map.of("extra.bin", Raw.of("extra.bin", extra, false))));
        out.put(p + "listed-missing-blob", sealedWith(seed, m -> blobs(m).put("missing.bin", ZipArchive.blobInfo(extra)), Map.of()));
        out.put(p + "weights-missing", zip(base.stream().filter(r -> !r.name().equals(seed.weights())).toList(),
                comment(seed.manifest(), manifest)));
        out.put(p + "comment-digest-wrong", zip(base, "sha256 " + seed.manifest() + " " + "0".repeat(64)));
        out.put(p + "comment-not-a-digest", zip(base, "created by a stranger"));
        out.put(p + "manifest-edited-under-its-digest", zip(replace(base, seed.manifest(),
                Raw.of(seed.manifest(), edited(manifest), true)), comment(seed.manifest(), manifest)));
    }

    /** Edits of the manifest and of the weights' safetensors header, every checksum recomputed. */
    private static void edits(Seed seed, Map<String, byte[]> out, String p) {
        // Raw text: not JSON, not an object, too deep, an overflowing number, NaN.
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("manifest-not-json", "{\"format\": ");
        texts.put("manifest-an-array", "[1, 2, 3]");
        texts.put("manifest-a-string", "\"fathom\"");
        texts.put("manifest-nan-token", new String(seed.entries().get(seed.manifest()), StandardCharsets.UTF_8)
                .replaceFirst("\"version\" : 1", "\"version\" : NaN"));
        texts.put("manifest-number-1e999", new String(seed.entries().get(seed.manifest()), StandardCharsets.UTF_8)
                .replaceFirst("(\"[a-zA-Z_]+\" : )-?[0-9]+\\.[0-9]+(E-?[0-9]+)?", "$11e999"));
        texts.put("manifest-deep-arrays", "{\"format\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        texts.put("manifest-deep-objects", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
        texts.put("manifest-deep-101", "{\"format\": " + "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH) + "}");
        texts.put("manifest-huge-number", "{\"format\": " + "9".repeat(5000) + "}");
        texts.put("manifest-invalid-utf8", "{\"format\": \"\u00ff\"}");
        String original = new String(seed.entries().get(seed.manifest()), StandardCharsets.UTF_8);
        for (var t : texts.entrySet()) {
            if (t.getValue().equals(original)) throw new IllegalStateException(t.getKey() + ": the seed's manifest has nothing to edit");
            byte[] text = t.getValue().getBytes(StandardCharsets.UTF_8);
            if (t.getKey().equals("manifest-invalid-utf8")) text = new byte[] {'{', '"', 'f', '"', ':', '"', (byte) 0xC3, '"', '}'};
            out.put(p + t.getKey(), zip(replace(seedEntries(seed), seed.manifest(), Raw.of(seed.manifest(), text, true)),
                    comment(seed.manifest(), text)));
        }

        // Top-level fields of the wrong type or value.
        out.put(p + "format-other", sealed(seed, m -> m.put("format", "fathom-other")));
        out.put(p + "format-a-number", sealed(seed, m -> m.put("format", 1)));
        out.put(p + "version-newer", sealed(seed, m -> m.put("version", 99)));
        out.put(p + "version-a-string", sealed(seed, m -> m.put("version", "1")));
        out.put(p + "version-zero", sealed(seed, m -> m.put("version", 0)));
        out.put(p + "version-fraction", sealed(seed, m -> m.put("version", 1.5)));
        out.put(p + "blobs-a-list", sealed(seed, m -> m.put("blobs", List.of())));
        out.put(p + "blob-bytes-a-string", sealed(seed, m -> info(m, seed.weights()).put("bytes", "many")));
        out.put(p + "blob-bytes-negative", sealed(seed, m -> info(m, seed.weights()).put("bytes", -1)));
        out.put(p + "blob-bytes-huge", sealed(seed, m -> info(m, seed.weights()).put("bytes", 1L << 40)));
        out.put(p + "blob-bytes-smaller", sealed(seed, m -> info(m, seed.weights()).put("bytes", 8)));
        out.put(p + "blob-sha256-missing", sealed(seed, m -> info(m, seed.weights()).remove("sha256")));
        out.put(p + "blob-sha256-wrong", sealed(seed, m -> info(m, seed.weights()).put("sha256", "0".repeat(64))));
        out.put(p + "manifest-huge-string", sealed(seed, m -> m.put("format", "x".repeat(17 << 20))));

        if (seed.kind().equals("model")) modelEdits(seed, out, p);
        else pipelineEdits(seed, out, p);

        // The weights' safetensors header: shapes, offsets and types that lie, and non-finite values.
        safetensorsEdits(seed, out, p);
    }

    private static void modelEdits(Seed seed, Map<String, byte[]> out, String p) {
        out.put(p + "architecture-missing", sealed(seed, m -> m.remove("architecture")));
        out.put(p + "architecture-a-string", sealed(seed, m -> m.put("architecture", "Sequential")));
        out.put(p + "model-class-unknown", sealed(seed, m -> arch(m).put("class", "Evil")));
        out.put(p + "model-class-jdk", sealed(seed, m -> arch(m).put("class", "java.lang.Runtime")));
        out.put(p + "model-class-a-number", sealed(seed, m -> arch(m).put("class", 7)));
        out.put(p + "layers-a-map", sealed(seed, m -> arch(m).put("layers", Map.of())));
        out.put(p + "layer-type-unknown", sealed(seed, m -> layer(m, 0).put("type", "Evil")));
        out.put(p + "layer-class-jdk", sealed(seed, m -> layer(m, 0).put("class", "javax.script.ScriptEngineManager")));
        out.put(p + "layer-type-of-another-layer", sealed(seed, m -> layer(m, 0).put("type", "Conv2D")));
        out.put(p + "layer-units-a-string", sealed(seed, m -> config(layer(m, 0)).put("units", "ten")));
        out.put(p + "layer-units-negative", sealed(seed, m -> config(layer(m, 0)).put("units", -3)));
        out.put(p + "layer-units-zero", sealed(seed, m -> config(layer(m, 0)).put("units", 0)));
        out.put(p + "layer-units-fraction", sealed(seed, m -> config(layer(m, 0)).put("units", 2.5)));
        out.put(p + "layer-units-absurd", sealed(seed, m -> config(layer(m, 0)).put("units", 2_000_000_000)));
        out.put(p + "layer-units-large", sealed(seed, m -> config(layer(m, 0)).put("units", 100_000)));
        out.put(p + "layer-units-a-list", sealed(seed, m -> config(layer(m, 0)).put("units", List.of(1, 2))));
        out.put(p + "layer-activation-unknown", sealed(seed, m -> config(layer(m, 0)).put("activation", "evil")));
        out.put(p + "layer-unexpected-key", sealed(seed, m -> config(layer(m, 0)).put("evil", true)));
        out.put(p + "layer-name-a-number", sealed(seed, m -> layer(m, 0).put("name", 5)));
        out.put(p + "input-shape-negative", sealed(seed, m -> arch(m).put("input_shape", List.of(-4))));
        out.put(p + "input-shape-absurd", sealed(seed, m -> arch(m).put("input_shape", List.of(2_000_000_000, 2_000_000_000))));
        out.put(p + "optimizer-unknown", sealed(seed, m -> optimizer(m).put("name", "Evil")));
        out.put(p + "optimizer-class-name", sealed(seed, m -> optimizer(m).put("name", "java.lang.Runtime")));
        out.put(p + "learning-rate-fast", sealed(seed, m -> config(optimizer(m)).put("learningRate", "fast")));
        out.put(p + "learning-rate-negative", sealed(seed, m -> config(optimizer(m)).put("learningRate", -0.1)));
        out.put(p + "beta1-one", sealed(seed, m -> config(optimizer(m)).put("beta1", 1.0)));
        out.put(p + "schedule-unknown", sealed(seed, m -> config(optimizer(m)).put("schedule", Map.of("name", "Evil"))));
        out.put(p + "schedule-a-string", sealed(seed, m -> config(optimizer(m)).put("schedule", "cosine")));
        out.put(p + "loss-unknown", sealed(seed, m -> loss(m).put("name", "Evil")));
        out.put(p + "loss-from-logits-a-string", sealed(seed, m -> config(loss(m)).put("fromLogits", "yes")));
        out.put(p + "epochs-negative", sealed(seed, m -> training(m).put("epochs_completed", -1)));
        out.put(p + "seed-a-string", sealed(seed, m -> training(m).put("seed", "x")));
        out.put(p + "optimizer-parameters-renamed", sealed(seed, m -> m.put("optimizer_parameters", List.of("a/b"))));
        out.put(p + "attachments-a-list", sealed(seed, m -> m.put("attachments", List.of(1))));
    }

    private static void pipelineEdits(Seed seed, Map<String, byte[]> out, String p) {
        out.put(p + "task-unknown", sealed(seed, m -> m.put("task", "clustering")));
        out.put(p + "task-a-number", sealed(seed, m -> m.put("task", 5)));
        out.put(p + "task-regression", sealed(seed, m -> m.put("task", "regression")));
        out.put(p + "classes-a-string", sealed(seed, m -> m.put("classes", "setosa")));
        out.put(p + "classes-numbers", sealed(seed, m -> m.put("classes", List.of(1, 2, 3))));
        out.put(p + "classes-too-few", sealed(seed, m -> m.put("classes", List.of("a"))));
        out.put(p + "input-kind-unknown", sealed(seed, m -> obj(m, "input").put("kind", "audio")));
        out.put(p + "input-columns-a-map", sealed(seed, m -> obj(m, "input").put("columns", Map.of())));
        out.put(p + "input-column-type-unknown", sealed(seed, m -> column(m, 0).put("type", "complex")));
        out.put(p + "input-column-renamed", sealed(seed, m -> column(m, 0).put("name", "evil")));
        out.put(p + "estimator-class-unknown", sealed(seed, m -> obj(m, "estimator").put("class", "com.evil.Estimator")));
        out.put(p + "estimator-class-jdk", sealed(seed, m -> obj(m, "estimator").put("class", "java.lang.ProcessBuilder")));
        out.put(p + "estimator-config-a-number", sealed(seed, m -> obj(m, "estimator").put("config", 3)));
        out.put(p + "estimator-config-emptied", sealed(seed, m -> obj(m, "estimator").put("config", Map.of())));
        out.put(p + "estimator-tensors-renamed", sealed(seed, m -> obj(m, "estimator").put("tensors", List.of("evil"))));
        out.put(p + "preprocessor-a-list", sealed(seed, m -> m.put("preprocessor", List.of())));
        out.put(p + "preprocessor-missing", sealed(seed, m -> m.remove("preprocessor")));
        out.put(p + "preprocessor-unknown", sealed(seed, m -> obj(m, "preprocessor").put("type", "java.lang.Runtime")));
        out.put(p + "preprocessor-step-unknown", sealed(seed, m -> firstMapWith(obj(m, "preprocessor").get("groups"), "type")
                .put("type", "java.lang.Runtime")));
        out.put(p + "preprocessor-statistic-a-string", sealed(seed, m -> firstMapWith(m.get("preprocessor"), "mean").put("mean", "big")));
        out.put(p + "preprocessor-statistic-a-list", sealed(seed, m -> firstMapWith(m.get("preprocessor"), "scale")
                .put("scale", List.of(1.0, 2.0))));
        out.put(p + "preprocessor-statistic-missing", sealed(seed, m -> firstMapWith(m.get("preprocessor"), "mean").remove("mean")));
        out.put(p + "preprocessor-fill-value-a-list", sealed(seed, m -> firstMapWith(m.get("preprocessor"), "fillValue")
                .put("fillValue", List.of())));
        out.put(p + "metadata-a-list", sealed(seed, m -> m.put("metadata", List.of())));
        out.put(p + "target-missing", sealed(seed, m -> m.remove("target")));
    }

    private static void safetensorsEdits(Seed seed, Map<String, byte[]> out, String p) {
        byte[] blob = seed.entries().get(seed.weights());
        Map<String, Object> header = header(blob);
        String first = header.keySet().stream().filter(k -> !k.equals("__metadata__")).findFirst().orElseThrow();
        // A matrix that is not square, so that its shape reversed is another shape.
        String matrix = header.keySet().stream().filter(k -> shape(header, k) != null && shape(header, k).size() == 2
                && !shape(header, k).get(0).equals(shape(header, k).get(1))).findFirst().orElseThrow();
        out.put(p + "shape-transposed", sealedBlob(seed, withHeader(blob, h -> reverse(shape(h, matrix)))));
        out.put(p + "shape-larger-than-bytes", sealedBlob(seed, withHeader(blob, h -> shape(h, first).set(0, 1_000_000))));
        out.put(p + "shape-wraps-around", sealedBlob(seed, withHeader(blob, h -> entry(h, first).put("shape",
                List.of(1 << 30, 1 << 30, 16)))));
        out.put(p + "shape-negative", sealedBlob(seed, withHeader(blob, h -> shape(h, first).set(0, -2))));
        out.put(p + "shape-a-string", sealedBlob(seed, withHeader(blob, h -> entry(h, first).put("shape", "3x2"))));
        out.put(p + "dtype-unknown", sealedBlob(seed, withHeader(blob, h -> entry(h, first).put("dtype", "BF16"))));
        out.put(p + "dtype-other", sealedBlob(seed, withHeader(blob, h -> entry(h, first)
                .put("dtype", "F64".equals(entry(h, first).get("dtype")) ? "F32" : "F64"))));
        out.put(p + "offsets-overlap", sealedBlob(seed, withHeader(blob, h -> offsets(h, first).set(0, 4L))));
        out.put(p + "offsets-past-end", sealedBlob(seed, withHeader(blob, h -> offsets(h, first).set(1, 1L << 40))));
        out.put(p + "tensor-unexpected", sealedBlob(seed, withHeader(blob, h -> h.put("evil", ordered("dtype", "F32",
                "shape", List.of(0), "data_offsets", List.of(0, 0))))));
        out.put(p + "tensor-renamed", sealedBlob(seed, withHeader(blob, h -> h.put("renamed", h.remove(first)))));
        out.put(p + "header-length-huge", sealedBlob(seed, headerLength(blob, 1L << 40)));
        out.put(p + "header-length-negative", sealedBlob(seed, headerLength(blob, -8)));
        out.put(p + "header-deep", sealedBlob(seed, rawHeader(blob, "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}")));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            String name = Float.isNaN(bad) ? "nan" : bad > 0 ? "inf" : "minus-inf";
            out.put(p + "weight-" + name, sealedBlob(seed, withValue(blob, first, bad)));
        }
    }

    // ---- building files ------------------------------------------------------------------------

    /** The seed's entries again, the manifest deflated and the rest stored, as Fathom writes them. */
    private static List<Raw> seedEntries(Seed seed) {
        List<Raw> out = new ArrayList<>();
        for (var e : seed.entries().entrySet()) out.add(Raw.of(e.getKey(), e.getValue(), e.getKey().equals(seed.manifest())));
        return out;
    }

    private static List<Raw> replace(List<Raw> entries, String name, Raw with) {
        List<Raw> out = new ArrayList<>();
        for (Raw r : entries) out.add(r.name().equals(name) ? with : r);
        return out;
    }

    /** The seed with its manifest edited and every checksum recomputed. */
    private static byte[] sealed(Seed seed, Consumer<Map<String, Object>> edit) {
        return sealedWith(seed, edit, Map.of());
    }

    /**
     * The seed with its manifest edited, {@code added} entries replacing or joining its own, and
     * every checksum recomputed: each listed blob's size and SHA-256 from the entries (unless the
     * edit set them itself), the manifest's SHA-256 in the comment.
     */
    private static byte[] sealedWith(Seed seed, Consumer<Map<String, Object>> edit, Map<String, Raw> added) {
        Map<String, Object> m = seed.json();
        List<Raw> entries = new ArrayList<>();
        for (Raw r : seedEntries(seed)) if (!r.name().equals(seed.manifest())) entries.add(added.getOrDefault(r.name(), r));
        for (var a : added.entrySet()) if (!seed.entries().containsKey(a.getKey())) entries.add(a.getValue());
        edit.accept(m);
        byte[] manifest = Json.write(m).getBytes(StandardCharsets.UTF_8);
        entries.addFirst(Raw.of(seed.manifest(), manifest, true));
        return zip(entries, comment(seed.manifest(), manifest));
    }

    /** The seed with its weights blob replaced and every checksum recomputed. */
    private static byte[] sealedBlob(Seed seed, byte[] weights) {
        return sealedWith(seed, m -> blobs(m).put(seed.weights(), ZipArchive.blobInfo(weights)),
                Map.of(seed.weights(), Raw.of(seed.weights(), weights, false)));
    }

    private static String comment(String manifestName, byte[] manifest) {
        return "sha256 " + manifestName + " " + sha256(manifest);
    }

    /** The manifest with one letter changed: a valid JSON object that differs from what its digest covers. */
    private static byte[] edited(byte[] manifest) {
        String text = new String(manifest, StandardCharsets.UTF_8);
        return text.replaceFirst("fathom-", "fathoM-").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A zip of {@code entries} written byte by byte: local headers with sizes (no data descriptors),
     * the central directory as each entry says (sizes that may lie; an entry with no bytes of its
     * own shares the local entry at {@code localOffset}), and {@code comment}.
     */
    private static byte[] zip(List<Raw> entries, String comment) {
        byte[] text = comment == null ? new byte[0] : comment.getBytes(StandardCharsets.UTF_8);
        int length = 22 + text.length;
        for (Raw r : entries) {
            int name = r.name().getBytes(StandardCharsets.UTF_8).length;
            length += 46 + name + (r.stored() == null ? 0 : 30 + name + r.stored().length);
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        int[] offsets = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Raw r = entries.get(i);
            if (r.stored() == null) {
                offsets[i] = offsets[r.localOffset()];
                continue;
            }
            offsets[i] = b.position();
            byte[] name = r.name().getBytes(StandardCharsets.UTF_8);
            b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) (r.deflated() ? 8 : 0))
                    .putInt(DOS_TIME).putInt((int) r.crc()).putInt(r.stored().length).putInt((int) r.size())
                    .putShort((short) name.length).putShort((short) 0).put(name).put(r.stored());
        }
        int directory = b.position();
        for (int i = 0; i < entries.size(); i++) {
            Raw r = entries.get(i);
            Raw data = r.stored() != null ? r : entries.get(r.localOffset());
            byte[] name = r.name().getBytes(StandardCharsets.UTF_8);
            b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x0800)
                    .putShort((short) (data.deflated() ? 8 : 0)).putInt(DOS_TIME).putInt((int) r.crc())
                    .putInt(data.stored().length).putInt((int) r.size()).putShort((short) name.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offsets[i]).put(name);
        }
        int end = b.position();
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(end - directory).putInt(directory).putShort((short) text.length).put(text);
        return b.array();
    }

    /** The entries of a seed file, inflated, in order. */
    private static Map<String, byte[]> entries(byte[] file) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(file))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Where each entry's data lies in the seed file: {offset, length} from the central directory and local headers. */
    private static List<int[]> dataRanges(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int end = file.length - 22;
        while (b.getInt(end) != 0x06054b50) end--;
        int count = b.getShort(end + 10) & 0xFFFF;
        int at = b.getInt(end + 16);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int compressed = b.getInt(at + 20);
            int local = b.getInt(at + 42);
            int start = local + 30 + (b.getShort(local + 26) & 0xFFFF) + (b.getShort(local + 28) & 0xFFFF);
            out.add(new int[] {start, compressed});
            at += 46 + (b.getShort(at + 28) & 0xFFFF) + (b.getShort(at + 30) & 0xFFFF) + (b.getShort(at + 32) & 0xFFFF);
        }
        return out;
    }

    // ---- safetensors ---------------------------------------------------------------------------

    private static Map<String, Object> header(byte[] blob) {
        long n = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return Json.parse(new String(blob, 8, (int) n, StandardCharsets.UTF_8), "safetensors header");
    }

    private static byte[] data(byte[] blob) {
        long n = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Arrays.copyOfRange(blob, 8 + (int) n, blob.length);
    }

    private static byte[] rawHeader(byte[] blob, String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] data = data(blob);
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) b.put((byte) ' ');
        return b.put(data).array();
    }

    private static byte[] withHeader(byte[] blob, Consumer<Map<String, Object>> edit) {
        Map<String, Object> h = header(blob);
        edit.accept(h);
        return rawHeader(blob, Json.writeCompact(h));
    }

    private static byte[] headerLength(byte[] blob, long length) {
        byte[] out = blob.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        return out;
    }

    /** The blob with the first element of tensor {@code name} (a float32 or float64 tensor) set to {@code value}. */
    private static byte[] withValue(byte[] blob, String name, float value) {
        Map<String, Object> h = header(blob);
        long n = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int begin = 8 + (int) n + ((Number) ((List<?>) entry(h, name).get("data_offsets")).get(0)).intValue();
        byte[] out = blob.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        if ("F64".equals(entry(h, name).get("dtype"))) b.putDouble(begin, value);
        else b.putFloat(begin, value);
        return out;
    }

    /** A map of the keys and values given, in that order (Map.of's order changes from run to run, and so would the bytes). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    // ---- JSON paths ----------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    private static Map<String, Object> blobs(Map<String, Object> m) {
        return obj(m, "blobs");
    }

    private static Map<String, Object> info(Map<String, Object> m, String blob) {
        return obj(blobs(m), blob);
    }

    private static Map<String, Object> arch(Map<String, Object> m) {
        return obj(m, "architecture");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layer(Map<String, Object> m, int i) {
        return (Map<String, Object>) ((List<Object>) arch(m).get("layers")).get(i);
    }

    private static Map<String, Object> config(Map<String, Object> m) {
        return obj(m, "config");
    }

    private static Map<String, Object> optimizer(Map<String, Object> m) {
        return obj(obj(m, "compile"), "optimizer");
    }

    private static Map<String, Object> loss(Map<String, Object> m) {
        return obj(obj(m, "compile"), "loss");
    }

    private static Map<String, Object> training(Map<String, Object> m) {
        return obj(m, "training");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> column(Map<String, Object> m, int i) {
        return (Map<String, Object>) ((List<Object>) obj(m, "input").get("columns")).get(i);
    }

    private static Map<String, Object> entry(Map<String, Object> header, String name) {
        return obj(header, name);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> shape(Map<String, Object> header, String name) {
        return (List<Object>) entry(header, name).get("shape");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> offsets(Map<String, Object> header, String name) {
        return (List<Object>) entry(header, name).get("data_offsets");
    }

    private static void reverse(List<Object> list) {
        java.util.Collections.reverse(list);
    }

    /** The first object in the tree (depth first) that has {@code key}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstMapWith(Object tree, String key) {
        if (tree instanceof Map<?, ?> m) {
            if (m.containsKey(key)) return (Map<String, Object>) m;
            for (Object v : m.values()) {
                Map<String, Object> found = firstMapWith(v, key);
                if (found != null) return found;
            }
        } else if (tree instanceof List<?> l) {
            for (Object v : l) {
                Map<String, Object> found = firstMapWith(v, key);
                if (found != null) return found;
            }
        }
        return null;
    }

    // ---- bytes ---------------------------------------------------------------------------------

    private static byte[] spaces(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) ' ');
        b[0] = '{';
        b[n - 1] = '}';
        return b;
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
