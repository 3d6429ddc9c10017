"""scikit-learn's HistGradientBoostingClassifier on bench/make_table_300k.py's table: the reference of bench/trees.

Run: OMP_NUM_THREADS=2 /usr/bin/python3 bench/sklearn_hist_boosting.py [TABLE.csv]
Prints `sklearn_hgb_fit <seconds> s` (the median of 3 fits) and `sklearn_hgb_acc <accuracy> acc`.
Same settings as bench/TreesBench.java: the first 80% of the rows train (240,000), the rest test; 100
iterations, learning rate 0.1, 31 leaves, 20 rows per leaf, no early stopping, `cat` (column 20)
categorical, missing values native.
"""
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "data", "table_300k.csv")
df = pd.read_csv(path)
df["cat"] = df["cat"].str[1:].astype(int)
x = df.drop(columns="target").to_numpy(dtype=np.float32)   # float32, as Fathom's tensors
y = df["target"].to_numpy()
cut = len(y) * 4 // 5
train, test = slice(0, cut), slice(cut, None)
mask = np.zeros(21, dtype=bool)
mask[20] = True
times = []
for _ in range(3):
    model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
                                           early_stopping=False, categorical_features=mask, random_state=0)
    t0 = time.perf_counter()
    model.fit(x[train], y[train])
    times.append(time.perf_counter() - t0)
print(f"sklearn_hgb_fit {sorted(times)[1]:.3f} s")
print(f"sklearn_hgb_acc {model.score(x[test], y[test]):.4f} acc")
