"""Writes PyTorch reference values for Conv1d and the temporal convolutional network.

tests/Recur.Tests/Fixtures/conv/conv1d.safetensors: for each case, `<case>.input` (B, C_in, T), `<case>.weight`,
`<case>.bias` (absent for no bias), `<case>.config` = [stride, padding, dilation, groups, causal] (floats),
`<case>.output` from torch.nn.functional.conv1d (a causal case pads d*(K-1) on the left with F.pad first), the
upstream gradient `<case>.grad_output` and the gradients `<case>.grad_input`, `.grad_weight`, `.grad_bias` of
sum(grad_output * output). Computed in float64 from the stored float32 values.

tests/Recur.Tests/Fixtures/conv/tcn.safetensors: a two-level TCN (input 3, channels [4, 4], kernel 3, no dropout)
built as the reference TemporalConvNet is (Bai, Kolter & Koltun 2018): weight_norm'd nn.Conv1d with padding
(K-1)*d on both sides, the last (K-1)*d outputs chopped, ReLU, the residual through a 1x1 conv when the channel
counts differ, a final ReLU. `param.<name>` holds each parameter under its state_dict name (network.{i}.conv1.
weight_g, ...), `input` is time-major (T, B, I), `output` (T, B, C), `grad_output` the upstream gradient,
`grad.input` and `grad.<name>` the gradients.

Run from the repository root: /usr/bin/python3 tools/make_conv_fixtures.py
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "conv")
g = torch.Generator().manual_seed(20261206)


def randn(*shape):
    return torch.randn(*shape, generator=g).float()


def conv_case(out, name, b, cin, cout, t, k, stride=1, padding=0, dilation=1, groups=1, bias=True, causal=False):
    x, w = randn(b, cin, t), randn(cout, cin // groups, k)
    bi = randn(cout) if bias else None
    xd, wd = x.double().requires_grad_(True), w.double().requires_grad_(True)
    bd = bi.double().requires_grad_(True) if bias else None
    xin = F.pad(xd, (dilation * (k - 1), 0)) if causal else xd
    y = F.conv1d(xin, wd, bd, stride=stride, padding=0 if causal else padding, dilation=dilation, groups=groups)
    gy = randn(*y.shape)
    (y * gy.double()).sum().backward()
    out[f"{name}.input"] = x
    out[f"{name}.weight"] = w
    if bias:
        out[f"{name}.bias"] = bi
        out[f"{name}.grad_bias"] = bd.grad.float()
    out[f"{name}.config"] = torch.tensor([stride, padding, dilation, groups, float(causal)], dtype=torch.float32)
    out[f"{name}.output"] = y.detach().float()
    out[f"{name}.grad_output"] = gy
    out[f"{name}.grad_input"] = xd.grad.float()
    out[f"{name}.grad_weight"] = wd.grad.float()


class Chomp(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.size = size

    def forward(self, x):
        return x[:, :, : -self.size]


class Block(nn.Module):
    def __init__(self, cin, cout, k, d):
        super().__init__()
        pad = (k - 1) * d
        self.conv1 = nn.utils.weight_norm(nn.Conv1d(cin, cout, k, padding=pad, dilation=d))
        self.conv2 = nn.utils.weight_norm(nn.Conv1d(cout, cout, k, padding=pad, dilation=d))
        self.chomp = Chomp(pad)
        self.downsample = nn.Conv1d(cin, cout, 1) if cin != cout else None

    def forward(self, x):
        h = F.relu(self.chomp(self.conv1(x)))
        h = F.relu(self.chomp(self.conv2(h)))
        res = x if self.downsample is None else self.downsample(x)
        return F.relu(h + res)


class Tcn(nn.Module):
    def __init__(self, cin, channels, k):
        super().__init__()
        self.network = nn.Sequential(*[Block(cin if i == 0 else channels[i - 1], c, k, 2 ** i) for i, c in enumerate(channels)])

    def forward(self, x):  # (T, B, I) -> (T, B, C)
        return self.network(x.permute(1, 2, 0)).permute(2, 0, 1)


def tcn_case():
    torch.manual_seed(7)
    model = Tcn(3, [4, 4], 3)
    with torch.no_grad():  # g away from ||v|| so that a wrong normalisation shows
        for name, p in model.named_parameters():
            p.copy_(randn(*p.shape) * (0.5 if "weight_v" in name or "weight" in name else 0.2) + (1.0 if "weight_g" in name else 0.0))
    model = model.double()
    x = randn(13, 2, 3)
    xd = x.double().requires_grad_(True)
    y = model(xd)
    gy = randn(*y.shape)
    (y * gy.double()).sum().backward()
    out = {"input": x, "output": y.detach().float(), "grad_output": gy, "grad.input": xd.grad.float()}
    for name, p in model.named_parameters():
        out[f"param.{name}"] = p.detach().float()
        out[f"grad.{name}"] = p.grad.float()
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    out = {}
    conv_case(out, "plain", 2, 3, 4, 11, 3)
    conv_case(out, "padded", 2, 3, 5, 10, 4, padding=2)
    conv_case(out, "stride2", 2, 4, 3, 13, 3, stride=2, padding=1)
    conv_case(out, "dilation3", 1, 3, 2, 17, 3, dilation=3, padding=3)
    conv_case(out, "groups2", 2, 4, 6, 9, 3, padding=1, groups=2)
    conv_case(out, "depthwise", 2, 5, 5, 12, 3, padding=2, dilation=2, groups=5)
    conv_case(out, "nobias", 1, 2, 3, 8, 2, bias=False)
    conv_case(out, "causal", 2, 3, 4, 10, 3, dilation=2, causal=True)
    safetensors_io.save(os.path.join(OUT, "conv1d.safetensors"), out)
    safetensors_io.save(os.path.join(OUT, "tcn.safetensors"), tcn_case())
    for f in ("conv1d.safetensors", "tcn.safetensors"):
        print(f, os.path.getsize(os.path.join(OUT, f)), "bytes")


if __name__ == "__main__":
    main()
