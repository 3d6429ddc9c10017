/**
 * The pieces of the model file format: JSON ({@link dev.fathom.saving.Json}), safetensors weight
 * blobs ({@link dev.fathom.saving.SafeTensors}), atomic file replacement
 * ({@link dev.fathom.saving.AtomicFiles}), the checked zip of a manifest and its blobs
 * ({@link dev.fathom.saving.ZipArchive}), a layer's saved entry
 * ({@link dev.fathom.saving.LayerConfigs}) and the error a bad file raises
 * ({@link dev.fathom.saving.ModelFileException}). The file itself is written and read by
 * {@code ModelFile} in {@code models}, behind {@code Model.save} and {@code Model.load}, and the
 * pipeline file by {@code PipelineFile} in {@code pipeline}; both formats are documented in
 * {@code docs/model-file-format.md} and {@code docs/pipeline-file-format.md}.
 *
 * <pre>{@code
 * Map<String, Object> entry = LayerConfigs.toConfig(new Dense(10).name("out"));   // {type=Dense, name=out, config={...}}
 * String json = Json.write(entry);
 * Layer back = LayerConfigs.fromConfig(Json.parse(json, "entry"));
 * }</pre>
 *
 * <h2>Dependencies</h2>
 * A utility package below {@code models}: it uses {@code tensor}, {@code autograd} and
 * {@code layers} (a layer entry is built from {@code Layer.config()}), and never {@code models},
 * which uses it. Layers know nothing of this package: they describe themselves as plain maps, and
 * this package writes those maps down. The direction is
 * tensor → autograd → layers → saving → models (losses and optimizers sit beside saving, also
 * under models); {@code PackageDependenciesTest} checks it.
 */
package dev.fathom.saving;
