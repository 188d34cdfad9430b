"""Peer timing for `Recur.Bench scan`: the linear recurrence h_t = a_t * h_{t-1} + b_t over (T, N) in torch.

Usage: /usr/bin/python3 tools/scan_torch_peer.py [--threads 1] [--channels 1024] [--times 256,1024,4096,8192] [--repeats 5]
a in [0.9, 1), b in [0, 1), as the benchmark draws them. Methods: "loop" (a Python loop over T of in-place torch
ops: the direct way), "cumprod" (the closed form h_t = A_t * cumsum(b / A)_t with A = cumprod(a): fast but it divides
by A_t, which underflows for long T), "heinsen" (the stable log-space closed form, Heinsen 2023:
log h = a* + logcumsumexp(log b - a*), a* = cumsum(log a)). Prints `scan <method> T <T> <M elements/s>` and, for the
closed forms, their largest relative error against the loop.
"""
import argparse

import torch

from peer_timing import median, round_times_ms


def loop(a, b):
    h = torch.empty_like(b)
    h[0] = b[0]
    for t in range(1, a.shape[0]):
        torch.addcmul(b[t], a[t], h[t - 1], out=h[t])
    return h


def cumprod(a, b):
    A = torch.cumprod(a, 0)
    return A * torch.cumsum(b / A, 0)


def heinsen(a, b):
    a_star = torch.cumsum(a.log(), 0)
    return (a_star + torch.logcumsumexp(b.log() - a_star, 0)).exp()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--channels", type=int, default=1024)
    p.add_argument("--times", default="256,1024,4096,8192")
    p.add_argument("--repeats", type=int, default=5)
    o = p.parse_args()
    torch.set_num_threads(o.threads)
    print(f"# torch {torch.__version__} --threads {o.threads}, N = {o.channels}: M elements/s, median of {o.repeats}")
    for T in [int(t) for t in o.times.split(",")]:
        g = torch.Generator().manual_seed(0)
        a = torch.rand(T, o.channels, generator=g) * 0.1 + 0.9
        b = torch.rand(T, o.channels, generator=g)
        reference = loop(a, b)
        for name, f in [("loop", loop), ("cumprod", cumprod), ("heinsen", heinsen)]:
            last = [None]

            def run(f=f):
                last[0] = f(a, b)

            times = round_times_ms(run, o.repeats, min_round_seconds=0.1)
            h = last[0]
            line = f"scan {name} T {T} {T * o.channels / (median(times) / 1e3) / 1e6:.1f}"
            if name != "loop":
                err = ((h - reference).abs() / reference.abs().clamp_min(1e-6)).max().item()
                line += f"  # max relative error vs loop {err:.2e}"
            print(line)


if __name__ == "__main__":
    main()
