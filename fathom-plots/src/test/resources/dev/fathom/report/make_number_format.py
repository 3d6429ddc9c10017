#!/usr/bin/python3
"""Writes number_format.csv: how HtmlReport tables show a double, from Python's own formatting.

Below 1000 a fractional value reads as format(v, ".4g") (4 significant digits, no trailing zeros,
scientific below 1e-4); at 1000 and above, and for whole numbers, it is the value rounded to an
integer, format(round(v)), up to 1e15, where ".4g" takes over again. Run: python3 make_number_format.py
"""
import csv
import math
import struct

values = [0.5, 0.25, 0.9533333333333334, 0.96, 0.0442, 12.3456, 999.94, -0.123456, 1 / 3, 2 / 3,
          0.00012345, 0.000099999, 1.2e-17, -3.5e-9, 0.1 + 0.2, 150.0, -42.0, 1234.56, 1e6 + 0.5,
          123456.789, 2.5e14, 3.1e16, -7.77e20, 1e-4, 0.001, 100.0, 5e-324, 1.0000001, 99.99999]


def shown(v):
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e15 or a < 1e-4:
        return format(v, ".4g")
    if v == math.floor(v) or a >= 1000:
        return format(round(v))   # round half to even, like Java's HALF_EVEN on the exact value
    return format(v, ".4g")


with open("number_format.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["bits", "shown"])
    for v in values:
        # The exact double as its bits, so no decimal round trip changes it.
        w.writerow([struct.unpack("<q", struct.pack("<d", v))[0], shown(v)])
