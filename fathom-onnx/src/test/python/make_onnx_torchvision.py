"""Writes torchvision's ResNet-18 and MobileNetV3-small (random weights, batch norms with random
statistics, eval mode) as ONNX files with a dynamic batch, plus PyTorch's outputs on a fixed batch,
into the folder given as the first argument. Too large to commit: OnnxTorchvisionTest runs this
script when Debian's /usr/bin/python3 has torch and torchvision, and skips otherwise.

For each model NAME it writes NAME.onnx, NAME.x.bin and NAME.y.bin (float32, little-endian, row-major)
and NAME.shapes (two lines: the input's and the output's shape).
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)


def randomize_bn(m):
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.2, 0.2)
            mod.running_var.uniform_(0.5, 1.5)
            mod.weight.data.uniform_(0.5, 1.5)
            mod.bias.data.uniform_(-0.2, 0.2)


for name, make, opset in [("resnet18", torchvision.models.resnet18, 13),
                          ("mobilenet_v3_small", torchvision.models.mobilenet_v3_small, 14)]:
    model = make()
    randomize_bn(model)
    model.eval()
    example = torch.randn(1, 3, 160, 160)
    x = torch.randn(2, 3, 160, 160)
    torch.onnx.export(model, example, os.path.join(out, name + ".onnx"), input_names=["x"], output_names=["y"],
                      opset_version=opset, dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    with torch.no_grad():
        y = model(x)
    x.numpy().astype("<f4").tofile(os.path.join(out, name + ".x.bin"))
    y.numpy().astype("<f4").tofile(os.path.join(out, name + ".y.bin"))
    with open(os.path.join(out, name + ".shapes"), "w") as f:
        f.write(" ".join(map(str, x.shape)) + "\n" + " ".join(map(str, y.shape)) + "\n")
print("wrote", out)
