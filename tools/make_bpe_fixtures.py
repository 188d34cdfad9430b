"""Builds the sentencepiece interop fixtures under tests/Recur.Tests/Fixtures/bpe/.

Generates a small deterministic training text and a test text, trains BPE models with Debian's `spm_train`
(package `sentencepiece`) and records `spm_encode` (pieces and ids) for every test line. Then trains a model with
`recur bpe train` on the same text and records what `spm_encode` makes of that model, so that both directions are
checked against sentencepiece itself. Run from the repository root: /usr/bin/python3 tools/make_bpe_fixtures.py
"""
import os
import random
import subprocess

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "bpe")

WORDS = ("a man woman dog child children street water red blue green shirt playing walks sitting standing "
         "in on of the with and at near two three group people young old white black ball bike car house "
         "looking running jumping front small large").split()
# Words that exercise normalisation: accents, German, NFKC-folded forms (ligature fi, full-width letters,
# a non-breaking space) and characters rare enough to fall outside the character coverage.
EXTRA = ["Straße", "Mädchen", "café", "naïve", "ﬁsh", "ＡＢＣ", "über", "Zoë", "niño", "2,000", "3.5",
         "'s", "(big)", "—", "«quoted»"]
RARE = ["ŉ", "Ǆ", "☃", "Ω", "ж", "中文", "😀"]


def sentence(rng, rare):
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
    if rng.random() < 0.5:
        words[rng.randrange(len(words))] = rng.choice(EXTRA)
    if rare and rng.random() < 0.2:
        words.insert(rng.randrange(len(words) + 1), rng.choice(RARE))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.6:
        text += rng.choice([".", "!", "?", " .", ","])
    return text


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(11)
    train = [sentence(rng, rare=rng.random() < 0.02) for _ in range(3000)]
    test = [sentence(rng, rare=True) for _ in range(300)]
    # Whitespace the normaliser must fold: runs of spaces, leading and trailing spaces, a tab, an empty line.
    test += ["  two  spaces  ", "\ttab first", "", "non\u00a0breaking space", "ＡＢＣ ﬁsh", "😀 only 中文"]
    with open(os.path.join(OUT, "train.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(train) + "\n")
    with open(os.path.join(OUT, "test.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(test) + "\n")
    for name, extra in [("spm_bpe", ["--vocab_size=300"]), ("spm_bpe_bytes", ["--vocab_size=600", "--byte_fallback=true"])]:
        prefix = os.path.join(OUT, name)
        subprocess.run(["spm_train", "--input=" + os.path.join(OUT, "train.txt"), "--model_prefix=" + prefix,
                        "--model_type=bpe", "--character_coverage=0.9995", "--num_threads=1",
                        "--minloglevel=2"] + extra, check=True)
        os.remove(prefix + ".vocab")
        with open(os.path.join(OUT, "test.txt"), "rb") as src, open(prefix + ".pieces", "wb") as dst:
            subprocess.run(["spm_encode", "--model=" + prefix + ".model", "--output_format=piece"],
                           stdin=src, stdout=dst, check=True)
        with open(os.path.join(OUT, "test.txt"), "rb") as src, open(prefix + ".ids", "wb") as dst:
            subprocess.run(["spm_encode", "--model=" + prefix + ".model", "--output_format=id"],
                           stdin=src, stdout=dst, check=True)
    recur = os.path.join(OUT, "recur_bpe")
    subprocess.run(["dotnet", "run", "-c", "Release", "--project", os.path.join("src", "Recur.Cli"), "--", "bpe", "train",
                    "--text", os.path.join(OUT, "train.txt"), "--vocab-size", "500", "--out", recur + ".model"],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(OUT, "test.txt"), "rb") as src, open(recur + ".pieces", "wb") as dst:
        subprocess.run(["spm_encode", "--model=" + recur + ".model", "--output_format=piece"], stdin=src, stdout=dst, check=True)


if __name__ == "__main__":
    main()
