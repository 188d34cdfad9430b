"""Peer timing for `Recur.Bench ctc`: forward + backward of torch.nn.CTCLoss (mean reduction) on the same shapes.

Usage: /usr/bin/python3 tools/ctc_torch_peer.py [--threads 1] [--time 200 --batch 32 --classes 30 --target 40
--repeats 7 --iterations 20]
log_probs (T, N, C) is a log_softmax output made a leaf that requires grad; targets are seeded random labels
(never the blank 0), every item --target long with full input length. Warmed up for a second, then the median of
--repeats timings of --iterations calls. Prints `ctc <ms per forward+backward>`.
"""
import argparse

import torch
import torch.nn.functional as F

from peer_timing import median, round_times_ms


def main():
    p = argparse.ArgumentParser()
    for name, default in [("threads", 1), ("time", 200), ("batch", 32), ("classes", 30), ("target", 40), ("repeats", 7), ("iterations", 20)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    T, N, C, S = a.time, a.batch, a.classes, a.target
    log_probs = F.log_softmax(torch.randn(T, N, C, generator=g), dim=2).detach().requires_grad_(True)
    targets = torch.randint(1, C, (N, S), generator=g)
    input_lengths = torch.full((N,), T, dtype=torch.long)
    target_lengths = torch.full((N,), S, dtype=torch.long)
    loss_fn = torch.nn.CTCLoss()

    def step():
        log_probs.grad = None
        loss_fn(log_probs, targets, input_lengths, target_lengths).backward()

    times = round_times_ms(step, a.repeats, a.iterations, warmup_calls=3, warmup_seconds=1)
    print(f"ctc {median(times):.3f}")
    print(f"# torch {torch.__version__} --threads {a.threads}, T {T}, N {N}, C {C}, S {S}: ms per forward+backward, "
          f"median of {a.repeats}: {', '.join(f'{t:.3f}' for t in times)}")


if __name__ == "__main__":
    main()
