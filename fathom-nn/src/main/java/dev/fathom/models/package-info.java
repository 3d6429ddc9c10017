/**
 * Models and their training: {@link dev.fathom.models.Sequential} and
 * {@link dev.fathom.models.Functional} networks, {@link dev.fathom.models.Model#fit fit} with its
 * {@link dev.fathom.models.Fit options}, {@link dev.fathom.models.Callback callbacks} and
 * {@link dev.fathom.models.History}, and the one-file model format
 * ({@link dev.fathom.models.ModelFile}, behind {@code Model.save} and {@code Model.load}).
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Flatten(), new Dense(128, "relu"), new Dense(10));
 * model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
 * model.fit(x, y, Fit.epochs(5).callbacks(new ModelCheckpoint(Path.of("last.fathom"))));
 * Model again = Model.load(Path.of("last.fathom"));
 * }</pre>
 *
 * <h2>Dependencies</h2>
 * The top of fathom-nn: models use {@code tensor}, {@code autograd}, {@code layers},
 * {@code losses}, {@code optimizers}, {@code metrics}, {@code data.batch} and {@code saving}, and
 * none of those uses models. The model file lives here, not in {@code saving}, because writing and
 * reading it needs {@code Model}, {@code Sequential} and {@code Functional}; {@code saving} supplies
 * the format pieces it is made of (JSON, safetensors, atomic writes) without knowing about models.
 * {@code ArchitectureTest} (fathom-core) checks that dependencies run one way.
 */
package dev.fathom.models;
