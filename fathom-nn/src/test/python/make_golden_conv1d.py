#!/usr/bin/python3
"""Writes PyTorch's outputs of nn.Embedding, nn.Conv1d and max_pool1d that the 1-D layer tests compare against.

Run from fathom-nn with Debian's PyTorch (python3-torch):

    /usr/bin/python3 src/test/python/make_golden_conv1d.py

It rewrites src/test/resources/golden/layers/conv1d.txt in the format read by
dev.fathom.losses.Golden (see golden.py), everything float64.

Fathom's sequence layers are channels-last ([batch, time, channels], as Keras) while PyTorch's are
channels-first ([batch, channels, time]); x and the outputs below are written channels-last, and
the input is transposed for PyTorch and back. Kernels are in PyTorch's layout [filters, channels,
kernel], which is also Fathom's. 'same' padding follows Keras/TensorFlow: total padding
max(0, (ceil(T/s)-1)*s + (k-1)*d + 1 - T), the odd step after. At stride 1 this is PyTorch's own
padding='same', which is used there; at other strides the padding is applied with F.pad.
"""

import math

import torch
import torch.nn.functional as F

import golden


def same_padding(time, kernel, stride, dilation):
    out = math.ceil(time / stride)
    total = max(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - time)
    return total // 2, total - total // 2


def embedding(lines, name, vocab, dims, batch, time):
    torch.manual_seed(len(lines) + 3)
    module = torch.nn.Embedding(vocab, dims).double()
    ids = torch.randint(0, vocab, (batch, time))
    ids[0, 0] = ids[0, 1]   # a repeated id, so the table's gradient must add up
    out = module(ids)
    r = torch.randn(out.shape, dtype=torch.float64)
    (out * r).sum().backward()
    golden.case(lines, name, sizes=[vocab, dims, batch, time], weight=module.weight, ids=ids, output=out, r=r,
                grad_weight=module.weight.grad)
    lines.append("")


def conv1d(lines, name, batch, time, channels, filters, kernel, stride=1, padding="valid", dilation=1, bias=True):
    torch.manual_seed(len(lines) + 11)
    module = torch.nn.Conv1d(channels, filters, kernel, stride=stride, dilation=dilation, bias=bias,
                             padding="same" if padding == "same" and stride == 1 else 0).double()
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)
    x = torch.randn(batch, time, channels, dtype=torch.float64)
    xt = x.transpose(1, 2)
    if padding == "same" and stride != 1:
        xt = F.pad(xt, same_padding(time, kernel, stride, dilation))
    with torch.no_grad():
        out = module(xt).transpose(1, 2)
    golden.case(lines, name, sizes=[batch, time, channels, filters, kernel], strides=stride, padding=padding,
                dilation=dilation, bias=bias, weight=module.weight)
    if bias:
        golden.add(lines, bias_values=module.bias)
    golden.add(lines, x=x, output=out)
    lines.append("")


def max_pool1d(lines, name, batch, time, channels, pool, stride, padding="valid"):
    torch.manual_seed(len(lines) + 29)
    x = torch.randn(batch, time, channels, dtype=torch.float64)
    xt = x.transpose(1, 2)
    if padding == "same":
        # Padded steps must never win, as in Keras.
        xt = F.pad(xt, same_padding(time, pool, stride, 1), value=-math.inf)
    out = F.max_pool1d(xt, pool, stride).transpose(1, 2)
    golden.case(lines, name, sizes=[batch, time, channels], pool=pool, strides=stride, padding=padding, x=x, output=out)
    lines.append("")


def main():
    lines = golden.start("make_golden_conv1d.py")
    embedding(lines, "embedding", 7, 3, 2, 5)
    embedding(lines, "embedding_wide", 20, 6, 3, 4)
    conv1d(lines, "conv_valid", 2, 9, 3, 4, 3)
    conv1d(lines, "conv_same", 2, 8, 2, 3, 4, padding="same")
    conv1d(lines, "conv_same_stride2", 3, 9, 2, 3, 4, stride=2, padding="same")
    conv1d(lines, "conv_dilated", 2, 11, 3, 2, 3, dilation=2)
    conv1d(lines, "conv_dilated_same", 2, 10, 2, 3, 3, padding="same", dilation=3)
    conv1d(lines, "conv_stride3_no_bias", 2, 13, 4, 5, 2, stride=3, bias=False)
    max_pool1d(lines, "pool_2", 2, 7, 3, 2, 2)
    max_pool1d(lines, "pool_3_stride_2", 2, 10, 2, 3, 2)
    max_pool1d(lines, "pool_3_same_stride_1", 2, 6, 3, 3, 1, padding="same")
    max_pool1d(lines, "pool_2_same", 3, 7, 2, 2, 2, padding="same")
    golden.write("conv1d.txt", lines)


if __name__ == "__main__":
    main()
