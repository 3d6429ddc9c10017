"""Golden scorer directions and values for dev.fathom.metrics.MetricRegistry, from scikit-learn
(Debian's python3-sklearn 1.2).

Run with Debian's python:  /usr/bin/python3 fathom-metrics/src/test/python/make_golden_registry.py
Writes fathom-metrics/src/test/resources/dev/fathom/metrics/golden_registry.json: for every
scikit-learn scorer, its sign (greater_is_better) and what it reads (predict, proba or threshold);
and on four small cases (binary, three classes, one regression target, two regression targets)
the value of each scorer's metric, unsigned, where the scorer accepts the case.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as m
from sklearn.dummy import DummyClassifier
from sklearn.metrics._scorer import _PredictScorer, _ProbaScorer, _ThresholdScorer

warnings.simplefilter("ignore")   # top_k_accuracy on two classes warns that it is trivial
rng = np.random.default_rng(7)


def proba_rows(n, k, y):
    # Random probabilities that lean towards the true class, rows summing to 1.
    raw = rng.random((n, k)) + 1.5 * np.eye(k)[y] * rng.random((n, 1))
    return raw / raw.sum(axis=1, keepdims=True)


def classification_case(n, k):
    y = np.concatenate([np.arange(k), rng.integers(0, k, n - k)])   # every class present
    proba = proba_rows(n, k, y)
    pred = proba.argmax(axis=1)
    return {"y_true": y.tolist(), "y_pred": pred.tolist(), "proba": proba.tolist()}


def regression_case(n, targets, features):
    y = rng.random((n, targets)) * 10 + 0.5                          # positive: MAPE and RMSLE are defined
    pred = np.abs(y + rng.normal(0, 1, (n, targets)))
    if targets == 1:
        y, pred = y[:, 0], pred[:, 0]
    return {"y_true": y.ravel().tolist(), "y_pred": pred.ravel().tolist(), "targets": targets, "features": features}


cases = {
    "binary": classification_case(40, 2),
    "multiclass": classification_case(45, 3),
    "regression": regression_case(30, 1, 3),
    "two_targets": regression_case(24, 2, 3),
}

scorers = {}
for name in sorted(m.get_scorer_names()):
    s = m.get_scorer(name)
    kind = "threshold" if isinstance(s, _ThresholdScorer) else "proba" if isinstance(s, _ProbaScorer) else "predict"
    scorers[name] = {"sign": s._sign, "reads": kind}
# scikit-learn 1.4 added neg_root_mean_squared_log_error, the root of this 1.2 scorer's metric per
# target (same direction): derived here so that the registry's rmsle is checked too.
scorers["neg_root_mean_squared_log_error"] = dict(scorers["neg_mean_squared_log_error"])


def value(name, case):
    s = m.get_scorer(name)
    if "proba" in case:
        y = np.array(case["y_true"])
        proba = np.array(case["proba"])
        if isinstance(s, _PredictScorer):
            out = np.array(case["y_pred"])
        elif isinstance(s, _ThresholdScorer) and proba.shape[1] == 2:
            out = proba[:, 1]
        else:
            out = proba
    else:
        t = case["targets"]
        y = np.array(case["y_true"]).reshape(-1, t) if t > 1 else np.array(case["y_true"])
        out = np.array(case["y_pred"]).reshape(-1, t) if t > 1 else np.array(case["y_pred"])
    return float(s._score_func(y, out, **s._kwargs))


values = {}
for case_name, case in cases.items():
    v = {}
    for name in scorers:
        if name == "neg_root_mean_squared_log_error":
            base = "neg_mean_squared_log_error"
        else:
            base = name
        regression = m.get_scorer(base)._score_func.__module__.endswith("_regression")
        if regression == ("proba" in case):
            continue
        try:
            x = value(base, case)
        except (ValueError, TypeError):
            continue   # the scorer does not accept this case (a binary scorer on three classes)
        if name == "neg_root_mean_squared_log_error":
            # 1.4's definition: each target's RMSLE, then their mean (not the root of the mean MSLE)
            t = case["targets"]
            yt, yp = np.array(case["y_true"]).reshape(-1, t), np.array(case["y_pred"]).reshape(-1, t)
            x = float(np.mean(np.sqrt(m.mean_squared_log_error(yt, yp, multioutput="raw_values"))))
        v[name] = x
    if "proba" in case:
        y = np.array(case["y_true"])
        v["baseline_accuracy"] = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(y), 1)), y).score(np.zeros((len(y), 1)), y)
    elif case["targets"] == 1:
        n, p = len(case["y_true"]), case["features"]
        v["adjusted_r2"] = 1 - (1 - m.r2_score(case["y_true"], case["y_pred"])) * (n - 1) / (n - p - 1)
    values[case_name] = v

out = {"sklearn_version": sklearn.__version__, "scorers": scorers, "cases": cases, "values": values}
path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "metrics", "golden_registry.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path), {k: len(v) for k, v in values.items()})
