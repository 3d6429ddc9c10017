#!/usr/bin/env python3
"""PyTorch twin of `./fathom bench lstm`: LSTM training throughput in samples per second.

  THREADS=2 /usr/bin/python3 bench/torch_lstm.py      # prints: torch_lstm_train <n> samples/s

The same workload as dev.fathom.cli.LstmBench: nn.LSTM(32, 128, batch_first=True) over sequences
of 50 steps, its last output into nn.Linear(128, 1), MSE loss, Adam at 1e-3, batches of 64 drawn
(shuffled each epoch) from 512 random samples with seed 0. Timing protocol as Fathom's: untimed
epochs for WARMUP seconds (at least two), then five epochs timed one by one, the median reported.
Run Debian's torch under /usr/bin/python3 and leave OPENBLAS_NUM_THREADS unset.
"""
import os
import statistics
import time

import torch
import torch.nn as nn

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
torch.manual_seed(0)
DEV = torch.device(os.environ.get("DEVICE", "cpu"))
SEQUENCE, FEATURES, UNITS, BATCH, SAMPLES, ROUNDS = 50, 32, 128, 64, 512, 5
WARMUP = float(os.environ.get("WARMUP", "1.5"))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, UNITS, batch_first=True)
        self.out = nn.Linear(UNITS, 1)

    def forward(self, x):
        seq, _ = self.lstm(x)
        return self.out(seq[:, -1])


def sync():
    if DEV.type == "cuda":
        torch.cuda.synchronize()


def epoch(model, opt, x, y):
    loss_fn = nn.MSELoss()
    perm = torch.randperm(len(x), device=DEV)
    for i in range(0, len(x), BATCH):
        j = perm[i:i + BATCH]
        opt.zero_grad()
        loss_fn(model(x[j]), y[j]).backward()
        opt.step()


def main():
    x = torch.randn(SAMPLES, SEQUENCE, FEATURES, device=DEV)
    y = torch.randn(SAMPLES, 1, device=DEV)
    model = Net().to(DEV)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    end = time.perf_counter() + WARMUP
    done = 0
    while done < 2 or time.perf_counter() < end:
        epoch(model, opt, x, y)
        done += 1
    sync()
    rates = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        epoch(model, opt, x, y)
        sync()
        rates.append(SAMPLES / (time.perf_counter() - t))
    p = "torch" if DEV.type == "cpu" else "torch_cuda"
    print(f"{p}_lstm_train {statistics.median(rates):.1f} samples/s")


if __name__ == "__main__":
    main()
