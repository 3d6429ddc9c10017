#!/usr/bin/python3
"""Writes PyTorch's outputs of nn.RNN, nn.LSTM and nn.GRU on packed sequences, for the masked recurrent tests.

Run from fathom-core with Debian's PyTorch (python3-torch):

    /usr/bin/python3 src/test/python/make_golden_masked_recurrent.py

It rewrites src/test/resources/golden/layers/masked_recurrent.txt in the format read by
dev.fathom.losses.Golden (see make_golden_recurrent.py). Each case is a right-padded batch of
sequences of different lengths: the padded steps of x hold random values (so a layer that read them
would be caught), 'lengths' gives each sequence's real length, and the batch goes through
torch.nn.utils.rnn.pack_padded_sequence, the module, and pad_packed_sequence (which pads the output
with zeros). 'output' is that padded output [batch, time, directions*units]; 'h_n' (and 'c_n' for
LSTM) the final states [directions, batch, units]: the forward state at each sequence's last real
step, and the backward state after it read the sequence from its own last real step down to step 0.
"""

import os

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "golden", "layers", "masked_recurrent.txt"))


def fmt(value):
    if isinstance(value, torch.Tensor):
        return " ".join(repr(float(v)) for v in value.detach().reshape(-1).tolist())
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def case(lines, name, kind, lengths, time, features, units, bidirectional=False, states=False):
    torch.manual_seed(len(lines) + 31)
    batch = len(lengths)
    args = dict(input_size=features, hidden_size=units, batch_first=True, bidirectional=bidirectional)
    if kind == "SimpleRNN":
        module = torch.nn.RNN(**args)
    elif kind == "LSTM":
        module = torch.nn.LSTM(**args)
    else:
        module = torch.nn.GRU(**args)
    module = module.double()
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)
    x = torch.randn(batch, time, features, dtype=torch.float64)
    dirs = 2 if bidirectional else 1
    h0 = torch.randn(dirs, batch, units, dtype=torch.float64) if states else None
    c0 = torch.randn(dirs, batch, units, dtype=torch.float64) if states else None
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    with torch.no_grad():
        if kind == "LSTM":
            out, (h_n, c_n) = module(packed, (h0, c0)) if states else module(packed)
        else:
            out, h_n = module(packed, h0) if states else module(packed)
    output, _ = pad_packed_sequence(out, batch_first=True, total_length=time)
    lines.append(f"[{name}]")
    lines.append(f"kind = {kind}")
    lines.append(f"bidirectional = {'true' if bidirectional else 'false'}")
    lines.append(f"sizes = {batch} {time} {features} {units}")
    lines.append(f"lengths = {fmt(lengths)}")
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
    lines = ["# Written by src/test/python/make_golden_masked_recurrent.py with torch " + torch.__version__
             + "; do not edit.", ""]
    # Unsorted lengths, one full-length sequence and one of length 1, so every kind of row is covered.
    case(lines, "rnn", "SimpleRNN", [3, 6, 1, 4], 6, 3, 4)
    case(lines, "lstm", "LSTM", [5, 2, 7], 7, 3, 4)
    case(lines, "gru", "GRU", [2, 5, 5, 3], 5, 2, 3)
    case(lines, "rnn_bidirectional", "SimpleRNN", [4, 1, 6], 6, 3, 3, bidirectional=True)
    case(lines, "lstm_bidirectional", "LSTM", [3, 6, 2, 5], 6, 2, 4, bidirectional=True)
    case(lines, "gru_bidirectional", "GRU", [6, 3, 4], 6, 3, 4, bidirectional=True)
    case(lines, "lstm_bidirectional_states", "LSTM", [2, 5, 4], 5, 3, 3, bidirectional=True, states=True)
    case(lines, "gru_states", "GRU", [4, 2, 3], 4, 2, 3, states=True)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
