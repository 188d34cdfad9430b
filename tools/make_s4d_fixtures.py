"""Writes PyTorch reference values for S4D to tests/Recur.Tests/Fixtures/s4d/s4d.safetensors.

S4D (Gu et al. 2022, "On the Parameterization and Initialization of Diagonal State Space Models") written out in
torch from the paper's formulas, laid out as the reference s4d.py lays out its S4D module (input (B, H, L)):
A = -exp(log_A_real) + i*A_imag, dt = exp(log_dt), dA = exp(dt*A), dB = (dA - 1)/A,
K[h, l] = 2*Re(sum_n C_n dB_n dA_n^l), y = irfft(rfft(u, 2L)*rfft(K, 2L), 2L)[..., :L] + D*u, then GELU (erf form),
a kernel-size-1 Conv1d H -> 2H and a GLU over the channels.

For each case `<case>.<name>` holds the float32 parameters under the module's state_dict names (kernel.log_dt,
kernel.C as (H, N/2, 2), kernel.log_A_real, kernel.A_imag, D, output_linear.0.weight (2H, H, 1),
output_linear.0.bias), the input `u` (B, H, L), loss weights `w` (B, H, L), and the reference, computed in float64
from those float32 values: `kernel` (H, L), the output `y` (B, H, L), and `grad.<name>` / `grad.u`, the gradients
of sum(w * y). The C# test is tests/Recur.Tests/Nn/StateSpace/S4dTorchFixtureTests.cs.

Run from the repository root: /usr/bin/python3 tools/make_s4d_fixtures.py
"""
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "s4d", "s4d.safetensors")
g = torch.Generator().manual_seed(20261207)


def parameters(h, n, init):
    modes = n // 2
    log_dt = torch.rand(h, generator=g) * (math.log(0.1) - math.log(0.001)) + math.log(0.001)
    c = torch.randn(h, modes, 2, generator=g) * math.sqrt(0.5)
    # Perturbed away from the init so that every mode differs and gradients are generic.
    log_a_real = math.log(0.5) + 0.3 * torch.randn(h, modes, generator=g)
    idx = torch.arange(modes, dtype=torch.float64)
    imag = math.pi * idx if init == "lin" else n / math.pi * (n / (2 * idx + 1) - 1)
    a_imag = imag.float().repeat(h, 1) + 0.1 * torch.randn(h, modes, generator=g)
    d = torch.randn(h, generator=g)
    bound = 1 / math.sqrt(h)
    weight = (torch.rand(2 * h, h, 1, generator=g) * 2 - 1) * bound
    bias = (torch.rand(2 * h, generator=g) * 2 - 1) * bound
    return {
        "kernel.log_dt": log_dt, "kernel.C": c, "kernel.log_A_real": log_a_real, "kernel.A_imag": a_imag,
        "D": d, "output_linear.0.weight": weight, "output_linear.0.bias": bias,
    }


def s4d_kernel(p, length):
    dt = torch.exp(p["kernel.log_dt"])                                   # (H)
    c = torch.view_as_complex(p["kernel.C"])                              # (H, N/2)
    a = -torch.exp(p["kernel.log_A_real"]) + 1j * p["kernel.A_imag"]     # (H, N/2)
    dta = a * dt.unsqueeze(-1)
    powers = torch.exp(dta.unsqueeze(-1) * torch.arange(length, dtype=dt.dtype))  # (H, N/2, L)
    weights = c * (torch.exp(dta) - 1.0) / a
    return 2 * torch.einsum("hn,hnl->hl", weights, powers).real


def s4d(p, u):
    length = u.shape[-1]
    k = s4d_kernel(p, length)
    y = torch.fft.irfft(torch.fft.rfft(u, n=2 * length) * torch.fft.rfft(k, n=2 * length), n=2 * length)[..., :length]
    y = y + u * p["D"].unsqueeze(-1)
    y = F.gelu(y)
    y = F.conv1d(y, p["output_linear.0.weight"], p["output_linear.0.bias"])
    return k, F.glu(y, dim=-2)


def case(out, name, b, h, n, length, init):
    p32 = parameters(h, n, init)
    u32 = torch.randn(b, h, length, generator=g)
    w32 = torch.rand(b, h, length, generator=g) * 2 - 1
    p = {k: v.double().requires_grad_(True) for k, v in p32.items()}
    u = u32.double().requires_grad_(True)
    k, y = s4d(p, u)
    (y * w32.double()).sum().backward()
    for key, value in p32.items():
        out[f"{name}.{key}"] = value
    out[f"{name}.u"] = u32
    out[f"{name}.w"] = w32
    out[f"{name}.kernel"] = k.detach().float()
    out[f"{name}.y"] = y.detach().float()
    for key, value in p.items():
        out[f"{name}.grad.{key}"] = value.grad.float()
    out[f"{name}.grad.u"] = u.grad.float()
    # torch's own float32 run, for scale.
    k32, y32 = s4d({k2: v for k2, v in p32.items()}, u32)
    print(f"{name}: max |y64 - y32| = {(y.detach().float() - y32).abs().max():.2e}, max |y| = {y.abs().max():.2f}")


def main():
    out = {}
    case(out, "lin", b=2, h=3, n=8, length=37, init="lin")
    case(out, "inv", b=2, h=3, n=6, length=150, init="inv")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    safetensors_io.save(OUT, out, {"source": "tools/make_s4d_fixtures.py", "torch": torch.__version__})
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
