"""What the PyTorch layer golden scripts share: the text format read by dev.fathom.losses.Golden,
and the recurrent modules both recurrent scripts build and record.

The format: '#' comment lines, '[name]' starting a case, then 'key = values' lines. Floats are
printed with repr(), so float64 values round-trip exactly. A script imports this module from beside
it (Python puts a script's own folder first on its path):

    import golden
    lines = golden.start("make_golden_conv1d.py")
    golden.case(lines, "conv_valid", sizes=[2, 9, 3, 4, 3], x=x)
    golden.write("conv1d.txt", lines)
"""

import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
LAYERS = os.path.normpath(os.path.join(HERE, "..", "resources", "golden", "layers"))


def fmt(value):
    """A value as the text after 'key = ': tensors and lists space-separated, floats by repr(), booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, torch.Tensor):
        if value.dtype in (torch.int64, torch.int32):
            return " ".join(str(int(v)) for v in value.reshape(-1).tolist())
        return " ".join(repr(float(v)) for v in value.detach().reshape(-1).tolist())
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def start(script):
    """The first lines of a golden file: which script wrote it, with which torch."""
    return ["# Written by src/test/python/" + script + " with torch " + torch.__version__ + "; do not edit.", ""]


def case(lines, name, **values):
    """Appends '[name]' starting a case, then a 'key = values' line for each keyword, in order."""
    lines.append(f"[{name}]")
    add(lines, **values)


def add(lines, **values):
    """Appends a 'key = values' line for each keyword, in order."""
    for key, value in values.items():
        lines.append(f"{key} = {fmt(value)}")


def write(name, lines):
    """Writes the lines to src/test/resources/golden/layers/<name>."""
    out = os.path.join(LAYERS, name)
    os.makedirs(LAYERS, exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(lines))
    print("wrote", out)


def recurrent(kind, features, units, bidirectional=False, bias=True, nonlinearity="tanh"):
    """nn.RNN, nn.LSTM or nn.GRU (kind is Fathom's SimpleRNN, LSTM or GRU), batch-first, in float64.

    Every weight is drawn from U(-0.8, 0.8), so that biases are away from zero and tested too.
    """
    args = dict(input_size=features, hidden_size=units, batch_first=True, bidirectional=bidirectional, bias=bias)
    if kind == "SimpleRNN":
        module = torch.nn.RNN(nonlinearity=nonlinearity, **args)
    elif kind == "LSTM":
        module = torch.nn.LSTM(**args)
    else:
        module = torch.nn.GRU(**args)
    module = module.double()
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)
    return module


def initial_states(states, dirs, batch, units):
    """Random h0 and c0 [dirs, batch, units] when states is true (c0 is drawn for every kind), else None, None."""
    h0 = torch.randn(dirs, batch, units, dtype=torch.float64) if states else None
    c0 = torch.randn(dirs, batch, units, dtype=torch.float64) if states else None
    return h0, c0


def run_recurrent(module, kind, inputs, h0, c0):
    """The module on inputs (a tensor or a packed sequence) from the given states: output, h_n and c_n (None but for LSTM)."""
    with torch.no_grad():
        if kind == "LSTM":
            output, (h_n, c_n) = module(inputs, (h0, c0)) if h0 is not None else module(inputs)
            return output, h_n, c_n
        output, h_n = module(inputs, h0) if h0 is not None else module(inputs)
        return output, h_n, None


def record_recurrent(lines, module, kind, x, h0, c0, output, h_n, c_n):
    """Appends the case's weights (under PyTorch's names), x, the initial and final states and the output."""
    add(lines, **dict(module.named_parameters()), x=x)
    if h0 is not None:
        add(lines, h0=h0)
        if kind == "LSTM":
            add(lines, c0=c0)
    add(lines, output=output, h_n=h_n)
    if kind == "LSTM":
        add(lines, c_n=c_n)
    lines.append("")
