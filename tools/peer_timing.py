"""Timing shared by the *_torch_peer.py scripts, the same policy as the benchmarks' BenchTimer on the C# side."""
import time


def round_times_ms(step, repeats, iterations=1, warmup_calls=1, warmup_seconds=0.0, min_round_seconds=0.0):
    """Milliseconds per call of `step` in each of `repeats` rounds, sorted.

    Warm-up calls it at least `warmup_calls` times and for at least `warmup_seconds`. A round calls it `iterations`
    times, and keeps calling until `min_round_seconds` have passed when that is given.
    """
    start, calls = time.perf_counter(), 0
    while calls < warmup_calls or time.perf_counter() - start < warmup_seconds:
        step()
        calls += 1
    times = []
    for _ in range(repeats):
        t0, n = time.perf_counter(), 0
        while n < iterations or time.perf_counter() - t0 < min_round_seconds:
            step()
            n += 1
        times.append((time.perf_counter() - t0) / n * 1e3)
    times.sort()
    return times


def median(times):
    return times[len(times) // 2]
