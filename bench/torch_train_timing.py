"""The setup and timing loop the PyTorch training-throughput twins share (torch_lstm.py, torch_transformer.py),
the protocol of dev.fathom.cli.TrainingThroughput: untimed epochs for WARMUP seconds (at least two), then
ROUNDS epochs timed one by one, the median reported. Importing it sets torch's threads (THREADS, default 2)
and seed 0 and reads the device (DEVICE, default cpu), before the caller draws its data.
"""
import os
import statistics
import time

import torch
import torch.nn as nn

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
torch.manual_seed(0)
DEV = torch.device(os.environ.get("DEVICE", "cpu"))
WARMUP = float(os.environ.get("WARMUP", "1.5"))


def sync():
    if DEV.type == "cuda":
        torch.cuda.synchronize()


def epoch(model, opt, x, y, batch):
    loss_fn = nn.MSELoss()
    perm = torch.randperm(len(x), device=DEV)
    for i in range(0, len(x), batch):
        j = perm[i:i + batch]
        opt.zero_grad()
        loss_fn(model(x[j]), y[j]).backward()
        opt.step()


def report_train_rate(name, model, x, y, batch, rounds):
    """Trains `model` (in training mode, Adam at 1e-3, MSE) and prints `torch[_cuda]_<name> <n> samples/s`."""
    model.train()   # training mode: PyTorch's inference fast path does not apply
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    end = time.perf_counter() + WARMUP
    done = 0
    while done < 2 or time.perf_counter() < end:
        epoch(model, opt, x, y, batch)
        done += 1
    sync()
    rates = []
    for _ in range(rounds):
        t = time.perf_counter()
        epoch(model, opt, x, y, batch)
        sync()
        rates.append(len(x) / (time.perf_counter() - t))
    p = "torch" if DEV.type == "cpu" else "torch_cuda"
    print(f"{p}_{name} {statistics.median(rates):.1f} samples/s")
