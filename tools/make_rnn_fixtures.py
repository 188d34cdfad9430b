#!/usr/bin/python3
"""Writes PyTorch reference fixtures for Recur's RNN/LSTM/GRU layers to tests/Recur.Tests/Fixtures/rnn/.

Each file holds a layer's state_dict ("param.<name>"), the input, the initial states (when the case has them), the
outputs, the final states, fixed loss weights, and the gradients ("grad.<name>") of
    L = sum(output * w_out) + sum(h_n * w_h) [+ sum(c_n * w_c)]
with respect to every parameter, the input and the initial states. The case's options are in the metadata.
Variable-length cases go through pack_padded_sequence / pad_packed_sequence. Run from the repository root:
    /usr/bin/python3 tools/make_rnn_fixtures.py
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "rnn")
T, B, I, H, PROJ = 5, 3, 4, 6, 3
LENGTHS = [5, 2, 4]

# (kind, layers, bidirectional, initial states, batch_first, lengths, bias)
LAYOUTS = [
    (1, False, False, False, False, True),
    (2, True, True, False, False, True),
    (2, False, True, True, False, True),
    (1, True, True, False, True, True),
    (2, True, False, True, True, True),
    (1, False, True, False, False, False),
]
KINDS = ["rnn_tanh", "rnn_relu", "lstm", "lstm_proj", "gru"]


def build(kind, layers, bidirectional, batch_first, bias):
    common = dict(num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias)
    if kind.startswith("rnn"):
        return nn.RNN(I, H, nonlinearity=kind[4:], **common)
    if kind == "lstm":
        return nn.LSTM(I, H, **common)
    if kind == "lstm_proj":
        return nn.LSTM(I, H, proj_size=PROJ, **common)
    return nn.GRU(I, H, **common)


def case(kind, layers, bidirectional, initial, batch_first, lengths, bias, seed):
    torch.manual_seed(seed)
    model = build(kind, layers, bidirectional, batch_first, bias)
    d = 2 if bidirectional else 1
    p = PROJ if kind == "lstm_proj" else H
    lstm = kind.startswith("lstm")
    x = torch.randn((B, T, I) if batch_first else (T, B, I), requires_grad=True)
    h0 = torch.randn(layers * d, B, p, requires_grad=True) if initial else None
    c0 = torch.randn(layers * d, B, H, requires_grad=True) if initial and lstm else None
    state = ((h0, c0) if lstm else h0) if initial else None

    inp = nn.utils.rnn.pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=batch_first, enforce_sorted=False) if lengths else x
    out, final = model(inp, state)
    if lengths:
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=batch_first, total_length=T)
    hn, cn = final if lstm else (final, None)

    w_out, w_h = torch.randn(out.shape), torch.randn(hn.shape)
    loss = (out * w_out).sum() + (hn * w_h).sum()
    w_c = torch.randn(cn.shape) if lstm else None
    if lstm:
        loss = loss + (cn * w_c).sum()
    loss.backward()

    t = {}
    for name, value in model.state_dict().items():
        t["param." + name] = value
    t["input"] = x.detach()
    if initial:
        t["h0"] = h0.detach()
        if lstm:
            t["c0"] = c0.detach()
    t["output"], t["h_n"] = out.detach(), hn.detach()
    if lstm:
        t["c_n"] = cn.detach()
    t["w_out"], t["w_h"] = w_out, w_h
    if lstm:
        t["w_c"] = w_c
    for name, param in model.named_parameters():
        t["grad.param." + name] = param.grad
    t["grad.input"] = x.grad
    if initial:
        t["grad.h0"] = h0.grad
        if lstm:
            t["grad.c0"] = c0.grad
    meta = dict(kind=kind, layers=layers, bidirectional=int(bidirectional), batch_first=int(batch_first),
                bias=int(bias), input_size=I, hidden_size=H, proj_size=PROJ if kind == "lstm_proj" else 0,
                lengths=",".join(map(str, LENGTHS)) if lengths else "")
    return t, meta


def main():
    os.makedirs(OUT, exist_ok=True)
    seed = 0
    for kind in KINDS:
        for layers, bidirectional, initial, batch_first, lengths, bias in LAYOUTS:
            seed += 1
            tensors, meta = case(kind, layers, bidirectional, initial, batch_first, lengths, bias, seed)
            name = f"{kind}_l{layers}_{'bi' if bidirectional else 'uni'}{'_init' if initial else ''}" \
                   f"{'_bf' if batch_first else ''}{'_len' if lengths else ''}{'' if bias else '_nobias'}.safetensors"
            safetensors_io.save(os.path.join(OUT, name), tensors, meta)
            print(name)


if __name__ == "__main__":
    main()
