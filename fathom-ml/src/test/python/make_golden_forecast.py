#!/usr/bin/python3
"""Writes the reference values that the forecasting tests (dev.fathom.forecast) compare against.

Run from fathom-ml with Debian's Python (python3-numpy, python3-sklearn):

    /usr/bin/python3 src/test/python/make_golden_forecast.py

It rewrites src/test/resources/golden/forecast/baselines.txt (format of dev.fathom.losses.Golden).

Baselines are written the plain way, by indexing: persistence predicts step t by y[t-1]; seasonal
naive with season m predicts lead time h from origin t (history y[:t]) by y[t+h-1 - m*ceil(h/m)],
Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 5.2. Errors come from
sklearn.metrics (mean_squared_error with squared=False, mean_absolute_error); scaling from
sklearn.preprocessing.StandardScaler and MinMaxScaler fitted on the training span only.
"""

import math
import os

import numpy as np
import sklearn
from sklearn.metrics import mean_absolute_error, mean_squared_error
from sklearn.preprocessing import MinMaxScaler, StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "forecast", "baselines.txt")


def seasonal(y, origin, horizon, m):
    return [y[origin + h - 1 - m * math.ceil(h / m)] for h in range(1, horizon + 1)]


def nums(v):
    return " ".join(repr(float(x)) for x in np.ravel(v))


def main():
    # A small series with a cycle of 4 plus a trend and noise: the known series of the tests.
    rng = np.random.default_rng(7)
    t = np.arange(30)
    y = np.round(10 + 0.3 * t + 4 * np.sin(2 * np.pi * t / 4) + rng.normal(0, 1, 30), 2)
    train_end, test_from, m, horizon = 20, 20, 4, 6
    lines = ["# Written by src/test/python/make_golden_forecast.py; do not edit.",
             f"# numpy {np.__version__}, scikit-learn {sklearn.__version__}", "[baselines]",
             f"series = {nums(y)}", f"train_end = {train_end}", f"season = {m}", f"horizon = {horizon}"]
    actual = y[test_from:]
    for name, season in (("persistence", 1), ("seasonal", m)):
        one = np.array([y[s - season] for s in range(test_from, len(y))])
        lines.append(f"{name}.one_step = {nums(one)}")
        lines.append(f"{name}.rmse = {mean_squared_error(actual, one, squared=False)!r}")
        lines.append(f"{name}.mae = {mean_absolute_error(actual, one)!r}")
        rolling = np.array([seasonal(y, o, horizon, season) for o in range(test_from, len(y) - horizon + 1)])
        lines.append(f"{name}.rolling = {nums(rolling)}")
        lines.append(f"{name}.rolling.shape = {rolling.shape[0]} {rolling.shape[1]}")
        lines.append(f"{name}.future = {nums(seasonal(y, len(y), horizon, season))}")
    for name, scaler in (("standard", StandardScaler()), ("minmax", MinMaxScaler())):
        scaler.fit(y[:train_end].reshape(-1, 1))
        lines.append(f"{name}.transform = {nums(scaler.transform(y.reshape(-1, 1)))}")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
