"""Golden values for `fathom evaluate`'s metrics (EvaluateCommandTest), from scikit-learn.

Run with Debian's python3 (numpy, scikit-learn):
    /usr/bin/python3 make_golden_evaluate.py > golden_evaluate.json
The inputs are written beside the expected values, so the Java test scores exactly these arrays.
"""
import json

import numpy as np
import sklearn
from sklearn import metrics


def classification(y_true, y_pred, proba):
    k = proba.shape[1]
    m = {
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred),
        "precision_macro": metrics.precision_score(y_true, y_pred, average="macro", zero_division=0),
        "recall_macro": metrics.recall_score(y_true, y_pred, average="macro", zero_division=0),
        "f1_macro": metrics.f1_score(y_true, y_pred, average="macro", zero_division=0),
        "precision_weighted": metrics.precision_score(y_true, y_pred, average="weighted", zero_division=0),
        "recall_weighted": metrics.recall_score(y_true, y_pred, average="weighted", zero_division=0),
        "f1_weighted": metrics.f1_score(y_true, y_pred, average="weighted", zero_division=0),
        "log_loss": metrics.log_loss(y_true, proba, labels=list(range(k))),
    }
    if k == 2:
        m["roc_auc"] = metrics.roc_auc_score(y_true, proba[:, 1])
    else:
        m["roc_auc_ovr"] = metrics.roc_auc_score(y_true, proba, multi_class="ovr", average="macro")
    m["baseline_accuracy"] = np.bincount(y_true, minlength=k).max() / len(y_true)
    return {"y_true": y_true.tolist(), "y_pred": y_pred.tolist(), "proba": proba.tolist(),
            "metrics": {name: float(v) for name, v in m.items()}}


def probabilities(rng, n, k):
    logits = rng.normal(size=(n, k)) * 1.5
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


rng = np.random.default_rng(7)
# Three classes, the first three rows one of each; predictions are the most probable class.
p3 = probabilities(rng, 30, 3)
y3 = rng.integers(0, 3, size=30)
y3[:3] = [0, 1, 2]
pred3 = p3.argmax(axis=1)
# Two classes, unbalanced (8 of 25 positive).
p2 = probabilities(rng, 25, 2)
y2 = np.array([1] * 8 + [0] * 17)
rng.shuffle(y2)
pred2 = p2.argmax(axis=1)

y = rng.uniform(5, 50, size=40)
pred = y + rng.normal(scale=4, size=40)
n, p = len(y), 3
r2 = metrics.r2_score(y, pred)
regression = {
    "y_true": y.tolist(), "y_pred": pred.tolist(), "features": p,
    "metrics": {
        "rmse": float(np.sqrt(metrics.mean_squared_error(y, pred))),
        "mae": float(metrics.mean_absolute_error(y, pred)),
        "r2": float(r2),
        "adjusted_r2": float(1 - (1 - r2) * (n - 1) / (n - p - 1)),
        "mape": float(metrics.mean_absolute_percentage_error(y, pred)),
        "rmsle": float(np.sqrt(metrics.mean_squared_log_error(y, pred))),
    },
}

print(json.dumps({"sklearn": sklearn.__version__,
                  "multiclass": classification(y3, pred3, p3),
                  "binary": classification(y2, pred2, p2),
                  "regression": regression}, indent=1))
