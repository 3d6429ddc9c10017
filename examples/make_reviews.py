"""Writes examples/reviews.csv: 160 short product reviews labelled positive or negative, for
`fathom train examples/reviews.csv --target label` (the README's text example).

The reviews are synthetic: each joins a hand-written opening, verdict and closing sentence of its
label (written for Fathom, Apache-2.0 like the rest of the repository), with a star rating column
that agrees with the label most of the time, so that text and numbers both carry information.
Deterministic: run `python3 examples/make_reviews.py` to write the same file again.
"""
import csv
import os
import random

OPENINGS = ["I bought this kettle last month.", "Got the headphones as a gift.", "We used the tent on a weekend trip.",
            "Ordered the blender after reading the reviews.", "The desk lamp arrived on Tuesday.", "My son picked this backpack.",
            "Tried the coffee grinder for two weeks.", "The running shoes came in a plain box.", "Bought the phone case on sale.",
            "This is my second vacuum from them."]
POSITIVE = ["It works perfectly and feels solid.", "Great value, would buy again without a second thought.",
            "Excellent quality, far better than I expected!", "Quiet, fast and easy to clean: I love it.",
            "Comfortable all day, the battery lasts forever.", "Sturdy, well made and the colour is lovely.",
            "Setup took five minutes and it has been flawless since.", "Highly recommended, a real bargain."]
NEGATIVE = ["It broke after three days, what a waste of money.", "Cheap plastic, flimsy and it rattles.",
            "Terrible quality, nothing like the photos.", "Loud, slow and impossible to clean.",
            "Uncomfortable, and the battery died within an hour.", "The zip tore on the first use; very disappointed.",
            "Stopped working after a week and support never answered.", "Do not buy this, I returned it the same day."]
CLOSINGS_POS = ["Five stars.", "Happy customer here.", "Delivery was quick too.", "", "Thanks!"]
CLOSINGS_NEG = ["Avoid.", "Asking for a refund.", "Never again.", "", "Returned."]


def main():
    rng = random.Random(23)
    rows = set()
    while len(rows) < 160:
        positive = len(rows) % 2 == 0
        text = " ".join(s for s in [rng.choice(OPENINGS), rng.choice(POSITIVE if positive else NEGATIVE),
                                    rng.choice(CLOSINGS_POS if positive else CLOSINGS_NEG)] if s)
        stars = rng.choice([4, 5, 5, 3]) if positive else rng.choice([1, 1, 2, 3])
        rows.add((text, stars, "positive" if positive else "negative"))
    rows = sorted(rows)
    rng.shuffle(rows)
    out = os.path.join(os.path.dirname(__file__), "reviews.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["review", "stars", "label"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
