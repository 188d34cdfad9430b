namespace Recur.Audio;

/// <summary>
/// Per-utterance cepstral mean and variance normalisation (CMVN): each feature dimension is shifted and scaled over
/// the utterance's frames to mean 0 and variance 1, so a model sees the same range whatever the recording gain.
/// </summary>
public static class FeatureNormalization
{
    /// <summary>Smallest variance divided by, so a constant dimension becomes zeros rather than NaN.</summary>
    public const double VarianceFloor = 1e-10;

    /// <summary>Normalises (frames × <paramref name="dims"/>) row-major <paramref name="features"/> in place (population variance).</summary>
    public static void PerUtterance(Span<float> features, int dims)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dims);
        if (features.Length % dims != 0)
            throw new ArgumentException($"{features.Length} values are not a whole number of frames of {dims} dimensions.", nameof(features));
        int frames = features.Length / dims;
        if (frames == 0)
            return;
        // Two passes in double: the one-pass formula E[x²] − E[x]² cancels badly for log-mel values near −13.
        Span<double> mean = dims <= 512 ? stackalloc double[dims] : new double[dims];
        Span<double> variance = dims <= 512 ? stackalloc double[dims] : new double[dims];
        mean.Clear();
        variance.Clear();
        for (int t = 0; t < frames; t++)
            for (int d = 0; d < dims; d++)
                mean[d] += features[t * dims + d];
        for (int d = 0; d < dims; d++)
            mean[d] /= frames;
        for (int t = 0; t < frames; t++)
            for (int d = 0; d < dims; d++)
            {
                double centred = features[t * dims + d] - mean[d];
                variance[d] += centred * centred;
            }
        for (int d = 0; d < dims; d++)
            variance[d] = 1 / Math.Sqrt(Math.Max(variance[d] / frames, VarianceFloor));
        for (int t = 0; t < frames; t++)
            for (int d = 0; d < dims; d++)
                features[t * dims + d] = (float)((features[t * dims + d] - mean[d]) * variance[d]);
    }
}
