#!/usr/bin/python3
"""Writes the reference windows that the time-series tests compare against, and the sunspots copy.

Run from fathom-data with Debian's Python (python3-numpy, python3-statsmodels):

    /usr/bin/python3 src/test/python/make_golden_timeseries.py

It rewrites
    src/test/resources/golden/timeseries/windows.txt   (format of dev.fathom.losses.Golden)
    src/test/resources/golden/timeseries/sunspots.csv  (a copy of statsmodels' data set)

Windows are cut with numpy.lib.stride_tricks.sliding_window_view over lookback + gap + horizon
steps, every stride-th one: x = the first lookback steps (all features), y = the last horizon
steps of the target features, squeezed to [N, horizon] for one target.

Splits follow the rule documented in dev.fathom.data.timeseries.TimeSplit, written here the
plain way: cut the series at floor(T * cumulative fraction); in the default (disjoint) mode each
part is windowed on its own slice; with inputs from earlier parts, the validation (test) part
is windowed on the slice that starts lookback + gap steps before its first point, so its first
window's targets start exactly at the cut.

Sunspots: yearly sunspot activity 1700-2008, statsmodels.datasets.sunspots (source: NOAA NGDC,
http://www.ngdc.noaa.gov/stp/solar/solarda3.html), read from the CSV that python3-statsmodels
installs.
"""

import os

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "..", "resources", "golden", "timeseries")
SUNSPOTS = "/usr/lib/python3/dist-packages/statsmodels/datasets/sunspots/sunspots.csv"


def windows(series, lookback, horizon, stride, gap, targets):
    s = series if series.ndim == 2 else series[:, None]
    w = sliding_window_view(s, lookback + gap + horizon, axis=0)[::stride]  # [N, F, span]
    x = w[:, :, :lookback].transpose(0, 2, 1)
    y = w[:, targets, lookback + gap:].transpose(0, 2, 1)
    return x, (y[:, :, 0] if len(targets) == 1 else y)


def fmt(a):
    return " ".join(repr(float(v)) for v in np.asarray(a).ravel())


def shape(a):
    return " ".join(str(d) for d in np.asarray(a).shape)


def case(lines, name, series, lookback, horizon, stride, gap, targets, with_series=True):
    x, y = windows(series, lookback, horizon, stride, gap, targets)
    lines.append(f"[{name}]")
    if with_series:
        lines += [f"series = {fmt(series)}", f"series.shape = {shape(series)}"]
    lines += [f"lookback = {lookback}", f"horizon = {horizon}", f"stride = {stride}", f"gap = {gap}",
              f"targets = {' '.join(map(str, targets))}", f"x = {fmt(x)}", f"x.shape = {shape(x)}",
              f"y = {fmt(y)}", f"y.shape = {shape(y)}"]


def main():
    rng = np.random.default_rng(20240601)
    lines = ["# Written by src/test/python/make_golden_timeseries.py; do not edit.", f"# numpy {np.__version__}"]
    multi = np.round(rng.normal(size=(50, 3)), 4).astype(np.float32)
    case(lines, "multivariate", multi, 7, 3, 2, 1, [2, 0])
    case(lines, "multivariate_one_target", multi, 4, 2, 3, 0, [1])
    uni = np.round(rng.normal(size=30), 4).astype(np.float32)
    case(lines, "univariate", uni, 5, 1, 1, 0, [0])

    years, spots = np.loadtxt(SUNSPOTS, delimiter=",", skiprows=1, unpack=True)
    with open(os.path.join(OUT, "sunspots.csv"), "w") as f:
        f.write("# Yearly sunspot activity 1700-2008: statsmodels.datasets.sunspots (NOAA NGDC,\n"
                "# http://www.ngdc.noaa.gov/stp/solar/solarda3.html), copied from " + SUNSPOTS + "\n"
                "# by src/test/python/make_golden_timeseries.py.\nYEAR,SUNACTIVITY\n")
        for yr, v in zip(years, spots):
            f.write(f"{int(yr)},{v:g}\n")
    spots = spots.astype(np.float32)
    lookback, horizon, stride, gap = 11, 3, 1, 0
    case(lines, "sunspots", spots, lookback, horizon, stride, gap, [0], with_series=False)
    t = len(spots)
    c1, c2 = int(np.floor(t * 0.7 + 1e-9)), int(np.floor(t * 0.9 + 1e-9))
    lines += [f"[sunspots_split]", f"cuts = {c1} {c2}"]
    for mode, starts in [("disjoint", (0, c1, c2)), ("context", (0, c1 - lookback - gap, c2 - lookback - gap))]:
        for part, begin, end in zip(["train", "validation", "test"], starts, (c1, c2, t)):
            x, y = windows(spots[begin:end], lookback, horizon, stride, gap, [0])
            lines += [f"{mode}.{part}.first = {begin}", f"{mode}.{part}.x = {fmt(x)}", f"{mode}.{part}.x.shape = {shape(x)}",
                      f"{mode}.{part}.y = {fmt(y)}", f"{mode}.{part}.y.shape = {shape(y)}"]
    with open(os.path.join(OUT, "windows.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
