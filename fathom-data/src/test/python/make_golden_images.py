#!/usr/bin/python3
"""Writes the reference values that the image loading and augmentation tests compare against.

Run from fathom-data with Debian's Python (python3-torch, python3-scipy):

    /usr/bin/python3 src/test/python/make_golden_images.py

It rewrites src/test/resources/golden/images/images.txt in the format read by the test helper
dev.fathom.losses.Golden: '#' comment lines, '[name]' starting a case, 'key = values' lines.

The inputs are formulas that the Java tests compute too, so no image file is committed:
- resize cases: an RGB image with pixel (c, y, x) = (37*y + 11*x + 71*c + 5*x*y) % 256 (uint8),
  resized with torch.nn.functional.interpolate, mode "bilinear" (align_corners=False, no
  antialias: what TensorFlow's resize does with half-pixel centres) or "nearest-exact";
- augmentation cases: a float plane with value (11*y + 7*x) % 13 + 0.5*y, rotated about its
  centre or shifted with scipy.ndimage (order=1: bilinear). Fathom's FillMode CONSTANT, NEAREST,
  REFLECT and WRAP are scipy's 'grid-constant', 'nearest', 'reflect' and 'grid-wrap': a source
  index outside the image is mapped (or filled) neighbour by neighbour before interpolating.
"""

import math
import os

import numpy as np
import scipy.ndimage as ndi
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "images", "images.txt")
MODES = {"CONSTANT": "grid-constant", "NEAREST": "nearest", "REFLECT": "reflect", "WRAP": "grid-wrap"}


def rgb(h, w):
    c, y, x = np.meshgrid(np.arange(3), np.arange(h), np.arange(w), indexing="ij")
    return ((37 * y + 11 * x + 71 * c + 5 * x * y) % 256).astype(np.uint8)


def plane(h, w):
    y, x = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    return ((11 * y + 7 * x) % 13 + 0.5 * y).astype(np.float64)


def fmt(values):
    return " ".join(repr(float(v)) for v in np.asarray(values).ravel())


def main():
    lines = ["# Written by src/test/python/make_golden_images.py; do not edit.",
             f"# torch {torch.__version__}, scipy {__import__('scipy').__version__}, numpy {np.__version__}"]
    for (h, w, oh, ow, mode) in [(13, 17, 8, 24, "bilinear"), (13, 17, 31, 5, "bilinear"),
                                 (6, 4, 6, 4, "bilinear"), (13, 17, 8, 24, "nearest-exact")]:
        img = torch.from_numpy(rgb(h, w).astype(np.float32))[None]
        out = F.interpolate(img, size=(oh, ow), mode=mode, **({"align_corners": False} if mode == "bilinear" else {}))
        lines += [f"[resize_{mode}_{h}x{w}_to_{oh}x{ow}]", f"height = {h}", f"width = {w}", f"outHeight = {oh}",
                  f"outWidth = {ow}", f"interpolation = {'BILINEAR' if mode == 'bilinear' else 'NEAREST'}",
                  f"expected = {fmt(out[0].numpy())}"]
    h, w = 9, 11
    src = plane(h, w)
    center = np.array([(h - 1) / 2, (w - 1) / 2])
    for degrees in [30.0, -75.0]:
        t = math.radians(degrees)
        m = np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])
        for name, mode in MODES.items():
            out = ndi.affine_transform(src, m, offset=center - m @ center, order=1, mode=mode, cval=0.0)
            lines += [f"[rotate_{degrees:g}_{name}]", f"height = {h}", f"width = {w}", f"degrees = {degrees!r}",
                      f"fill = {name}", f"expected = {fmt(out)}"]
    for (fy, fx) in [(0.15, -0.2), (-0.3, 0.45)]:
        for name, mode in MODES.items():
            out = ndi.shift(src, (fy * h, fx * w), order=1, mode=mode, cval=0.0)
            lines += [f"[shift_{fy:g}_{fx:g}_{name}]", f"height = {h}", f"width = {w}", f"heightFraction = {fy!r}",
                      f"widthFraction = {fx!r}", f"fill = {name}", f"expected = {fmt(out)}"]
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
