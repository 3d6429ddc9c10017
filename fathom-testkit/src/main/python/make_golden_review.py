"""Golden values for the evaluation review's regression tests, from scikit-learn (Debian's 1.2).

Run with Debian's python:  /usr/bin/python3 fathom-testkit/src/main/python/make_golden_review.py
Writes fathom-testkit/src/main/resources/dev/fathom/review/golden_review.json. Each case is an edge
case where Fathom once differed from scikit-learn; the Java tests name the case they check.
"""
import json
import os

import numpy as np
import sklearn
from sklearn import metrics as m
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

out = {"sklearn": sklearn.__version__}

# Several targets: scikit-learn scores each column and averages (multioutput="uniform_average").
y = np.array([[1, 10], [2, 20], [3, 35], [4, 41]], dtype=float)
p = np.array([[1.1, 12], [2.2, 19], [2.9, 30], [4.5, 40]], dtype=float)
out["multi_target"] = {"y_true": y.tolist(), "y_pred": p.tolist(),
                       "r2": m.r2_score(y, p),
                       "rmse": m.mean_squared_error(y, p, squared=False),
                       "rmsle": m.mean_squared_log_error(y, p, squared=False),
                       "mse": m.mean_squared_error(y, p),
                       "r2_pooled": m.r2_score(y.ravel(), p.ravel())}

# Nearest neighbours on features near 10⁴, where the gaps (0.2 against 0.3) are below float32's
# resolution of |q|² + |x|² − 2·q·x, and an exact match under distance weighting.
x = np.array([[10000, 10000], [10000.5, 10000], [10001, 10000]], dtype=float)
labels = np.array([0, 1, 2])
queries = np.array([[10000.3, 10000], [10000.8, 10000]])
exact = np.array([[10000.5, 10000]])
out["neighbours_far_from_origin"] = {
    "x": x.tolist(), "y": labels.tolist(), "queries": queries.tolist(), "exact": exact.tolist(),
    "classifier_k1": KNeighborsClassifier(1).fit(x, labels).predict(queries).tolist(),
    "regressor_k2_distance_exact": KNeighborsRegressor(2, weights="distance").fit(x, labels.astype(float)).predict(exact).tolist(),
    "regressor_k2_distance": KNeighborsRegressor(2, weights="distance").fit(x, labels.astype(float)).predict(queries).tolist()}

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "review", "golden_review.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
