"""Peer timing for `Recur.Bench seqspeed`: torch.nn.RNN/LSTM/GRU in the same char-PTB model shape.

Usage: /usr/bin/python3 tools/seq_torch_peer.py [--models rnn,lstm,gru] [--threads 1,2] [--part all|train|scaling]
[--params 500000 --embed 128 --vocab 50 --batch 32 --seq 256 --lengths 256,512,1024,2048,4096,8192 --repeats 5]

The model is Embedding(V, E) -> one-layer network -> Linear(H, V), the hidden size chosen as the bench chooses it:
the size whose whole model comes nearest --params (torch's parameter layout is ours, so the sizes agree).
(a) train: tokens/s of forward, cross-entropy, backward, clip_grad_norm_(5) and an Adam(2e-3) step at (B, T);
(b) scaling: forward + backward microseconds per token at each T of --lengths, B = batch*seq // T.
Each timing is the median of --repeats after two warm-up calls. Prints the bench's markdown rows, with the thread
count, for each of --threads.
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_timing import median, round_times_ms

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class CharModel(nn.Module):
    def __init__(self, cell, vocab, embed, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = CELLS[cell](embed, hidden)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x):  # x (T, B) -> logits (T*B, V)
        y, _ = self.rnn(self.embedding(x))  # (T, B, H)
        return self.head(y.reshape(-1, y.shape[-1]))


def count(cell, vocab, embed, hidden):
    return sum(p.numel() for p in CharModel(cell, vocab, embed, hidden).parameters())


def hidden_for(cell, vocab, embed, target):
    """Smallest hidden size reaching target by doubling then bisection; the one below if nearer."""
    lo, hi = 1, 1
    while count(cell, vocab, embed, hi) < target:
        lo, hi = hi + 1, 2 * hi
    while lo < hi:
        mid = (lo + hi) // 2
        if count(cell, vocab, embed, mid) < target:
            lo = mid + 1
        else:
            hi = mid
    if lo > 1 and target - count(cell, vocab, embed, lo - 1) < count(cell, vocab, embed, lo) - target:
        return lo - 1
    return lo


def median_seconds(step, repeats):
    return median(round_times_ms(step, repeats, warmup_calls=2)) / 1e3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--models", default="rnn,lstm,gru")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--part", default="all", choices=["all", "train", "scaling"])
    p.add_argument("--lengths", default="256,512,1024,2048,4096,8192")
    for name, default in [("params", 500000), ("embed", 128), ("vocab", 50), ("batch", 32), ("seq", 256), ("repeats", 5)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.manual_seed(0)
    V, E, B, T = a.vocab, a.embed, a.batch, a.seq
    models = a.models.split(",")
    sized = [(m, hidden_for(m, V, E, a.params)) for m in models]
    lengths = [int(t) for t in a.lengths.split(",")]
    for threads in (int(t) for t in a.threads.split(",")):
        torch.set_num_threads(threads)
        if a.part in ("all", "train"):
            print(f"| model | hidden | params | threads | tokens/s (B {B}, T {T}, fwd+bwd+Adam) |")
            print("|---|---:|---:|---:|---:|")
            for name, hidden in sized:
                model = CharModel(name, V, E, hidden)
                adam = torch.optim.Adam(model.parameters(), lr=2e-3)
                x, y = torch.randint(V, (T, B)), torch.randint(V, (T * B,))

                def step():
                    adam.zero_grad()
                    F.cross_entropy(model(x), y).backward()
                    torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                    adam.step()

                s = median_seconds(step, a.repeats)
                params = sum(q.numel() for q in model.parameters())
                print(f"| torch {name} | {hidden} | {params} | {threads} | {B * T / s:.0f} |")
        if a.part in ("all", "scaling"):
            tokens = B * T
            print(f"\n| model | T | B | threads | us/token (fwd+bwd, B*T = {tokens}) |")
            print("|---|---:|---:|---:|---:|")
            for name, hidden in sized:
                model = CharModel(name, V, E, hidden)
                for length in lengths:
                    batch = max(1, tokens // length)
                    x, y = torch.randint(V, (length, batch)), torch.randint(V, (length * batch,))

                    def step():
                        model.zero_grad()
                        F.cross_entropy(model(x), y).backward()

                    s = median_seconds(step, max(1, a.repeats // 2))
                    print(f"| torch {name} | {length} | {batch} | {threads} | {s / (batch * length) * 1e6:.3f} |")
        print(f"# torch {torch.__version__}, {threads} threads")


if __name__ == "__main__":
    main()
