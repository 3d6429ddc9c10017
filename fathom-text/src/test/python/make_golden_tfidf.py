"""Golden values for TfidfVectorizerTest: scikit-learn's TfidfVectorizer on a small corpus with
punctuation, Unicode (accents, final sigma, CJK, emoji, superscripts), empty and one-letter texts.

Run with Debian's python3 (python3-sklearn):
    /usr/bin/python3 fathom-text/src/test/python/make_golden_tfidf.py
It writes fathom-text/src/test/resources/golden/text/tfidf.txt in the format of dev.fathom.testing.Golden;
terms are joined by '|' (a term never holds one: tokens are runs of word characters).
"""
import os

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

TRAIN = [
    "The cat sat on the mat.",
    "The dog sat on the log!",
    "Cats and dogs: the best of friends?",
    "",
    "A a a I x",
    "Café naïve ΟΔΟΣ Straße, café CAFÉ",
    "東京 is big; 東京 is busy 😀 x² ½ snake_case",
    "the the the dog dog barked",
    "It's a dog-eat-dog world, isn't it?",
    "On the mat, the cat; on the log, the dog.",
]
NEW = [
    "The cat and the unknown zebra",
    "",
    "café ΟΔΟΣ 東京 dog",
    "never seen words only",
]

CASES = {
    "defaults": dict(),
    "bigrams_sublinear_mindf2": dict(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
    "bigrams_maxfeatures": dict(ngram_range=(1, 2), max_features=6),
    "plain_idf_l1_maxdf_share": dict(smooth_idf=False, norm="l1", max_df=0.5, min_df=0.15),
    "trigrams_no_idf": dict(ngram_range=(2, 3), use_idf=False),
}


def fmt(a):
    return " ".join(repr(float(x)) for x in np.asarray(a).ravel())


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "text", "tfidf.txt")
    lines = ["# scikit-learn " + sklearn.__version__ + " TfidfVectorizer; written by make_golden_tfidf.py"]
    for name, kw in CASES.items():
        v = TfidfVectorizer(**kw)
        x = v.fit_transform(TRAIN).toarray()
        if "max_features" in kw:
            # A tie at the cut would make scikit-learn's choice depend on its sort; the corpus must avoid one.
            from sklearn.feature_extraction.text import CountVectorizer
            cv = CountVectorizer(ngram_range=kw.get("ngram_range", (1, 1)))
            tf = np.sort(np.asarray(cv.fit_transform(TRAIN).sum(axis=0)).ravel())[::-1]
            assert tf[kw["max_features"] - 1] != tf[kw["max_features"]], "a tie at max_features"
        terms = v.get_feature_names_out()
        assert all("|" not in t for t in terms)
        lines.append("[" + name + "]")
        for k, w in kw.items():
            lines.append("param." + k + " = " + (" ".join(map(str, w)) if isinstance(w, tuple) else str(w)))
        lines.append("vocabulary = " + "|".join(terms))
        if kw.get("use_idf", True):
            lines.append("idf = " + fmt(v.idf_))
        lines.append("train.shape = %d %d" % x.shape)
        lines.append("train = " + fmt(x))
        y = v.transform(NEW).toarray()
        lines.append("new.shape = %d %d" % y.shape)
        lines.append("new = " + fmt(y))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
