namespace Recur.LanguageModels;

/// <summary>
/// The hidden unit whose activation correlates most strongly (by |r|) with a text feature. When the feature is
/// constant over the text (<see cref="FeatureOccurs"/> false: no quotes, no brackets) no unit can correlate with it;
/// <see cref="Unit"/> is then −1 and <see cref="Correlation"/> NaN.
/// </summary>
public sealed record UnitMatch(TextFeature Feature, int Unit, double Correlation)
{
    public bool FeatureOccurs => Unit >= 0;
}

/// <summary>
/// Finds interpretable hidden units: for each text feature, the Pearson correlation of every unit's activation with
/// the feature over the positions of a text, and the unit with the largest |r| (Karpathy et al. 2015, §4.2).
/// Activations are (N, H) row-major: the hidden state after reading each of the N characters.
/// </summary>
public static class CellInspection
{
    /// <summary>r between each of the H columns of <paramref name="activations"/> and <paramref name="feature"/>; 0 where either is constant.</summary>
    public static double[] Correlations(ReadOnlySpan<float> activations, int hiddenSize, ReadOnlySpan<double> feature)
    {
        int N = feature.Length, H = hiddenSize;
        if (activations.Length != N * H) throw new ArgumentException($"Activations hold {activations.Length} values, not N·H = {N}·{H}.", nameof(activations));
        double featureMean = 0;
        foreach (double f in feature) featureMean += f;
        featureMean /= Math.Max(N, 1);
        var mean = new double[H];
        for (int n = 0; n < N; n++)
            for (int h = 0; h < H; h++) mean[h] += activations[n * H + h];
        for (int h = 0; h < H; h++) mean[h] /= Math.Max(N, 1);

        var cov = new double[H];
        var varA = new double[H];
        double varF = 0;
        for (int n = 0; n < N; n++)
        {
            double df = feature[n] - featureMean;
            varF += df * df;
            for (int h = 0; h < H; h++)
            {
                double da = activations[n * H + h] - mean[h];
                cov[h] += da * df;
                varA[h] += da * da;
            }
        }
        var r = new double[H];
        for (int h = 0; h < H; h++)
            r[h] = varA[h] > 0 && varF > 0 ? cov[h] / Math.Sqrt(varA[h] * varF) : 0;
        return r;
    }

    /// <summary>For each feature, the unit with the largest |r| (the lowest unit on ties); see <see cref="UnitMatch.FeatureOccurs"/>.</summary>
    public static IReadOnlyList<UnitMatch> BestUnits(string text, ReadOnlySpan<float> activations, int hiddenSize, IEnumerable<TextFeature>? features = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = new List<UnitMatch>();
        foreach (var feature in features ?? TextFeature.All)
        {
            var values = feature.Measure(text);
            if (values.AsSpan().IndexOfAnyExcept(values.Length > 0 ? values[0] : 0) < 0)
            {
                matches.Add(new UnitMatch(feature, -1, double.NaN));
                continue;
            }
            var r = Correlations(activations, hiddenSize, values);
            int best = 0;
            for (int h = 1; h < r.Length; h++) if (Math.Abs(r[h]) > Math.Abs(r[best])) best = h;
            matches.Add(new UnitMatch(feature, best, r[best]));
        }
        return matches;
    }

    /// <summary>The match with the largest |r| among features that occur in the text, or null when none does.</summary>
    public static UnitMatch? Strongest(IEnumerable<UnitMatch> matches) =>
        matches.Where(m => m.FeatureOccurs).MaxBy(m => Math.Abs(m.Correlation));
}
