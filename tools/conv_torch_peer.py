"""Peer timing for `Recur.Bench conv1d`: forward + backward of a causal dilated torch.nn.functional.conv1d.

Usage: /usr/bin/python3 tools/conv_torch_peer.py [--threads 1] [--batch 32 --channels 64 --time 400 --kernel 3
--dilation 4 --repeats 7 --iterations 10]
The input leaf is stored already padded on the left by dilation*(kernel-1) zeros (B, C, T + d(K-1)), so torch runs
the convolution alone with padding 0 and T outputs; weight (C, C, K) and bias are leaves too, and backward is
seeded with a fixed random gradient. Warmed up for a second, then the median of --repeats timings of --iterations
calls. Prints `conv1d <ms per forward+backward>`.
"""
import argparse

import torch
import torch.nn.functional as F

from peer_timing import median, round_times_ms


def main():
    p = argparse.ArgumentParser()
    for name, default in [("threads", 1), ("batch", 32), ("channels", 64), ("time", 400), ("kernel", 3), ("dilation", 4),
                          ("repeats", 7), ("iterations", 10)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    B, C, T, K, d = a.batch, a.channels, a.time, a.kernel, a.dilation
    x = F.pad(torch.randn(B, C, T, generator=g), (d * (K - 1), 0)).requires_grad_(True)
    w = (torch.randn(C, C, K, generator=g) * 0.1).requires_grad_(True)
    b = torch.randn(C, generator=g).requires_grad_(True)
    dy = torch.randn(B, C, T, generator=g)

    def step():
        x.grad = w.grad = b.grad = None
        F.conv1d(x, w, b, dilation=d).backward(dy)

    times = round_times_ms(step, a.repeats, a.iterations, warmup_calls=3, warmup_seconds=1)
    print(f"conv1d {median(times):.3f}")
    print(f"# torch {torch.__version__} --threads {a.threads}, B {B}, C {C}, T {T}, K {K}, d {d}: ms per forward+backward, "
          f"median of {a.repeats}: {', '.join(f'{t:.3f}' for t in times)}")


if __name__ == "__main__":
    main()
