"""Reference split importances of single CART trees from scikit-learn (Debian's python3-sklearn).

Run: /usr/bin/python3 fathom-ml/src/test/python/make_golden_tree_importances.py
Writes fathom-ml/src/test/resources/dev/fathom/trees/golden_tree_importances.json, read by
TreeImportancesGoldenTest.

feature_importances_ is each feature's total weighted impurity decrease over its splits, divided
by the root's weight, normalized to sum 1. A tree with every feature per split is deterministic
up to ties: when two features give the same impurity decrease, scikit-learn keeps the first of
its random feature order, and Fathom the first of its own. So each case is one where the tie
order does not matter: the script asserts that 40 values of random_state give the same tree
(importances, node count) before writing it. Real classification tables tie often (class counts
are small integers), so the classification cases use a seeded make_classification set, written
into the file; the regression case is the bundled diabetes table (raw, as Fathom bundles it).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, make_classification
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor


def tie_free(make, x, y):
    trees = [make(s).fit(x, y) for s in range(40)]
    first = trees[0]
    for t in trees[1:]:
        assert t.tree_.node_count == first.tree_.node_count and np.array_equal(t.feature_importances_, first.feature_importances_), \
            "ties decide this tree: pick another case"
    return first


def case(tree, **extra):
    return dict(extra, importances=tree.feature_importances_.tolist(), nodes=int(tree.tree_.node_count), depth=int(tree.get_depth()),
                root_feature=int(tree.tree_.feature[0]), root_threshold=float(tree.tree_.threshold[0]))


out = {"sklearn": sklearn.__version__}

x, y = make_classification(n_samples=600, n_features=6, n_informative=4, n_redundant=0, n_classes=3, flip_y=0.1, random_state=24)
x = x.astype(np.float32)
out["synthetic"] = {"x": [[float(v) for v in row] for row in x], "y": y.tolist()}
out["synthetic_gini"] = case(tie_free(lambda s: DecisionTreeClassifier(max_depth=5, min_samples_leaf=5, random_state=s), x, y),
                             max_depth=5, min_samples_leaf=5)
out["synthetic_entropy"] = case(tie_free(lambda s: DecisionTreeClassifier(criterion="entropy", max_depth=5, random_state=s), x, y),
                                max_depth=5, min_samples_leaf=1)

xd, yd = load_diabetes(return_X_y=True, scaled=False)   # the bundled diabetes.csv
xd = xd.astype(np.float32)
out["diabetes_squared_error"] = case(tie_free(lambda s: DecisionTreeRegressor(min_samples_leaf=5, random_state=s), xd, yd),
                                     min_samples_leaf=5)

path = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "fathom", "trees", "golden_tree_importances.json")
with open(path, "w") as f:
    json.dump(out, f)
for k, v in out.items():
    if isinstance(v, dict) and "importances" in v:
        print(k, {m: v[m] for m in v if m != "importances"}, np.round(v["importances"], 4).tolist())
