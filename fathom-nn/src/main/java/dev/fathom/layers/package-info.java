/**
 * Layers, the {@link dev.fathom.layers.Initializer initializers} and
 * {@link dev.fathom.layers.Regularizer regularizers} of their weights, and
 * {@link dev.fathom.saving.ConfigMap}, the typed reader of their saved configs.
 *
 * <pre>{@code
 * Dense d = new Dense(64, "relu").kernelInitializer(Initializer.heNormal()).kernelRegularizer(Regularizer.l2(1e-4));
 * Map<String, Object> c = d.config();   // {units=64, ..., kernelInitializer={name=he_normal}, kernelRegularizer={name=l2, l2=1.0E-4}}
 * Dense copy = Dense.fromConfig(c);
 * }</pre>
 *
 * <h2>Dependencies</h2>
 * This package uses the engine ({@code dev.fathom.tensor}, {@code dev.fathom.autograd}) and
 * {@code dev.fathom.saving} below it; {@code models} uses layers, never the reverse. A layer
 * describes itself as a plain {@code Map} ({@code Layer.config()}, with {@code Initializer.config()}
 * and {@code Regularizer.config()} nested in it), its {@code static fromConfig(Map)} reads it back
 * through {@link dev.fathom.saving.ConfigMap}, and {@code LayerConfigs} turns a layer into its saved
 * entry and back. {@code ArchitectureTest} (fathom-core) checks the direction.
 */
package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
