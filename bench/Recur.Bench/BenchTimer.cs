using System.Diagnostics;

namespace Recur.Bench;

/// <summary>
/// How the benchmarks time a step, written once (tools/peer_timing.py is its twin for the PyTorch peers): warm up,
/// then several rounds, each reporting milliseconds per call; callers take the median or the best.
/// </summary>
static class BenchTimer
{
    /// <summary>
    /// Milliseconds per call of <paramref name="step"/> in each of <paramref name="repeats"/> rounds, sorted.
    /// Warm-up calls it at least <paramref name="warmupCalls"/> times and for at least <paramref name="warmupSeconds"/>
    /// (the JIT's tiers settle). A round calls it <paramref name="iterations"/> times, and keeps calling until
    /// <paramref name="minRoundMilliseconds"/> have passed when that is given.
    /// </summary>
    public static double[] Rounds(Action step, int repeats, int iterations = 1, int warmupCalls = 1, double warmupSeconds = 0, double minRoundMilliseconds = 0)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < warmupCalls || clock.Elapsed.TotalSeconds < warmupSeconds; i++) step();
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            clock.Restart();
            int n = 0;
            while (n < iterations || clock.Elapsed.TotalMilliseconds < minRoundMilliseconds)
            {
                step();
                n++;
            }
            times[r] = clock.Elapsed.TotalMilliseconds / n;
        }
        Array.Sort(times);
        return times;
    }

    public static double Median(double[] sorted) => sorted[sorted.Length / 2];
}
