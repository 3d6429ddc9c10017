#!/usr/bin/python3
"""Writes the built-in data sets that fathom-data bundles in its jar, from the copies Debian ships.

Run from fathom-data with Debian's python3-sklearn and python3-statsmodels installed:

    /usr/bin/python3 src/test/python/make_builtin_datasets.py

It reads (read-only)
    /usr/lib/python3/dist-packages/sklearn/datasets/data/{iris.csv, wine_data.csv,
        breast_cancer.csv, digits.csv.gz, diabetes_data_raw.csv.gz, diabetes_target.csv.gz}
    /usr/lib/python3/dist-packages/statsmodels/datasets/sunspots/sunspots.csv
and rewrites
    src/main/resources/dev/fathom/datasets/builtin/{iris.csv, wine.csv, breast_cancer.csv,
        digits.csv.gz, diabetes.csv, sunspots.csv}

The numbers are copied as text, character for character; nothing is rescaled or rounded. The
transformation is only in the layout: scikit-learn's files start with a line of counts and class
names instead of a header, so this script writes a header row of column names and replaces each
class index by its class name (digits keep their digit). The two diabetes files (features
separated by tabs, targets in another file) become one comma-separated file with the target as its
last column. The sunspot file is copied with its header unquoted. README.md beside the files says
where each comes from and under which license.

Only the Python standard library is used here, so the files do not depend on how NumPy prints
numbers; the golden values the tests compare against come from scikit-learn's own loaders
(make_golden_datasets.py), a second path to the same data.
"""

import csv
import gzip
import io
import os

SKLEARN = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
STATSMODELS = "/usr/lib/python3/dist-packages/statsmodels/datasets/sunspots"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "main", "resources",
                   "dev", "fathom", "datasets", "builtin")

# scikit-learn's feature_names for each set (load_iris().feature_names, ...).
IRIS = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
WINE = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines",
        "proline"]
CANCER_BASE = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
               "concave points", "symmetry", "fractal dimension"]
CANCER = ([f"mean {n}" for n in CANCER_BASE] + [f"{n} error" for n in CANCER_BASE]
          + [f"worst {n}" for n in CANCER_BASE])
DIGITS = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
DIABETES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="ascii") as f:
        return [line.rstrip("\r\n") for line in f if line.strip()]


def write(name, header, rows):
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    data = text.getvalue().encode("ascii")
    path = os.path.join(OUT, name)
    if name.endswith(".gz"):
        # mtime=0 keeps the bytes the same from run to run, so git sees no change when nothing changed.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)
    print(f"{path}: {len(rows)} rows, {len(header)} columns")


def sklearn_classification(source, target, features, out):
    """scikit-learn's layout: 'n_samples,n_features,class names...', then features and a class index."""
    lines = read_lines(os.path.join(SKLEARN, source))
    first = lines[0].split(",")
    n, f, classes = int(first[0]), int(first[1]), first[2:]
    assert f == len(features), (source, f, len(features))
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        assert len(cells) == f + 1, (source, line)
        rows.append(cells[:f] + [classes[int(cells[f])]])
    assert len(rows) == n, (source, len(rows), n)
    write(out, features + [target], rows)


def digits():
    rows = []
    for line in read_lines(os.path.join(SKLEARN, "digits.csv.gz")):
        cells = line.split(",")
        assert len(cells) == 65, line
        assert all(c.isdigit() for c in cells), line
        rows.append(cells)
    write("digits.csv.gz", DIGITS + ["digit"], rows)


def diabetes():
    x = [line.split() for line in read_lines(os.path.join(SKLEARN, "diabetes_data_raw.csv.gz"))]
    y = read_lines(os.path.join(SKLEARN, "diabetes_target.csv.gz"))
    assert len(x) == len(y) == 442
    # The target file writes integers in exponent form (1.51e+02); they are whole numbers.
    targets = []
    for t in y:
        v = float(t)
        assert v == int(v), t
        targets.append(str(int(v)))
    write("diabetes.csv", DIABETES + ["progression"], [r + [t] for r, t in zip(x, targets)])


def sunspots():
    lines = read_lines(os.path.join(STATSMODELS, "sunspots.csv"))
    header = [h.strip('"') for h in lines[0].split(",")]
    assert header == ["YEAR", "SUNACTIVITY"], header
    write("sunspots.csv", header, [line.split(",") for line in lines[1:]])


def main():
    os.makedirs(OUT, exist_ok=True)
    sklearn_classification("iris.csv", "species", IRIS, "iris.csv")
    sklearn_classification("wine_data.csv", "class", WINE, "wine.csv")
    sklearn_classification("breast_cancer.csv", "diagnosis", CANCER, "breast_cancer.csv")
    digits()
    diabetes()
    sunspots()


if __name__ == "__main__":
    main()
