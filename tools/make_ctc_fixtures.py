"""Writes PyTorch reference values for the CTC loss to tests/Recur.Tests/Fixtures/ctc/ctc.safetensors.

For each case: float32 log-probabilities `<case>.log_probs` (T, N, C) from a log_softmax, the targets
(`<case>.targets`, 1-D concatenated or 2-D (N, S) padded), `<case>.target_lengths`, `<case>.input_lengths`,
`<case>.blank` and `<case>.zero_infinity` (one element each; integers are stored as float32, which the C# reader
loads, exactly at these sizes), and for each reduction r in none, sum, mean the loss
`<case>.loss_<r>` and `<case>.grad_<r>`, torch's gradient of the loss (weighted by ones for none) with respect to
log_probs. The reference runs torch.nn.functional.ctc_loss in float64 on the float32 values (so the figures are
the exact answer for the stored inputs), and prints how far torch's own float32 run is from it.
The C# test is tests/Recur.Tests/Nn/Ctc/CtcLossReferenceTests.cs.

Run from the repository root: /usr/bin/python3 tools/make_ctc_fixtures.py
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "ctc", "ctc.safetensors")
g = torch.Generator().manual_seed(20261206)


def log_probs(t, n, c, scale=2.0):
    return F.log_softmax(torch.randn(t, n, c, generator=g) * scale, dim=2).float()


def random_targets(lengths, classes, blank):
    labels = [l for l in range(classes) if l != blank]
    picks = torch.randint(0, len(labels), (sum(lengths),), generator=g)
    return [labels[i] for i in picks.tolist()]


def padded(rows, width):
    out = torch.zeros(len(rows), width, dtype=torch.int64)
    for i, row in enumerate(rows):
        out[i, : len(row)] = torch.tensor(row, dtype=torch.int64)
    return out


def ctc(lp, targets, input_lengths, target_lengths, blank, reduction, zero_infinity, dtype):
    x = lp.to(dtype).detach().requires_grad_(True)
    loss = F.ctc_loss(x, targets, input_lengths, target_lengths, blank=blank, reduction=reduction, zero_infinity=zero_infinity)
    loss.backward(torch.ones_like(loss))
    return loss.detach(), x.grad.detach()


def case(out, name, lp, targets, input_lengths, target_lengths, blank=0, zero_infinity=False, reductions=("none", "sum", "mean")):
    il = torch.tensor(input_lengths, dtype=torch.int64)
    tl = torch.tensor(target_lengths, dtype=torch.int64)
    out[f"{name}.log_probs"] = lp
    out[f"{name}.targets"] = targets.to(torch.float32)
    out[f"{name}.target_lengths"] = tl.to(torch.float32)
    out[f"{name}.input_lengths"] = il.to(torch.float32)
    out[f"{name}.blank"] = torch.tensor([blank], dtype=torch.float32)
    out[f"{name}.zero_infinity"] = torch.tensor([float(zero_infinity)])
    for r in ("none", "sum", "mean"):
        loss, grad = ctc(lp, targets, il, tl, blank, r, zero_infinity, torch.float64)
        loss32, grad32 = ctc(lp, targets, il, tl, blank, r, zero_infinity, torch.float32)
        finite = torch.isfinite(grad)
        print(f"{name} {r}: loss {loss.tolist()}; torch float32 off by {float((loss32.double() - loss).abs().nan_to_num(0).max()):.2e} "
              f"in the loss, {float((grad32.double() - grad)[finite].abs().max()) if finite.any() else 0:.2e} in the gradient")
        out[f"{name}.loss_{r}"] = loss.float().reshape(-1)
        if r in reductions:
            out[f"{name}.grad_{r}"] = grad.float()


def main():
    out = {}
    # Different input and target lengths per item, concatenated targets.
    lengths = [3, 5, 1]
    case(out, "random", log_probs(12, 3, 6), torch.tensor(random_targets(lengths, 6, 0)), [12, 10, 7], lengths)
    # Repeated labels ("aa", "abba") need a blank between the repeats; padded targets.
    case(out, "repeats", log_probs(8, 2, 3), padded([[1, 1], [1, 2, 2, 1]], 4), [8, 7], [2, 4])
    # Exactly as many frames as the target needs (S + repeats: "abba" 5, "aa" 3), and one frame too few ("aab" in 3).
    targets = padded([[1, 2, 2, 1], [1, 1], [1, 1, 2]], 4)
    lp = log_probs(6, 3, 3)
    case(out, "boundary", lp, targets, [5, 3, 3], [4, 2, 3])
    case(out, "boundary_zero_inf", lp, targets, [5, 3, 3], [4, 2, 3], zero_infinity=True)
    # The blank as the last class; an empty target.
    case(out, "blank_last", log_probs(7, 3, 5), padded([[0, 3, 3], [2, 1, 0], []], 3), [7, 6, 4], [3, 3, 0], blank=4)
    # T = 1000: where float32 alpha/beta lose the gradient.
    lengths = [40, 25]
    case(out, "long", log_probs(1000, 2, 4, scale=1.5), torch.tensor(random_targets(lengths, 4, 0)), [1000, 900], lengths, reductions=("none",))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    safetensors_io.save(OUT, out, {"source": "torch " + torch.__version__ + " nn.functional.ctc_loss in float64"})
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
