#!/usr/bin/python3
# Golden values for PairedTTestTest: the corrected resampled paired t-test of Nadeau and Bengio
# (2003), computed with NumPy and SciPy's Student t distribution.
#   t = mean(d) / sqrt((1/k + n_test/n_train) * var(d, ddof=1)),  df = k - 1,  p = 2 * sf(|t|, df)
# Run: /usr/bin/python3 make_ttest_golden.py > ttest_golden.json
import json

import numpy as np
from scipy import stats

cases = [
    # name, a, b, test/train ratio
    ("five folds, mlp vs knn", [0.97, 0.98, 0.96, 0.97, 0.99], [0.96, 0.97, 0.96, 0.95, 0.97], 1 / 4),
    ("ten folds, clear winner", [0.91, 0.93, 0.92, 0.94, 0.90, 0.93, 0.92, 0.95, 0.91, 0.93],
     [0.85, 0.86, 0.88, 0.84, 0.85, 0.87, 0.86, 0.85, 0.84, 0.88], 1 / 9),
    ("negative difference", [0.70, 0.72, 0.69, 0.71], [0.74, 0.73, 0.75, 0.72], 1 / 3),
    ("hold-out ratio 0.25 over 3 repeats", [0.8, 0.82, 0.79], [0.78, 0.8, 0.8], 0.25),
    ("uncorrected (ratio 0)", [0.97, 0.98, 0.96, 0.97, 0.99], [0.96, 0.97, 0.96, 0.95, 0.97], 0.0),
]
out = []
for name, a, b, ratio in cases:
    d = np.array(a) - np.array(b)
    k = len(d)
    t = d.mean() / np.sqrt((1 / k + ratio) * d.var(ddof=1))
    p = 2 * stats.t.sf(abs(t), k - 1)
    out.append({"name": name, "a": a, "b": b, "ratio": ratio, "mean": d.mean(), "t": t, "df": k - 1, "p": p})
print(json.dumps({"cases": out}, indent=1))
