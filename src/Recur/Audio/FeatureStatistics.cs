namespace Recur.Audio;

/// <summary>
/// Each feature dimension's mean and standard deviation over a whole corpus: global cepstral mean and variance
/// normalisation, the alternative to <see cref="FeatureNormalization.PerUtterance"/>. Per-utterance statistics
/// depend on what is said — an utterance of one word repeated is normalised against that word — while corpus
/// statistics map a sound to the same values in every utterance, at the price of not undoing gain differences.
/// </summary>
public sealed class FeatureStatistics
{
    public FeatureStatistics(IReadOnlyList<float> mean, IReadOnlyList<float> standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Count == 0 || mean.Count != standardDeviation.Count)
            throw new ArgumentException($"The statistics need one mean and one standard deviation per dimension, not {mean.Count} and {standardDeviation.Count}.");
        if (mean.Any(m => !float.IsFinite(m)) || standardDeviation.Any(s => !(s > 0) || !float.IsFinite(s)))
            throw new ArgumentException("The means must be finite and the standard deviations finite and positive.");
        Mean = [.. mean];
        StandardDeviation = [.. standardDeviation];
    }

    public IReadOnlyList<float> Mean { get; }
    public IReadOnlyList<float> StandardDeviation { get; }
    public int Dimensions => Mean.Count;

    /// <summary>The statistics of every frame of <paramref name="utterances"/>, each (frames × <paramref name="dims"/>) row-major; population variance, floored as <see cref="FeatureNormalization.VarianceFloor"/>.</summary>
    public static FeatureStatistics Compute(IEnumerable<float[]> utterances, int dims)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dims);
        var list = utterances.ToArray();
        // Two passes in double, as per utterance: log-mel values sit far from 0 and E[x²] − E[x]² would cancel.
        var sum = new double[dims];
        long frames = 0;
        foreach (var u in list)
        {
            if (u.Length % dims != 0) throw new ArgumentException($"An utterance holds {u.Length} values, not a whole number of frames of {dims}.", nameof(utterances));
            for (int i = 0; i < u.Length; i++) sum[i % dims] += u[i];
            frames += u.Length / dims;
        }
        if (frames == 0) throw new ArgumentException("There are no frames to take statistics of.", nameof(utterances));
        var mean = sum.Select(s => s / frames).ToArray();
        var squares = new double[dims];
        foreach (var u in list)
            for (int i = 0; i < u.Length; i++)
            {
                double centred = u[i] - mean[i % dims];
                squares[i % dims] += centred * centred;
            }
        return new FeatureStatistics(mean.Select(m => (float)m).ToArray(),
            squares.Select(s => (float)Math.Sqrt(Math.Max(s / frames, FeatureNormalization.VarianceFloor))).ToArray());
    }

    /// <summary>Normalises (frames × <see cref="Dimensions"/>) row-major <paramref name="features"/> in place.</summary>
    public void Apply(Span<float> features)
    {
        int dims = Dimensions;
        if (features.Length % dims != 0) throw new ArgumentException($"{features.Length} values are not a whole number of frames of {dims} dimensions.", nameof(features));
        for (int i = 0; i < features.Length; i++) features[i] = (features[i] - Mean[i % dims]) / StandardDeviation[i % dims];
    }
}
