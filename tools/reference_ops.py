#!/usr/bin/python3
"""Prints PyTorch's values for the op reference tests in tests/Recur.Tests/Tensors/OpReferenceTests.cs.

Inputs are small literal tensors, so that the C# test can restate them exactly; run with Debian's python3-torch.
"""
import torch
import torch.nn.functional as F

logits = torch.tensor([[0.5, -1.0, 2.0, 0.0], [1.5, 0.2, -0.3, 0.7], [-2.0, 1.0, 0.1, 0.4]])
targets = torch.tensor([2, -100, 1])
print("cross_entropy mean", F.cross_entropy(logits, targets, ignore_index=-100).item())
print("cross_entropy smoothed", F.cross_entropy(logits, targets, ignore_index=-100, label_smoothing=0.2).item())
print("cross_entropy none", F.cross_entropy(logits, torch.tensor([2, 0, 1]), reduction="none").tolist())
print("softmax row0", torch.softmax(logits, 1)[0].tolist())
w = torch.tensor([1.0, 2.0, 0.5, -1.0]); b = torch.tensor([0.1, 0.0, -0.2, 0.3])
print("layer_norm row1", F.layer_norm(logits, (4,), w, b)[1].tolist())
