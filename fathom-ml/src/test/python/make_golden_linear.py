"""Golden values for dev.fathom.estimators' linear solvers (LogisticRegression by L-BFGS, Ridge by a
direct solve) from scikit-learn 1.2 (Debian's python3-sklearn).

Run: /usr/bin/python3 fathom-ml/src/test/python/make_golden_linear.py
Writes fathom-ml/src/test/resources/dev/fathom/estimators/golden_linear.json.
The features are the bundled data sets' float32 values (Fathom stores them as float32), standardized
with the population std in float64 and rounded to float32, as LinearGoldenTest does; scikit-learn is
run to a tight tolerance, so its coefficients are the optimum to compare with.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.linear_model import LogisticRegression, Ridge


def std32(x):
    x = x.astype(np.float32).astype(np.float64)
    return ((x - x.mean(0)) / x.std(0)).astype(np.float32).astype(np.float64)


def logistic(x, y, **kw):
    clf = LogisticRegression(solver="newton-cg", max_iter=100000, tol=1e-12, **kw).fit(x, y)
    lbfgs = LogisticRegression(solver="lbfgs", max_iter=1000, **kw).fit(x, y)
    # [features][outputs], as LogisticRegression.coefficients() gives them
    return {"coef": clf.coef_.T.tolist(), "intercept": np.atleast_1d(clf.intercept_).tolist(),
            "proba_first_rows": clf.predict_proba(x[:5]).tolist(),
            "lbfgs_coef": lbfgs.coef_.T.tolist(), "lbfgs_intercept": np.atleast_1d(lbfgs.intercept_).tolist()}


def ridge(x, y, **kw):
    r = Ridge(**kw).fit(x, y)
    coef = r.coef_.T if r.coef_.ndim == 2 else r.coef_[:, None]
    return {"coef": coef.tolist(), "intercept": np.atleast_1d(r.intercept_).tolist()}


out = {}
x, y = load_breast_cancer(return_X_y=True)
xs = std32(x)
out["breast_cancer_C1"] = logistic(xs, y, C=1.0)
out["breast_cancer_C0.1_balanced"] = logistic(xs, y, C=0.1, class_weight="balanced")
out["breast_cancer_C10_no_intercept"] = logistic(xs, y, C=10.0, fit_intercept=False)

x, y = load_iris(return_X_y=True)
xs = std32(x)
out["iris_C1"] = logistic(xs, y, C=1.0)
out["iris_C100"] = logistic(xs, y, C=100.0)

x, y = load_wine(return_X_y=True)
xs = std32(x)
out["wine_C0.5_balanced"] = logistic(xs, y, C=0.5, class_weight="balanced")
# wine's first two columns as two targets of the others
out["wine_ridge_two_targets"] = ridge(xs[:, 2:], xs[:, :2], alpha=3.0)

x, y = load_diabetes(return_X_y=True, scaled=False)
x = x.astype(np.float32).astype(np.float64)
y = y.astype(np.float32).astype(np.float64)
out["diabetes_ridge_alpha1"] = ridge(x, y, alpha=1.0)
out["diabetes_ridge_alpha0"] = ridge(x, y, alpha=0.0)
out["diabetes_ridge_alpha10_no_intercept"] = ridge(x, y, alpha=10.0, fit_intercept=False)

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "estimators", "golden_linear.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
