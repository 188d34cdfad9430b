using System.Globalization;
using Recur.Kernels.Convolution;
using Recur.Nn;

namespace Recur.Bench;

public static partial class S4dBenchBreakdown
{
    public static void Run(int H, int N, int B, int L)
    {
        var layer = new S4d(H, N, generator: new Generator(0));
        var u = Tensor.Randn(new Generator(1), B, H, L).RequireGrad();
        var x = Tensor.Randn(new Generator(1), L, B, H).RequireGrad();
        void Report(string what, Action a)
        {
            for (int i = 0; i < 3; i++) a();
            var c = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 5; i++) a();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {what}: {c.Elapsed.TotalMilliseconds / 5:F3} ms"));
        }
        Report("kernel fwd+bwd", () => { layer.ZeroGrad(); layer.Kernel.Forward(L).Sum().Backward(); });
        var k = layer.Kernel.Forward(L).Detach().RequireGrad();
        Report("conv fft fwd+bwd", () => Functional.CausalConvolution(u, k, ConvolutionMethod.Fft).Sum().Backward());
        Report("conv direct fwd+bwd", () => Functional.CausalConvolution(u, k, ConvolutionMethod.Direct).Sum().Backward());
        Report("permute", () => x.Permute(1, 2, 0).Contiguous().Sum().Backward());
        Report("gelu", () => Functional.Gelu(x).Sum().Backward());
        Report("layer direct", () => { layer.Convolution = ConvolutionMethod.Direct; layer.Forward(x).Sum().Backward(); });
        var plan = new RealFft(RealFft.LengthFor(2 * L));
        Report("plan x128", () => { for (int i = 0; i < 128; i++) _ = new RealFft(RealFft.LengthFor(2 * L)); });
        var re = new float[plan.Bins]; var im = new float[plan.Bins]; var wr = new float[plan.WorkLength]; var wi = new float[plan.WorkLength];
        var sig = new float[L];
        Report("fft x256", () => { for (int i = 0; i < 256; i++) plan.Forward(sig, re, im, wr, wi); });
    }
}
