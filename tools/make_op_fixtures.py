"""Writes PyTorch reference values for the tensor primitives to tests/Recur.Tests/Fixtures/ops/ops.safetensors.

For each case: the inputs (`<case>.in<i>`), PyTorch's output (`<case>.out`), a fixed output weighting
(`<case>.seed`) and the gradients of sum(seed * output) with respect to each input (`<case>.grad<i>`). The C# test
(tests/Recur.Tests/Tensors/PrimitiveReferenceTests.cs) applies the same op to the same inputs. Inputs include ties,
values on clamp bounds, zeros for abs, and softplus arguments on both sides of the threshold, where the derivative
rules differ.

Run from the repository root: /usr/bin/python3 tools/make_op_fixtures.py
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "ops", "ops.safetensors")
g = torch.Generator().manual_seed(20261201)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=g) * scale


def masked_softmax(x, mask, log):
    # Rows with no kept element are zeros; excluded elements are 0 (log-softmax included).
    kept = ~mask.all(dim=1)
    y = torch.zeros_like(x)
    filled = x[kept].masked_fill(mask[kept], float("-inf"))
    part = F.log_softmax(filled, 1).masked_fill(mask[kept], 0.0) if log else F.softmax(filled, 1)
    y = y.index_put((kept.nonzero().squeeze(1),), part)
    return y


ties_a = randn(3, 1, 4)
ties_b = randn(2, 4)
ties_b[1, 2] = ties_a[0, 0, 2]  # a tie: the gradient is split in half
mask = torch.tensor([[0, 1, 0, 0, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0], [1, 0, 1, 1, 1]], dtype=torch.bool)
clamp_x = torch.tensor([[-1.0, -0.5, -0.2, 0.0], [0.3, 0.5, 0.9, 2.0]])  # -0.5 and 0.5 sit on the bounds
lse_x = randn(3, 5)
lse_x[0, 1] = float("-inf")

CASES = {
    "logsumexp": (lambda x: torch.logsumexp(x, 1), [lse_x]),
    "logsumexp_keepdim_dim0": (lambda x: torch.logsumexp(x, 0, keepdim=True), [randn(4, 3)]),
    "softplus": (lambda x: F.softplus(x), [randn(4, 6, scale=8.0)]),
    "softplus_beta": (lambda x: F.softplus(x, beta=2.0, threshold=5.0), [randn(4, 6, scale=4.0)]),
    "logsigmoid": (lambda x: F.logsigmoid(x), [randn(4, 6, scale=10.0)]),
    "maximum": (lambda a, b: torch.maximum(a, b), [ties_a, ties_b]),
    "minimum": (lambda a, b: torch.minimum(a, b), [ties_a.clone(), ties_b.clone()]),
    "clamp": (lambda x: torch.clamp(x, -0.5, 0.5), [clamp_x]),
    "clamp_min": (lambda x: torch.clamp(x, min=0.0), [clamp_x.clone()]),
    "abs": (lambda x: torch.abs(x), [torch.tensor([[-2.0, 0.0, 1.5], [0.25, -0.75, 3.0]])]),
    "sqrt": (lambda x: torch.sqrt(x), [randn(2, 5).abs() + 0.1]),
    "pad": (lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), [randn(2, 3, 4)]),
    "pad_crop": (lambda x: F.pad(x, (-1, 1, 2, -1)), [randn(2, 3, 4)]),
    "cumsum": (lambda x: torch.cumsum(x, 1), [randn(3, 4, 5)]),
    "cumsum_last": (lambda x: torch.cumsum(x, -1), [randn(2, 7)]),
    "masked_softmax": (lambda x: masked_softmax(x, mask, log=False), [randn(4, 5)]),
    "masked_log_softmax": (lambda x: masked_softmax(x, mask, log=True), [randn(4, 5)]),
    "matmul_broadcast": (lambda a, b: torch.matmul(a, b), [randn(2, 1, 3, 4), randn(3, 4, 5)]),
    "matmul_matrix_batch": (lambda a, b: torch.matmul(a, b), [randn(3, 4), randn(2, 4, 2)]),
    "where": (lambda a, b: torch.where(torch.tensor([[True], [False], [True]]), a, b), [randn(3, 4), randn(4)]),
}


def main():
    tensors = {}
    for name, (f, inputs) in CASES.items():
        inputs = [x.clone().requires_grad_(True) for x in inputs]
        out = f(*inputs)
        seed = torch.rand(out.shape, generator=g) * 2 - 1
        (out * seed).sum().backward()
        for i, x in enumerate(inputs):
            tensors[f"{name}.in{i}"] = x.detach()
            tensors[f"{name}.grad{i}"] = x.grad
        tensors[f"{name}.out"] = out.detach()
        tensors[f"{name}.seed"] = seed
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    safetensors_io.save(OUT, tensors, {"torch": torch.__version__})
    print(f"wrote {len(tensors)} tensors to {OUT}")


if __name__ == "__main__":
    main()
