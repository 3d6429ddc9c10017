"""Golden values for dev.fathom.estimators from scikit-learn 1.2 (Debian's python3-sklearn).

Run: /usr/bin/python3 fathom-ml/src/test/python/make_golden_estimators.py
Writes fathom-ml/src/test/resources/dev/fathom/estimators/golden_estimators.json.
Uses the loaders whose data Fathom bundles (Datasets.load), standardized with population std.
"""
import json
import os

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def std(x):
    return (x - x.mean(0)) / x.std(0)


out = {}
x, y = load_diabetes(return_X_y=True, scaled=False)
lr = LinearRegression().fit(x, y)
out["diabetes_linear"] = {"coef": lr.coef_.tolist(), "intercept": lr.intercept_, "r2": lr.score(x, y)}

x, y = load_breast_cancer(return_X_y=True)
xs = std(x)
clf = LogisticRegression(C=1.0, max_iter=10000, tol=1e-10).fit(xs, y)
out["breast_cancer_logistic"] = {"coef": clf.coef_[0].tolist(), "intercept": clf.intercept_[0],
                                 "accuracy": clf.score(xs, y)}
# the reference: 5-fold accuracy of standardized logistic regression
cv = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), x, y, cv=StratifiedKFold(5))
out["breast_cancer_logistic_cv5"] = {"mean": cv.mean(), "folds": cv.tolist()}

x, y = load_iris(return_X_y=True)
xs = std(x)
clf = LogisticRegression(C=1.0, max_iter=10000, tol=1e-10).fit(xs, y)
out["iris_logistic"] = {"coef": clf.coef_.tolist(), "intercept": clf.intercept_.tolist(),
                        "proba_first_rows": clf.predict_proba(xs[:5]).tolist(), "accuracy": clf.score(xs, y)}
out["iris_knn5"] = {"pred": KNeighborsClassifier(5).fit(xs, y).predict(xs).tolist(),
                    "pred_distance": KNeighborsClassifier(7, weights="distance").fit(xs[::2], y[::2]).predict(xs[1::2]).tolist()}
out["iris_kmeans3_inertia"] = KMeans(3, n_init=10, random_state=0).fit(x).inertia_

x, y = load_wine(return_X_y=True)
xs = std(x)
out["wine_knn_regressor"] = {"pred": KNeighborsRegressor(4).fit(xs[::2], xs[::2, 0]).predict(xs[1::2]).tolist()}

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "estimators", "golden_estimators.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path), "breast cancer cv5", out["breast_cancer_logistic_cv5"]["mean"])
