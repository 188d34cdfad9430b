using System.Numerics;
using Recur.Kernels;
using Recur.Kernels.Convolution;

namespace Recur.Tests.Kernels;

/// <summary>
/// The real FFT against a plain DFT, and both causal-convolution paths (direct and FFT) against the double-precision
/// reference, forward and both adjoints, at many (odd) lengths, on one and two threads. Re-run with
/// DOTNET_EnableAVX2=0 to cover the scalar butterflies.
/// </summary>
public class CausalConvolutionTests
{
    static float[] Random(Generator g, int count)
    {
        var x = new float[count];
        for (int i = 0; i < x.Length; i++) x[i] = (float)g.NextNormal();
        return x;
    }

    [Theory]
    [InlineData(4), InlineData(8), InlineData(16), InlineData(64), InlineData(512)]
    public void RealFftMatchesTheDftAndInvertsIt(int n)
    {
        var g = new Generator((ulong)n);
        var plan = new RealFft(n);
        foreach (int samples in new[] { n, n / 2 + 1, 3 })
        {
            var x = Random(g, samples);
            var re = new float[plan.Bins]; var im = new float[plan.Bins];
            var wr = new float[plan.WorkLength]; var wi = new float[plan.WorkLength];
            plan.Forward(x, re, im, wr, wi);
            double scale = Math.Sqrt(samples);
            for (int k = 0; k < plan.Bins; k++)
            {
                Complex sum = 0;
                for (int j = 0; j < samples; j++) sum += x[j] * Complex.Exp(new Complex(0, -2 * Math.PI * j * k / n));
                Assert.True(Math.Abs(sum.Real - re[k]) < 1e-5 * scale * Math.Log2(n) && Math.Abs(sum.Imaginary - im[k]) < 1e-5 * scale * Math.Log2(n),
                    $"n {n}, {samples} samples, bin {k}: {re[k]} + {im[k]}i, DFT {sum}");
            }
            var back = new float[n];
            plan.Inverse(re, im, back, wr, wi);
            for (int j = 0; j < n; j++) Assert.True(Math.Abs(back[j] - (j < samples ? x[j] : 0f)) < 1e-5, $"n {n}, sample {j}: {back[j]}");
        }
    }

    [Fact]
    public void RealFftRejectsALengthThatIsNotAPowerOfTwo() =>
        Assert.Contains("power of two", Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(12)).Message);

    public static TheoryData<int, int, int, ConvolutionMethod, int> Sizes()
    {
        var data = new TheoryData<int, int, int, ConvolutionMethod, int>();
        foreach (var method in new[] { ConvolutionMethod.Direct, ConvolutionMethod.Fft })
            foreach (var (b, h, l) in new[] { (1, 1, 1), (1, 2, 2), (2, 3, 5), (3, 2, 17), (2, 5, 63), (1, 3, 64), (2, 4, 65), (2, 3, 257), (1, 2, 1000) })
                foreach (int threads in new[] { 1, 2 })
                    data.Add(b, h, l, method, threads);
        return data;
    }

    [Theory, MemberData(nameof(Sizes))]
    public void MatchesTheReference(int batch, int channels, int length, ConvolutionMethod method, int threads)
    {
        using var _ = Parallelism.Limit(threads);
        var g = new Generator((ulong)(batch * 1000 + channels * 100 + length));
        var u = Random(g, batch * channels * length);
        var k = Random(g, channels * length);
        var dy = Random(g, u.Length);
        var expected = new float[u.Length]; var actual = new float[u.Length];
        CausalConvolutionReference.Forward(u, k, batch, channels, length, expected);
        CausalConvolution.Forward(u, k, batch, channels, length, actual, method);
        double tolerance = 2e-5 * Math.Sqrt(length);
        AssertClose(expected, actual, tolerance, $"{method} y");

        // Gradients accumulate: start both from the same non-zero values.
        var duExpected = Random(new Generator(5), u.Length); var duActual = (float[])duExpected.Clone();
        var dkExpected = Random(new Generator(6), k.Length); var dkActual = (float[])dkExpected.Clone();
        CausalConvolutionReference.Backward(u, k, dy, batch, channels, length, duExpected, dkExpected);
        CausalConvolution.Backward(u, k, dy, batch, channels, length, duActual, dkActual, method);
        AssertClose(duExpected, duActual, tolerance, $"{method} du");
        AssertClose(dkExpected, dkActual, tolerance * Math.Sqrt(batch), $"{method} dk");

        var dkOnly = new float[k.Length]; var dkOnlyExpected = new float[k.Length];
        CausalConvolution.Backward(u, k, dy, batch, channels, length, [], dkOnly, method);
        CausalConvolutionReference.Backward(u, k, dy, batch, channels, length, [], dkOnlyExpected);
        AssertClose(dkOnlyExpected, dkOnly, tolerance * Math.Sqrt(batch), $"{method} dk without du");
    }

    [Fact]
    public void AutoTakesTheFftFromTheThreshold()
    {
        Assert.Equal(ConvolutionMethod.Direct, CausalConvolution.Resolve(ConvolutionMethod.Auto, CausalConvolution.FftThreshold - 1));
        Assert.Equal(ConvolutionMethod.Fft, CausalConvolution.Resolve(ConvolutionMethod.Auto, CausalConvolution.FftThreshold));
        Assert.Equal(ConvolutionMethod.Fft, CausalConvolution.Resolve(ConvolutionMethod.Fft, 3));
    }

    [Fact]
    public void BadShapesNameTheSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => CausalConvolution.Forward(new float[10], new float[5], 2, 1, 5, new float[9]));
        Assert.Contains("y must be", e.Message);
    }

    static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}[{i}]: {actual[i]:G7}, expected {expected[i]:G7}");
    }
}
