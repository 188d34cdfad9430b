"""Writes PyTorch reference steps of sparse-gradient optimisers to tests/Recur.Tests/Fixtures/optim/sparse.safetensors.

An nn.Embedding(V=11, E=6, sparse=True) is looked up with a fixed batch of ids per step (repeated ids, and rows
absent from some steps, so that lazy moments matter) and back-propagated with a fixed seed, so each step's sparse
gradient holds rows `ids.<step>` with values `seed.<step>`. For SparseAdam and Adagrad (sparse path) the weights
after each step are `<optimiser>.weight.<step>`; `initial` is the starting table. Hyperparameters are in the metadata.

Run from the repository root: /usr/bin/python3 tools/make_sparse_fixtures.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "optim", "sparse.safetensors")
V, E, STEPS = 11, 6, 6
IDS = [[3, 1, 3, 7], [0, 10, 10], [3, 5], [1, 7, 7, 7, 2], [9], [3, 0, 5, 1]]
OPTIMISERS = {
    "sparse_adam": (torch.optim.SparseAdam, dict(lr=0.1, betas=(0.8, 0.95), eps=1e-3)),
    "adagrad": (torch.optim.Adagrad, dict(lr=0.2, lr_decay=0.05, initial_accumulator_value=0.1, eps=1e-4)),
}


def main():
    g = torch.Generator().manual_seed(31337)
    initial = torch.randn(V, E, generator=g)
    seeds = [2.0 * torch.randn(len(ids), E, generator=g) for ids in IDS]
    out = {"initial": initial}
    for step, (ids, seed) in enumerate(zip(IDS, seeds)):
        out[f"ids.{step}"] = torch.tensor(ids, dtype=torch.float32)
        out[f"seed.{step}"] = seed
    metadata = {"steps": str(STEPS)}
    for name, (cls, options) in OPTIMISERS.items():
        emb = torch.nn.Embedding(V, E, sparse=True)
        with torch.no_grad():
            emb.weight.copy_(initial)
        optimiser = cls(emb.parameters(), **options)
        for step, (ids, seed) in enumerate(zip(IDS, seeds)):
            optimiser.zero_grad()
            emb(torch.tensor(ids)).backward(seed)
            optimiser.step()
            out[f"{name}.weight.{step}"] = emb.weight.detach().clone()
        for key, value in options.items():
            if key == "betas":
                metadata[f"{name}.beta1"], metadata[f"{name}.beta2"] = repr(value[0]), repr(value[1])
            else:
                metadata[f"{name}.{key}"] = repr(value)
    safetensors_io.save(OUT, out, metadata)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
