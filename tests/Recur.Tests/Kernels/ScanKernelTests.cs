using Recur.Kernels;
using Recur.Kernels.Scan;

namespace Recur.Tests.Kernels;

/// <summary>
/// The scan kernels against their scalar references and each other, at odd sizes on both sides of the vector
/// width and of the parallel threshold: sequential vs reference, chunked vs sequential (T up to 5000, odd chunk
/// lengths), complex vs reference, log space vs Heinsen's closed form and vs the log of the plain scan.
/// </summary>
public class ScanKernelTests
{
    public static TheoryData<int, int> Sizes => new() { { 1, 1 }, { 3, 7 }, { 17, 5 }, { 9, 33 }, { 31, 65 }, { 2, 257 }, { 203, 333 } };

    static float[] Uniform(int seed, int count, float low, float high)
    {
        var g = new Generator((ulong)seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = low + (high - low) * g.NextFloat();
        return x;
    }

    static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]:G7}, expected {expected[i]:G7}");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void SequentialMatchesReference(int steps, int channels)
    {
        using var _ = Parallelism.Limit(2);
        int cells = steps * channels;
        var a = Uniform(1, cells, -1f, 1f); var b = Uniform(2, cells, -1f, 1f); var h0 = Uniform(3, channels, -1f, 1f);
        var dh = Uniform(4, cells, -1f, 1f);
        foreach (var init in new[] { h0, [] })
        {
            var expected = new float[cells]; var actual = new float[cells];
            LinearScanReference.Forward(steps, channels, a, b, init, expected);
            LinearScanKernel.Forward(steps, channels, a, b, init, actual);
            Close(expected, actual, 1e-5f, "h");
            var (da, db, d0) = (new float[cells], new float[cells], new float[init.Length]);
            var (ra, rb, r0) = (new float[cells], new float[cells], new float[init.Length]);
            LinearScanReference.Backward(steps, channels, a, init, expected, dh, ra, rb, r0);
            LinearScanKernel.Backward(steps, channels, a, init, actual, dh, da, db, d0);
            Close(ra, da, 1e-5f, "∂a"); Close(rb, db, 1e-5f, "∂b"); Close(r0, d0, 1e-5f, "∂h0");
        }
    }

    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(100, 9, 7)]
    [InlineData(100, 9, 100)]
    [InlineData(100, 9, 131)]
    [InlineData(1001, 17, 333)]
    [InlineData(5000, 3, 613)]
    [InlineData(5000, 67, 1250)]
    public void ChunkedEqualsSequential(int steps, int channels, int chunk)
    {
        using var _ = Parallelism.Limit(2);
        int cells = steps * channels;
        // |a| near 1 keeps memory long, so a wrong carry shows thousands of steps later.
        var a = Uniform(5, cells, 0.95f, 1f); var b = Uniform(6, cells, -1f, 1f); var h0 = Uniform(7, channels, -1f, 1f);
        for (int i = 0; i < cells; i += 3) a[i] = -a[i];
        var dh = Uniform(8, cells, -1f, 1f);
        var expected = new float[cells]; var actual = new float[cells];
        LinearScanKernel.Forward(steps, channels, a, b, h0, expected);
        ChunkedScanKernel.Forward(steps, channels, chunk, a, b, h0, actual);
        Close(expected, actual, 1e-4f, "h");
        var (da, db, d0) = (new float[cells], new float[cells], new float[channels]);
        var (sa, sb, s0) = (new float[cells], new float[cells], new float[channels]);
        LinearScanKernel.Backward(steps, channels, a, h0, expected, dh, sa, sb, s0);
        ChunkedScanKernel.Backward(steps, channels, chunk, a, h0, expected, dh, da, db, d0);
        Close(sa, da, 1e-4f, "∂a"); Close(sb, db, 1e-4f, "∂b"); Close(s0, d0, 1e-4f, "∂h0");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void ComplexMatchesReference(int steps, int channels)
    {
        using var _ = Parallelism.Limit(2);
        int cells = steps * channels;
        var aRe = Uniform(9, cells, -0.7f, 0.7f); var aIm = Uniform(10, cells, -0.7f, 0.7f);
        var bRe = Uniform(11, cells, -1f, 1f); var bIm = Uniform(12, cells, -1f, 1f);
        var h0Re = Uniform(13, channels, -1f, 1f); var h0Im = Uniform(14, channels, -1f, 1f);
        var (eRe, eIm, hRe, hIm) = (new float[cells], new float[cells], new float[cells], new float[cells]);
        LinearScanReference.ComplexForward(steps, channels, aRe, aIm, bRe, bIm, h0Re, h0Im, eRe, eIm);
        ComplexScanKernel.Forward(steps, channels, aRe, aIm, bRe, bIm, h0Re, h0Im, hRe, hIm);
        Close(eRe, hRe, 1e-5f, "Re h"); Close(eIm, hIm, 1e-5f, "Im h");
    }

    [Fact]
    public void ComplexWithRealCoefficientsIsTwoRealScans()
    {
        const int steps = 37, channels = 19, cells = steps * channels;
        var a = Uniform(15, cells, -1f, 1f); var bRe = Uniform(16, cells, -1f, 1f); var bIm = Uniform(17, cells, -1f, 1f);
        var dRe = Uniform(18, cells, -1f, 1f); var dIm = Uniform(19, cells, -1f, 1f);
        var zero = new float[cells];
        var (hRe, hIm) = (new float[cells], new float[cells]);
        ComplexScanKernel.Forward(steps, channels, a, zero, bRe, bIm, [], [], hRe, hIm);
        var (daRe, daIm, dbRe, dbIm) = (new float[cells], new float[cells], new float[cells], new float[cells]);
        ComplexScanKernel.Backward(steps, channels, a, zero, [], [], hRe, hIm, dRe, dIm, daRe, daIm, dbRe, dbIm, [], []);
        foreach (var (b, d, h, db, daPart) in new[] { (bRe, dRe, hRe, dbRe, 0), (bIm, dIm, hIm, dbIm, 1) })
        {
            var (rh, ra, rb) = (new float[cells], new float[cells], new float[cells]);
            LinearScanKernel.Forward(steps, channels, a, b, [], rh);
            LinearScanKernel.Backward(steps, channels, a, [], rh, d, ra, rb, []);
            Close(rh, h, 1e-6f, "h"); Close(rb, db, 1e-6f, "∂b");
        }
        // ∂L/∂Re a sums both planes' contributions; Im a's gradient is the cross term.
        var (h1, a1, b1, h2, a2, b2) = (new float[cells], new float[cells], new float[cells], new float[cells], new float[cells], new float[cells]);
        LinearScanKernel.Forward(steps, channels, a, bRe, [], h1); LinearScanKernel.Backward(steps, channels, a, [], h1, dRe, a1, b1, []);
        LinearScanKernel.Forward(steps, channels, a, bIm, [], h2); LinearScanKernel.Backward(steps, channels, a, [], h2, dIm, a2, b2, []);
        var sum = new float[cells];
        for (int i = 0; i < cells; i++) sum[i] = a1[i] + a2[i];
        Close(sum, daRe, 1e-5f, "∂Re a");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void LogSpaceMatchesHeinsenAndThePlainScan(int steps, int channels)
    {
        using var _ = Parallelism.Limit(2);
        steps = Math.Min(steps, 60); // the closed-form reference is quadratic in T
        int cells = steps * channels;
        var logA = Uniform(20, cells, -2f, 0.1f); var logB = Uniform(21, cells, -3f, 1f); var logH0 = Uniform(22, channels, -1f, 1f);
        foreach (var init in new[] { logH0, [] })
        {
            var expected = new float[cells]; var actual = new float[cells];
            LogScanKernel.Forward(steps, channels, logA, logB, init, actual);
            LinearScanReference.LogForward(steps, channels, logA, logB, init, expected);
            Close(expected, actual, 1e-5f, "log h vs Heinsen");
            var a = Array.ConvertAll(logA, MathF.Exp); var b = Array.ConvertAll(logB, MathF.Exp);
            var plain = new float[cells];
            LinearScanKernel.Forward(steps, channels, a, b, Array.ConvertAll(init, MathF.Exp), plain);
            Close(Array.ConvertAll(plain, MathF.Log), actual, 1e-5f, "log h vs log of the plain scan");
        }
    }

    [Fact]
    public void LogSpaceBackwardMatchesThePlainScansChainRule()
    {
        using var _ = Parallelism.Limit(2);
        const int steps = 41, channels = 13, cells = steps * channels;
        var logA = Uniform(23, cells, -1f, 0f); var logB = Uniform(24, cells, -2f, 1f); var logH0 = Uniform(25, channels, -1f, 1f);
        var dy = Uniform(26, cells, -1f, 1f);
        var y = new float[cells];
        LogScanKernel.Forward(steps, channels, logA, logB, logH0, y);
        var (dla, dlb, d0) = (new float[cells], new float[cells], new float[channels]);
        LogScanKernel.Backward(steps, channels, logA, logB, logH0, y, dy, dla, dlb, d0);
        // y = log h: ∂L/∂h = dy/h, then ∂L/∂log a = a·∂L/∂a and the same for b and h0.
        var a = Array.ConvertAll(logA, MathF.Exp); var b = Array.ConvertAll(logB, MathF.Exp); var h0 = Array.ConvertAll(logH0, MathF.Exp);
        var h = new float[cells];
        LinearScanKernel.Forward(steps, channels, a, b, h0, h);
        var dh = new float[cells];
        for (int i = 0; i < cells; i++) dh[i] = dy[i] / h[i];
        var (da, db, dh0) = (new float[cells], new float[cells], new float[channels]);
        LinearScanKernel.Backward(steps, channels, a, h0, h, dh, da, db, dh0);
        for (int i = 0; i < cells; i++) { da[i] *= a[i]; db[i] *= b[i]; }
        for (int i = 0; i < channels; i++) dh0[i] *= h0[i];
        Close(da, dla, 1e-4f, "∂log a"); Close(db, dlb, 1e-4f, "∂log b"); Close(dh0, d0, 1e-4f, "∂log h0");
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearScanKernel.Forward(3, 2, new float[6], new float[5], [], new float[6]));
        Assert.Contains("T = 3", e.Message);
    }
}
