#!/usr/bin/python3
"""Writes the pandas reference that DescriptionTest compares Table.describe() against.

Run from fathom-data with Debian's pandas:

    /usr/bin/python3 src/test/python/make_golden_describe.py

It rewrites
    src/test/resources/golden/data/describe_input.csv     a table with numbers, gaps, text, booleans
    src/test/resources/golden/data/describe_expected.txt  one 'column stat value' line per statistic

Numeric statistics are pandas' describe() (std with ddof=1, quartiles by linear interpolation);
'missing' is isna().sum(); text and boolean columns give unique, top and freq as describe() does for
object columns. Floats are printed with repr(), so they round-trip exactly.
"""

import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "golden", "data"))

rng = np.random.default_rng(7)
n = 257
height = rng.normal(170.0, 9.5, n).round(3)
height[rng.choice(n, 11, replace=False)] = np.nan
income = rng.lognormal(10.0, 1.2, n).round(2)
income[rng.choice(n, 3, replace=False)] = np.nan
age = rng.integers(18, 90, n).astype(float)
# Weights chosen so that no two cities tie for most frequent (pandas' 'top' is then unambiguous).
city = rng.choice(["Oslo", "Rome", "Lima", "Pune"], n, p=[0.4, 0.3, 0.2, 0.1]).astype(object)
city[rng.choice(n, 5, replace=False)] = None
member = rng.choice(["yes", "no"], n, p=[0.65, 0.35])
const = np.full(n, 4.0)

df = pd.DataFrame({"height": height, "income": income, "age": age, "city": city, "member": member, "const": const})
os.makedirs(OUT, exist_ok=True)
df.to_csv(os.path.join(OUT, "describe_input.csv"), index=False, na_rep="NA")

back = pd.read_csv(os.path.join(OUT, "describe_input.csv"))
lines = []
for col in ["height", "income", "age", "const"]:
    d = back[col].describe()
    lines.append(f"{col} count {int(d['count'])}")
    lines.append(f"{col} missing {int(back[col].isna().sum())}")
    for stat, key in [("mean", "mean"), ("std", "std"), ("min", "min"), ("q25", "25%"), ("median", "50%"),
                      ("q75", "75%"), ("max", "max")]:
        lines.append(f"{col} {stat} {float(d[key])!r}")
for col in ["city", "member"]:
    d = back[col].astype(object).describe()
    lines.append(f"{col} count {int(d['count'])}")
    lines.append(f"{col} missing {int(back[col].isna().sum())}")
    lines.append(f"{col} unique {int(d['unique'])}")
    lines.append(f"{col} top {d['top']}")
    lines.append(f"{col} freq {int(d['freq'])}")
with open(os.path.join(OUT, "describe_expected.txt"), "w") as f:
    f.write("# pandas " + pd.__version__ + " describe() of describe_input.csv; written by make_golden_describe.py\n")
    f.write("\n".join(lines) + "\n")
