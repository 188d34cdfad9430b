"""Writes PyTorch reference values for the selective scan and the Mamba block to
tests/Recur.Tests/Fixtures/mamba/mamba.safetensors.

The torch code below implements the formulas of mamba's selective_scan_ref (Gu & Dao 2023, Algorithm 2) in
mamba's own layout, u and delta (B, D, L), B and C (B, N, L), and the slow path of mamba_simple.Mamba.forward
(in_proj, torch's depthwise Conv1d with padding d_conv - 1 cut to L, SiLU, x_proj, dt_proj, the scan with
delta_bias = dt_proj.bias and softplus, out_proj). Everything runs in float64 on float32-rounded inputs, so the
stored figures are the exact answer for the stored inputs. Tensors are stored time-major, the layout the C# op
takes: (T, B, D) for u, delta, z and y, (T, B, N) for B and C.

scan.*  : u, delta, A, B, C, D, z, delta_bias, h0 (B, D, N), gy, glast (upstream gradients of y and the last
          state), y, last, and grad_<input> for every input.
block.* : the block's parameters under mamba_simple's names (block.in_proj.weight, ...), x (T, B, d_model), gy,
          out, and grad_x plus grad_<parameter> for every parameter; the C# test loads the parameters by name.

The C# tests are tests/Recur.Tests/Nn/Mamba/MambaReferenceTests.cs.
Run from the repository root: /usr/bin/python3 tools/make_mamba_fixtures.py
"""
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "mamba", "mamba.safetensors")
g = torch.Generator().manual_seed(20261207)


def rand(*shape, low=-1.0, high=1.0):
    return (low + (high - low) * torch.rand(*shape, generator=g)).float().double()


def selective_scan(u, delta, A, B, C, D, z, delta_bias, h0):
    """u, delta, z (b, d, l); A (d, n); B, C (b, n, l); D, delta_bias (d); h0 (b, d, n). Returns y, last state."""
    delta = F.softplus(delta + delta_bias[:, None])
    dA = torch.exp(torch.einsum("bdl,dn->bdln", delta, A))
    dBu = torch.einsum("bdl,bnl,bdl->bdln", delta, B, u)
    h = h0
    ys = []
    for i in range(u.shape[2]):
        h = dA[:, :, i] * h + dBu[:, :, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, :, i]))
    y = torch.stack(ys, dim=2) + u * D[:, None]
    return y * F.silu(z), h


def time_major(x):
    """(b, c, l) -> (l, b, c)."""
    return x.permute(2, 0, 1).contiguous()


def scan_case(out):
    b, d, n, l = 2, 11, 5, 37
    inputs = {
        "u": rand(b, d, l), "delta": rand(b, d, l, low=-4.0, high=1.0), "A": rand(d, n, low=-2.0, high=-0.1),
        "B": rand(b, n, l), "C": rand(b, n, l), "D": rand(d), "z": rand(b, d, l, low=-3.0, high=3.0),
        "delta_bias": rand(d, low=-0.5, high=0.5), "h0": rand(b, d, n),
    }
    for t in inputs.values():
        t.requires_grad_(True)
    y, last = selective_scan(**inputs)
    gy, glast = rand(b, d, l), rand(b, d, n)
    (y * gy).sum().add_((last * glast).sum()).backward()
    layout = {"u": time_major, "delta": time_major, "z": time_major, "B": time_major, "C": time_major}
    for name, t in inputs.items():
        f = layout.get(name, lambda x: x)
        out[f"scan.{name}"] = f(t.detach())
        out[f"scan.grad_{name}"] = f(t.grad)
    out["scan.gy"] = time_major(gy)
    out["scan.glast"] = glast
    out["scan.y"] = time_major(y.detach())
    out["scan.last"] = last.detach()


def block_case(out):
    d_model, d_state, d_conv, expand, length, batch = 8, 16, 4, 2, 13, 2
    d_inner, dt_rank = expand * d_model, math.ceil(d_model / 16)
    params = {
        "in_proj.weight": rand(2 * d_inner, d_model, low=-0.35, high=0.35),
        "conv1d.weight": rand(d_inner, 1, d_conv, low=-0.5, high=0.5),
        "conv1d.bias": rand(d_inner, low=-0.5, high=0.5),
        "x_proj.weight": rand(dt_rank + 2 * d_state, d_inner, low=-0.25, high=0.25),
        "dt_proj.weight": rand(d_inner, dt_rank, low=-1.0, high=1.0),
        "dt_proj.bias": rand(d_inner, low=-6.0, high=-2.5),
        "A_log": (torch.log(torch.arange(1, d_state + 1, dtype=torch.float64)).repeat(d_inner, 1)
                  + rand(d_inner, d_state, low=-0.1, high=0.1)).float().double(),
        "D": (1.0 + rand(d_inner, low=-0.2, high=0.2)).float().double(),
        "out_proj.weight": rand(d_model, d_inner, low=-0.25, high=0.25),
    }
    x = rand(length, batch, d_model)
    for t in [x, *params.values()]:
        t.requires_grad_(True)
    p = params
    u = x.permute(1, 0, 2)                                        # (B, L, d_model)
    xz = (u @ p["in_proj.weight"].T).transpose(1, 2)              # (B, 2 d_inner, L)
    xs, z = xz.chunk(2, dim=1)
    xs = F.conv1d(xs, p["conv1d.weight"], p["conv1d.bias"], padding=d_conv - 1, groups=d_inner)[..., :length]
    xs = F.silu(xs)
    x_dbl = xs.transpose(1, 2) @ p["x_proj.weight"].T             # (B, L, dt_rank + 2N)
    dt, Bm, Cm = torch.split(x_dbl, [dt_rank, d_state, d_state], dim=-1)
    dt = (dt @ p["dt_proj.weight"].T).transpose(1, 2)             # (B, d_inner, L)
    y, _ = selective_scan(xs, dt, -torch.exp(p["A_log"]), Bm.transpose(1, 2), Cm.transpose(1, 2), p["D"], z,
                          p["dt_proj.bias"], torch.zeros(batch, d_inner, d_state, dtype=torch.float64))
    result = (y.transpose(1, 2) @ p["out_proj.weight"].T).permute(1, 0, 2)   # (L, B, d_model)
    gy = rand(length, batch, d_model)
    (result * gy).sum().backward()
    out["block.x"] = x.detach()
    out["block.gy"] = gy
    out["block.out"] = result.detach()
    out["block.grad_x"] = x.grad
    for name, t in params.items():
        out[f"block.{name}"] = t.detach()
        out[f"block.grad_{name}"] = t.grad


def main():
    out = {}
    scan_case(out)
    block_case(out)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    safetensors_io.save(OUT, {k: v.float() for k, v in out.items()}, {"torch": torch.__version__})
    print(f"wrote {OUT}: {len(out)} tensors, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
