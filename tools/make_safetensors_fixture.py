"""Writes tests/Recur.Tests/Fixtures/safetensors/torch_mixed.safetensors.

Tensors of each floating dtype torch saves (float32, float16, bfloat16, float64), including a non-contiguous one, a
scalar and an empty tensor, plus metadata. Beside each `x` the file stores `x.expected`, torch's own conversion of
`x` to float32, so the C# reader is checked against torch's rounding rather than against itself.

Run from the repository root: /usr/bin/python3 tools/make_safetensors_fixture.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "safetensors", "torch_mixed.safetensors")


def main():
    g = torch.Generator().manual_seed(1234)
    wide = torch.randn(3, 5, generator=g, dtype=torch.float64) * 1e3
    sources = {
        "f32.matrix": torch.randn(4, 3, generator=g),
        "f32.transposed": torch.randn(3, 4, generator=g).t(),  # saved contiguous by the writer
        "f16.vector": (torch.randn(7, generator=g) * 100).half(),
        "bf16.cube": torch.randn(2, 3, 2, generator=g).bfloat16(),
        "f64.wide": wide + 1e-9,  # digits float32 cannot hold, so rounding is exercised
        "f32.scalar": torch.tensor(2.5),
        "f16.empty": torch.zeros(0, 4, dtype=torch.float16),
    }
    tensors = {}
    for name, tensor in sources.items():
        tensors[name] = tensor
        tensors[name + ".expected"] = tensor.float()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    safetensors_io.save(OUT, tensors, metadata={"format": "pt", "generator": "make_safetensors_fixture.py"})
    loaded, metadata = safetensors_io.load(OUT)
    for name, tensor in tensors.items():
        assert torch.equal(loaded[name], tensor.contiguous()), name
    print(f"wrote {OUT}: {len(tensors)} tensors, metadata {metadata}")


if __name__ == "__main__":
    main()
