"""bench/text_compare's scikit-learn side: TF-IDF (1- and 2-grams) + LogisticRegression under
stratified 5-fold cross-validation (shuffled, seed 0), as fathom train's text candidate.

    /usr/bin/python3 bench/text_sklearn.py FILE.csv TEXT_COLUMN TARGET_COLUMN [PREDICTIONS.csv]

Without PREDICTIONS.csv it cross-validates on every row. With the predictions.csv of a fathom train
run on the same file it holds out the rows fathom held out (that file's "row" column, the data
row's index from 0), so both sides cross-validate on the same training rows; it then fits on them
and scores the held-out rows too, as fathom's test split.
"""
import sys

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

data = pd.read_csv(sys.argv[1], keep_default_na=False)
text, target = sys.argv[2], sys.argv[3]


def model():
    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=1000))


train, test = data, None
if len(sys.argv) > 4:
    held_out = pd.read_csv(sys.argv[4], keep_default_na=False)
    rows = set(int(r) for r in held_out["row"])
    train = data[[i not in rows for i in range(len(data))]]
    test = data.iloc[sorted(rows)]
    actual = list(held_out[target + " (actual)"])
    expected = list(test[target])
    if sorted(actual) != sorted(expected):
        sys.exit("the predictions file's rows do not match " + sys.argv[1] + "'s; give the predictions.csv of a run on that file")

scores = cross_val_score(model(), train[text], train[target], cv=StratifiedKFold(5, shuffle=True, random_state=0),
                         scoring="accuracy")
print("sklearn_tfidf_logreg_cv_accuracy %.4f ± %.4f (%d training rows, %d classes)"
      % (scores.mean(), scores.std(), len(train), train[target].nunique()))
if test is not None:
    fitted = model().fit(train[text], train[target])
    print("sklearn_tfidf_logreg_test_accuracy %.4f (%d held-out rows)" % ((fitted.predict(test[text]) == test[target]).mean(), len(test)))
