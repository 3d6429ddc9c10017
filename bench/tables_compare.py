"""fathom train against scikit-learn on public tables (issue 24's first figure).

Run: bench/tables_compare [NAME ...]        (all data sets when none is named; see DATASETS below)
     or /usr/bin/python3 bench/tables_compare.py [NAME ...]

For each data set, one at a time:
1. it is written as a CSV (the bundled sets are run by name, as a user would, and read from
   Fathom's own copy), then `./fathom train` runs on it with its defaults (90 s budget, seed 42);
   its best cross-validated score is the first row of the last leaderboard it prints, in the metric
   it names ("models are compared by ...": accuracy, balanced_accuracy or r2);
2. scikit-learn cross-validates its four families on the same rows (the training split: the rows
   of fathom's predictions.csv, its untouched test split, are left out) with the same metric and
   5 shuffled folds (stratified for classes): LogisticRegression (classes) or Ridge (numbers),
   RandomForest (100 trees), HistGradientBoosting and MLP, at their defaults, behind median
   imputation, one-hot encoding of text columns and standardizing (the linear models and the MLP;
   the MLP regressor also learns a standardized target);
3. one table row: fathom's best and its model, each scikit-learn family, and fathom minus the best
   of the four (the issue asks for >= -0.01); then, on fathom's untouched test split, fathom's
   final model against scikit-learn's best family (by its CV score) fitted on all the training rows.

Both sides score on the same folds: fathom writes each training row's fold to folds.csv, and
scikit-learn cross-validates with those (PredefinedSplit), so a difference is not the luck of two
different splits (a run folder without folds.csv, from before fathom wrote it, falls back to
5 shuffled folds of scikit-learn's own, random_state=0, and says so). The statsmodels tables come from Debian's
python3-statsmodels (statsmodels/datasets); STATSMODELS_DATASETS points elsewhere, e.g. at the
statsmodels/datasets folder of an unpacked statsmodels wheel. A data set whose file is missing is
skipped with the reason. Results go to stdout (a Markdown table) and bench/data/tables_compare/
(NAME.json per data set, fathom's output and run folder); `bench/tables_compare --table` prints
the table again from the saved results, so data sets can be run one command at a time, and
REUSE_FATHOM=1 reruns only the scikit-learn side where fathom's output is saved.
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier,
                              RandomForestRegressor)
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import get_scorer
from sklearn.model_selection import KFold, PredefinedSplit, StratifiedKFold, cross_val_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)   # the MLP's 1000 iterations are its budget here
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BUILTIN = os.path.join(ROOT, "fathom-data", "src", "main", "resources", "dev", "fathom", "datasets", "builtin")
SKLEARN_DATA = os.path.join(os.path.dirname(__import__("sklearn").__file__), "datasets", "data")
STATSMODELS = os.environ.get("STATSMODELS_DATASETS", "/usr/lib/python3/dist-packages/statsmodels/datasets")
OUT = os.path.join(ROOT, "bench", "data", "tables_compare")
FATHOM = os.environ.get("FATHOM", os.path.join(ROOT, "fathom"))


def builtin(name, target):
    def load():
        path = os.path.join(BUILTIN, name + ".csv")
        if not os.path.exists(path):
            with gzip.open(path + ".gz", "rt") as f:
                return pd.read_csv(f)
        return pd.read_csv(path)
    return {"name": name, "builtin": True, "target": target, "load": load, "source": "bundled"}


def table(name, target, path, prepare=lambda d: d, source="", skiprows=0):
    def load():
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        return prepare(pd.read_csv(path, sep=None, engine="python", skiprows=skiprows))
    return {"name": name, "builtin": False, "target": target, "load": load, "source": source}


def anes96(d):
    d = d.rename(columns=lambda c: c.strip("'"))
    d["vote"] = np.where(d["vote"] == 1, "Dole", "Clinton")       # statsmodels' coding: 1 = Dole
    return d


def fair(d):
    # statsmodels' own example: did the woman have an affair (affairs > 0)?
    d = d.copy()
    d["had_affair"] = np.where(d.pop("affairs") > 0, "yes", "no")
    return d


def star98(d):
    # statsmodels models (NABOVE, NBELOW) binomially; here the share of students above the median
    d = d.copy()
    d["share_above"] = d.pop("PR50M") / d.pop("MATHTOT")
    return d


DATASETS = [
    builtin("iris", "species"),
    builtin("wine", "class"),
    builtin("breast_cancer", "diagnosis"),
    builtin("digits", "digit"),
    builtin("diabetes", "progression"),
    # scikit-learn's first line is "506,13": its row and feature counts
    table("boston", "MEDV", os.path.join(SKLEARN_DATA, "boston_house_prices.csv"), source="python3-sklearn", skiprows=1),
    table("anes96", "vote", os.path.join(STATSMODELS, "anes96", "anes96.csv"), anes96, "python3-statsmodels"),
    table("fair", "had_affair", os.path.join(STATSMODELS, "fair", "fair.csv"), fair, "python3-statsmodels"),
    table("grunfeld", "invest", os.path.join(STATSMODELS, "grunfeld", "grunfeld.csv"), source="python3-statsmodels"),
    table("engel", "foodexp", os.path.join(STATSMODELS, "engel", "engel.csv"), source="python3-statsmodels"),
    table("star98", "share_above", os.path.join(STATSMODELS, "star98", "star98.csv"), star98, "python3-statsmodels"),
    table("randhie", "mdvis", os.path.join(STATSMODELS, "randhie", "randhie.csv"), source="python3-statsmodels"),
]


def run_fathom(ds, csv, run_dir):
    data = ds["name"] if ds["builtin"] else csv
    cmd = [FATHOM, "train", data, "--out", run_dir] + ([] if ds["builtin"] else ["--target", ds["target"]])
    saved = os.path.join(OUT, ds["name"] + ".fathom.txt")
    if os.environ.get("REUSE_FATHOM") and os.path.exists(saved) and os.path.exists(os.path.join(run_dir, "predictions.csv")):
        stdout, seconds = open(saved).read().split("\n--- stderr ---\n")[0], float("nan")   # the scikit-learn side again only
    else:
        shutil.rmtree(run_dir, ignore_errors=True)
        t0 = time.time()
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        seconds = time.time() - t0
        with open(saved, "w") as f:
            f.write(p.stdout + "\n--- stderr ---\n" + p.stderr)
        if p.returncode != 0:
            raise RuntimeError(f"fathom train exited {p.returncode}: " + (p.stderr.strip().splitlines() or ["?"])[-1])
        stdout = p.stdout
    metric = re.search(r"models are compared by (\w+):", stdout).group(1)
    lines = stdout.splitlines()
    header = max(i for i, l in enumerate(lines) if re.match(r"\s+rank\s+model\s+stage\s+mean", l))
    best = lines[header + 1].split()
    test = re.search(r"on the untouched test split \([^)]*\): (?:.*?, )?" + metric + r" (-?[0-9.]+(?:E-?[0-9]+)?)", stdout)
    # rank, model words..., stage, mean, std, s per fold
    return metric, float(best[-3]), " ".join(best[1:-4]), seconds, float(test.group(1))


def families(classification, metric):
    def prep(scale):
        num = make_pipeline(SimpleImputer(strategy="median"), *( [StandardScaler()] if scale else []))
        cat = make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore", sparse_output=False))
        return lambda numeric, text: ColumnTransformer([("num", num, numeric), ("cat", cat, text)])
    if classification:
        return {
            "logistic": (prep(True), lambda: LogisticRegression(max_iter=5000)),
            "random forest": (prep(False), lambda: RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=2)),
            "hist boosting": (prep(False), lambda: HistGradientBoostingClassifier(random_state=0)),
            "MLP": (prep(True), lambda: MLPClassifier(max_iter=1000, random_state=0)),
        }
    return {
        "ridge": (prep(True), lambda: Ridge()),
        "random forest": (prep(False), lambda: RandomForestRegressor(n_estimators=100, random_state=0, n_jobs=2)),
        "hist boosting": (prep(False), lambda: HistGradientBoostingRegressor(random_state=0)),
        "MLP": (prep(True), lambda: TransformedTargetRegressor(MLPRegressor(max_iter=1000, random_state=0),
                                                                transformer=StandardScaler())),
    }


def run_sklearn(d, target, test_rows, actual, metric, folds_csv=None):
    """CV of each family on the rows fathom trained on, on fathom's folds when folds_csv (its folds.csv) is
    given; checks fathom's test rows against the data."""
    y_all = d[target]
    for row, value in zip(test_rows, actual):
        if _word(y_all.iloc[row]) != _word(value) and not _same_number(y_all.iloc[row], value):
            raise RuntimeError(f"fathom's predictions.csv row {row} holds target {value!r}, the data {y_all.iloc[row]!r}")
    keep = np.setdiff1d(np.arange(len(d)), np.asarray(test_rows, dtype=int))
    x = d.drop(columns=[target]).iloc[keep]
    y = y_all.iloc[keep]
    x_test = d.drop(columns=[target]).iloc[np.asarray(test_rows, dtype=int)]
    y_test = y_all.iloc[np.asarray(test_rows, dtype=int)]
    classification = metric in ("accuracy", "balanced_accuracy")
    numeric = [c for c in x.columns if pd.api.types.is_numeric_dtype(x[c])]
    text = [c for c in x.columns if c not in numeric]
    if folds_csv is not None and os.path.exists(folds_csv):
        f = pd.read_csv(folds_csv)
        fold_of = dict(zip(f["row"].astype(int), f["fold"].fillna(-1).astype(int)))
        if sorted(fold_of) != keep.tolist():
            raise RuntimeError(f"{folds_csv} names other rows than fathom's training split")
        cv = PredefinedSplit([fold_of[r] for r in keep])
    else:
        print("  (no folds.csv from fathom: scikit-learn uses 5 shuffled folds of its own)", flush=True)
        cv = (StratifiedKFold(5, shuffle=True, random_state=0) if classification else KFold(5, shuffle=True, random_state=0))
    out = {}
    for name, (prep, model) in families(classification, metric).items():
        pipe = make_pipeline(prep(numeric, text), model())
        t0 = time.time()
        s = cross_val_score(pipe, x, y, cv=cv, scoring=metric)
        out[name] = (float(s.mean()), float(s.std()), time.time() - t0)
    # the family of the best CV score, fitted on all the training rows, on fathom's untouched test split
    best = max(out, key=lambda k: out[k][0])
    prep, model = families(classification, metric)[best]
    pipe = make_pipeline(prep(numeric, text), model()).fit(x, y)
    return out, len(keep), (best, float(get_scorer(metric)(pipe, x_test, y_test)), len(test_rows))


