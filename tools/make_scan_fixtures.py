#!/usr/bin/python3
"""Writes PyTorch reference fixtures for Recur's linear-recurrence scans and the layers built on them to
tests/Recur.Tests/Fixtures/scan/.

Every reference is written here from the papers' formulas, independently of Recur's kernels: the scans as plain
loops over time (and the log-space scan in Heinsen's closed form with torch.cumsum / torch.logcumsumexp); minGRU and
minLSTM as in Feng et al. 2024's appendix (log-space parallel mode); the LRU with torch complex arithmetic. Each file
holds the inputs, parameters ("param.<name>", Recur's state_dict names), outputs, fixed loss weights ("w_*") and
the gradients ("grad.<name>") of L = sum(output * w_out) [+ sum(state * w_state)]. Run from the repository root:
    /usr/bin/python3 tools/make_scan_fixtures.py
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "scan")
T, B, D = 7, 2, 3


def leaf(x):
    return x.detach().clone().requires_grad_(True)


def save(name, inputs, params, outputs, meta=None):
    torch.manual_seed(99)
    weights = {"w_" + k: torch.rand_like(v) * 2 - 1 for k, v in outputs.items()}
    loss = sum((outputs[k] * weights["w_" + k]).sum() for k in outputs)
    leaves = {**inputs, **{"param." + k: v for k, v in params.items()}}
    grads = torch.autograd.grad(loss, list(leaves.values()))
    tensors = {k: v.detach() for k, v in leaves.items()}
    tensors.update({k: v.detach() for k, v in outputs.items()})
    tensors.update(weights)
    tensors.update({"grad." + k: g for k, g in zip(leaves, grads)})
    safetensors_io.save(os.path.join(OUT, name + ".safetensors"), {k: v.float().contiguous() for k, v in tensors.items()}, meta or {})


def linear_scan():
    torch.manual_seed(1)
    a, b, h0 = leaf(torch.rand(T, B, D) * 1.8 - 0.9), leaf(torch.randn(T, B, D)), leaf(torch.randn(B, D))
    h, out = h0, []
    for t in range(T):
        h = a[t] * h + b[t]
        out.append(h)
    save("linear_scan", {"a": a, "b": b, "h0": h0}, {}, {"h": torch.stack(out)})


def complex_scan():
    torch.manual_seed(2)
    ar, ai = leaf(torch.rand(T, B, D) * 1.2 - 0.6), leaf(torch.rand(T, B, D) * 1.2 - 0.6)
    br, bi = leaf(torch.randn(T, B, D)), leaf(torch.randn(T, B, D))
    h0r, h0i = leaf(torch.randn(B, D)), leaf(torch.randn(B, D))
    hr, hi, outr, outi = h0r, h0i, [], []
    for t in range(T):
        hr, hi = ar[t] * hr - ai[t] * hi + br[t], ar[t] * hi + ai[t] * hr + bi[t]
        outr.append(hr)
        outi.append(hi)
    save("complex_scan", {"a_re": ar, "a_im": ai, "b_re": br, "b_im": bi, "h0_re": h0r, "h0_im": h0i}, {},
         {"h_re": torch.stack(outr), "h_im": torch.stack(outi)})


def heinsen(log_a, log_b, log_h0):
    """log h_t = a*_t + logcumsumexp(log b_t - a*_t), with log h0 as the term before t = 0 (Heinsen 2023)."""
    a_star = F.pad(torch.cumsum(log_a, dim=0), (0, 0, 0, 0, 1, 0))
    values = torch.cat([log_h0.unsqueeze(0), log_b], dim=0)
    return (a_star + torch.logcumsumexp(values - a_star, dim=0))[1:]


def log_scan():
    torch.manual_seed(3)
    la, lb, l0 = leaf(torch.rand(T, B, D) * -2), leaf(torch.rand(T, B, D) * 3 - 2), leaf(torch.randn(B, D))
    save("log_scan", {"log_a": la, "log_b": lb, "log_h0": l0}, {}, {"log_h": heinsen(la, lb, l0)})


def log_g(x):
    return torch.where(x >= 0, (F.relu(x) + 0.5).log(), -F.softplus(-x))


class MinRnnStack(nn.Module):
    """Feng et al. 2024's minGRU / minLSTM (log-space mode), stacked as Recur's MinRnnNetwork: residual where shapes allow."""

    def __init__(self, kind, i, h, layers):
        super().__init__()
        names = ["linear_z", "linear_h"] if kind == "gru" else ["linear_f", "linear_i", "linear_h"]
        self.kind, self.h = kind, h
        self.layers = nn.ModuleList([nn.ModuleDict({n: nn.Linear(i if l == 0 else h, h) for n in names}) for l in range(layers)])

    def forward(self, x, state):
        u, last = x, []
        for l, layer in enumerate(self.layers):
            if self.kind == "gru":
                k = layer["linear_z"](u)
                log_a, log_b = -F.softplus(k), -F.softplus(-k) + log_g(layer["linear_h"](u))
            else:
                diff = F.softplus(-layer["linear_f"](u)) - F.softplus(-layer["linear_i"](u))
                log_a, log_b = -F.softplus(diff), -F.softplus(-diff) + log_g(layer["linear_h"](u))
            h = heinsen(log_a, log_b, state[:, l].log()).exp()
            last.append(h[-1])
            u = h + u if u.shape[-1] == self.h else h
        return u, torch.stack(last, 1)


def min_rnn(kind, seed):
    torch.manual_seed(seed)
    i, h, layers = 3, 4, 2
    model = MinRnnStack(kind, i, h, layers)
    x, h0 = leaf(torch.randn(T, B, i)), leaf(torch.rand(B, layers, h) + 0.1)
    y, state = model(x, h0)
    save("min_" + kind, {"input": x, "h0": h0}, dict(model.named_parameters()), {"output": y, "state": state},
         {"kind": kind, "input_size": i, "hidden_size": h, "layers": layers})


class LruStack(nn.Module):
    """Orvieto et al. 2023's LRU in Recur's LruNetwork block: encoder, then u + out(gelu(lru(norm(u))))."""

    def __init__(self, i, h, n, layers):
        super().__init__()
        self.encoder = nn.Linear(i, h)
        self.blocks = nn.ModuleList()
        for _ in range(layers):
            block = nn.Module()
            block.norm, block.out = nn.LayerNorm(h), nn.Linear(h, h)
            lru = nn.Module()
            u1, u2 = torch.rand(n), torch.rand(n)
            lru.nu_log = nn.Parameter(torch.log(-0.5 * torch.log(u1 * 0.19 + 0.81)))  # ring [0.9, 1)
            lru.theta_log = nn.Parameter(torch.log(6.28 * u2))
            lru.gamma_log = nn.Parameter(torch.log(torch.sqrt(1 - torch.exp(-torch.exp(lru.nu_log.detach())) ** 2)))
            lru.B_re, lru.B_im = nn.Parameter(torch.randn(n, h) / math.sqrt(2 * h)), nn.Parameter(torch.randn(n, h) / math.sqrt(2 * h))
            lru.C_re, lru.C_im = nn.Parameter(torch.randn(h, n) / math.sqrt(n)), nn.Parameter(torch.randn(h, n) / math.sqrt(n))
            lru.D = nn.Parameter(torch.randn(h))
            block.lru = lru
            self.blocks.append(block)
        self.n = n

    def forward(self, x, state):
        u, last = self.encoder(x), []
        for l, block in enumerate(self.blocks):
            p, v = block.lru, block.norm(u)
            lam = torch.exp(-torch.exp(p.nu_log) + 1j * torch.exp(p.theta_log))
            bx = torch.complex(v @ p.B_re.T, v @ p.B_im.T) * torch.exp(p.gamma_log)
            h, hs = torch.complex(state[:, l, :self.n], state[:, l, self.n:]), []
            for t in range(x.shape[0]):
                h = lam * h + bx[t]
                hs.append(h)
            hs = torch.stack(hs)
            y = (hs @ torch.complex(p.C_re, p.C_im).T).real + p.D * v
            u = u + block.out(F.gelu(y, approximate="tanh"))
            last.append(torch.cat([hs[-1].real, hs[-1].imag], -1))
        return u, torch.stack(last, 1)


def lru():
    torch.manual_seed(7)
    i, h, n, layers = 3, 4, 5, 2
    model = LruStack(i, h, n, layers)
    x, h0 = leaf(torch.randn(T, B, i)), leaf(torch.randn(B, layers, 2 * n) * 0.5)
    y, state = model(x, h0)
    save("lru", {"input": x, "h0": h0}, dict(model.named_parameters()), {"output": y, "state": state},
         {"input_size": i, "hidden_size": h, "state_size": n, "layers": layers})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    linear_scan()
    complex_scan()
    log_scan()
    min_rnn("gru", 4)
    min_rnn("lstm", 5)
    lru()
    print("wrote", sorted(os.listdir(OUT)))
