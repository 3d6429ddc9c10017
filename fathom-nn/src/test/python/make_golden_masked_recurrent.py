#!/usr/bin/python3
"""Writes PyTorch's outputs of nn.RNN, nn.LSTM and nn.GRU on packed sequences, for the masked recurrent tests.

Run from fathom-nn with Debian's PyTorch (python3-torch):

    /usr/bin/python3 src/test/python/make_golden_masked_recurrent.py

It rewrites src/test/resources/golden/layers/masked_recurrent.txt in the format read by
dev.fathom.losses.Golden (see golden.py and make_golden_recurrent.py). Each case is a
right-padded batch of sequences of different lengths: the padded steps of x hold random values (so a layer that read them
would be caught), 'lengths' gives each sequence's real length, and the batch goes through
torch.nn.utils.rnn.pack_padded_sequence, the module, and pad_packed_sequence (which pads the output
with zeros). 'output' is that padded output [batch, time, directions*units]; 'h_n' (and 'c_n' for
LSTM) the final states [directions, batch, units]: the forward state at each sequence's last real
step, and the backward state after it read the sequence from its own last real step down to step 0.
"""

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import golden


def case(lines, name, kind, lengths, time, features, units, bidirectional=False, states=False):
    torch.manual_seed(len(lines) + 31)
    batch = len(lengths)
    module = golden.recurrent(kind, features, units, bidirectional)
    x = torch.randn(batch, time, features, dtype=torch.float64)
    h0, c0 = golden.initial_states(states, 2 if bidirectional else 1, batch, units)
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    out, h_n, c_n = golden.run_recurrent(module, kind, packed, h0, c0)
    output, _ = pad_packed_sequence(out, batch_first=True, total_length=time)
    golden.case(lines, name, kind=kind, bidirectional=bidirectional, sizes=[batch, time, features, units],
                lengths=lengths)
    golden.record_recurrent(lines, module, kind, x, h0, c0, output, h_n, c_n)


def main():
    lines = golden.start("make_golden_masked_recurrent.py")
    # Unsorted lengths, one full-length sequence and one of length 1, so every kind of row is covered.
    case(lines, "rnn", "SimpleRNN", [3, 6, 1, 4], 6, 3, 4)
    case(lines, "lstm", "LSTM", [5, 2, 7], 7, 3, 4)
    case(lines, "gru", "GRU", [2, 5, 5, 3], 5, 2, 3)
    case(lines, "rnn_bidirectional", "SimpleRNN", [4, 1, 6], 6, 3, 3, bidirectional=True)
    case(lines, "lstm_bidirectional", "LSTM", [3, 6, 2, 5], 6, 2, 4, bidirectional=True)
    case(lines, "gru_bidirectional", "GRU", [6, 3, 4], 6, 3, 4, bidirectional=True)
    case(lines, "lstm_bidirectional_states", "LSTM", [2, 5, 4], 5, 3, 3, bidirectional=True, states=True)
    case(lines, "gru_states", "GRU", [4, 2, 3], 4, 2, 3, states=True)
    golden.write("masked_recurrent.txt", lines)


if __name__ == "__main__":
    main()
