"""bench/text_compare's scikit-learn side: TF-IDF (1- and 2-grams) + LogisticRegression under
stratified 5-fold cross-validation (shuffled, seed 0), as fathom train's text candidate.

    /usr/bin/python3 bench/text_sklearn.py FILE.csv TEXT_COLUMN TARGET_COLUMN
"""
import sys

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

data = pd.read_csv(sys.argv[1], keep_default_na=False)
x, y = data[sys.argv[2]], data[sys.argv[3]]
model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=1000))
scores = cross_val_score(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring="accuracy")
print("sklearn_tfidf_logreg_cv_accuracy %.4f ± %.4f (%d rows, %d classes)" % (scores.mean(), scores.std(), len(y), y.nunique()))
