using System.Numerics;
using Recur.Kernels;
using Recur.Kernels.StateSpace;

namespace Recur.Tests.Kernels;

/// <summary>
/// The vectorised modal sums (powers by repeated multiplication, eight at a time) against the reference that takes
/// each power from Complex.Pow, at odd lengths up to 3001, with poles near the unit circle (slow decay, fast
/// rotation) and per-row weights over shared pole rows.
/// </summary>
public class ModalSumTests
{
    static (double[] Weights, double[] Poles) Modes(Generator g, int rows, int poleRows, int modes)
    {
        var w = new double[2 * rows * modes];
        for (int i = 0; i < w.Length; i++) w[i] = g.NextNormal();
        var p = new double[2 * poleRows * modes];
        for (int i = 0; i < poleRows * modes; i++)
        {
            var pole = Complex.FromPolarCoordinates(Math.Exp(-0.0005 - 0.2 * g.NextDouble()), Math.PI * g.NextDouble());
            p[2 * i] = pole.Real; p[2 * i + 1] = pole.Imaginary;
        }
        return (w, p);
    }

    [Theory]
    [InlineData(1, 1, 1, 1), InlineData(2, 2, 3, 7), InlineData(3, 3, 4, 8), InlineData(6, 3, 5, 9), InlineData(4, 2, 4, 63), InlineData(3, 3, 2, 3001)]
    public void GenerateMatchesTheReference(int rows, int poleRows, int modes, int length)
    {
        using var _ = Parallelism.Limit(2);
        var (w, p) = Modes(new Generator((ulong)(rows + 10 * length)), rows, poleRows, modes);
        var expected = new float[rows * length]; var actual = new float[rows * length];
        ModalSumReference.Generate(w, p, modes, length, expected);
        ModalSum.Generate(w, p, modes, length, actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"[{i}]: {actual[i]}, expected {expected[i]}");
    }

    [Theory]
    [InlineData(1, 1, 1, 1), InlineData(2, 2, 3, 7), InlineData(6, 3, 5, 9), InlineData(4, 2, 4, 63), InlineData(3, 3, 2, 3001)]
    public void CorrelateMatchesTheReference(int rows, int poleRows, int modes, int length)
    {
        using var _ = Parallelism.Limit(2);
        var g = new Generator((ulong)(rows + 10 * length));
        var (_, p) = Modes(g, rows, poleRows, modes);
        var signal = new float[rows * length];
        for (int i = 0; i < signal.Length; i++) signal[i] = (float)g.NextNormal();
        double[] sums = new double[2 * rows * modes], weighted = new double[sums.Length], expectedSums = new double[sums.Length], expectedWeighted = new double[sums.Length];
        ModalSumReference.Correlate(signal, p, modes, length, expectedSums, expectedWeighted);
        ModalSum.Correlate(signal, p, modes, length, sums, weighted);
        for (int i = 0; i < sums.Length; i++)
        {
            Assert.True(Math.Abs(expectedSums[i] - sums[i]) <= 1e-9 * (1 + Math.Abs(expectedSums[i])) * length, $"sum [{i}]: {sums[i]}, expected {expectedSums[i]}");
            Assert.True(Math.Abs(expectedWeighted[i] - weighted[i]) <= 1e-9 * (1 + Math.Abs(expectedWeighted[i])) * length, $"weighted [{i}]: {weighted[i]}, expected {expectedWeighted[i]}");
        }
        var alone = new double[sums.Length];
        ModalSum.Correlate(signal, p, modes, length, alone, []);
        Assert.Equal(sums, alone);
    }
}
