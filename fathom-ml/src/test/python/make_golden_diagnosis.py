"""Golden values for dev.fathom.diagnosis from NumPy and scikit-learn 1.2 (Debian's python3-sklearn).

Run: /usr/bin/python3 fathom-ml/src/test/python/make_golden_diagnosis.py
Writes fathom-ml/src/test/resources/dev/fathom/diagnosis/golden_diagnosis.json.

Baselines are the scores of scikit-learn's dummy models on the bundled data sets (Datasets.load);
trends are numpy.polyfit slopes over the last epochs divided by their mean, as CurveSummary defines.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.linear_model import LinearRegression
from sklearn.metrics import log_loss, mean_absolute_error, mean_squared_error, r2_score

out = {}
for name, loader in [("iris", load_iris), ("wine", load_wine), ("breast_cancer", load_breast_cancer)]:
    x, y = loader(return_X_y=True)
    prior = DummyClassifier(strategy="prior").fit(x, y)
    out[name + "_prior_log_loss"] = log_loss(y, prior.predict_proba(x))
    out[name + "_classes"] = int(len(np.unique(y)))
out["breast_cancer_positive_rate"] = float(load_breast_cancer(return_X_y=True)[1].mean())

x, y = load_diabetes(return_X_y=True, scaled=False)
out["diabetes_mean_mse"] = mean_squared_error(y, DummyRegressor(strategy="mean").fit(x, y).predict(x))
out["diabetes_median_mae"] = mean_absolute_error(y, DummyRegressor(strategy="median").fit(x, y).predict(x))
pred = LinearRegression().fit(x, y).predict(x)
out["diabetes_linear_mse"] = mean_squared_error(y, pred)
out["diabetes_linear_r2"] = r2_score(y, pred)

# A loss curve still falling at the end: 12 epochs, the trend spans the last round(0.2 * 12) = 2 epochs
# (3 points); and a 30-epoch validation curve over the last 6 epochs (7 points).
rng = np.random.default_rng(3)
falling = 2.0 * np.exp(-0.08 * np.arange(12)) + 0.01 * rng.standard_normal(12)
val = 0.4 + 0.5 * np.exp(-0.3 * np.arange(30)) + 0.01 * rng.standard_normal(30)


def trend(curve, window):
    tail = curve[-(window + 1):]
    slope = np.polyfit(np.arange(window + 1), tail, 1)[0]
    return float(-slope / abs(tail.mean()))  # improvement per epoch: a falling loss gives a positive trend


out["falling"] = falling.tolist()
out["falling_trend"] = trend(falling, 2)
out["val"] = val.tolist()
out["val_trend"] = trend(val, 6)

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "diagnosis", "golden_diagnosis.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
