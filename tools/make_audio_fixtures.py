"""Writes torchaudio reference values for the audio front end to tests/Recur.Tests/Fixtures/audio/.

features.safetensors holds deterministic test signals (linear chirps plus Gaussian noise from a fixed seed, at 8 and
16 kHz, a few hundred ms) and what torchaudio computes from them: `<case>.out` (the
result, transposed to time-major (frames, dims) as Recur.Audio returns it) and the case's parameters as metadata
(a JSON object per case, whose "input" names the signal: signal16, signal8 or signal22, each stored once). Cases cover MelSpectrogram (defaults; n_fft 512/hop 160/40 mels/f_min 20; slaney scale and
norm; power 1; center false; a short Hann window with pad and normalized), MFCC (defaults; log_mels with 13
coefficients) and torchaudio.functional.resample (8000->16000, 22050->16000, 16000->8000).

The wav_*.wav files are small WAV files built byte by byte (8, 16, 24 and 32-bit PCM, 32 and 64-bit float, stereo,
WAVE_FORMAT_EXTENSIBLE, a file with extra chunks in odd places), and wav.safetensors holds what torchaudio.load
returns for each, averaged over channels.

Run from the repository root: /usr/bin/python3 tools/make_audio_fixtures.py
"""
import json
import math
import os
import struct
import sys

import torch
import torchaudio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "audio")
g = torch.Generator().manual_seed(20261206)


def signal(rate, seconds, f0, f1, noise=0.05):
    n = int(rate * seconds)
    t = torch.arange(n, dtype=torch.float64) / rate
    # Linear chirp f0 -> f1: phase 2π(f0·t + (f1 − f0)·t²/(2·seconds)).
    phase = 2 * math.pi * (f0 * t + (f1 - f0) * t * t / (2 * seconds))
    x = 0.5 * torch.sin(phase) + 0.2 * torch.sin(3.1 * phase) + noise * torch.randn(n, generator=g, dtype=torch.float64)
    return x.clamp(-1, 1).to(torch.float32)


s16 = signal(16000, 0.25, 100, 6000)
s8 = signal(8000, 0.3, 50, 3500)
s22 = signal(22050, 0.1, 200, 9000)

MEL = {
    "mel_default": (s16, dict(sample_rate=16000)),
    "mel_512_htk": (s16, dict(sample_rate=16000, n_fft=512, hop_length=160, n_mels=40, f_min=20.0, mel_scale="htk")),
    "mel_slaney": (s16, dict(sample_rate=16000, n_mels=64, norm="slaney", mel_scale="slaney")),
    "mel_power1": (s8, dict(sample_rate=8000, n_mels=40, power=1.0)),
    "mel_nocenter": (s8, dict(sample_rate=8000, n_fft=256, n_mels=32, center=False)),
    "mel_window": (s8, dict(sample_rate=8000, n_fft=400, win_length=300, hop_length=100, pad=7, normalized=True, n_mels=32, f_max=3000.0)),
}
MFCC = {
    "mfcc_default": (s16, dict(sample_rate=16000)),
    "mfcc_log13": (s16, dict(sample_rate=16000, n_mfcc=13, log_mels=True, melkwargs=dict(n_mels=64, hop_length=160))),
    "mfcc_8k": (s8, dict(sample_rate=8000, n_mfcc=20, melkwargs=dict(n_fft=256, n_mels=40))),
}
RESAMPLE = {
    "resample_8000_16000": (s8, 8000, 16000),
    "resample_22050_16000": (s22, 22050, 16000),
    "resample_16000_8000": (s16, 16000, 8000),
}

SIGNALS = {"signal16": s16, "signal8": s8, "signal22": s22}
tensors, meta = dict(SIGNALS), {}


def input_name(x):
    return next(name for name, s in SIGNALS.items() if s is x)


for name, (x, kw) in MEL.items():
    tensors[f"{name}.out"] = torchaudio.transforms.MelSpectrogram(**kw)(x).T.contiguous()
    meta[name] = json.dumps(dict(kw, input=input_name(x)))
for name, (x, kw) in MFCC.items():
    tensors[f"{name}.out"] = torchaudio.transforms.MFCC(**kw)(x).T.contiguous()
    meta[name] = json.dumps(dict(kw, input=input_name(x)))
