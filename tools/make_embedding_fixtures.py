#!/usr/bin/env python3
"""Writes the word-embedding format fixtures in tests/Recur.Tests/Fixtures/Embeddings.

- fasttext.vec: vectors written by Debian's `fasttext` 0.9.2 (`fasttext skipgram -dim 4 -minCount 1 -epoch 1
  -thread 1 -maxn 0`) on a 200-line corpus this script writes; fasttext.json holds the words and values parsed here
  with Python's float(), so that the test checks Recur's reader against an independent one.
- word2vec_c.bin: word2vec.c's binary layout written byte by byte here ("V D\n", then per word: UTF-8 word, a
  space, D little-endian float32, "\n"), with a non-ASCII word; gensim.bin: the same vectors in gensim's
  layout (no "\n" after a vector). binary.json holds the words and values.
- fasttext_model.bin: the model file of `fasttext skipgram -dim 4 -bucket 1000 -minCount 1 -epoch 1 -thread 1`
  (subwords 3-6) on the same corpus; fasttext_oov.json: what `fasttext print-word-vectors` prints for in-vocabulary
  and unseen words, non-ASCII ones included, so that the test checks n-gram enumeration, hashing and averaging
  against fastText itself. (fastText 0.9.2 at -thread 1 initialises only the first tenth of the input matrix, so
  many n-gram rows are zero and some unseen words print zeros; the values are what fastText computes.)
- fnv.json: fastText's FNV-1a variant (each byte sign-extended, as uint32_t(int8_t(c))) of a few strings, computed
  by the Python transcription of the formula below, with standard FNV-1a test vectors for ASCII strings.
Run from the repository root: /usr/bin/python3 tools/make_embedding_fixtures.py
"""
import json
import os
import random
import struct
import subprocess
import tempfile

OUT = "tests/Recur.Tests/Fixtures/Embeddings"


def fasttext_hash(text):
    h = 2166136261
    for b in text.encode("utf-8"):
        signed = b - 256 if b >= 128 else b
        h ^= signed & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


OOV_WORDS = ["cat", "the", "cats", "café", "naïveté", "ééé", "€€€", "日本語", "ab", "</s>"]


def fasttext_vec():
    # 200 lines of 8 words drawn from 10 (seeded), so that every word is trained and the file has small exponents.
    rng = random.Random(1)
    vocabulary = "the cat sat on mat dog log a and end".split()
    corpus = "".join(" ".join(rng.choice(vocabulary) for _ in range(8)) + "\n" for _ in range(200))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.txt")
        with open(path, "w") as f:
            f.write(corpus)
        subprocess.run(["fasttext", "skipgram", "-input", path, "-output", os.path.join(tmp, "m"), "-dim", "4",
                        "-minCount", "1", "-epoch", "1", "-thread", "1", "-maxn", "0", "-verbose", "0"], check=True)
        with open(os.path.join(tmp, "m.vec"), "rb") as f:
            data = f.read()
        model = os.path.join(tmp, "sub")
        subprocess.run(["fasttext", "skipgram", "-input", path, "-output", model, "-dim", "4", "-bucket", "1000",
                        "-minCount", "1", "-epoch", "1", "-thread", "1", "-verbose", "0"], check=True)
        printed = subprocess.run(["fasttext", "print-word-vectors", model + ".bin"], input="\n".join(OOV_WORDS) + "\n",
                                 capture_output=True, text=True, check=True).stdout
        with open(model + ".bin", "rb") as f, open(os.path.join(OUT, "fasttext_model.bin"), "wb") as g:
            g.write(f.read())
    expected = {}
    for line in printed.splitlines():
        fields = line.split()
        expected[fields[0]] = [float(x) for x in fields[1:]]
    assert list(expected) == OOV_WORDS
    with open(os.path.join(OUT, "fasttext_oov.json"), "w") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
    with open(os.path.join(OUT, "fasttext.vec"), "wb") as f:
        f.write(data)
    lines = data.decode("utf-8").splitlines()
    count, dim = map(int, lines[0].split())
    words, values = [], []
    for line in lines[1:]:
        fields = line.split()
        words.append(fields[0])
        values.append([float(x) for x in fields[1:]])
    assert len(words) == count and all(len(v) == dim for v in values)
    with open(os.path.join(OUT, "fasttext.json"), "w") as f:
        json.dump({"dimension": dim, "words": words, "values": values}, f, indent=1)


def binaries():
    words = ["king", "queen", "café", "</s>"]
    values = [[0.5, -1.25, 3.0], [1e-3, 2.5, -0.75], [-2.0, 0.125, 1e6], [0.0, 0.0, 1.0]]
    header = f"{len(words)} {len(values[0])}\n".encode("ascii")
    for name, end in (("word2vec_c.bin", b"\n"), ("gensim.bin", b"")):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(header)
            for w, v in zip(words, values):
                f.write(w.encode("utf-8") + b" " + struct.pack("<3f", *v) + end)
    with open(os.path.join(OUT, "binary.json"), "w") as f:
        json.dump({"words": words, "values": values}, f, indent=1)


def hashes():
    strings = ["", "a", "foobar", "<wh", "where>", "<café>", "é", "日本"]
    with open(os.path.join(OUT, "fnv.json"), "w") as f:
        json.dump({s: fasttext_hash(s) for s in strings}, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    # Standard FNV-1a 32-bit test vectors (ASCII, where sign extension changes nothing).
    assert fasttext_hash("") == 0x811C9DC5 and fasttext_hash("a") == 0xE40C292C and fasttext_hash("foobar") == 0xBF9CF968
    fasttext_vec()
    binaries()
    hashes()
