"""Golden values for dev.fathom.metrics, from scikit-learn (Debian's python3-sklearn 1.2).

Run with Debian's python:  /usr/bin/python3 fathom-metrics/src/test/python/make_golden_metrics.py
Writes fathom-metrics/src/test/resources/dev/fathom/metrics/golden_metrics.json.
Cases: random data plus the edge cases the issue names (a class never predicted, ties in scores).
"""
import json
import os

import numpy as np
import sklearn
from sklearn import metrics as m

rng = np.random.default_rng(42)
cases = []


def classification(name, y_true, y_pred):
    case = {"name": name, "kind": "classification", "y_true": y_true.tolist(), "y_pred": y_pred.tolist(),
            "accuracy": m.accuracy_score(y_true, y_pred),
            "balanced_accuracy": m.balanced_accuracy_score(y_true, y_pred),
            "confusion_matrix": m.confusion_matrix(y_true, y_pred).tolist()}
    binary = set(np.unique(np.r_[y_true, y_pred])) <= {0, 1}
    for avg in (["binary"] if binary else []) + ["macro", "micro", "weighted"]:
        p, r, f, _ = m.precision_recall_fscore_support(y_true, y_pred, average=avg, zero_division=0)
        case[avg] = {"precision": p, "recall": r, "f1": f,
                     "f2": m.fbeta_score(y_true, y_pred, beta=2, average=avg, zero_division=0)}
    cases.append(case)


def scores(name, y_true, score):
    fpr, tpr, th = m.roc_curve(y_true, score)
    prec, rec, pth = m.precision_recall_curve(y_true, score)
    cases.append({"name": name, "kind": "scores", "y_true": y_true.tolist(), "scores": score.tolist(),
                  "fpr": fpr.tolist(), "tpr": tpr.tolist(), "roc_thresholds": th.tolist(),
                  "roc_auc": m.roc_auc_score(y_true, score),
                  "precision": prec.tolist(), "recall": rec.tolist(), "pr_thresholds": pth.tolist(),
                  "average_precision": m.average_precision_score(y_true, score),
                  "log_loss": m.log_loss(y_true, np.clip(score, 0, 1), labels=[0, 1])})


def proba(name, y_true, p):
    k = p.shape[1]
    cases.append({"name": name, "kind": "proba", "y_true": y_true.tolist(), "proba": p.tolist(),
                  "log_loss": m.log_loss(y_true, p, labels=list(range(k))),
                  "roc_auc_macro": m.roc_auc_score(y_true, p, multi_class="ovr", average="macro"),
                  "roc_auc_weighted": m.roc_auc_score(y_true, p, multi_class="ovr", average="weighted")})


def regression(name, y_true, y_pred, features):
    case = {"name": name, "kind": "regression", "y_true": y_true.tolist(), "y_pred": y_pred.tolist(),
            "features": features,
            "mse": m.mean_squared_error(y_true, y_pred),
            "rmse": m.mean_squared_error(y_true, y_pred, squared=False),
            "mae": m.mean_absolute_error(y_true, y_pred),
            "mape": m.mean_absolute_percentage_error(y_true, y_pred),
            "r2": m.r2_score(y_true, y_pred)}
    n = len(y_true)
    case["adjusted_r2"] = 1 - (1 - case["r2"]) * (n - 1) / (n - features - 1)
    if (y_true >= 0).all() and (y_pred >= 0).all():
        case["rmsle"] = float(np.sqrt(m.mean_squared_log_error(y_true, y_pred)))
    cases.append(case)


# classification: random binary, random multiclass, a class never predicted, a class only predicted
yt = rng.integers(0, 2, 57); yp = np.where(rng.random(57) < 0.7, yt, 1 - yt)
classification("binary random", yt, yp)
yt = rng.integers(0, 4, 80); yp = np.where(rng.random(80) < 0.6, yt, rng.integers(0, 4, 80))
classification("multiclass random", yt, yp)
yt = rng.integers(0, 3, 40); yp = np.where(yt == 2, 1, yt)
classification("class 2 never predicted", yt, yp)
yt = rng.integers(0, 3, 30); yp = yt.copy(); yp[:4] = 3
classification("class 3 only predicted", yt, yp)
classification("binary all negative predictions", np.array([0, 1, 1, 0, 1]), np.array([0, 0, 0, 0, 0]))

# scores: random, heavy ties (rounded), perfectly separated
yt = rng.integers(0, 2, 64); s = np.clip(0.5 * yt + 0.6 * rng.random(64) - 0.05, 0, 1)
scores("scores random", yt, s)
yt = rng.integers(0, 2, 50); s = np.round(np.clip(0.3 * yt + rng.random(50) * 0.7, 0, 1), 1)
scores("scores with ties", yt, s)
scores("scores separated", np.array([0, 0, 0, 1, 1]), np.array([0.1, 0.2, 0.3, 0.8, 0.9]))

# probabilities: 3 and 4 classes
for k, n in ((3, 45), (4, 70)):
    yt = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[yt]
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    proba(f"proba {k} classes", yt, p)

# regression
yt = rng.normal(3, 2, 40); regression("regression random", yt, yt + rng.normal(0, 0.7, 40), 3)
yt = rng.gamma(2, 3, 35); regression("regression positive", yt, np.abs(yt + rng.normal(0, 1, 35)), 5)
yt = np.array([0.0, 1.0, 2.0, 4.0]); regression("regression with a zero target", yt, np.array([0.5, 1.0, 2.5, 3.0]), 1)

out = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "metrics", "golden_metrics.json")
with open(out, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, f, indent=1)
print("wrote", len(cases), "cases to", os.path.normpath(out))
