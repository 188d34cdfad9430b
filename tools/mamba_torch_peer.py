"""Peer timing for `Recur.Bench mamba`: forward + backward of one Mamba block in pure torch, the slow path of
mamba_simple.Mamba.forward (no CUDA kernels) with the formulas of selective_scan_ref: (B, D, L, N) exp(Δ·A) and
Δ·B·u tensors, then a Python loop over L steps, as mamba runs on a CPU.

Usage: /usr/bin/python3 tools/mamba_torch_peer.py [--threads 1,2] [--model 128 --batch 16 --lengths 256,1024,4096
--repeats 3 --warmup 1]
d_state 16, d_conv 4, expand 2, dt_rank ceil(d_model / 16). Input (B, L, d_model) requires grad; a fixed upstream
gradient. Backward through the per-step slices dA[:, :, i] materialises a zero (B, D, L, N) gradient per step, so
this path's cost grows as L²: about 1.5 s at L 32 and 5 s at L 64 (B 16, one thread, loaded 2-core machine).
After --warmup calls, the best of --repeats calls per length and thread count; prints
`mamba-L<L> <tokens/s> tokens/s (<ms> ms)` for the best thread count, with every count's figure in a comment.
"""
import argparse
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_timing import round_times_ms


def selective_scan_ref(u, delta, A, B, C, D, z, delta_bias):
    delta = F.softplus(delta + delta_bias[:, None])
    dA = torch.exp(torch.einsum("bdl,dn->bdln", delta, A))
    dBu = torch.einsum("bdl,bnl,bdl->bdln", delta, B, u)
    x = u.new_zeros((u.shape[0], u.shape[1], A.shape[1]))
    ys = []
    for i in range(u.shape[2]):
        x = dA[:, :, i] * x + dBu[:, :, i]
        ys.append(torch.einsum("bdn,bn->bd", x, C[:, :, i]))
    y = torch.stack(ys, dim=2) + u * D[:, None]
    return y * F.silu(z)


class Mamba(nn.Module):
    def __init__(self, d_model, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.d_inner, self.d_state, self.dt_rank = expand * d_model, d_state, math.ceil(d_model / 16)
        self.in_proj = nn.Linear(d_model, 2 * self.d_inner, bias=False)
        self.conv1d = nn.Conv1d(self.d_inner, self.d_inner, d_conv, groups=self.d_inner, padding=d_conv - 1)
        self.x_proj = nn.Linear(self.d_inner, self.dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(self.dt_rank, self.d_inner, bias=True)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1, dtype=torch.float32)).repeat(self.d_inner, 1))
        self.D = nn.Parameter(torch.ones(self.d_inner))
        self.out_proj = nn.Linear(self.d_inner, d_model, bias=False)

    def forward(self, u):
        length = u.shape[1]
        xz = self.in_proj(u).transpose(1, 2)
        x, z = xz.chunk(2, dim=1)
        x = F.silu(self.conv1d(x)[..., :length])
        x_dbl = self.x_proj(x.transpose(1, 2))
        dt, B, C = torch.split(x_dbl, [self.dt_rank, self.d_state, self.d_state], dim=-1)
        dt = (self.dt_proj.weight @ dt.transpose(1, 2))
        y = selective_scan_ref(x, dt, -torch.exp(self.A_log), B.transpose(1, 2), C.transpose(1, 2), self.D, z, self.dt_proj.bias)
        return self.out_proj(y.transpose(1, 2))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="1,2")
    p.add_argument("--lengths", default="256,1024,4096")
    for name, default in [("model", 128), ("batch", 16), ("repeats", 3), ("warmup", 1)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.manual_seed(0)
    for length in [int(s) for s in a.lengths.split(",")]:
        block = Mamba(a.model)
        x = torch.randn(a.batch, length, a.model, requires_grad=True)
        gy = torch.randn(a.batch, length, a.model)
        results = {}
        for threads in [int(s) for s in a.threads.split(",")]:
            torch.set_num_threads(threads)

            def step():
                block.zero_grad(set_to_none=True)
                x.grad = None
                block(x).backward(gy)

            results[threads] = round_times_ms(step, a.repeats, warmup_calls=a.warmup)[0]   # the best round
        threads, ms = min(results.items(), key=lambda kv: kv[1])
        print(f"mamba-L{length} {length * a.batch / ms * 1e3:.0f} tokens/s ({ms:.1f} ms)")
        print(f"# torch {torch.__version__}, L {length}: " + ", ".join(f"{t} threads {m:.1f} ms" for t, m in results.items()))


if __name__ == "__main__":
    main()
