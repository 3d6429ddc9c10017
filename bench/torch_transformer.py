#!/usr/bin/env python3
"""PyTorch twin of `./fathom bench transformer`: Transformer encoder training throughput in samples per second.

  THREADS=2 /usr/bin/python3 bench/torch_transformer.py   # prints: torch_transformer_train <n> samples/s

The same workload as dev.fathom.cli.TransformerBench: nn.TransformerEncoderLayer(128, 4,
dim_feedforward=256, dropout=0.1, relu, batch_first=True, norm-last) over sequences of 128 steps of
width 128, MSE loss against random targets of the output's shape, Adam at 1e-3, batches of 32 drawn
(shuffled each epoch) from 256 random samples with seed 0. Timing protocol as Fathom's: untimed
epochs for WARMUP seconds (at least two), then five epochs timed one by one, the median reported.
Run Debian's torch under /usr/bin/python3 and leave OPENBLAS_NUM_THREADS unset.
"""
import torch
import torch.nn as nn

from torch_train_timing import DEV, report_train_rate

SEQUENCE, WIDTH, HEADS, FEEDFORWARD, DROPOUT, BATCH, SAMPLES, ROUNDS = 128, 128, 4, 256, 0.1, 32, 256, 5


def main():
    x = torch.randn(SAMPLES, SEQUENCE, WIDTH, device=DEV)
    y = torch.randn(SAMPLES, SEQUENCE, WIDTH, device=DEV)
    model = nn.TransformerEncoderLayer(WIDTH, HEADS, dim_feedforward=FEEDFORWARD, dropout=DROPOUT,
                                       batch_first=True).to(DEV)
    report_train_rate("transformer_train", model, x, y, BATCH, ROUNDS)


if __name__ == "__main__":
    main()
