"""Checks ONNX files with ONNX's own checker, strictly (full shape inference).

Run by OnnxCheckerTest (fathom-onnx) with Debian's /usr/bin/python3 and its python3-onnx:
    /usr/bin/python3 check_onnx_exports.py FILE.onnx ...
Prints one line per file, "ok NAME" or "FAIL NAME: reason", and exits 1 if any failed.
"""
import sys

import onnx

failed = False
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
        print("ok", path)
    except Exception as e:  # noqa: BLE001 - every failure is reported, by file
        failed = True
        print("FAIL", path + ":", str(e).replace("\n", " ")[:500])
sys.exit(1 if failed else 0)
