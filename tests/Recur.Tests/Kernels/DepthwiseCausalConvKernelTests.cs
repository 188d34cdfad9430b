using Recur.Kernels.Convolution;

namespace Recur.Tests.Kernels;

/// <summary>
/// <see cref="DepthwiseCausalConvKernel"/> against <see cref="DepthwiseCausalConvReference"/>: output and every
/// gradient at odd sizes, including chunks shorter than the history and width 1 (no history).
/// </summary>
public class DepthwiseCausalConvKernelTests
{
    static float[] Random(Generator g, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = 2 * g.NextFloat() - 1;
        return a;
    }

    [Theory]
    [InlineData(9, 3, 13, 4)]
    [InlineData(2, 2, 7, 4)]
    [InlineData(1, 1, 1, 3)]
    [InlineData(6, 2, 33, 1)]
    [InlineData(17, 1, 70, 5)]
    public void MatchesReference(int t, int b, int d, int k)
    {
        var g = new Generator((ulong)(t * 100 + d));
        var history = Random(g, (k - 1) * b * d); var input = Random(g, t * b * d); var w = Random(g, d * k); var bias = Random(g, d);
        var (fast, slow) = (new float[t * b * d], new float[t * b * d]);
        DepthwiseCausalConvKernel.Forward(t, b, d, k, history, input, w, bias, fast);
        DepthwiseCausalConvReference.Forward(t, b, d, k, history, input, w, bias, slow);
        Close(slow, fast, "y");
        var dy = Random(g, t * b * d);
        float[][] f = [new float[history.Length], new float[input.Length], new float[w.Length], new float[d]];
        float[][] r = [new float[history.Length], new float[input.Length], new float[w.Length], new float[d]];
        DepthwiseCausalConvKernel.Backward(t, b, d, k, history, input, w, dy, f[0], f[1], f[2], f[3]);
        DepthwiseCausalConvReference.Backward(t, b, d, k, history, input, w, dy, r[0], r[1], r[2], r[3]);
        string[] names = ["dhistory", "dx", "dw", "dbias"];
        for (int i = 0; i < 4; i++) Close(r[i], f[i], names[i]);
    }

    [Fact]
    public void WrongLengthsAreReported()
    {
        var ex = Assert.Throws<ArgumentException>(() => DepthwiseCausalConvKernel.Forward(2, 1, 3, 4, new float[8], new float[6], new float[12], new float[3], new float[6]));
        Assert.Contains("history 9", ex.Message);
    }

    static void Close(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
