"""bench/tfidf's scikit-learn side: fit_transform of the texts in FILE (one per line), best of 5.

    /usr/bin/python3 bench/tfidf_sklearn.py FILE
"""
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer

with open(sys.argv[1], encoding="utf-8") as f:
    texts = f.read().splitlines()
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    x = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    best = min(best, time.perf_counter() - start)
print("sklearn_tfidf_seconds %.3f (%d texts -> %d x %d, %d non-zeros)" % (best, len(texts), x.shape[0], x.shape[1], x.nnz))
