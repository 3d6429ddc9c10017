"""scikit-learn's side of bench/logistic: LogisticRegression(solver="lbfgs") per fold of a
5-fold stratified split of bench/make_wide_table.py's table, one-hot region, standardized numbers.

Run: OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/logistic_lbfgs.py /tmp/wide_table.csv
Prints: sklearn_logistic_fit_s_per_fold <median seconds> accuracy <mean>
"""
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

df = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wide_table.csv")
y = df.pop("label").to_numpy()
x = pd.get_dummies(df, columns=["region"]).to_numpy(dtype=np.float64)
times, scores = [], []
for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
    scaler = StandardScaler().fit(x[train])
    xt, xv = scaler.transform(x[train]), scaler.transform(x[test])
    start = time.perf_counter()
    clf = LogisticRegression(solver="lbfgs").fit(xt, y[train])
    times.append(time.perf_counter() - start)
    scores.append(clf.score(xv, y[test]))
print(f"sklearn_logistic_fit_s_per_fold {np.median(times):.4f} accuracy {np.mean(scores):.4f} iterations {int(clf.n_iter_[0])}")
