namespace Recur.NGram;

/// <summary>
/// Interpolated Witten-Bell smoothing (Witten &amp; Bell 1991; Chen &amp; Goodman 1998 eq. 8): with C(c) the count of
/// context c and T(c) the number of distinct words seen after it, α(c w) = C(c w) / (C(c) + T(c)) and
/// γ(c) = T(c) / (C(c) + T(c)). Raw counts at every order; provided for comparison with Kneser-Ney.
/// </summary>
public sealed class WittenBellSmoothing : INGramSmoothing
{
    public string Name => "Witten-Bell";

    public InterpolationWeights Estimate(NGramCounts counts)
    {
        var alpha = new double[counts.Order][];
        var gamma = new double[counts.Order][];
        for (int n = 1; n <= counts.Order; n++)
        {
            var raw = counts.Counts(n);
            var contextOf = counts.Contexts(n);
            int contexts = n == 1 ? 1 : counts.Size(n - 1);
            var total = new double[contexts];
            var types = new double[contexts];
            for (int i = 0; i < raw.Length; i++)
            {
                total[contextOf[i]] += raw[i];
                if (raw[i] > 0) types[contextOf[i]]++;
            }
            var a = alpha[n - 1] = new double[raw.Length];
            for (int i = 0; i < raw.Length; i++)
            {
                int c = contextOf[i];
                a[i] = raw[i] / (total[c] + types[c]);
            }
            var g = gamma[n - 1] = new double[contexts];
            for (int c = 0; c < contexts; c++) g[c] = total[c] > 0 ? types[c] / (total[c] + types[c]) : 1;
        }
        return new InterpolationWeights(alpha, gamma);
    }
}
