"""Times forward + backward of one S4D layer in PyTorch, the peer of `Recur.Bench s4d`.

The layer is s4d.py's S4D module written out from the paper's formulas (the same functions as
tools/make_s4d_fixtures.py, float32 here): kernel generation through exp of a (H, N/2, L) complex tensor, the
convolution through torch.fft.rfft/irfft of size 2L, D, GELU, a kernel-size-1 Conv1d H -> 2H and a GLU, on input
(B, H, L) that requires grad, loss = sum of the outputs. For each length, the best of 1 and 2 threads of the median of
--repeats timings of --iterations calls. Prints `s4d-torch L <L> <ms> threads <n>`.

Run from the repository root: /usr/bin/python3 tools/s4d_torch_peer.py [--hidden 128 --state 64 --batch 2
--lengths 256,1000,1024,2048,4096,8192 --repeats 5 --iterations 3]
"""
import argparse
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_s4d_fixtures import s4d  # noqa: E402
from peer_timing import median, round_times_ms  # noqa: E402


def parameters(h, n, g):
    modes = n // 2
    return {
        "kernel.log_dt": torch.rand(h, generator=g) * (math.log(0.1) - math.log(0.001)) + math.log(0.001),
        "kernel.C": torch.randn(h, modes, 2, generator=g) * math.sqrt(0.5),
        "kernel.log_A_real": torch.full((h, modes), math.log(0.5)),
        "kernel.A_imag": (math.pi * torch.arange(modes, dtype=torch.float32)).repeat(h, 1),
        "D": torch.randn(h, generator=g),
        "output_linear.0.weight": (torch.rand(2 * h, h, 1, generator=g) * 2 - 1) / math.sqrt(h),
        "output_linear.0.bias": (torch.rand(2 * h, generator=g) * 2 - 1) / math.sqrt(h),
    }


def median_ms(step, repeats, iterations):
    return median(round_times_ms(step, repeats, iterations, warmup_calls=2, warmup_seconds=0.5))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--state", type=int, default=64)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--lengths", default="256,1000,1024,2048,4096,8192")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=3)
    a = ap.parse_args()
    g = torch.Generator().manual_seed(0)
    p = {k: v.requires_grad_(True) for k, v in parameters(a.hidden, a.state, g).items()}
    for length in [int(s) for s in a.lengths.split(",")]:
        u = torch.randn(a.batch, a.hidden, length, generator=g).requires_grad_(True)

        def step():
            for v in p.values():
                v.grad = None
            u.grad = None
            s4d(p, u)[1].sum().backward()

        best = None
        for threads in (1, 2):
            torch.set_num_threads(threads)
            ms = median_ms(step, a.repeats, a.iterations)
            if best is None or ms < best[0]:
                best = (ms, threads)
        print(f"s4d-torch L {length} {best[0]:.3f} threads {best[1]}", flush=True)


if __name__ == "__main__":
    main()
