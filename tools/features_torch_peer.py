"""Peer timing for `Recur.Bench features`: torchaudio's log-mel, MFCC and resampling on the same audio.

Usage: /usr/bin/python3 tools/features_torch_peer.py --wav FILE [--threads 1] [--repeats 5]
Computes log(MelSpectrogram(n_fft=400, hop_length=160, n_mels=80)(x) + 1e-6) and MFCC(n_mfcc=40) over the same mel
settings, and torchaudio.functional.resample to 22,050 Hz, after one untimed call each, and prints the best of
--repeats as multiples of real time: `torch-features-logmel <x>`, `torch-features-mfcc <x>` and
`torch-features-resample-22050 <x>`.
"""
import argparse
import time

import torch
import torchaudio


def best_of(repeats, f):
    f()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--wav", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    x, rate = torchaudio.load(a.wav)
    x = x.mean(0)
    seconds = x.numel() / rate
    melkwargs = dict(n_fft=400, hop_length=160, n_mels=80)
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=rate, **melkwargs)
    mfcc = torchaudio.transforms.MFCC(sample_rate=rate, n_mfcc=40, melkwargs=melkwargs)
    with torch.inference_mode():
        t = best_of(a.repeats, lambda: torch.log(mel(x) + 1e-6))
        print(f"torch-features-logmel {seconds / t:.0f} x real time ({t * 1000:.1f} ms), torch {torch.__version__}, "
              f"torchaudio {torchaudio.__version__}, {torch.get_num_threads()} thread(s)")
        t = best_of(a.repeats, lambda: mfcc(x))
        print(f"torch-features-mfcc {seconds / t:.0f} x real time ({t * 1000:.1f} ms)")
        t = best_of(a.repeats, lambda: torchaudio.functional.resample(x, rate, 22050))
        print(f"torch-features-resample-22050 {seconds / t:.0f} x real time ({t * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
