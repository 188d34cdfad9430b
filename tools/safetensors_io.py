"""Minimal reader and writer of the safetensors format for torch tensors.

The `safetensors` package is not installed where the fixtures are generated, so this module implements the format
directly: an 8-byte little-endian header length N, N bytes of UTF-8 JSON ({name: {dtype, shape, data_offsets}, ...,
"__metadata__": {str: str}}), then the data buffer. Offsets are relative to the start of the buffer.
"""
import json
import struct

import torch

DTYPES = {
    torch.float64: "F64",
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.int16: "I16",
    torch.int8: "I8",
    torch.uint8: "U8",
    torch.bool: "BOOL",
}
TORCH_DTYPES = {name: dtype for dtype, name in DTYPES.items()}


def _raw_bytes(tensor):
    """The tensor's elements in row-major order as little-endian bytes."""
    flat = tensor.detach().cpu().contiguous().reshape(-1)
    # Reinterpret as bytes through uint8 so that bfloat16, which numpy lacks, needs no special path.
    return flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""


def save(path, tensors, metadata=None):
    """Writes a dict name -> torch tensor (in its iteration order) with optional str -> str metadata."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    chunks, offset = [], 0
    for name, tensor in tensors.items():
        data = _raw_bytes(tensor)
        header[name] = {
            "dtype": DTYPES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for data in chunks:
            f.write(data)


def load(path):
    """Returns (dict name -> torch tensor in buffer order, metadata dict)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    buffer = blob[8 + n :]
    tensors = {}
    for name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"][0]):
        begin, end = entry["data_offsets"]
        dtype = TORCH_DTYPES[entry["dtype"]]
        raw = torch.frombuffer(bytearray(buffer[begin:end]), dtype=torch.uint8) if end > begin else torch.empty(0, dtype=torch.uint8)
        tensors[name] = raw.view(dtype).reshape(entry["shape"]).clone()
    return tensors, metadata
