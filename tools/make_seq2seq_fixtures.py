#!/usr/bin/python3
"""Writes PyTorch reference fixtures for Recur's attention encoder-decoder to tests/Recur.Tests/Fixtures/seq2seq/.

Each case builds, in PyTorch, the model that Recur.Seq2Seq.Seq2SeqModel describes (same attribute names, so the
state_dicts match): embeddings, a (bidirectional) GRU/LSTM encoder over packed lengths, a bridge, a GRUCell/LSTMCell
decoder with no attention, Bahdanau's additive attention or Luong's dot/general/concat with input feeding, an
optional tanh readout and an optional tied output layer. It computes the teacher-forced, label-smoothed token
cross-entropy of a fixed padded batch and the gradient of every parameter. Files hold "param.<name>",
"grad.<name>", the loss, and the case (config, ids, lengths) in the metadata. Run from the repository root:
    /usr/bin/python3 tools/make_seq2seq_fixtures.py
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "seq2seq")
VS, VT, E, H = 11, 13, 6, 8
PAD, BOS, EOS = 0, 2, 3
SOURCES = [[5, 6, 7, 8, 3], [9, 4, 3], [10, 5, 9, 3]]
TARGETS = [[2, 5, 6, 7, 3], [2, 8, 3], [2, 9, 10, 11, 12, 3]]
SMOOTHING = 0.1


class Seq2Seq(nn.Module):
    def __init__(s, cell, attention, bridge, layers, bidirectional, readout, tie):
        super().__init__()
        s.cell, s.kind, s.bridge_kind, s.layers, s.bi = cell, attention, bridge, layers, bidirectional
        s.luong = attention.startswith("luong")
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        s.src_emb = nn.Embedding(VS, E)
        s.encoder = rnn(E, H // 2 if bidirectional else H, layers, bidirectional=bidirectional)
        if bridge == "linear":
            s.bridge = nn.Linear(H, H)
        s.tgt_emb = nn.Embedding(VT, E)
        cell_type = nn.LSTMCell if cell == "lstm" else nn.GRUCell
        s.decoder = cell_type(E + H, H)
        if attention in ("bahdanau", "luong-concat"):
            s.attention = nn.Module()
            s.attention.query, s.attention.key, s.attention.energy = nn.Linear(H, H, bias=False), nn.Linear(H, H), nn.Linear(H, 1, bias=False)
        elif attention == "luong-general":
            s.attention = nn.Module()
            s.attention.weight = nn.Linear(H, H, bias=False)
        if s.luong:
            s.combine = nn.Linear(2 * H, H, bias=False)
        features = H if s.luong else 2 * H + E
        if readout:
            s.readout = nn.Linear(features, readout)
        s.out = nn.Linear(readout or features, VT)
        if tie:
            s.out.weight = s.tgt_emb.weight

    def keys(s, mem):
        if s.kind in ("bahdanau", "luong-concat"):
            return s.attention.key(mem)
        if s.kind == "luong-general":
            return s.attention.weight(mem)
        return mem

    def scores(s, q, keys):
        if s.kind in ("bahdanau", "luong-concat"):
            return s.attention.energy(torch.tanh(keys + s.attention.query(q).unsqueeze(1))).squeeze(2)
        return torch.bmm(keys, q.unsqueeze(2)).squeeze(2)

    def forward(s, src, lens, tgt_in):
        packed = nn.utils.rnn.pack_padded_sequence(s.src_emb(src), lens, enforce_sorted=False)
        out, final = s.encoder(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, total_length=src.size(0))   # (S, B, H)
        summary = out.sum(0) / lens.unsqueeze(1).float()
        mem = out.transpose(0, 1)
        keys = s.keys(mem) if s.kind != "none" else None
        mask = torch.arange(src.size(0)).unsqueeze(0) >= lens.unsqueeze(1)
        B = src.size(1)
        hn, cn = final if s.cell == "lstm" else (final, None)
        if s.bridge_kind == "linear":
            h, c = torch.tanh(s.bridge(summary)), torch.zeros(B, H)
        elif s.bridge_kind == "copy":
            top = (s.layers - 1) * (2 if s.bi else 1)
            h = torch.cat([hn[top], hn[top + 1]], 1) if s.bi else hn[top]
            c = (torch.cat([cn[top], cn[top + 1]], 1) if s.bi else cn[top]) if cn is not None else None
        else:
            h, c = torch.zeros(B, H), torch.zeros(B, H)
        feed = torch.zeros(B, H)
        feats = []

        def attend(q):
            a = F.softmax(s.scores(q, keys).masked_fill(mask, float("-inf")), 1)
            return torch.bmm(a.unsqueeze(1), mem).squeeze(1)

        def cell(x, h, c):
            if s.cell == "lstm":
                return s.decoder(x, (h, c))
            return s.decoder(x, h), None

        for t in range(tgt_in.size(0)):
            e = s.tgt_emb(tgt_in[t])
            if s.kind == "none":
                h, c = cell(torch.cat([e, summary], 1), h, c)
                feats.append(torch.cat([h, summary, e], 1))
            elif not s.luong:
                ctx = attend(h)
                h, c = cell(torch.cat([e, ctx], 1), h, c)
                feats.append(torch.cat([h, ctx, e], 1))
            else:
                h, c = cell(torch.cat([e, feed], 1), h, c)
                ctx = attend(h)
                feed = torch.tanh(s.combine(torch.cat([ctx, h], 1)))
                feats.append(feed)
        f = torch.stack(feats)
        if hasattr(s, "readout"):
            f = torch.tanh(s.readout(f))
        return s.out(f)


def pad(seqs):
    x = torch.full((max(map(len, seqs)), len(seqs)), PAD, dtype=torch.long)
    for b, q in enumerate(seqs):
        x[:len(q), b] = torch.tensor(q)
    return x


# (name, cell, attention, bridge, encoder layers, bidirectional, readout, tie)
CASES = [
    ("gru_bahdanau", "gru", "bahdanau", "linear", 1, True, 0, False),
    ("lstm_luong_general", "lstm", "luong-general", "linear", 2, True, 0, False),
    ("gru_none", "gru", "none", "linear", 1, True, 0, False),
    ("lstm_luong_dot_copy", "lstm", "luong-dot", "copy", 1, True, 0, False),
    ("gru_luong_concat_zeros_uni", "gru", "luong-concat", "zeros", 1, False, 0, False),
    ("gru_bahdanau_readout_tied", "gru", "bahdanau", "linear", 1, True, E, True),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    src, tgt = pad(SOURCES), pad(TARGETS)
    lens = torch.tensor([len(q) for q in SOURCES])
    for seed, (name, cell, attention, bridge, layers, bi, readout, tie) in enumerate(CASES, 1):
        torch.manual_seed(seed)
        model = Seq2Seq(cell, attention, bridge, layers, bi, readout, tie)
        logits = model(src, lens, tgt[:-1])
        gold = tgt[1:]
        real = gold != PAD
        loss = F.cross_entropy(logits[real], gold[real], label_smoothing=SMOOTHING)
        loss.backward()
        t = {"loss": loss.detach().reshape(1)}
        for n, v in model.state_dict().items():
            t["param." + n] = v
        for n, p in model.named_parameters():
            t["grad." + n] = p.grad
        meta = dict(cell=cell, attention=attention, bridge=bridge, layers=str(layers), bidirectional=str(int(bi)), readout=str(readout),
                    tie=str(int(tie)), source_vocab=str(VS), target_vocab=str(VT), embedding=str(E), hidden=str(H), smoothing=str(SMOOTHING),
                    sources=";".join(",".join(map(str, q)) for q in SOURCES), targets=";".join(",".join(map(str, q)) for q in TARGETS))
        safetensors_io.save(os.path.join(OUT, name + ".safetensors"), t, meta)
        print(name, float(loss))


if __name__ == "__main__":
    main()
