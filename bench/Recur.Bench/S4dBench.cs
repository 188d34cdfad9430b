using System.Globalization;
using Recur.Kernels;
using Recur.Kernels.Convolution;
using Recur.Nn;

namespace Recur.Bench;

/// <summary>
/// Forward + backward of one <see cref="S4d"/> layer (kernel generation, long convolution, D, GELU, 1×1 conv, GLU;
/// no carried state, as s4d.py) on input (L, B, H) held as a leaf that requires grad, the loss the sum of the
/// outputs, with the convolution forced direct and by FFT, as tools/s4d_torch_peer.py times s4d.py's module.
/// Prints one line per length: <c>s4d L &lt;L&gt; fft &lt;ms&gt; direct &lt;ms&gt;</c> (medians of --repeats timings of
/// --iterations calls, after a warm-up). Then the convolution alone, direct and FFT, at short lengths (where the
/// two paths cross). Options: --threads 2, --hidden 128, --state 64, --batch 2, --lengths 256,1000,1024,2048,4096,8192,
/// --direct-max 4096 (longer lengths skip the direct path), --repeats 5, --iterations 3.
/// </summary>
public static class S4dBench
{
    public static int Run(BenchOptions o)
    {
        int threads = o.Int("threads", 2), H = o.Int("hidden", 128), N = o.Int("state", 64), B = o.Int("batch", 2);
        int directMax = o.Int("direct-max", 4096), repeats = o.Int("repeats", 5), iterations = o.Int("iterations", 3);
        var lengths = o.String("lengths", "256,1000,1024,2048,4096,8192").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Parallelism.MaxThreads = threads;
        var layer = new S4d(H, N, generator: new Generator(0));
        foreach (int L in lengths)
        {
            var input = Tensor.Randn(new Generator(1), L, B, H).RequireGrad();   // (L, B, H)
            double Time(ConvolutionMethod method)
            {
                layer.Convolution = method;
                return Median(() =>
                {
                    input.Grad = null;
                    layer.ZeroGrad();
                    layer.Forward(input).Sum().Backward();
                }, repeats, iterations);
            }
            double fft = Time(ConvolutionMethod.Fft);
            string direct = L <= directMax ? Time(ConvolutionMethod.Direct).ToString("F3", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"s4d L {L} fft {fft:F3} direct {direct}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# recur --threads {threads}, H {H}, N {N}, B {B}: ms per forward+backward of one layer, median of {repeats}"));
        foreach (int L in new[] { 32, 64, 128, 256, 512, 1024, 2048 })
        {
            var u = Tensor.Randn(new Generator(2), B, H, L).AsSpan().ToArray();
            var k = Tensor.Randn(new Generator(3), H, L).AsSpan().ToArray();
            var y = new float[u.Length];
            var du = new float[u.Length];
            var dk = new float[k.Length];
            double Conv(ConvolutionMethod m) => Median(() =>
            {
                CausalConvolution.Forward(u, k, B, H, L, y, m);
                CausalConvolution.Backward(u, k, y, B, H, L, du, dk, m);
            }, repeats, 20);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# convolution alone (forward + both adjoints), L {L}: direct {Conv(ConvolutionMethod.Direct):F3} ms, fft {Conv(ConvolutionMethod.Fft):F3} ms"));
        }
        return 0;
    }

    static double Median(Action step, int repeats, int iterations) =>
        BenchTimer.Median(BenchTimer.Rounds(step, repeats, iterations, warmupCalls: 2, warmupSeconds: 0.5));
}
