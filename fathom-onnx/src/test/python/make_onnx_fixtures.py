"""Writes fathom-onnx's import fixtures: tiny ONNX files made by torch.onnx.export (and, for
operators PyTorch 1.13 does not emit, onnx.helper), with PyTorch's outputs on fixed inputs.

Run with Debian's Python (torch 1.13, onnx): /usr/bin/python3 make_onnx_fixtures.py
It writes src/test/resources/onnx/<case>.onnx and src/test/resources/onnx/golden.txt, the format
dev.fathom.testing.Golden reads: '[case]', then 'file', 'x', 'x.shape', 'y', 'y.shape' lines.
Every model is exported with a dynamic batch and evaluated on a batch of another size than the
export's example, so the shape computations torch.onnx.export writes must fold for any batch.
"""

import os

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "onnx"))
torch.manual_seed(0)
np.random.seed(0)
lines = ["# Written by fathom-onnx/src/test/python/make_onnx_fixtures.py (torch %s, onnx %s); do not edit."
         % (torch.__version__, onnx.__version__)]


def fmt(t):
    return " ".join(repr(float(v)) for v in t.detach().reshape(-1).tolist())


def record(name, x, y):
    lines.append("")
    lines.append("[%s]" % name)
    lines.append("file = %s.onnx" % name)
    lines.append("x = " + fmt(x))
    lines.append("x.shape = " + " ".join(str(d) for d in x.shape))
    lines.append("y = " + fmt(y))
    lines.append("y.shape = " + " ".join(str(d) for d in y.shape))


def export(name, module, example, x, opset=13):
    """Exports module with a dynamic batch (example's batch), records PyTorch's output on x."""
    module.eval()
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(module, example, path, input_names=["x"], output_names=["y"], opset_version=opset,
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    with torch.no_grad():
        record(name, x, module(x))


def randomize_bn(m):
    for mod in m.modules():
        if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
            mod.running_mean.uniform_(-0.5, 0.5)
            mod.running_var.uniform_(0.5, 2.0)
            mod.weight.data.uniform_(0.5, 1.5)
            mod.bias.data.uniform_(-0.5, 0.5)


def img(n, c, h, w):
    return torch.randn(n, c, h, w)


class Seq(nn.Module):
    def __init__(self, *mods, post=None):
        super().__init__()
        self.body = nn.Sequential(*mods)
        self.post = post

    def forward(self, x):
        y = self.body(x)
        return y if self.post is None else self.post(y)


# ---- convolutions --------------------------------------------------------------------------
export("conv_pads_strides", nn.Conv2d(3, 4, 3, stride=2, padding=(1, 2)), img(2, 3, 9, 7), img(3, 3, 9, 7))
export("conv_dilation_groups", nn.Conv2d(4, 6, 3, dilation=2, groups=2, padding=2), img(2, 4, 8, 8), img(3, 4, 8, 8))
export("conv_depthwise", nn.Conv2d(6, 6, 3, groups=6, padding=1, bias=False), img(2, 6, 5, 6), img(1, 6, 5, 6))
export("conv_transpose", nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1), img(2, 4, 5, 4), img(3, 4, 5, 4))

# ---- pooling -------------------------------------------------------------------------------
export("maxpool_ceil_pads", nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), img(2, 2, 8, 7), img(3, 2, 8, 7))
export("avgpool_exclude_pad", nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), img(2, 2, 7, 8), img(3, 2, 7, 8))
export("avgpool_ceil", nn.AvgPool2d(2, stride=2, ceil_mode=True), img(2, 2, 5, 7), img(3, 2, 5, 7))
export("global_avgpool", Seq(nn.AdaptiveAvgPool2d(1), nn.Flatten()), img(2, 5, 4, 3), img(3, 5, 4, 3))

# ---- normalization -------------------------------------------------------------------------
bn = Seq(nn.ReLU(), nn.BatchNorm2d(3))
randomize_bn(bn)
export("batchnorm", bn, img(2, 3, 4, 4), img(3, 3, 4, 4))
ln = nn.LayerNorm([4, 5])
ln.weight.data.uniform_(0.5, 1.5)
ln.bias.data.uniform_(-0.5, 0.5)
export("layernorm", ln, torch.randn(2, 3, 4, 5), torch.randn(3, 3, 4, 5), opset=17)


# ---- elementwise, broadcasting, activations ------------------------------------------------
class Arithmetic(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(4, 1))
        self.shift = nn.Parameter(torch.randn(5))

    def forward(self, x):   # x [b, 3, 4, 5]
        y = torch.sqrt(x.abs() + 1) * self.scale + self.shift
        return (y - x / 2) * (x.pow(2) - 1) / (y.abs() + 1)


export("arithmetic", Arithmetic(), torch.randn(2, 3, 4, 5), torch.randn(3, 3, 4, 5))


class Activations(nn.Module):
    def forward(self, x):   # x [b, 6]
        return torch.cat([torch.relu(x), F.leaky_relu(x, 0.1), torch.sigmoid(x), torch.tanh(x), F.hardswish(x),
                          F.hardsigmoid(x), F.relu6(x * 4), F.gelu(x), torch.softmax(x, 1), torch.log_softmax(x, 1),
                          torch.clamp(x, -0.5, 0.7), F.elu(x)], 1)


