"""Golden values for dev.fathom.ensembles from scikit-learn 1.2 (Debian's python3-sklearn).

Run: /usr/bin/python3 fathom-ml/src/test/python/make_golden_ensembles.py
Writes fathom-ml/src/test/resources/dev/fathom/ensembles/golden_ensembles.json.

The data are scikit-learn's loaders cast to float32, as Fathom bundles them (Datasets.load), and
standardized in float64 with the population std, then cast to float32 again, as the Java test does,
so both sides see the same numbers. Training rows are the even rows, test rows the odd ones.
Voting and the out-of-fold matrices are deterministic and compared exactly (to float32 rounding);
stacking's final predictions depend on the meta-model's solver (lbfgs here, gradient descent in
Fathom) and are compared by agreement.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def std(x):
    return f32((x - x.mean(0)) / x.std(0))


def halves(x, y):
    return x[::2], y[::2], x[1::2], y[1::2]


out = {}

# --- VotingClassifier: hard and soft, with and without weights, ties included ---
x, y = load_iris(return_X_y=True)
xtr, ytr, xte, yte = halves(std(f32(x)), y)
members = [("knn1", KNeighborsClassifier(1)), ("knn5", KNeighborsClassifier(5)),
           ("knn9d", KNeighborsClassifier(9, weights="distance")), ("dummy", DummyClassifier())]
hard = VotingClassifier(members, voting="hard").fit(xtr, ytr)
hard_w = VotingClassifier(members, voting="hard", weights=[1, 2, 1, 0.5]).fit(xtr, ytr)
# uniform k-NN votes are exact fractions; distance weights would carry Fathom's float32 distances
soft = VotingClassifier([members[1], ("knn9", KNeighborsClassifier(9)), members[3]], voting="soft", weights=[2, 1, 1]).fit(xtr, ytr)
out["iris_voting"] = {"hard": hard.predict(xte).tolist(), "hard_weighted": hard_w.predict(xte).tolist(),
                      "soft": soft.predict(xte).tolist(), "soft_proba": soft.predict_proba(xte).tolist()}

x, y = load_wine(return_X_y=True)
xtr, ytr, xte, yte = halves(std(f32(x)), y)
pair = [("knn1", KNeighborsClassifier(1)), ("knn15", KNeighborsClassifier(15))]
tie = VotingClassifier(pair, voting="hard").fit(xtr, ytr)
p1 = pair[0][1].fit(xtr, ytr).predict(xte)
p2 = pair[1][1].fit(xtr, ytr).predict(xte)
members = [("knn3", KNeighborsClassifier(3)), ("knn7", KNeighborsClassifier(7)),
           ("knn15d", KNeighborsClassifier(15, weights="distance"))]
soft = VotingClassifier(members, voting="soft").fit(xtr, ytr)
out["wine_voting"] = {"tie_pair": tie.predict(xte).tolist(), "tie_count": int((p1 != p2).sum()),
                      "hard": VotingClassifier(members, voting="hard").fit(xtr, ytr).predict(xte).tolist(),
                      "soft": soft.predict(xte).tolist(), "soft_proba": soft.predict_proba(xte).tolist()}

# --- VotingRegressor on diabetes (raw features, as bundled) ---
x, y = load_diabetes(return_X_y=True, scaled=False)
xtr, ytr, xte, yte = halves(f32(x), f32(y))
# uniform k-NN: means of float32 targets, so Fathom's float32 distances cannot change the result
members = [("knn5", KNeighborsRegressor(5)), ("knn10", KNeighborsRegressor(10)),
           ("mean", DummyRegressor()), ("median", DummyRegressor(strategy="median"))]
vr = VotingRegressor(members, weights=[1, 2, 0.5, 1]).fit(xtr, ytr)
lin = VotingRegressor([("linear", LinearRegression()), ("knn5", KNeighborsRegressor(5))]).fit(xtr, ytr)
out["diabetes_voting"] = {"weighted": vr.predict(xte).tolist(), "linear_knn": lin.predict(xte).tolist(),
                          "linear_knn_r2": lin.score(xte, yte)}

# --- StackingClassifier: out-of-fold probabilities from unshuffled StratifiedKFold(5) ---
def stacking(name, x, y, passthrough):
    xtr, ytr, xte, yte = halves(std(f32(x)), y)
    bases = [("knn5", KNeighborsClassifier(5)), ("knn11d", KNeighborsClassifier(11, weights="distance"))]
    cv = StratifiedKFold(5)
    oof = [cross_val_predict(b, xtr, ytr, cv=cv, method="predict_proba") for _, b in bases]
    if len(np.unique(ytr)) == 2:
        oof = [p[:, 1:] for p in oof]  # scikit-learn keeps one column of a binary problem's probabilities
    stack = StackingClassifier(bases, final_estimator=LogisticRegression(), cv=cv, passthrough=passthrough).fit(xtr, ytr)
    out[name] = {"oof": np.hstack(oof).tolist(), "pred": stack.predict(xte).tolist(),
                 "proba": stack.predict_proba(xte).tolist(), "accuracy": stack.score(xte, yte),
                 "transform": stack.transform(xte[:5]).tolist(),
                 "meta_coef": stack.final_estimator_.coef_.tolist(), "meta_intercept": stack.final_estimator_.intercept_.tolist()}


stacking("wine_stacking", *load_wine(return_X_y=True), False)
stacking("wine_stacking_passthrough", *load_wine(return_X_y=True), True)
stacking("breast_cancer_stacking", *load_breast_cancer(return_X_y=True), False)

# --- StackingRegressor: out-of-fold predictions from unshuffled KFold(5), LinearRegression on top ---
x, y = load_diabetes(return_X_y=True, scaled=False)
xtr, ytr, xte, yte = halves(f32(x), f32(y))
bases = [("knn5", KNeighborsRegressor(5)), ("knn15", KNeighborsRegressor(15))]
oof = np.column_stack([cross_val_predict(b, xtr, ytr, cv=KFold(5)) for _, b in bases])
stack = StackingRegressor(bases, final_estimator=LinearRegression(), cv=KFold(5)).fit(xtr, ytr)
out["diabetes_stacking"] = {"oof": oof.tolist(), "pred": stack.predict(xte).tolist(), "r2": stack.score(xte, yte),
                            "meta_coef": stack.final_estimator_.coef_.tolist(),
                            "meta_intercept": float(stack.final_estimator_.intercept_)}

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "ensembles", "golden_ensembles.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path), "wine ties", out["wine_voting"]["tie_count"],
      "stacking accuracy wine", out["wine_stacking"]["accuracy"], "breast cancer", out["breast_cancer_stacking"]["accuracy"],
      "diabetes r2", out["diabetes_stacking"]["r2"])
