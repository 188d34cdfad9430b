namespace Recur.Audio;

/// <summary>
/// SpecAugment frequency and time masking (Park et al. 2019, "SpecAugment: A Simple Data Augmentation Method for
/// Automatic Speech Recognition", §2), in place on (frames × dims) time-major features. Each frequency mask draws a
/// width f uniform in [0, F] and a start f0 uniform in [0, dims − f]; each time mask a width t uniform in
/// [0, min(T, ⌊p·frames⌋)] and a start uniform in [0, frames − t]. Masked values become 0, which is the mean once the
/// features are normalised per utterance (<see cref="FeatureNormalization"/>). Time warping is not applied.
/// </summary>
public static class SpecAugment
{
    public static void Apply(Span<float> features, int frames, int dims, SpecAugmentOptions options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dims);
        if (features.Length != frames * dims)
            throw new ArgumentException($"The features hold {features.Length} values, not {frames} frames × {dims} dimensions.", nameof(features));
        if (options.FrequencyMasks < 0 || options.TimeMasks < 0 || options.FrequencyWidth < 0 || options.TimeWidth < 0
            || options.MaxTimeFraction is < 0 or > 1)
            throw new ArgumentException($"SpecAugment options must have non-negative counts and widths and MaxTimeFraction in [0, 1]: {options}.", nameof(options));
        if (frames == 0)
            return;
        for (int i = 0; i < options.FrequencyMasks; i++)
        {
            int width = generator.NextInt(Math.Min(options.FrequencyWidth, dims) + 1);
            int start = generator.NextInt(dims - width + 1);
            for (int t = 0; t < frames; t++)
                features.Slice(t * dims + start, width).Clear();
        }
        int maxTime = Math.Min(options.TimeWidth, (int)(options.MaxTimeFraction * frames));
        for (int i = 0; i < options.TimeMasks; i++)
        {
            int width = generator.NextInt(maxTime + 1);
            int start = generator.NextInt(frames - width + 1);
            features.Slice(start * dims, width * dims).Clear();
        }
    }
}
