#!/usr/bin/python3
"""Writes the scikit-learn reference values that the preprocessing tests compare against.

Run from fathom-data with Debian's scikit-learn 1.2 (python3-sklearn):

    /usr/bin/python3 src/test/python/make_golden_preprocessing.py

It rewrites src/test/resources/golden/preprocessing/preprocessing.json, read by
dev.fathom.data.preprocessing.GoldenTables.

The data are scikit-learn's bundled CSVs (iris, wine, breast cancer; the first 10 features of the
last), made into mixed tables: the class names become a text target column, one feature is binned
into a text column (for the encoders), and cells are blanked on a fixed pattern (numbers about 1
in 23, text 1 in 19) so the imputers have work. Rows with index % 4 == 0 are the test part; the
rest are the training part every step is fitted on. Missing values are JSON null.

For each dataset the file holds the two parts column by column and, fitted on the training part:
StandardScaler (mean_, var_, scale_, n_samples_seen_), MinMaxScaler (data_min_, data_max_,
scale_, min_), SimpleImputer statistics_ for each strategy, OneHotEncoder / OrdinalEncoder
categories_, LabelEncoder classes_ and the encoded test targets, and the test part as transformed
by two ColumnTransformer pipelines. Fathom names one-hot features "column=category" where
scikit-learn says "categorical__column_category"; the names below are written in Fathom's form.
Floats are written with repr(), so they parse back to the same doubles.
"""

import json
import os

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, OneHotEncoder, OrdinalEncoder, StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "preprocessing",
                   "preprocessing.json")


def frame(bunch, n_features, target, binned, source, bins, labels):
    data = pd.DataFrame(bunch.data[:, :n_features], columns=[str(n) for n in bunch.feature_names[:n_features]])
    data[binned] = pd.cut(data[source], bins=bins, labels=labels).astype(object)
    data[target] = [str(bunch.target_names[t]) for t in bunch.target]
    numeric = list(data.columns[:n_features])
    for r in range(len(data)):
        for c, name in enumerate(numeric):
            if (r * 31 + c * 17) % 23 == 0:
                data.loc[r, name] = np.nan
        if r % 19 == 7:
            data.loc[r, binned] = np.nan
    return data, numeric


def column_values(series):
    out = []
    for v in series:
        if isinstance(v, str):
            out.append(v)
        elif v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(None)
        else:
            out.append(float(v))
    return out


def floats(a):
    return [None if np.isnan(v) else float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def matrix(a):
    return [floats(row) for row in np.asarray(a, dtype=np.float64)]


def case(data, numeric, binned, target):
    test_rows = np.arange(len(data)) % 4 == 0
    train, test = data[~test_rows].reset_index(drop=True), data[test_rows].reset_index(drop=True)
    xn, tn = train[numeric].to_numpy(np.float64), test[numeric].to_numpy(np.float64)
    xc, tc = train[[binned]].to_numpy(object), test[[binned]].to_numpy(object)

    std = StandardScaler().fit(xn)
    mm = MinMaxScaler().fit(xn)
    imputers = {s: SimpleImputer(strategy=s).fit(xn) for s in ("mean", "median", "most_frequent")}
    constant = SimpleImputer(strategy="constant", fill_value=0.0).fit(xn)
    cat_imputer = SimpleImputer(strategy="most_frequent").fit(xc)
    filled = cat_imputer.transform(xc)
    onehot = OneHotEncoder(handle_unknown="ignore").fit(filled)
    ordinal = OrdinalEncoder().fit(filled)
    labels = LabelEncoder().fit(train[target])

    first = ColumnTransformer([
        ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
        ("categorical", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                  ("encode", OneHotEncoder(handle_unknown="ignore"))]), [binned]),
    ], sparse_threshold=0).fit(train)
    second = ColumnTransformer([
        ("numeric", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", MinMaxScaler())]), numeric),
        ("categorical", Pipeline([("impute", SimpleImputer(strategy="constant", fill_value="missing")),
                                  ("encode", OrdinalEncoder())]), [binned]),
    ], sparse_threshold=0).fit(train)

    return {
        "numeric": numeric,
        "categorical": binned,
        "target": target,
        "train": {c: column_values(train[c]) for c in train.columns},
        "test": {c: column_values(test[c]) for c in test.columns},
        "standard_scaler": {"mean": floats(std.mean_), "var": floats(std.var_), "scale": floats(std.scale_),
                            "n_samples_seen": [int(n) for n in std.n_samples_seen_],
                            "test": matrix(std.transform(tn))},
        "min_max_scaler": {"data_min": floats(mm.data_min_), "data_max": floats(mm.data_max_),
                           "scale": floats(mm.scale_), "min": floats(mm.min_), "test": matrix(mm.transform(tn))},
        "imputer": {**{s: floats(i.statistics_) for s, i in imputers.items()}, "constant": floats(constant.statistics_),
                    "categorical_most_frequent": str(cat_imputer.statistics_[0])},
        "one_hot_categories": [str(c) for c in onehot.categories_[0]],
        "ordinal_categories": [str(c) for c in ordinal.categories_[0]],
        "label_classes": [str(c) for c in labels.classes_],
        "label_test": [int(v) for v in labels.transform(test[target])],
        "pipeline_median_standard_onehot": {
            "feature_names": numeric + [binned + "=" + str(c) for c in first.named_transformers_["categorical"]
                                        .named_steps["encode"].categories_[0]],
            "test": matrix(first.transform(test))},
        "pipeline_mean_minmax_ordinal": {
            "feature_names": numeric + [binned],
            "categories": [str(c) for c in second.named_transformers_["categorical"].named_steps["encode"].categories_[0]],
            "test": matrix(second.transform(test))},
    }


def main():
    cases = {}
    data, numeric = frame(load_iris(), 4, "species", "petal_size", "petal length (cm)",
                          [0, 2, 5, 10], ["small", "medium", "large"])
    cases["iris"] = case(data, numeric, "petal_size", "species")
    data, numeric = frame(load_wine(), 13, "cultivar", "color", "color_intensity",
                          [0, 3, 7, 20], ["pale", "medium", "deep"])
    cases["wine"] = case(data, numeric, "color", "cultivar")
    data, numeric = frame(load_breast_cancer(), 10, "diagnosis", "size", "mean radius",
                          [0, 11.7, 13.4, 15.8, 30], ["q1", "q2", "q3", "q4"])
    cases["breast_cancer"] = case(data, numeric, "size", "diagnosis")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"sklearn": __import__("sklearn").__version__, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
