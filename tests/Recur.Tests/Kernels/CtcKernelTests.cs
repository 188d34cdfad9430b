using System.Runtime.Intrinsics;
using Recur.Kernels;
using Recur.Kernels.Ctc;

namespace Recur.Tests.Kernels;

/// <summary>
/// The vectorised, band-limited CTC kernel against its scalar reference, over many (odd) time and target lengths,
/// repeated labels from a two-letter alphabet, input lengths at and below the feasible minimum, and on one and two
/// threads. Re-run with DOTNET_EnableAVX2=0 to cover Vector256's software path.
/// </summary>
public class CtcKernelTests
{
    static float[] LogSoftmax(Generator g, int rows, int classes)
    {
        var x = new float[rows * classes];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < classes; c++) { x[r * classes + c] = (float)(3 * g.NextNormal()); max = Math.Max(max, x[r * classes + c]); }
            for (int c = 0; c < classes; c++) sum += Math.Exp(x[r * classes + c] - max);
            for (int c = 0; c < classes; c++) x[r * classes + c] = (float)(x[r * classes + c] - max - Math.Log(sum));
        }
        return x;
    }

    static (CtcProblem Problem, float[] LogProbs) Random(Generator g, int T, int N, int C, int blank, int maxTarget)
    {
        var lengths = new int[N]; var offsets = new int[N]; var inputs = new int[N];
        var labels = new List<int>();
        for (int n = 0; n < N; n++)
        {
            lengths[n] = g.NextInt(maxTarget + 1); offsets[n] = labels.Count;
            for (int j = 0; j < lengths[n]; j++) labels.Add((blank + 1 + g.NextInt(C - 1)) % C);
            inputs[n] = n == 0 ? T : g.NextInt(T + 1);
        }
        return (new CtcProblem(T, C, blank, [.. labels], offsets, lengths, inputs), LogSoftmax(g, T * N, C));
    }

    static void Compare(CtcProblem p, float[] lp, bool zeroInfinity)
    {
        var expectedNll = new double[p.Batch];
        CtcReference.Loss(p, lp, expectedNll);
        var scale = new double[p.Batch];
        for (int n = 0; n < p.Batch; n++) scale[n] = 0.5 + n;
        var expectedGrad = new float[lp.Length];
        CtcReference.Gradient(p, lp, scale, zeroInfinity, expectedGrad);

        var alpha = new double[p.AlphaLength];
        var nll = new double[p.Batch];
        CtcKernel.Forward(p, lp, alpha, nll);
        var grad = new float[lp.Length];
        CtcKernel.Backward(p, lp, alpha, nll, scale, zeroInfinity, grad);
        for (int n = 0; n < p.Batch; n++)
            Assert.True(expectedNll[n] == nll[n] || Math.Abs(expectedNll[n] - nll[n]) <= 1e-9 * Math.Max(1, expectedNll[n]),
                $"T {p.MaxTime}, item {n} (T_n {p.InputLength(n)}, S {p.TargetLength(n)}): nll {nll[n]}, reference {expectedNll[n]}");
        for (int i = 0; i < grad.Length; i++)
            Assert.True(float.IsNaN(expectedGrad[i]) ? float.IsNaN(grad[i]) : Math.Abs(expectedGrad[i] - grad[i]) <= 2e-6f,
                $"T {p.MaxTime}, grad[{i}] (item {i / p.Classes % p.Batch}): {grad[i]}, reference {expectedGrad[i]}");
    }

    [Fact]
    public void ExpAndLogMatchMathWithin1e11()
    {
        for (double x = -700; x <= 2; x += 0.0137)
        {
            double e = LogSpaceMath.Exp(Vector256.Create(x)).ToScalar();
            Assert.True(Math.Abs(e - Math.Exp(x)) <= 1e-11 * Math.Exp(x), $"exp({x}) = {e}, Math.Exp {Math.Exp(x)}");
        }
        Assert.Equal(1.0, LogSpaceMath.Exp(Vector256<double>.Zero).ToScalar());
        Assert.True(LogSpaceMath.Exp(Vector256.Create(CtcKernel.LogZero)).ToScalar() < 1e-300);
        for (double v = 1; v <= 3; v += 0.000731)
        {
            double l = LogSpaceMath.LogOneToThree(Vector256.Create(v)).ToScalar();
            Assert.True(Math.Abs(l - Math.Log(v)) <= 1e-11 * Math.Log(v), $"ln({v}) = {l}, Math.Log {Math.Log(v)}");
        }
    }

    [Fact]
    public void MatchesReferenceAtManyLengths()
    {
        var g = new Generator(7);
        foreach (int T in new[] { 1, 2, 3, 5, 8, 13, 31, 64 })
            foreach (bool zeroInfinity in new[] { false, true })
            {
                var (p, lp) = Random(g, T, 5, 3, 0, Math.Min(T, 11));
                Compare(p, lp, zeroInfinity);
            }
    }

    [Fact]
    public void MatchesReferenceWithTheBlankLastAndManyClasses()
    {
        var g = new Generator(8);
        foreach (int T in new[] { 4, 9, 17 })
        {
            var (p, lp) = Random(g, T, 4, 7, 6, 6);
            Compare(p, lp, false);
        }
    }

    [Fact]
    public void ForwardIgnoresWhatTheAlphaBufferHeld()
    {
        var (p, lp) = Random(new Generator(10), 23, 4, 4, 0, 9);
        var clean = new double[p.AlphaLength]; var dirty = new double[p.AlphaLength];
        Array.Fill(dirty, 123.0);
        var nll = new double[p.Batch]; var nllDirty = new double[p.Batch];
        CtcKernel.Forward(p, lp, clean, nll);
        CtcKernel.Forward(p, lp, dirty, nllDirty);
        Assert.Equal(nll, nllDirty);
        var (g1, g2) = (new float[lp.Length], new float[lp.Length]);
        var scale = Enumerable.Repeat(1.0, p.Batch).ToArray();
        CtcKernel.Backward(p, lp, clean, nll, scale, true, g1);
        CtcKernel.Backward(p, lp, dirty, nll, scale, true, g2);
        Assert.Equal(g1, g2);
        Assert.Contains(g1, v => v != 0);
    }

    [Fact]
    public void OneAndTwoThreadsAgreeBitForBit()
    {
        var (p, lp) = Random(new Generator(9), 120, 12, 5, 0, 40);
        Assert.True(p.Cells >= CtcKernel.ParallelCells, "the problem must be large enough to run on two threads");
        float[] Run(int threads)
        {
            using var _ = Parallelism.Limit(threads);
            var alpha = new double[p.AlphaLength]; var nll = new double[p.Batch]; var grad = new float[lp.Length];
            CtcKernel.Forward(p, lp, alpha, nll);
            CtcKernel.Backward(p, lp, alpha, nll, Enumerable.Repeat(1.0, p.Batch).ToArray(), true, grad);
            return [.. nll.Select(v => (float)v), .. grad];
        }
        Assert.Equal(Run(1), Run(2));
        Compare(p, lp, true);
    }
}
