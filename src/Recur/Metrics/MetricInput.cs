namespace Recur.Metrics;

internal static class MetricInput
{
    /// <summary>Every reference stream must have one line per hypothesis, and there must be at least one stream.</summary>
    public static void CheckAligned(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0) throw new ArgumentException("At least one reference stream is needed.", nameof(references));
        for (int r = 0; r < references.Count; r++)
            if (references[r].Count != hypotheses.Count)
                throw new ArgumentException($"Reference stream {r} has {references[r].Count} lines but there are {hypotheses.Count} hypotheses.", nameof(references));
    }
}
