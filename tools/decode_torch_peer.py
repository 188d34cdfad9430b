"""Peer timing for `Recur.Bench decode`: the same beam search step in PyTorch, fairseq's way.

Usage: /usr/bin/python3 tools/decode_torch_peer.py [--threads 1] [--batch 32 --beam 5 --vocab 8000 --embed 256
--hidden 512 --source 20 --length 30 --repeats 3]
The model step is Embedding -> GRUCell -> Linear -> log_softmax at batch x beam rows, with uniform attention over
the source; the search is fairseq's tensor bookkeeping (top 2K of K*V per sentence, the first K candidates that
are not the end token stay alive, tokens and attention carried by index_select on the parents), every output
forced to --length tokens. Prints `torch-decode <ms/step> model-step <ms> state-select <ms> search-bookkeeping <ms>`.
"""
import argparse
import time

import torch
import torch.nn as nn


def main():
    p = argparse.ArgumentParser()
    for name, default in [("threads", 1), ("batch", 32), ("beam", 5), ("vocab", 8000), ("embed", 256), ("hidden", 512),
                          ("source", 20), ("length", 30), ("repeats", 3)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    B, K, V, S, L = a.batch, a.beam, a.vocab, a.source, a.length
    R, eos = B * K, 0
    emb, cell, head = nn.Embedding(V, a.embed), nn.GRUCell(a.embed, a.hidden), nn.Linear(a.hidden, V)
    clock = {"model": 0.0, "select": 0.0, "total": 0.0}

    def timed(key, f):
        t0 = time.perf_counter()
        out = f()
        clock[key] += time.perf_counter() - t0
        return out

    def decode():
        t0 = time.perf_counter()
        h = torch.zeros(R, a.hidden)
        tokens = torch.ones(R, dtype=torch.long)
        cum = torch.full((B, K), float("-inf"))
        cum[:, 0] = 0
        history = torch.zeros(R, 0, dtype=torch.long)
        attention = torch.zeros(R, 0, S)
        offsets = (torch.arange(B) * K).unsqueeze(1)
        for t in range(L + 1):
            def step():
                hn = cell(emb(tokens), h)
                return hn, torch.log_softmax(head(hn), dim=1), torch.full((R, S), 1.0 / S)
            h, lprobs, att = timed("model", step)
            if t < L:
                lprobs[:, eos] = float("-inf")
            else:
                keep = lprobs[:, eos].clone()
                lprobs.fill_(float("-inf"))
                lprobs[:, eos] = keep
            scores = (lprobs + cum.view(R, 1)).view(B, K * V)
            top_scores, top_index = scores.topk(2 * K, dim=1)
            beams, words = top_index // V, top_index % V
            if t == L:
                break  # every hypothesis ends here; fairseq would finalise them
            # The first K candidates that are not the end token stay alive (fairseq's active_mask trick).
            rank = (words == eos).long() * (2 * K) + torch.arange(2 * K)
            _, alive = torch.topk(rank, K, dim=1, largest=False)
            parents = (torch.gather(beams, 1, alive) + offsets).view(R)
            tokens = torch.gather(words, 1, alive).view(R)
            cum = torch.gather(top_scores, 1, alive)
            history = torch.cat([history.index_select(0, parents), tokens.unsqueeze(1)], 1)
            attention = torch.cat([attention.index_select(0, parents), att.index_select(0, parents).unsqueeze(1)], 1)
            h = timed("select", lambda: h.index_select(0, parents))
        clock["total"] += time.perf_counter() - t0

    with torch.no_grad():
        decode()
        for k in clock:
            clock[k] = 0.0
        for _ in range(a.repeats):
            decode()
    steps = a.repeats * (L + 1)
    model, select, total = (clock[k] / steps * 1e3 for k in ("model", "select", "total"))
    book = total - model - select
    print(f"torch-decode threads {a.threads}: {total:.3f} ms/step model-step {model:.3f} ms ({model / total:.1%}) "
          f"state-select {select:.3f} ms search-bookkeeping {book:.3f} ms ({book / total:.1%})")


if __name__ == "__main__":
    main()
