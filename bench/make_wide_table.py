"""Writes the issue-24 scale table: 300,000 rows x 20 numeric + 1 categorical column and a binary
target (seeded, so every run and machine gets the same file).

Run: /usr/bin/python3 bench/make_wide_table.py [OUT.csv]   (default /tmp/wide_table.csv)
Then: bench/logistic (logistic regression per fold, Fathom against scikit-learn's lbfgs), or
      ./fathom train /tmp/wide_table.csv --target label (every spot-check family within the budget).
"""
import sys

import numpy as np

rng = np.random.default_rng(24)
n = 300_000
x = rng.normal(size=(n, 20))
x[:, 10:] *= rng.uniform(0.5, 20, size=10)          # units that differ, as real columns do
category = rng.choice(["north", "south", "east", "west", "centre"], size=n, p=[0.3, 0.25, 0.2, 0.15, 0.1])
effect = {"north": 0.5, "south": -0.3, "east": 0.0, "west": 0.8, "centre": -1.0}
w = rng.normal(size=20) / np.r_[np.ones(10), x[:, 10:].std(0)]
logit = x @ w + np.vectorize(effect.get)(category) + 0.5 * np.sin(x[:, 0] * x[:, 1])
label = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/wide_table.csv"
with open(out, "w") as f:
    f.write(",".join([f"x{i}" for i in range(20)] + ["region", "label"]) + "\n")
    for i in range(n):
        f.write(",".join(f"{v:.6g}" for v in x[i]) + f",{category[i]},{label[i]}\n")
print("wrote", out, n, "rows; positive share", label.mean())
