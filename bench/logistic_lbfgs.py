"""scikit-learn's side of bench/logistic: make_pipeline(StandardScaler(), LogisticRegression(solver="lbfgs"))
per fold of a 5-fold stratified split of bench/make_wide_table.py's table, one-hot region.

The timed fit is the pipeline's, scaler included, because Fathom's side times
StandardizedEstimator(LogisticRegression) (the spot-check's model, which standardizes inside the
fit): like with like. The logistic regression alone, on rows standardized beforehand, is printed
after it (lr_only_s), with its iterations and function evaluations (SciPy's nit and nfev).

Run: OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/logistic_lbfgs.py /tmp/wide_table.csv
Prints: sklearn_logistic_fit_s_per_fold <median seconds> accuracy <mean> lr_only_s <median> iterations <n> evaluations <n>
"""
import sys
import time

import numpy as np
import pandas as pd
import scipy.optimize
from sklearn.linear_model import LogisticRegression, _logistic
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

df = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wide_table.csv")
y = df.pop("label").to_numpy()
x = pd.get_dummies(df, columns=["region"]).to_numpy(dtype=np.float64)

# SciPy's result holds the function evaluations; LogisticRegression keeps only the iterations.
minimize, evaluations = scipy.optimize.minimize, []


def counted(*args, **kwargs):
    result = minimize(*args, **kwargs)
    evaluations.append(result.nfev)
    return result


_logistic.optimize.minimize = counted
times, lr_times, scores = [], [], []
for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
    start = time.perf_counter()
    clf = make_pipeline(StandardScaler(), LogisticRegression(solver="lbfgs")).fit(x[train], y[train])
    times.append(time.perf_counter() - start)
    scores.append(clf.score(x[test], y[test]))
    xt = clf[0].transform(x[train])
    start = time.perf_counter()
    lr = LogisticRegression(solver="lbfgs").fit(xt, y[train])
    lr_times.append(time.perf_counter() - start)
print(f"sklearn_logistic_fit_s_per_fold {np.median(times):.4f} accuracy {np.mean(scores):.4f} lr_only_s {np.median(lr_times):.4f} "
      f"iterations {int(lr.n_iter_[0])} evaluations {evaluations[-1]}")
