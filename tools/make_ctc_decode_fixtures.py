"""Builds the CTC decoding fixture tests/Recur.Tests/Fixtures/ctcdecode/labellings.json.

For a few seeded random (T, C) log-softmax emission matrices (peaky around a random path, as an acoustic model's
are), records PyTorch's ln p(labels | X) = -ctc_loss for the best-path (greedy) labelling and every labelling one
edit away from it (a deletion, a substitution or an insertion). The C# tests check the prefix beam search against
these: its hypotheses' acoustic log-probabilities equal PyTorch's, and its best is at least as probable as any of
them. Run from the repository root: /usr/bin/python3 tools/make_ctc_decode_fixtures.py
"""
import json
import os

import torch

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "ctcdecode")
CASES = [(0, 25, 5, 0), (1, 40, 6, 5), (2, 17, 4, 0), (3, 31, 7, 6)]  # seed, T, C, blank


def greedy(log_probs, blank):
    labels, previous = [], blank
    for c in log_probs.argmax(dim=1).tolist():
        if c != blank and c != previous:
            labels.append(c)
        previous = c
    return labels


def neighbours(labels, classes):
    found = {tuple(labels)}
    for i in range(len(labels) + 1):
        for c in classes:
            found.add(tuple(labels[:i] + [c] + labels[i:]))
        if i < len(labels):
            found.add(tuple(labels[:i] + labels[i + 1:]))
            for c in classes:
                found.add(tuple(labels[:i] + [c] + labels[i + 1:]))
    return sorted(found, key=lambda l: (len(l), l))


def case(seed, T, C, blank):
    g = torch.Generator().manual_seed(seed)
    logits = 2 * torch.randn(T, C, generator=g, dtype=torch.float64)
    logits[torch.arange(T), torch.randint(0, C, (T,), generator=g)] += 5
    log_probs = torch.log_softmax(logits, dim=1).float()  # what the test feeds the decoder
    classes = [c for c in range(C) if c != blank]
    labellings = [list(l) for l in neighbours(greedy(log_probs, blank), classes)]
    x = log_probs.double().unsqueeze(1).expand(T, len(labellings), C)  # (T, N, C)
    targets = torch.zeros(len(labellings), max(1, max(len(l) for l in labellings)), dtype=torch.long)
    for n, l in enumerate(labellings):
        targets[n, :len(l)] = torch.tensor(l, dtype=torch.long)
    loss = torch.nn.functional.ctc_loss(x, targets, torch.full((len(labellings),), T, dtype=torch.long),
                                        torch.tensor([len(l) for l in labellings]), blank=blank, reduction="none")
    keep = [n for n in range(len(labellings)) if torch.isfinite(loss[n])]
    return {"seed": seed, "frames": T, "classes": C, "blank": blank, "logProbs": log_probs.reshape(-1).tolist(),
            "labellings": [labellings[n] for n in keep], "logProb": [-loss[n].item() for n in keep]}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [case(*c) for c in CASES]
    with open(os.path.join(OUT, "labellings.json"), "w") as f:
        json.dump({"source": f"torch {torch.__version__} ctc_loss", "cases": cases}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
