#!/usr/bin/python3
"""Writes PyTorch's outputs of nn.RNN, nn.LSTM and nn.GRU that the recurrent layer tests compare against.

Run from fathom-core with Debian's PyTorch (python3-torch):

    /usr/bin/python3 src/test/python/make_golden_recurrent.py

It rewrites src/test/resources/golden/layers/recurrent.txt in the format read by
dev.fathom.losses.Golden: '#' comment lines, '[name]' starting a case, then 'key = values' lines.
Everything is float64 (printed with repr(), so values round-trip exactly). Each case holds the
module's weights under PyTorch's own names (weight_ih_l0, ..., and *_reverse for the backward
direction), the input x [batch, time, features], the initial states when given, and the outputs:
'output' is PyTorch's full sequence [batch, time, directions*units], 'h_n' (and 'c_n' for LSTM)
the final states [directions, batch, units].
"""

import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "golden", "layers", "recurrent.txt"))


def fmt(value):
    if isinstance(value, torch.Tensor):
        return " ".join(repr(float(v)) for v in value.detach().reshape(-1).tolist())
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def case(lines, name, kind, batch, time, features, units, bidirectional=False, bias=True, states=False,
         nonlinearity="tanh"):
    torch.manual_seed(len(lines) + 17)
    args = dict(input_size=features, hidden_size=units, batch_first=True, bidirectional=bidirectional, bias=bias)
    if kind == "SimpleRNN":
        module = torch.nn.RNN(nonlinearity=nonlinearity, **args)
    elif kind == "LSTM":
        module = torch.nn.LSTM(**args)
    else:
        module = torch.nn.GRU(**args)
    module = module.double()
    # Biases away from zero so that both are tested.
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)
    x = torch.randn(batch, time, features, dtype=torch.float64)
    dirs = 2 if bidirectional else 1
    h0 = torch.randn(dirs, batch, units, dtype=torch.float64) if states else None
    c0 = torch.randn(dirs, batch, units, dtype=torch.float64) if states else None
    with torch.no_grad():
        if kind == "LSTM":
            output, (h_n, c_n) = module(x, (h0, c0)) if states else module(x)
        else:
            output, h_n = module(x, h0) if states else module(x)
    lines.append(f"[{name}]")
    lines.append(f"kind = {kind}")
    lines.append(f"activation = {'relu' if nonlinearity == 'relu' else 'tanh'}")
    lines.append(f"bidirectional = {'true' if bidirectional else 'false'}")
    lines.append(f"bias = {'true' if bias else 'false'}")
    lines.append(f"sizes = {batch} {time} {features} {units}")
    for pname, p in module.named_parameters():
        lines.append(f"{pname} = {fmt(p)}")
    lines.append(f"x = {fmt(x)}")
    if states:
        lines.append(f"h0 = {fmt(h0)}")
        if kind == "LSTM":
            lines.append(f"c0 = {fmt(c0)}")
    lines.append(f"output = {fmt(output)}")
    lines.append(f"h_n = {fmt(h_n)}")
    if kind == "LSTM":
        lines.append(f"c_n = {fmt(c_n)}")
    lines.append("")


def main():
    lines = ["# Written by src/test/python/make_golden_recurrent.py with torch " + torch.__version__ + "; do not edit.", ""]
    case(lines, "rnn", "SimpleRNN", 2, 5, 3, 4)
    case(lines, "rnn_relu_states", "SimpleRNN", 3, 4, 2, 3, states=True, nonlinearity="relu")
    case(lines, "lstm", "LSTM", 2, 6, 3, 4)
    case(lines, "lstm_states", "LSTM", 3, 4, 2, 5, states=True)
    case(lines, "lstm_no_bias", "LSTM", 2, 3, 4, 3, bias=False)
    case(lines, "gru", "GRU", 2, 6, 3, 4)
    case(lines, "gru_states", "GRU", 3, 4, 2, 5, states=True)
    case(lines, "rnn_bidirectional", "SimpleRNN", 2, 5, 3, 4, bidirectional=True)
    case(lines, "lstm_bidirectional_states", "LSTM", 2, 5, 3, 4, bidirectional=True, states=True)
    case(lines, "gru_bidirectional", "GRU", 3, 4, 2, 3, bidirectional=True)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
