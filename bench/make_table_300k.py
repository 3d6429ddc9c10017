"""Writes the 300,000-row table of issue 24's speed figures: 20 numeric columns and 1 categorical one.

Run: /usr/bin/python3 bench/make_table_300k.py [OUT.csv]   (default: bench/data/table_300k.csv)

Columns x0..x19 are float32 numbers (x0..x9 standard normal, x10..x19 uniform on [0, 10), 2% of
x3 and x7 missing, written empty), `cat` is one of 12 categories written as codes c0..c11 (a
category column in the CSV), and `target` is 0 or 1. The target depends on thresholds,
interactions and the category, so trees and linear models both have something to find:
logit = 1.5·x0 - x1·x2 + 2·[x10 > 5] + sin(x11) + effect[cat] + 0.5·x3 (missing as 0) + noise.
Seeded: the same file every time. ROWS=3000 writes a smaller table of the same kind (to try the scripts).
"""
import os
import sys

import numpy as np

N, NUMERIC, CATEGORIES = int(os.environ.get("ROWS", 300_000)), 20, 12
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "data", "table_300k.csv")
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)

rng = np.random.default_rng(24)
x = np.empty((N, NUMERIC), dtype=np.float32)
x[:, :10] = rng.standard_normal((N, 10))
x[:, 10:] = rng.uniform(0, 10, (N, 10))
cat = rng.integers(0, CATEGORIES, N)
effect = rng.normal(0, 1.2, CATEGORIES)
x3 = np.where(np.isnan(x[:, 3]), 0, x[:, 3])
logit = (1.5 * x[:, 0] - x[:, 1] * x[:, 2] + 2.0 * (x[:, 10] > 5) + np.sin(x[:, 11]) + effect[cat] + 0.5 * x3
         + rng.normal(0, 1.0, N) - 1.0)
target = (logit > 0).astype(int)
for j in (3, 7):
    x[rng.random(N) < 0.02, j] = np.nan

with open(out + ".tmp", "w") as f:
    f.write(",".join([f"x{j}" for j in range(NUMERIC)] + ["cat", "target"]) + "\n")
    for i in range(N):
        nums = ["" if np.isnan(v) else repr(float(v)) for v in x[i]]
        f.write(",".join(nums + [f"c{cat[i]}", str(target[i])]) + "\n")
os.replace(out + ".tmp", out)
print(f"wrote {out}: {N} rows, {NUMERIC} numeric + 1 categorical column, {target.mean():.3f} positive")
