/**
 * The pieces of Fathom's file formats: typed reads of a saved config
 * ({@link dev.fathom.saving.ConfigMap}), the names files give types, each mapped to what recreates
 * it ({@link dev.fathom.saving.ConfigRegistry}), JSON ({@link dev.fathom.saving.Json}), safetensors weight
 * blobs ({@link dev.fathom.saving.SafeTensors}), atomic file replacement
 * ({@link dev.fathom.saving.AtomicFiles}), the checked zip of a manifest and its blobs
 * ({@link dev.fathom.saving.ZipArchive} writes it, {@link dev.fathom.saving.ZipReader} reads it back within
 * what the manifest declares) and the error a bad file raises
 * ({@link dev.fathom.saving.ModelFileException}). The model file is written and read by
 * {@code ModelFile} in {@code dev.fathom.models}, the pipeline file by {@code PipelineFile} in
 * {@code dev.fathom.pipeline}; both formats are documented in {@code docs/model-file-format.md}
 * and {@code docs/pipeline-file-format.md}.
 *
 * <pre>{@code
 * String json = Json.write(Map.of("units", 10));
 * ConfigMap c = new ConfigMap("Dense", Json.parse(json, "Dense config"));
 * int units = c.integer("units");                       // 10
 * }</pre>
 *
 * <p>Below every saved thing (layers, preprocessors, models, estimators, pipelines), above the
 * tensor engine only.
 */
package dev.fathom.saving;
