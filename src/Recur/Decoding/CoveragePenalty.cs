namespace Recur.Decoding;

/// <summary>
/// The coverage term of a finished hypothesis, from cᵢ = Σⱼ a_ij, the attention that source position i received
/// summed over the hypothesis's target steps j (the end token's step included). Both variants are ≤ 0, so the
/// term is added to the normalised score. A zero coverage would make GNMT's log −∞; it is floored at
/// <see cref="MinCoverage"/> so that such hypotheses stay comparable with each other.
/// </summary>
public readonly record struct CoveragePenalty(CoveragePenaltyKind Kind, double Beta = 0)
{
    public const double MinCoverage = 1e-10;

    public static CoveragePenalty None => new(CoveragePenaltyKind.None);

    public static CoveragePenalty Gnmt(double beta) => new(CoveragePenaltyKind.Gnmt, beta);

    public static CoveragePenalty Summary(double beta) => new(CoveragePenaltyKind.Summary, beta);

    /// <summary>The term for coverage <paramref name="coverage"/> (one entry per source position of this input).</summary>
    public double Term(ReadOnlySpan<float> coverage)
    {
        if (Kind == CoveragePenaltyKind.None || Beta == 0) return 0;
        double sum = 0;
        if (Kind == CoveragePenaltyKind.Gnmt)
        {
            foreach (float c in coverage) sum += Math.Log(Math.Max(Math.Min(c, 1.0), MinCoverage));
            return Beta * sum;
        }
        foreach (float c in coverage) sum += Math.Max(c, 1.0);
        return -Beta * (sum - coverage.Length);
    }

    internal void Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown coverage penalty.");
        if (!double.IsFinite(Beta) || Beta < 0) throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "The coverage penalty needs a finite β ≥ 0.");
    }
}