export("activations", Activations(), torch.randn(2, 6) * 3, torch.randn(4, 6) * 3, opset=14)


class Residual(nn.Module):   # a merge of two computed tensors with broadcasting: squeeze-and-excitation
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.fc = nn.Conv2d(4, 4, 1)

    def forward(self, x):
        h = torch.relu(self.conv(x))
        gate = torch.sigmoid(self.fc(F.adaptive_avg_pool2d(h, 1)))
        return x + h * gate


export("residual_excitation", Residual(), img(2, 4, 5, 5), img(3, 4, 5, 5))


# ---- movement and shapes -------------------------------------------------------------------
class Shapes(nn.Module):
    def forward(self, x):   # x [b, 4, 6]
        t = x.transpose(1, 2)                       # [b, 6, 4]
        s = t[:, 1:5:2, :]                          # Slice with a step
        g = x[:, 2]                                 # Gather
        c = torch.cat([x, x * 2], dim=2)            # Concat [b, 4, 12]
        u = x.unsqueeze(1).squeeze(1)               # Unsqueeze / Squeeze
        p = F.pad(x, (1, 2), mode="reflect")        # Pad
        q = F.pad(x, (2, 0, 1, 1), value=0.5)
        m = x.mean(dim=2, keepdim=True)             # ReduceMean
        r = x.sum(dim=1)                            # ReduceSum
        v = x.reshape(x.size(0), 2, 12)             # Shape -> Gather -> Concat -> Reshape
        parts = [t, s, g, c, u, p, q, m, r, v]
        return torch.cat([z.reshape(z.size(0), -1) for z in parts], 1)


export("shapes_opset11", Shapes(), torch.randn(2, 4, 6), torch.randn(3, 4, 6), opset=11)
export("shapes_opset13", Shapes(), torch.randn(2, 4, 6), torch.randn(3, 4, 6), opset=13)


# ---- networks ------------------------------------------------------------------------------
mlp = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 3),
                    nn.Softmax(dim=1))
export("mlp", mlp, torch.randn(2, 10), torch.randn(5, 10))


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 3, padding=1)
        self.b1 = nn.BatchNorm2d(6)
        self.c2 = nn.Conv2d(6, 8, 3, stride=2)
        self.b2 = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8 * 3 * 3, 4)

    def forward(self, x):   # [b, 1, 12, 12]
        x = F.max_pool2d(torch.relu(self.b1(self.c1(x))), 2)     # [b, 6, 6, 6]
        x = torch.relu(self.b2(self.c2(x)))                       # [b, 8, 2, 2]
        return self.fc(F.pad(x, (0, 1, 0, 1)).view(x.size(0), -1))


cnn = SmallCnn()
randomize_bn(cnn)
export("cnn_batchnorm", cnn, img(2, 1, 12, 12), img(3, 1, 12, 12))


class LstmClassifier(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(6, 8, batch_first=True)
        self.fc = nn.Linear(8, 3)

    def forward(self, x):   # [b, 7, 6]
        y, _ = self.rnn(x)
        return self.fc(y[:, -1])


export("lstm_classifier", LstmClassifier(nn.LSTM), torch.randn(2, 7, 6), torch.randn(3, 7, 6))
export("gru_classifier", LstmClassifier(nn.GRU), torch.randn(2, 7, 6), torch.randn(3, 7, 6))


# ---- operators PyTorch 1.13 does not write: onnx.helper graphs, PyTorch as the reference ------
def helper_model(name, nodes, inits, in_shape, out_shape, opset, x, y):
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch"] + in_shape)],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch"] + out_shape)],
                              [numpy_helper.from_array(v, k) for k, v in inits.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, os.path.join(OUT, name + ".onnx"))
    record(name, x, y)


x = torch.randn(3, 5)
helper_model("gelu_opset20", [helper.make_node("Gelu", ["x"], ["a"], name="exact"),
                              helper.make_node("Gelu", ["a"], ["y"], name="tanh", approximate="tanh")],
             {}, [5], [5], 20, x, F.gelu(F.gelu(x), approximate="tanh"))

b = np.random.randn(4, 3).astype(np.float32)
c = np.random.randn(3).astype(np.float32)
x = torch.randn(3, 4)
helper_model("gemm_alpha_beta", [helper.make_node("Gemm", ["x", "B", "C"], ["y"], name="gemm", alpha=0.5, beta=2.0)],
             {"B": b, "C": c}, [4], [3], 13, x, 0.5 * x @ torch.from_numpy(b) + 2 * torch.from_numpy(c))

