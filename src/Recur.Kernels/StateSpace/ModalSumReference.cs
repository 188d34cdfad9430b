using System.Numerics;

namespace Recur.Kernels.StateSpace;

/// <summary>
/// <see cref="ModalSum"/> computed the plain way, each power p^l from <see cref="Complex.Pow(Complex, double)"/>
/// (exp and sincos of l·log p) rather than by repeated multiplication; the layouts are the same.
/// </summary>
public static class ModalSumReference
{
    public static void Generate(ReadOnlySpan<double> weights, ReadOnlySpan<double> poles, int modes, int length, Span<float> destination)
    {
        int rows = weights.Length / (2 * modes), poleRows = poles.Length / (2 * modes);
        for (int r = 0; r < rows; r++)
            for (int l = 0; l < length; l++)
            {
                double sum = 0;
                for (int n = 0; n < modes; n++)
                {
                    var w = new Complex(weights[2 * (r * modes + n)], weights[2 * (r * modes + n) + 1]);
                    int q = 2 * ((r % poleRows) * modes + n);
                    sum += 2 * (w * Complex.Pow(new Complex(poles[q], poles[q + 1]), l)).Real;
                }
                destination[r * length + l] = (float)sum;
            }
    }

    public static void Correlate(ReadOnlySpan<float> g, ReadOnlySpan<double> poles, int modes, int length, Span<double> sums, Span<double> weightedSums)
    {
        int rows = sums.Length / (2 * modes), poleRows = poles.Length / (2 * modes);
        for (int r = 0; r < rows; r++)
            for (int n = 0; n < modes; n++)
            {
                int q = 2 * ((r % poleRows) * modes + n);
                var p = new Complex(poles[q], poles[q + 1]);
                Complex s = 0, ws = 0;
                for (int l = 0; l < length; l++)
                {
                    var term = g[r * length + l] * Complex.Pow(p, l);
                    s += term; ws += l * term;
                }
                int o = 2 * (r * modes + n);
                sums[o] = s.Real; sums[o + 1] = s.Imaginary;
                if (!weightedSums.IsEmpty) { weightedSums[o] = ws.Real; weightedSums[o + 1] = ws.Imaginary; }
            }
    }
}
