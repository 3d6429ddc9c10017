"""Reference scores for dev.fathom.trees from scikit-learn (Debian's python3-sklearn).

Run: /usr/bin/python3 fathom-ml/src/test/python/make_golden_trees.py
Writes fathom-ml/src/test/resources/dev/fathom/trees/golden_trees.json.

The data are scikit-learn's loaders cast to float32, as Fathom bundles them (Datasets.load), raw
(trees need no scaling). Training rows are the even rows, test rows the odd ones. Forests are
random, so they are compared by test score: each side's mean over seeds 0, 1 and 2, which should
agree within 0.01. HistGradientBoosting without early stopping (fewer than 10,000 rows) and
without feature subsampling is deterministic given the bins, so its test predictions are also
written, for an agreement check.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_wine
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)

SEEDS = [0, 1, 2]


def halves(x, y):
    x = np.asarray(x, dtype=np.float32)
    return x[::2], y[::2], x[1::2], y[1::2]


def mean_score(make, xtr, ytr, xte, yte):
    return float(np.mean([make(s).fit(xtr, ytr).score(xte, yte) for s in SEEDS]))


out = {"sklearn": sklearn.__version__}
for name, loader in [("breast_cancer", load_breast_cancer), ("wine", load_wine), ("digits", load_digits)]:
    xtr, ytr, xte, yte = halves(*loader(return_X_y=True))
    hgb = HistGradientBoostingClassifier(random_state=0).fit(xtr, ytr)
    out[name] = {
        "random_forest": mean_score(lambda s: RandomForestClassifier(n_estimators=100, random_state=s), xtr, ytr, xte, yte),
        "extra_trees": mean_score(lambda s: ExtraTreesClassifier(n_estimators=100, random_state=s), xtr, ytr, xte, yte),
        "hist_gradient_boosting": float(hgb.score(xte, yte)),
        "hist_gradient_boosting_predictions": hgb.predict(xte).astype(int).tolist(),
        "hist_gradient_boosting_iterations": int(hgb.n_iter_),
    }

xtr, ytr, xte, yte = halves(*load_diabetes(return_X_y=True, scaled=False))   # Fathom bundles the unscaled columns
ytr = ytr.astype(np.float32).astype(np.float64)
yte = yte.astype(np.float32).astype(np.float64)
hgb = HistGradientBoostingRegressor(random_state=0).fit(xtr, ytr)
hgb_abs = HistGradientBoostingRegressor(loss="absolute_error", random_state=0).fit(xtr, ytr)
# the first iterations, before ties between equal gains can send the two apart: equal to float32 rounding
hgb_abs5 = HistGradientBoostingRegressor(loss="absolute_error", max_iter=5, random_state=0).fit(xtr, ytr)
out["diabetes"] = {
    "random_forest": mean_score(lambda s: RandomForestRegressor(n_estimators=100, random_state=s), xtr, ytr, xte, yte),
    "extra_trees": mean_score(lambda s: ExtraTreesRegressor(n_estimators=100, random_state=s), xtr, ytr, xte, yte),
    "hist_gradient_boosting": float(hgb.score(xte, yte)),
    "hist_gradient_boosting_predictions": hgb.predict(xte).tolist(),
    "hist_gradient_boosting_absolute_error": float(hgb_abs.score(xte, yte)),
    "hist_gradient_boosting_absolute_error_5_iterations_predictions": hgb_abs5.predict(xte).tolist(),
}

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "trees", "golden_trees.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: {m: v for m, v in d.items() if "predictions" not in m} if isinstance(d, dict) else d for k, d in out.items()}, indent=1))
