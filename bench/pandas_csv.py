#!/usr/bin/python3
"""pandas' side of `./fathom bench csv`: prints `pandas_csv_read <MB/s>` for the same file.

    /usr/bin/python3 bench/pandas_csv.py [PATH]

PATH defaults to the file `./fathom bench csv` writes: <tmp>/fathom-bench/csv_1000000x20_seed0.csv
(Java's java.io.tmpdir, /tmp on Linux). When it is missing, this script writes it byte for byte as
Fathom does: SplitMix64 from seed 0, each value (next >> 11) % 2000001 - 1000000 printed as v / 10^4
with four decimals, header f0..f19. The figure is the median of three timed reads of
pd.read_csv(path).to_numpy(dtype='float32') after one untimed read, in MB (10^6 bytes) per second.
"""

import os
import statistics
import sys
import time

import numpy as np
import pandas as pd

ROWS, COLS = 1_000_000, 20
GAMMA = np.uint64(0x9E3779B97F4A7C15)


def mix(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def write(path, rows=ROWS, cols=COLS):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="\n") as f:
        f.write(",".join(f"f{c}" for c in range(cols)) + "\n")
        block = 100_000
        with np.errstate(over="ignore"):
            for start in range(0, rows, block):
                n = min(block, rows - start) * cols
                i = np.arange(start * cols + 1, start * cols + n + 1, dtype=np.uint64)
                v = (mix(i * GAMMA) >> np.uint64(11)) % np.uint64(2_000_001)
                v = v.astype(np.int64) - 1_000_000
                np.savetxt(f, (v / 10_000).reshape(-1, cols), fmt="%.4f", delimiter=",")
    os.replace(tmp, path)


def main():
    default = os.path.join("/tmp", "fathom-bench", f"csv_{ROWS}x{COLS}_seed0.csv")
    path = sys.argv[1] if len(sys.argv) > 1 else default
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write(path)
    size = os.path.getsize(path)
    pd.read_csv(path).to_numpy(dtype="float32")
    seconds = []
    for _ in range(3):
        t0 = time.perf_counter()
        x = pd.read_csv(path).to_numpy(dtype="float32")
        seconds.append(time.perf_counter() - t0)
        assert x.shape == (ROWS, COLS), x.shape
    print(f"pandas_csv_read {size / 1e6 / statistics.median(seconds):.1f} MB/s")


if __name__ == "__main__":
    main()
