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
import os
import statistics
import time

import torch
import torch.nn as nn

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
torch.manual_seed(0)
DEV = torch.device(os.environ.get("DEVICE", "cpu"))
SEQUENCE, WIDTH, HEADS, FEEDFORWARD, DROPOUT, BATCH, SAMPLES, ROUNDS = 128, 128, 4, 256, 0.1, 32, 256, 5
WARMUP = float(os.environ.get("WARMUP", "1.5"))


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
    x = torch.randn(SAMPLES, SEQUENCE, WIDTH, device=DEV)
    y = torch.randn(SAMPLES, SEQUENCE, WIDTH, device=DEV)
    model = nn.TransformerEncoderLayer(WIDTH, HEADS, dim_feedforward=FEEDFORWARD, dropout=DROPOUT,
                                       batch_first=True).to(DEV)
    model.train()   # training mode: PyTorch's inference fast path does not apply
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
    print(f"{p}_transformer_train {statistics.median(rates):.1f} samples/s")


if __name__ == "__main__":
    main()
