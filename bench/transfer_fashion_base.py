"""The pretrained base of bench/transfer: a small CNN that PyTorch trains on the ten Fashion-MNIST
classes (the 60,000 training images, EPOCHS epochs), exported to ONNX with a dynamic batch.

Usage: /usr/bin/python3 bench/transfer_fashion_base.py OUT.onnx [EPOCHS]
Reads Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist, or $FATHOM_DATA/fashion-mnist).
Prints the network's accuracy on the 10,000 test images (which the transfer tasks draw from: the base
never sees them).
"""
import gzip
import os
import sys

import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(int(os.environ.get("THREADS", "2")))


def folder():
    for d in [os.path.join(os.environ.get("FATHOM_DATA", "/nonexistent"), "fashion-mnist"),
              os.path.expanduser("~/.fathom/datasets/fashion-mnist"), "/usr/share/datasets/fashion-mnist"]:
        if os.path.exists(os.path.join(d, "train-images-idx3-ubyte.gz")):
            return d
    sys.exit("Fashion-MNIST not found: install Debian's dataset-fashion-mnist or set FATHOM_DATA")


def idx(name):
    with gzip.open(os.path.join(folder(), name)) as f:
        data = f.read()
    if name.find("images") >= 0:
        return np.frombuffer(data, np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
    return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)


class Cnn(nn.Module):
    """Two conv blocks (conv, batch norm, ReLU, max pool), a 64-unit feature layer, the classifier."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 5 * 5, 64), nn.ReLU())
        self.classifier = nn.Linear(64, classes)

    def forward(self, x):
        return self.classifier(self.features(x))


def main():
    out = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    x, y = torch.from_numpy(idx("train-images-idx3-ubyte.gz")), torch.from_numpy(idx("train-labels-idx1-ubyte.gz"))
    xt, yt = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz")), torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz"))
    net = Cnn()
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            b = order[i:i + 128]
            opt.zero_grad()
            nn.functional.cross_entropy(net(x[b]), y[b]).backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        acc = (net(xt).argmax(1) == yt).float().mean().item()
    print(f"base CNN: {epochs} epochs on 60,000 Fashion-MNIST images, test accuracy {acc:.4f} (10 classes)")
    torch.onnx.export(net, torch.zeros(1, 1, 28, 28), out, input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}}, opset_version=13)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
