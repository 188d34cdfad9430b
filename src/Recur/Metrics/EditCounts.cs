namespace Recur.Metrics;

/// <summary>
/// The edits of a minimum-cost (Levenshtein) alignment of a hypothesis to a reference, summed over sentences:
/// error rate = (S + D + I) / N, with N the number of reference tokens.
/// </summary>
public readonly record struct EditCounts(long Substitutions, long Deletions, long Insertions, long Hits, long ReferenceLength)
{
    public long Errors => Substitutions + Deletions + Insertions;

    /// <summary>(S + D + I) / N; infinite when the reference is empty and the hypothesis is not, 0 when both are empty.</summary>
    public double Rate => ReferenceLength > 0 ? (double)Errors / ReferenceLength : Errors == 0 ? 0 : double.PositiveInfinity;

    public static EditCounts operator +(EditCounts a, EditCounts b) =>
        new(a.Substitutions + b.Substitutions, a.Deletions + b.Deletions, a.Insertions + b.Insertions, a.Hits + b.Hits, a.ReferenceLength + b.ReferenceLength);
}
