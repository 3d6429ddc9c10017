#!/usr/bin/python3
"""Writes PyTorch's outputs of nn.RNN, nn.LSTM and nn.GRU that the recurrent layer tests compare against.

Run from fathom-nn with Debian's PyTorch (python3-torch):

    /usr/bin/python3 src/test/python/make_golden_recurrent.py

It rewrites src/test/resources/golden/layers/recurrent.txt in the format read by
dev.fathom.losses.Golden (see golden.py), everything float64. Each case holds the module's weights
under PyTorch's own names (weight_ih_l0, ..., and *_reverse for the backward direction), the input
x [batch, time, features], the initial states when given, and the outputs: 'output' is PyTorch's
full sequence [batch, time, directions*units], 'h_n' (and 'c_n' for LSTM) the final states
[directions, batch, units].
"""

import torch

import golden


def case(lines, name, kind, batch, time, features, units, bidirectional=False, bias=True, states=False,
         nonlinearity="tanh"):
    torch.manual_seed(len(lines) + 17)
    module = golden.recurrent(kind, features, units, bidirectional, bias, nonlinearity)
    x = torch.randn(batch, time, features, dtype=torch.float64)
    h0, c0 = golden.initial_states(states, 2 if bidirectional else 1, batch, units)
    output, h_n, c_n = golden.run_recurrent(module, kind, x, h0, c0)
    golden.case(lines, name, kind=kind, activation="relu" if nonlinearity == "relu" else "tanh",
                bidirectional=bidirectional, bias=bias, sizes=[batch, time, features, units])
    golden.record_recurrent(lines, module, kind, x, h0, c0, output, h_n, c_n)


def main():
    lines = golden.start("make_golden_recurrent.py")
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
    golden.write("recurrent.txt", lines)


if __name__ == "__main__":
    main()