w = np.random.randn(4, 3, 4, 4).astype(np.float32)
x = torch.randn(2, 3, 7, 6)
# SAME_UPPER with an even kernel and stride 2: output ceil(7/2) x ceil(6/2), the extra padding at the end.
pad_h = max(0, (4 - 1) * 2 + 4 - 7)
pad_w = max(0, (3 - 1) * 2 + 4 - 6)
ref = F.conv2d(F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2)), torch.from_numpy(w), stride=2)
helper_model("conv_same_upper", [helper.make_node("Conv", ["x", "W"], ["y"], name="conv", auto_pad="SAME_UPPER", strides=[2, 2])],
             {"W": w}, [3, 7, 6], [4, 4, 3], 11, x, ref)

x = torch.randn(3, 2, 6)
helper_model("hard_ops_opset21", [helper.make_node("HardSigmoid", ["x"], ["a"], name="hs", alpha=0.3, beta=0.4),
                                  helper.make_node("HardSwish", ["a"], ["b"], name="hw"),
                                  helper.make_node("LeakyRelu", ["b"], ["y"], name="lr", alpha=0.2)],
             {}, [2, 6], [2, 6], 21, x, F.leaky_relu(F.hardswish(torch.clamp(0.3 * x + 0.4, 0, 1)), 0.2))

x = torch.randn(3, 4, 5)
helper_model("dropout_identity_opset12", [helper.make_node("Dropout", ["x", "ratio"], ["d"], name="dropout"),
                                          helper.make_node("Identity", ["d"], ["y"], name="identity")],
             {"ratio": np.array(0.3, dtype=np.float32)}, [4, 5], [4, 5], 12, x, F.dropout(x, 0.3, training=False))

# ---- for fathom-cli: an iris classifier whose metadata names its columns, classes and target ---
iris = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
iris.eval()
iris_path = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "fathom-cli", "src", "test", "resources", "onnx", "iris_mlp.onnx"))
torch.onnx.export(iris, torch.randn(2, 4), iris_path, input_names=["x"], output_names=["y"], opset_version=13,
                  dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
m = onnx.load(iris_path)
for k, v in [("fathom.columns", '["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]'),
             ("fathom.classes", '["setosa", "versicolor", "virginica"]'), ("fathom.target", "species")]:
    entry = m.metadata_props.add()
    entry.key, entry.value = k, v
onnx.save(m, iris_path)

# ---- recurrent layers in both directions, and in reverse --------------------------------------
class BiRecurrent(nn.Module):
    """Every step of both directions (Y) and each direction's last state (Y_h), flattened side by side."""

    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(5, 4, batch_first=True, bidirectional=True)

    def forward(self, x):   # [b, 6, 5]
        y, h = self.rnn(x)
        if isinstance(h, tuple):
            h = h[0]
        return torch.cat([y.reshape(y.shape[0], -1), h.permute(1, 0, 2).reshape(y.shape[0], -1)], 1)


export("bilstm_states", BiRecurrent(nn.LSTM), torch.randn(2, 6, 5), torch.randn(3, 6, 5))
export("bigru_states", BiRecurrent(nn.GRU), torch.randn(2, 6, 5), torch.randn(3, 6, 5))


def onnx_gates(t, blocks):
    """PyTorch's gate blocks (LSTM i, f, g, o; GRU r, z, n) in ONNX's order (i, o, f, c; z, r, h)."""
    return torch.cat([t.chunk(len(blocks))[i] for i in blocks]).detach().numpy()


def reverse_recurrent(name, cell, blocks):
    """direction="reverse" (PyTorch never writes it): a helper graph, PyTorch's cell on the flipped steps as the reference."""
    rnn = cell(5, 4, batch_first=True)
    w = onnx_gates(rnn.weight_ih_l0, blocks)[None]
    r = onnx_gates(rnn.weight_hh_l0, blocks)[None]
    b = np.concatenate([onnx_gates(rnn.bias_ih_l0, blocks), onnx_gates(rnn.bias_hh_l0, blocks)])[None]
    op = "LSTM" if cell is nn.LSTM else "GRU"
    extra = {} if cell is nn.LSTM else {"linear_before_reset": 1}
    nodes = [helper.make_node(op, ["x", "W", "R", "B"], ["Y", "Y_h"], name="reverse", direction="reverse", hidden_size=4,
                              layout=1, **extra),
             helper.make_node("Reshape", ["Y", "flat"], ["y_flat"], name="y_flat"),
             helper.make_node("Reshape", ["Y_h", "flat"], ["h_flat"], name="h_flat"),
             helper.make_node("Concat", ["y_flat", "h_flat"], ["y"], name="both", axis=1)]
    x = torch.randn(3, 6, 5)
    with torch.no_grad():
        out, h = rnn(torch.flip(x, [1]))
        if isinstance(h, tuple):
            h = h[0]
        ref = torch.cat([torch.flip(out, [1]).reshape(3, -1), h.permute(1, 0, 2).reshape(3, -1)], 1)
    helper_model(name, nodes, {"W": w, "R": r, "B": b, "flat": np.array([0, -1], dtype=np.int64)}, [6, 5], [28], 14, x, ref)


reverse_recurrent("lstm_reverse_layout1", nn.LSTM, [0, 3, 1, 2])
reverse_recurrent("gru_reverse_layout1", nn.GRU, [1, 0, 2])

with open(os.path.join(OUT, "golden.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote", OUT)
