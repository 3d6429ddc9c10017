#!/usr/bin/env python3
"""PyTorch twin of `./fathom bench lstm`: LSTM training throughput in samples per second.

  THREADS=2 /usr/bin/python3 bench/torch_lstm.py      # prints: torch_lstm_train <n> samples/s

The same workload as dev.fathom.cli.LstmBench: nn.LSTM(32, 128, batch_first=True) over sequences
of 50 steps, its last output into nn.Linear(128, 1), MSE loss, Adam at 1e-3, batches of 64 drawn
(shuffled each epoch) from 512 random samples with seed 0. Timing protocol as Fathom's: untimed
epochs for WARMUP seconds (at least two), then five epochs timed one by one, the median reported.
Run Debian's torch under /usr/bin/python3 and leave OPENBLAS_NUM_THREADS unset.
"""
import torch
import torch.nn as nn

from torch_train_timing import DEV, report_train_rate

SEQUENCE, FEATURES, UNITS, BATCH, SAMPLES, ROUNDS = 50, 32, 128, 64, 512, 5


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, UNITS, batch_first=True)
        self.out = nn.Linear(UNITS, 1)

    def forward(self, x):
        seq, _ = self.lstm(x)
        return self.out(seq[:, -1])


def main():
    x = torch.randn(SAMPLES, SEQUENCE, FEATURES, device=DEV)
    y = torch.randn(SAMPLES, 1, device=DEV)
    model = Net().to(DEV)
    report_train_rate("lstm_train", model, x, y, BATCH, ROUNDS)


if __name__ == "__main__":
    main()
