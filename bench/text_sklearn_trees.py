"""What scikit-learn's histogram boosting makes of the columns fathom train's text trees read: the
500 TF-IDF (1-2-gram) terms in the most training texts, on fold 0 of the stratified 5-fold split
(seed 0) of the training rows, with leaves of at least 20 rows (scikit-learn's default) and of 5.

    OMP_NUM_THREADS=1 /usr/bin/python3 bench/text_sklearn_trees.py FILE.csv TEXT_COLUMN TARGET_COLUMN PREDICTIONS.csv

PREDICTIONS.csv is the predictions.csv of a fathom train run on FILE.csv: its rows are held out,
as in bench/text_sklearn.py.
"""
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold

data = pd.read_csv(sys.argv[1], keep_default_na=False)
text, target = sys.argv[2], sys.argv[3]
held = set(int(r) for r in pd.read_csv(sys.argv[4], keep_default_na=False)["row"])
train = data[[i not in held for i in range(len(data))]]
fit_rows, score_rows = next(StratifiedKFold(5, shuffle=True, random_state=0).split(train, train[target]))
a, b = train.iloc[fit_rows], train.iloc[score_rows]
vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=5000).fit(a[text])
xa, xb = vectorizer.transform(a[text]), vectorizer.transform(b[text])
commonest = np.argsort(-np.asarray((xa > 0).sum(0)).ravel(), kind="stable")[:500]
xa, xb = xa[:, commonest].toarray(), xb[:, commonest].toarray()
for leaf in (20, 5):
    model = HistGradientBoostingClassifier(learning_rate=0.1, max_leaf_nodes=31, max_iter=100, early_stopping=False,
                                           min_samples_leaf=leaf).fit(xa, a[target])
    print("sklearn_hgb_500_terms_min_leaf_%d_fold0_accuracy %.4f" % (leaf, (model.predict(xb) == b[target]).mean()))
