/**
 * Tree models, pure Java: CART decision trees ({@link dev.fathom.trees.DecisionTreeClassifier},
 * {@link dev.fathom.trees.DecisionTreeRegressor}), the forests that average them
 * ({@link dev.fathom.trees.RandomForestClassifier}, {@link dev.fathom.trees.RandomForestRegressor},
 * {@link dev.fathom.trees.ExtraTreesClassifier}, {@link dev.fathom.trees.ExtraTreesRegressor}) and
 * histogram gradient boosting in the manner of scikit-learn's {@code HistGradientBoosting} and
 * LightGBM ({@link dev.fathom.trees.HistGradientBoostingClassifier},
 * {@link dev.fathom.trees.HistGradientBoostingRegressor}): binned features, missing values and
 * categorical splits learned natively, early stopping. Each is an
 * {@link dev.fathom.estimators.Estimator} and a {@link dev.fathom.estimators.SavableEstimator},
 * so it cross-validates, searches, ensembles and saves in a pipeline file like any other. Trees take
 * raw features (no scaling), are seeded (the same seed gives the same model whatever the number of
 * threads) and use the CPU threads of {@link dev.fathom.backend.Threads}.
 *
 * <pre>{@code
 * var forest = new RandomForestClassifier().seed(0).fit(xTrain, yTrain);
 * var boosted = new HistGradientBoostingClassifier().learningRate(0.1).maxLeafNodes(31).fit(xTrain, yTrain);
 * System.out.printf("forest %.3f, boosted %.3f%n", forest.score(xTest, yTest), boosted.score(xTest, yTest));
 * }</pre>
 */
package dev.fathom.trees;
