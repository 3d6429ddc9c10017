#!/usr/bin/python3
"""Writes what PyTorch gives when a new head is trained on a frozen pretrained body: the fixture of
dev.fathom.models.FineTuningGoldenTest.

Run from fathom-nn with Debian's PyTorch (python3-torch):

    /usr/bin/python3 src/test/python/make_golden_fine_tuning.py

It rewrites src/test/resources/golden/layers/fine_tuning.txt in the format read by
dev.fathom.testing.Golden (see golden.py).

The network, in Fathom's words (the test builds the same one):

    Conv2D(4, 3, same) -> BatchNormalization(epsilon 1e-3) -> relu -> MaxPool2D(2) -> Flatten
    -> Dense(8, relu)            ... the body, frozen
    -> Dense(3)                  ... the new head, trained

on 40 one-channel 8x8 images of 3 classes. The body's weights, BatchNormalization's moving statistics
(away from 0 and 1, so using them rather than the batch's shows) and the head's initial weights are
drawn here with fixed seeds. Freezing is PyTorch's way: requires_grad False on the body and the body in
eval mode (BatchNorm normalizes with its running statistics and does not update them), which is what
Keras and Fathom do for a layer with trainable = False. The head is trained for 50 steps, batches of 8
in data order (no shuffle: 5 batches a pass, 10 passes), with the mean cross-entropy of its logits, once
with plain SGD (rate 0.1) and once with Adam (rate 0.01, PyTorch's betas and epsilon), each from the same
initial head. The final head weights, and the body after training (unchanged), are recorded.

Everything is computed in float64 from values that are exactly float32 (drawn in float32), so the
Fathom test, which trains in float32, starts from the same numbers.

Layouts: Conv2d's weight [filters, channels, kh, kw] is Fathom's Conv2D kernel; Linear's weight
[out, in] is the transpose of Fathom's Dense kernel [in, out], so it is written transposed (as
'kernel'); flattening [batch, 4, 4, 4] channel-first is the same in both.
"""

import torch

import golden


def f32(t):
    """A float64 copy of t rounded to float32: a value both sides hold exactly."""
    return t.float().double()


def build():
    torch.manual_seed(20261207)
    conv = torch.nn.Conv2d(1, 4, 3, padding=1)
    bn = torch.nn.BatchNorm2d(4, eps=1e-3)
    body_dense = torch.nn.Linear(64, 8)
    head = torch.nn.Linear(8, 3)
    with torch.no_grad():
        for module in (conv, body_dense, head):
            for p in module.parameters():
                p.copy_(f32(p.uniform_(-0.5, 0.5)))
        bn.weight.copy_(f32(torch.rand(4) + 0.5))
        bn.bias.copy_(f32(torch.rand(4) - 0.5))
        bn.running_mean.copy_(f32(torch.randn(4) * 0.3))
        bn.running_var.copy_(f32(torch.rand(4) + 0.5))
    body = torch.nn.Sequential(conv, bn, torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                               body_dense, torch.nn.ReLU()).double()
    body.eval()   # pretrained and frozen: BatchNorm uses (and keeps) its running statistics from here on
    return body, head.double()


def data():
    g = torch.Generator().manual_seed(7)
    x = f32(torch.randn(40, 1, 8, 8, generator=g))
    y = torch.arange(40) % 3
    # A signal the head can learn: class c brightens row band c.
    for i in range(40):
        c = int(y[i])
        x[i, 0, 2 * c:2 * c + 3, :] += 1.0
    return f32(x), y


def train(body, head, x, y, optimizer_name):
    for p in body.parameters():
        p.requires_grad_(False)
    body.eval()
    head = torch.nn.Linear(8, 3).double()
    with torch.no_grad():
        head.weight.copy_(HEAD_W)
        head.bias.copy_(HEAD_B)
    if optimizer_name == "sgd":
        opt = torch.optim.SGD(head.parameters(), lr=0.1)
    else:
        opt = torch.optim.Adam(head.parameters(), lr=0.01)
    losses = []
    for step in range(50):
        i = (step % 5) * 8
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(head(body(x[i:i + 8])), y[i:i + 8])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return head, losses


body, head0 = build()
HEAD_W = head0.weight.detach().clone()
HEAD_B = head0.bias.detach().clone()
x, y = data()
conv, bn, body_dense = body[0], body[1], body[5]

lines = golden.start("make_golden_fine_tuning.py")
golden.case(lines, "network",
            conv_kernel=conv.weight, conv_bias=conv.bias,
            bn_gamma=bn.weight, bn_beta=bn.bias, bn_moving_mean=bn.running_mean, bn_moving_variance=bn.running_var,
            body_kernel=body_dense.weight.t(), body_bias=body_dense.bias,
            head_kernel=HEAD_W.t(), head_bias=HEAD_B,
            x=x, x_shape=list(x.shape), y=y)
with torch.no_grad():
    golden.add(lines, features=body(x))
lines.append("")
for name in ("sgd", "adam"):
    head, losses = train(body, head0, x, y, name)
    golden.case(lines, name, head_kernel=head.weight.t(), head_bias=head.bias,
                first_loss=losses[0], last_loss=losses[-1],
                bn_moving_mean=bn.running_mean, bn_moving_variance=bn.running_var)
    lines.append("")
golden.write("fine_tuning.txt", lines)
