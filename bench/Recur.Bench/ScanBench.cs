using System.Globalization;
using Recur.Kernels;
using Recur.Kernels.Scan;
using Recur.Nn;

namespace Recur.Bench;

/// <summary>
/// The linear recurrence h_t = a_t ⊙ h_{t−1} + b_t over (T, N) with N = B·D channels, forward only, as
/// tools/scan_torch_peer.py times torch: the fused sequential kernel, the time-chunked kernel (one chunk per
/// thread), a plain scalar loop (channel-inner, as one would write it), the per-step composition of tensor ops
/// (T engine multiplies and adds, no autograd), the fused op's forward alone and with backward (seeded with ones, and
/// through a Sum), and, for scale, allocating one output-sized array (what the op adds to the kernel). a ∈ [0.9, 1), b ∈ [0, 1) so the
/// peer's closed forms apply. Prints one line per T and method: <c>scan &lt;method&gt; T &lt;T&gt; &lt;M elements/s&gt;</c>
/// (median of --repeats). Options: --threads 2, --channels 1024, --times 256,1024,4096,8192, --repeats 5.
/// </summary>
public static class ScanBench
{
    public static int Run(BenchOptions o)
    {
        int threads = o.Int("threads", 2), n = o.Int("channels", 1024), repeats = o.Int("repeats", 5);
        var steps = o.String("times", "256,1024,4096,8192").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Parallelism.MaxThreads = threads;
        Console.WriteLine($"# recur --threads {threads}, N = B·D = {n}: M elements/s (T·N / time), median of {repeats}");
        foreach (int T in steps)
        {
            var g = new Generator(0);
            var a = Tensor.Uniform(g, 0.9f, 1f, T, 1, n);
            var b = Tensor.Uniform(g, 0f, 1f, T, 1, n);
            float[] aa = a.ToArray(), bb = b.ToArray(), h = new float[aa.Length];
            int chunk = (T + threads - 1) / threads;
            Report("sequential", T, n, repeats, () => LinearScanKernel.Forward(T, n, aa, bb, [], h));
            Report("chunked", T, n, repeats, () => ChunkedScanKernel.Forward(T, n, chunk, aa, bb, [], h));
            Report("scalar-loop", T, n, repeats, () => ScalarLoop(T, n, aa, bb, h));
            Report("tensor-ops", T, n, repeats, () => Composition(a, b));
            var al = a.Detach().RequireGrad(); var bl = b.Detach().RequireGrad();
            Report("alloc-only", T, n, repeats, () => { var x = new float[T * n]; x[^1] = 1; GC.KeepAlive(x); });
            Report("fused-fwd", T, n, repeats, () => Functional.LinearScan(al, bl, method: ScanMethod.Sequential));
            var seed = Tensor.Ones(T, 1, n);
            Report("fused-fwd+bwd-seeded", T, n, repeats, () => { al.Grad = null; bl.Grad = null; Functional.LinearScan(al, bl, method: ScanMethod.Sequential).Backward(seed); });
            Report("fused-fwd+bwd", T, n, repeats, () => { al.Grad = null; bl.Grad = null; Functional.LinearScan(al, bl, method: ScanMethod.Sequential).Sum().Backward(); });
        }
        return 0;
    }

    static void ScalarLoop(int steps, int channels, float[] a, float[] b, float[] h)
    {
        for (int c = 0; c < channels; c++) h[c] = b[c];
        for (int t = 1; t < steps; t++)
            for (int c = 0, i = t * channels; c < channels; c++, i++) h[i] = a[i] * h[i - channels] + b[i];
    }

    static void Composition(Tensor a, Tensor b)
    {
        using var _ = Tensor.NoGrad();
        var h = b.Select(0, 0);
        for (int t = 1; t < a.Shape[0]; t++) h = a.Select(0, t) * h + b.Select(0, t);
    }

    static void Report(string method, int steps, int channels, int repeats, Action run)
    {
        double seconds = BenchTimer.Median(BenchTimer.Rounds(run, repeats, minRoundMilliseconds: 100)) / 1e3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scan {method} T {steps} {(double)steps * channels / seconds / 1e6:F1}"));
    }
}
