/**
 * Preprocessing fitted on training data and applied unchanged to every later table, as
 * scikit-learn's {@code sklearn.preprocessing}, {@code impute} and {@code compose}: scalers
 * ({@link dev.fathom.data.preprocessing.StandardScaler}, {@link dev.fathom.data.preprocessing.MinMaxScaler},
 * {@link dev.fathom.data.preprocessing.PixelScaler}), {@link dev.fathom.data.preprocessing.SimpleImputer},
 * encoders ({@link dev.fathom.data.preprocessing.OneHotEncoder}, {@link dev.fathom.data.preprocessing.OrdinalEncoder})
 * and, for targets, {@link dev.fathom.data.preprocessing.LabelEncoder}; a
 * {@link dev.fathom.data.preprocessing.Preprocessor} runs groups of columns through their own steps.
 * Every fitted piece describes itself as a JSON-able config and is recreated from it, so it can be
 * saved with a model through {@code Model.attach}.
 *
 * <pre>{@code
 * Preprocessor prep = Preprocessor.builder()
 *         .numeric(List.of("age", "fare"), new SimpleImputer(SimpleImputer.Strategy.MEDIAN), new StandardScaler())
 *         .categorical(List.of("sex"), new OneHotEncoder())
 *         .build();
 * Tensor x = prep.fit(train).transformToTensor(train);
 * model.attach("preprocessing", prep.config());
 * }</pre>
 *
 * <h2>Dependencies</h2>
 * It uses {@code data} (tables), {@code tensor} (feature tensors) and {@code layers}' {@code ConfigMap}
 * (typed reads of configs); {@code models} knows nothing of it: a model carries its config as a
 * named attachment.
 */
package dev.fathom.data.preprocessing;
