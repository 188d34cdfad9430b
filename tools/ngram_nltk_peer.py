"""Peer timing for `Recur.Bench ngram`: NLTK's KneserNeyInterpolated on a subset of a corpus.

Usage: /usr/bin/python3 tools/ngram_nltk_peer.py TRAIN HELDOUT --order 5 --train-sentences 1000 --eval-sentences 50
Prints one JSON object: fit seconds, scored tokens, query seconds, perplexity over the scored tokens.
NLTK is slow (every score recurses through all orders in Python), so it is timed on a subset only.
"""
import argparse
import json
import math
import time

from nltk.lm import KneserNeyInterpolated
from nltk.lm.preprocessing import padded_everygram_pipeline, pad_both_ends
from nltk.util import ngrams


def read(path, limit):
    with open(path, encoding="utf-8") as f:
        return [line.split() for _, line in zip(range(limit), f)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("train")
    parser.add_argument("heldout")
    parser.add_argument("--order", type=int, default=5)
    parser.add_argument("--train-sentences", type=int, default=1000)
    parser.add_argument("--eval-sentences", type=int, default=50)
    args = parser.parse_args()

    train = read(args.train, args.train_sentences)
    heldout = read(args.heldout, args.eval_sentences)

    start = time.perf_counter()
    grams, vocab = padded_everygram_pipeline(args.order, train)
    model = KneserNeyInterpolated(args.order)
    model.fit(grams, vocab)
    fit = time.perf_counter() - start

    start = time.perf_counter()
    tokens, total = 0, 0.0
    for sentence in heldout:
        padded = list(pad_both_ends(sentence, n=args.order))
        for gram in ngrams(padded, args.order):
            p = model.score(gram[-1], gram[:-1])
            total += math.log10(p) if p > 0 else -99.0
            tokens += 1
    query = time.perf_counter() - start
    print(json.dumps({"fit_seconds": fit, "tokens": tokens, "query_seconds": query,
                      "perplexity": 10 ** (-total / tokens) if tokens else float("nan")}))


if __name__ == "__main__":
    main()
