using System.Globalization;
using Recur.Kernels;
using Recur.Nn;

namespace Recur.Bench;

/// <summary>
/// Forward + backward of a causal dilated <see cref="Functional.CausalConv1d"/> (a TCN level's convolution) on input
/// (B, C, T) with weight (C, C, K) and bias, all leaves that require grad, backward seeded with a fixed random
/// gradient, as tools/conv_torch_peer.py times torch.nn.functional.conv1d. Warmed up for a second, then the median
/// of --repeats timings of --iterations calls. Prints <c>conv1d &lt;ms per forward+backward&gt;</c>. Options:
/// --threads 2, --batch 32, --channels 64, --time 400, --kernel 3, --dilation 4, --repeats 7, --iterations 10.
/// A comment line follows with the forward alone.
/// </summary>
public static class Conv1dBench
{
    public static int Run(BenchOptions o)
    {
        int threads = o.Int("threads", 2), B = o.Int("batch", 32), C = o.Int("channels", 64), T = o.Int("time", 400);
        int K = o.Int("kernel", 3), d = o.Int("dilation", 4), repeats = o.Int("repeats", 7), iterations = o.Int("iterations", 10);
        Parallelism.MaxThreads = threads;
        var g = new Generator(0);
        var x = Tensor.Randn(g, B, C, T).RequireGrad();           // (B, C, T)
        var w = (Tensor.Randn(g, C, C, K) * 0.1f).Detach().RequireGrad();
        var b = Tensor.Randn(g, C).RequireGrad();
        var dy = Tensor.Randn(g, B, C, T);

        void Step()
        {
            x.Grad = null; w.Grad = null; b.Grad = null;
            Functional.CausalConv1d(x, w, b, d).Backward(dy);
        }

        double ms = Median(Step, repeats, iterations, out var times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conv1d {ms:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# recur --threads {threads}, B {B}, C {C}, T {T}, K {K}, d {d}: ms per forward+backward, median of {repeats}: {string.Join(", ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}"));
        double forward;
        using (Tensor.NoGrad()) forward = Median(() => Functional.CausalConv1d(x, w, b, d), repeats, iterations, out _);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# forward alone {forward:F3} ms"));
        CompareIm2col(x.ToArray(), w.ToArray(), b.ToArray(), B, C, T, K, d, repeats, iterations);
        return 0;
    }

    /// <summary>
    /// The kernel's forward (K GEMMs over shifted rows) against the im2col alternative (copy the K shifted inputs into a
    /// (C·K × T) column buffer, then one GEMM per batch row), both on one thread, to justify the kernel's choice; then the two gradient kernels alone.
    /// </summary>
    static void CompareIm2col(float[] x, float[] w, float[] b, int B, int C, int T, int K, int d, int repeats, int iterations)
    {
        using var scope = Parallelism.Limit(1);
        var geometry = new Kernels.Convolution.Conv1dGeometry(B, C, C, T, K, dilation: d, padLeft: d * (K - 1));
        var y = new float[geometry.OutputCount];
        var cols = new float[C * K * T];
        double shifted = Median(() => Kernels.Convolution.Conv1dKernel.Forward(geometry, x, w, b, y), repeats, iterations, out _);
        double im2col = Median(() =>
        {
            for (int n = 0; n < B; n++)
            {
                var xn = x.AsSpan(n * C * T, C * T);
                for (int c = 0; c < C; c++)
                    for (int k = 0; k < K; k++)
                    {
                        var row = cols.AsSpan((c * K + k) * T, T);
                        int shift = d * (K - 1 - k); // frames of left padding this tap sees
                        row[..shift].Clear();
                        xn.Slice(c * T, T - shift).CopyTo(row[shift..]);
                    }
                var yn = y.AsSpan(n * C * T, C * T);
                for (int o = 0; o < C; o++) yn.Slice(o * T, T).Fill(b[o]);
                Gemm.Multiply(false, false, C, T, C * K, 1f, w, C * K, cols, T, 1f, yn, T);
            }
        }, repeats, iterations, out _);
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        double input = Median(() => Kernels.Convolution.Conv1dKernel.BackwardInput(geometry, y, w, dx), repeats, iterations, out _);
        double weight = Median(() => Kernels.Convolution.Conv1dKernel.BackwardWeight(geometry, x, y, dw), repeats, iterations, out _);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# one thread, kernel alone: forward {shifted:F3} ms (im2col + one GEMM {im2col:F3} ms), input gradient {input:F3} ms, weight gradient {weight:F3} ms"));
    }

    static double Median(Action step, int repeats, int iterations, out double[] times)
    {
        times = BenchTimer.Rounds(step, repeats, iterations, warmupCalls: 3, warmupSeconds: 1);
        return BenchTimer.Median(times);
    }
}