def _word(v):
    """A target value as fathom writes it back: yes/no columns are read as booleans (true/false)."""
    w = str(v).strip().lower()
    return {"yes": "true", "no": "false"}.get(w, w)


def _same_number(a, b):
    try:
        return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))
    except (TypeError, ValueError):
        return False


def main(names):
    os.makedirs(OUT, exist_ok=True)
    chosen = [d for d in DATASETS if not names or d["name"] in names]
    unknown = set(names) - {d["name"] for d in DATASETS}
    if unknown:
        sys.exit(f"tables_compare: unknown data set(s) {sorted(unknown)}; known: {[d['name'] for d in DATASETS]}")
    results = []
    for ds in chosen:
        try:
            d = ds["load"]()
        except FileNotFoundError as e:
            print(f"{ds['name']}: skipped, {e} is missing (install {ds['source']} or set STATSMODELS_DATASETS)", flush=True)
            continue
        csv = os.path.join(OUT, ds["name"] + ".csv")
        d.to_csv(csv, index=False)
        run_dir = os.path.join(OUT, ds["name"] + "-run")
        print(f"{ds['name']}: {len(d)} rows x {d.shape[1] - 1} columns, target {ds['target']}; fathom train ...", flush=True)
        metric, best, model, seconds, fathom_test = run_fathom(ds, csv, run_dir)
        pred = pd.read_csv(os.path.join(run_dir, "predictions.csv"))
        actual = pred[[c for c in pred.columns if c.endswith("(actual)")][0]]
        folds_csv = os.path.join(run_dir, "folds.csv")
        sk, rows, (sk_test_family, sk_test, test_rows) = run_sklearn(d, ds["target"], pred["row"].tolist(), actual.tolist(), metric,
                                                                     folds_csv)
        sk_best = max(sk.items(), key=lambda kv: kv[1][0])
        r = {"name": ds["name"], "rows": rows, "metric": metric, "fathom": best, "fathom_model": model,
             "fathom_seconds": round(seconds, 1), "sklearn": {k: v[0] for k, v in sk.items()},
             "sklearn_std": {k: v[1] for k, v in sk.items()}, "sklearn_best": sk_best[0], "gap": best - sk_best[1][0],
             "test_rows": test_rows, "fathom_test": fathom_test, "sklearn_test": sk_test,
             "folds": "fathom's" if os.path.exists(folds_csv) else "scikit-learn's own"}
        results.append(r)
        with open(os.path.join(OUT, ds["name"] + ".json"), "w") as f:
            json.dump(r, f, indent=1)
        print(f"  fathom {metric} {best:.4f} ({model}, {seconds:.0f} s); scikit-learn "
              + ", ".join(f"{k} {v[0]:.4f}" for k, v in sk.items()) + f"; fathom - best {r['gap']:+.4f}; on the test split"
              f" fathom {fathom_test:.4f}, scikit-learn's {sk_test_family} {sk_test:.4f}", flush=True)
    print_table(results)


def print_table(results):
    print()
    print("| data set | CV rows | metric | fathom train (its best model) | linear | random forest | hist boosting | MLP | fathom − best"
          " | test rows: fathom, scikit-learn's best |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        cells = [f"**{v:.4f}**" if k == r["sklearn_best"] else f"{v:.4f}" for k, v in r["sklearn"].items()]
        test = f"{r['test_rows']}: {r['fathom_test']:.4f}, {r['sklearn_test']:.4f}" if "fathom_test" in r else "—"
        print(f"| {r['name']} | {r['rows']} | {r['metric']} | {r['fathom']:.4f} ({r['fathom_model']}) | " + " | ".join(cells)
              + f" | {r['gap']:+.4f}{'' if r['gap'] >= -0.01 else ' ✗'} | {test} |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:   # the table again, from the results the last runs saved
        saved = [os.path.join(OUT, d["name"] + ".json") for d in DATASETS]
        print_table([json.load(open(p)) for p in saved if os.path.exists(p)])
    else:
        main(sys.argv[1:])