for name, (x, orig, new) in RESAMPLE.items():
    tensors[f"{name}.out"] = torchaudio.functional.resample(x, orig, new)
    meta[name] = json.dumps(dict(orig_freq=orig, new_freq=new, input=input_name(x)))
safetensors_io.save(os.path.join(OUT, "features.safetensors"), tensors, meta)

# --- WAV files ---------------------------------------------------------------------------------------------------
KSDATAFORMAT_TAIL = bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])


def fmt_chunk(tag, channels, rate, bits, extensible=False):
    align = channels * bits // 8
    if not extensible:
        body = struct.pack("<HHIIHH", tag, channels, rate, rate * align, align, bits)
    else:
        mask = (1 << channels) - 1
        body = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * align, align, bits, 22, bits, mask)
        body += struct.pack("<H", tag) + KSDATAFORMAT_TAIL
    return b"fmt " + struct.pack("<I", len(body)) + body


def chunk(name, body):
    return name + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")


def riff(chunks):
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def pcm_bytes(values, bits):
    if bits == 8:
        return bytes(v + 128 for v in values)
    if bits == 24:
        return b"".join(struct.pack("<i", v)[:3] for v in values)
    return struct.pack("<" + {16: "h", 32: "i"}[bits] * len(values), *values)


frames = 37
ints = torch.randint(-(1 << 31), (1 << 31) - 1, (frames * 2,), generator=g, dtype=torch.int64).tolist()
floats = (torch.rand(frames * 2, generator=g, dtype=torch.float64) * 2 - 1).tolist()
full = [-(1 << 31), (1 << 31) - 1]  # the extremes, so both ends of each scale are covered


def scaled(bits, count):
    return [v >> (32 - bits) for v in (full + ints)[:count]]


WAVS = {
    "wav_pcm8": riff([fmt_chunk(1, 1, 8000, 8), chunk(b"data", pcm_bytes(scaled(8, frames), 8))]),
    "wav_pcm16": riff([fmt_chunk(1, 1, 16000, 16), chunk(b"data", pcm_bytes(scaled(16, frames), 16))]),
    "wav_pcm24": riff([fmt_chunk(1, 1, 44100, 24), chunk(b"data", pcm_bytes(scaled(24, frames), 24))]),
    "wav_pcm32": riff([fmt_chunk(1, 1, 16000, 32), chunk(b"data", pcm_bytes(scaled(32, frames), 32))]),
    "wav_float32": riff([fmt_chunk(3, 1, 22050, 32), chunk(b"data", struct.pack(f"<{frames}f", *floats[:frames]))]),
    "wav_float64": riff([fmt_chunk(3, 1, 16000, 64), chunk(b"data", struct.pack(f"<{frames}d", *floats[:frames]))]),
    "wav_stereo16": riff([fmt_chunk(1, 2, 16000, 16), chunk(b"data", pcm_bytes(scaled(16, 2 * frames), 16))]),
    "wav_extensible24": riff([fmt_chunk(1, 2, 48000, 24, extensible=True), chunk(b"data", pcm_bytes(scaled(24, 2 * frames), 24))]),
    "wav_extensible_float": riff([fmt_chunk(3, 1, 16000, 32, extensible=True), chunk(b"data", struct.pack(f"<{frames}f", *floats[:frames]))]),
    # A LIST chunk of odd size before fmt and an unknown chunk between fmt and data: both must be skipped.
    "wav_chunks": riff([chunk(b"LIST", b"INFOISFT\x03\0\0\0ab\0"), fmt_chunk(1, 1, 8000, 16), chunk(b"junk", b"xyz"),
                        chunk(b"data", pcm_bytes(scaled(16, frames), 16))]),
}

wav_tensors, wav_meta = {}, {}
for name, data in WAVS.items():
    path = os.path.join(OUT, name + ".wav")
    with open(path, "wb") as f:
        f.write(data)
    try:
        waveform, rate = torchaudio.load(path)
    except Exception as e:  # noqa: BLE001 - the reader's own failure is recorded, and the test falls back to the formula
        print(f"{name}: torchaudio.load failed: {e}")
        continue
    wav_tensors[name] = waveform.to(torch.float32).mean(0)
    wav_meta[name] = str(rate)
safetensors_io.save(os.path.join(OUT, "wav.safetensors"), wav_tensors, wav_meta)
print("wrote", sorted(os.listdir(OUT)))
