#!/usr/bin/python3
"""Writes the scikit-learn reference folds and split sizes that the dev.fathom.data.split tests compare against.

Run from fathom-data with Debian's scikit-learn (python3-sklearn):

    /usr/bin/python3 src/test/python/make_golden_splits.py

It rewrites src/test/resources/golden/splits/splits.txt in the format read by
dev.fathom.losses.Golden: '[name]' starts a case, then 'key = value value ...' lines.

Cases:
  kfold.*            KFold(n_splits) without shuffling: fold<i>.train / fold<i>.test index lists
  stratified.*       StratifiedKFold(n_splits, shuffle=False) of the labels in 'y'
  timeseries.*       TimeSeriesSplit(n_splits, max_train_size, test_size, gap); 0 means None
  loo.*              LeaveOneOut
  sizes.*            train_test_split sizes (test = ceil(n * test_size)) for n and test_size
  strata.*           StratifiedShuffleSplit per-class test counts, only where scikit-learn gives the
                     same counts for every random_state (no ties broken at random) and every class
                     is in both sets; 'y' holds the labels, 'test_counts' the count of each class in
                     order of first appearance
"""

import os
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import (KFold, LeaveOneOut, StratifiedKFold, StratifiedShuffleSplit,
                                     TimeSeriesSplit, train_test_split)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "golden", "splits", "splits.txt"))


def ints(values):
    return " ".join(str(int(v)) for v in values)


def folds(splitter, n, y=None):
    keys = {}
    x = np.zeros((n, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # StratifiedKFold warns about classes smaller than n_splits
        for i, (train, test) in enumerate(splitter.split(x, y)):
            keys["fold%d.train" % i] = ints(train)
            keys["fold%d.test" % i] = ints(test)
    keys["folds"] = str(i + 1)
    return keys


def first_appearance_counts(y, members):
    order = list(dict.fromkeys(y.tolist()))
    return [int(np.sum(members == c)) for c in order]


def main():
    rng = np.random.default_rng(2024)
    cases = []

    for n, k in [(10, 5), (11, 3), (7, 7), (100, 7), (23, 4)]:
        cases.append(("kfold.n%d.k%d" % (n, k), dict(n=str(n), k=str(k), **folds(KFold(k), n))))

    stratified_labels = {
        "three_classes": np.array([2, 0, 1, 0, 0, 1, 2, 2, 0, 1, 1, 0, 2, 0, 0, 1, 2, 0]),
        "imbalanced": np.array([0] * 40 + [1] * 7 + [2] * 3),
        "random": rng.integers(0, 4, size=61),
        "small_class": np.array([1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 3, 3, 3, 3, 3]),
    }
    for name, y in stratified_labels.items():
        for k in (2, 3, 5):
            if np.max(np.bincount(y)) < k:
                continue
            cases.append(("stratified.%s.k%d" % (name, k),
                          dict(k=str(k), y=ints(y), **folds(StratifiedKFold(k), len(y), y))))

    for n, k, max_train, test_size, gap in [(20, 4, 0, 0, 0), (23, 5, 0, 0, 2), (30, 3, 8, 0, 0),
                                            (25, 4, 0, 3, 1), (12, 2, 0, 0, 0), (50, 6, 10, 5, 3)]:
        splitter = TimeSeriesSplit(n_splits=k, max_train_size=max_train or None, test_size=test_size or None, gap=gap)
        cases.append(("timeseries.n%d.k%d.max%d.test%d.gap%d" % (n, k, max_train, test_size, gap),
                      dict(n=str(n), k=str(k), max_train_size=str(max_train), test_size=str(test_size), gap=str(gap),
                           **folds(splitter, n))))

    cases.append(("loo.n5", dict(n="5", **folds(LeaveOneOut(), 5))))

    for n in (7, 10, 30, 100, 151, 1000):
        for test_size in (0.07, 0.1, 0.2, 0.25, 0.33, 0.5, 0.7):
            train, test = train_test_split(np.arange(n), test_size=test_size, random_state=0)
            cases.append(("sizes.n%d.t%s" % (n, test_size),
                          dict(n=str(n), test_size=repr(test_size), train=str(len(train)), test=str(len(test)))))

    strata_labels = {
        "50_30_20": np.repeat([0, 1, 2], [50, 30, 20]),
        "iris_like": np.repeat([0, 1, 2], [50, 50, 50]),
        "skewed": np.repeat([3, 1, 0, 2], [70, 17, 9, 4]),
        "random": rng.integers(0, 5, size=233),
    }
    for name, y in strata_labels.items():
        y = y[rng.permutation(len(y))]
        for test_size in (0.2, 0.25, 0.3):
            counts = set()
            for seed in range(20):
                sss = StratifiedShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
                _, test = next(sss.split(np.zeros(len(y)), y))
                counts.add(tuple(first_appearance_counts(y, y[test])))
            if len(counts) == 1 and min(next(iter(counts))) > 0:
                (test_counts,) = counts
                cases.append(("strata.%s.t%s" % (name, test_size),
                              dict(test_size=repr(test_size), y=ints(y), test_counts=ints(test_counts))))

    with open(OUT, "w") as f:
        f.write("# Generated by fathom-data/src/test/python/make_golden_splits.py with scikit-learn %s, numpy %s\n"
                % (sklearn.__version__, np.__version__))
        for name, keys in cases:
            f.write("\n[" + name + "]\n")
            for key, value in keys.items():
                f.write(key + " = " + value + "\n")
    print("wrote %d cases to %s" % (len(cases), OUT))


if __name__ == "__main__":
    main()
