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
 * This package uses {@code dev.fathom.tensor} and {@code dev.fathom.autograd} and nothing above
 * them: {@code saving} and {@code models} use layers, never the reverse. That is why everything a
 * layer needs to describe and recreate itself lives here: {@code Layer.config()} returns a plain
 * {@code Map} (with {@code Initializer.config()} and {@code Regularizer.config()} nested in it), a
 * layer's {@code static fromConfig(Map)} reads it back through {@link dev.fathom.saving.ConfigMap},
 * and turning those maps into a file (JSON, checksums, weights) is the job of the packages above.
 * {@code PackageDependenciesTest} checks the direction.
 */
package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
