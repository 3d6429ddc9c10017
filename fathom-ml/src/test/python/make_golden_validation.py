"""Golden values for dev.fathom.validation from scikit-learn 1.2 (Debian's python3-sklearn).

Run: /usr/bin/python3 fathom-ml/src/test/python/make_golden_validation.py
Writes fathom-ml/src/test/resources/dev/fathom/validation/golden_validation.json.

The data are scikit-learn's loaders of the sets Fathom bundles (Datasets.load), cast through
float32 as Fathom holds them. Folds are unshuffled KFold / StratifiedKFold, which Fathom makes
identically, and their test indices are written too so the Java test checks the folds as well as
the scores. k-NN is deterministic, so its scores must agree exactly; linear regression is solved
in Fathom by gradient descent, so its scores agree to about 1e-4.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_validate, learning_curve
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def f32(x):
    return x.astype(np.float32).astype(np.float64)


def scaled(model):
    return make_pipeline(StandardScaler(), model)


def cv_entry(model, x, y, cv, scoring):
    r = cross_validate(model, x, y, cv=cv, scoring=scoring, return_train_score=True)
    return {"scoring": scoring, "test": r["test_score"].tolist(), "train": r["train_score"].tolist(),
            "mean": r["test_score"].mean(), "std": r["test_score"].std(),
            "test_indices": [test.tolist() for _, test in cv.split(x, y)]}


out = {}
iris_x, iris_y = load_iris(return_X_y=True)
iris_x = f32(iris_x)
wine_x, wine_y = load_wine(return_X_y=True)
wine_x = f32(wine_x)
bc_x, bc_y = load_breast_cancer(return_X_y=True)
bc_x = f32(bc_x)
db_x, db_y = load_diabetes(return_X_y=True, scaled=False)
db_x, db_y = f32(db_x), f32(db_y)

out["iris_knn5_accuracy"] = cv_entry(scaled(KNeighborsClassifier(5)), iris_x, iris_y, StratifiedKFold(5), "accuracy")
out["wine_knn7_f1_macro"] = cv_entry(scaled(KNeighborsClassifier(7)), wine_x, wine_y, StratifiedKFold(3), "f1_macro")
out["breast_cancer_knn5_roc_auc"] = cv_entry(scaled(KNeighborsClassifier(5)), bc_x, bc_y, StratifiedKFold(5), "roc_auc")
out["breast_cancer_knn15_neg_log_loss"] = cv_entry(scaled(KNeighborsClassifier(15)), bc_x, bc_y, KFold(4), "neg_log_loss")
out["diabetes_knn_regressor_neg_mae"] = cv_entry(scaled(KNeighborsRegressor(10)), db_x, db_y, KFold(5), "neg_mean_absolute_error")
out["diabetes_linear_r2"] = cv_entry(LinearRegression(), db_x, db_y, KFold(5), "r2")
out["diabetes_linear_neg_rmse"] = cv_entry(LinearRegression(), db_x, db_y, KFold(5), "neg_root_mean_squared_error")
# The reference figure: standardized logistic regression, 5 stratified folds.
out["breast_cancer_logistic_accuracy"] = cv_entry(scaled(LogisticRegression()), bc_x, bc_y, StratifiedKFold(5), "accuracy")

sizes, train, test = learning_curve(scaled(KNeighborsRegressor(5)), db_x, db_y, cv=KFold(5), train_sizes=[0.1, 0.5, 1.0],
                                    scoring="r2")
out["diabetes_knn_regressor_learning_curve"] = {"fractions": [0.1, 0.5, 1.0], "sizes": sizes.tolist(),
                                                "train": train.tolist(), "validation": test.tolist()}
sizes, train, test = learning_curve(scaled(KNeighborsClassifier(5)), bc_x, bc_y, cv=StratifiedKFold(5),
                                    train_sizes=[0.2, 0.6, 1.0], scoring="accuracy")
out["breast_cancer_knn_learning_curve"] = {"fractions": [0.2, 0.6, 1.0], "sizes": sizes.tolist(),
                                           "train": train.tolist(), "validation": test.tolist()}

ks = [1, 3, 5, 7, 9, 15, 25]
gs = GridSearchCV(scaled(KNeighborsClassifier()), {"kneighborsclassifier__n_neighbors": ks}, cv=StratifiedKFold(5)).fit(bc_x, bc_y)
out["breast_cancer_knn_grid"] = {"k": ks, "mean": gs.cv_results_["mean_test_score"].tolist(),
                                 "std": gs.cv_results_["std_test_score"].tolist(),
                                 "rank": gs.cv_results_["rank_test_score"].tolist(),
                                 "best_k": gs.best_params_["kneighborsclassifier__n_neighbors"], "best_score": gs.best_score_}

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "validation", "golden_validation.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
print("breast cancer logistic 5-fold accuracy", out["breast_cancer_logistic_accuracy"]["mean"])
print("grid", out["breast_cancer_knn_grid"]["best_k"], out["breast_cancer_knn_grid"]["mean"])
