using Recur.Audio;

namespace Recur.Speech;

/// <summary>
/// The front end of a recogniser: audio at any rate → resampled to the model's rate → log-mel or MFCC frames
/// (windows of <paramref name="windowMs"/> every <paramref name="hopMs"/>, a periodic Hann window, torchaudio's
/// conventions) → each dimension normalised to mean 0 and variance 1 over the utterance, which removes the
/// channel's and the speaker's level (cepstral mean and variance normalisation), or by fixed corpus statistics when
/// the front end holds them (<see cref="Statistics"/>). Output is (frames, dims), time-major.
/// </summary>
public sealed class SpeechFeatures
{
    readonly MelSpectrogram? mel;
    readonly Mfcc? mfcc;

    /// <param name="statistics">Corpus statistics to normalise by; null normalises each utterance by its own.</param>
    public SpeechFeatures(FeatureKind kind, int sampleRate, int bins, double windowMs, double hopMs, FeatureStatistics? statistics = null)
    {
        if (statistics is not null && statistics.Dimensions != bins)
            throw new ArgumentException($"The normalisation statistics have {statistics.Dimensions} dimensions but the features {bins}.", nameof(statistics));
        Statistics = statistics;
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        int window = (int)Math.Round(sampleRate * windowMs / 1000), hop = (int)Math.Round(sampleRate * hopMs / 1000);
        if (window < 2 || hop < 1 || hop > window)
            throw new ArgumentException($"A window of {windowMs} ms every {hopMs} ms at {sampleRate} Hz gives {window} and {hop} samples; the window needs 2 or more and the hop 1 to the window's length.");
        (Kind, SampleRate, Dimensions, WindowSamples, HopSamples) = (kind, sampleRate, bins, window, hop);
        // Mel filters narrower than the DFT's bin spacing come out empty; with MFCCs the filter bank is an intermediate
        // and 40 filters (or as many as coefficients) is the usual choice.
        var melOptions = new MelSpectrogramOptions { SampleRate = sampleRate, NFft = window, HopLength = hop, NMels = kind == FeatureKind.Mfcc ? Math.Max(40, bins) : bins };
        if (kind == FeatureKind.Mfcc) mfcc = new Mfcc(new MfccOptions { SampleRate = sampleRate, NMfcc = bins, Mel = melOptions });
        else mel = new MelSpectrogram(melOptions);
    }

    public FeatureKind Kind { get; }
    public int SampleRate { get; }
    public int Dimensions { get; }
    public int WindowSamples { get; }
    public int HopSamples { get; }
    public FeatureStatistics? Statistics { get; }

    /// <summary>This front end normalising by <paramref name="statistics"/> (null: per utterance).</summary>
    public SpeechFeatures WithStatistics(FeatureStatistics? statistics) =>
        new(Kind, SampleRate, Dimensions, 1000.0 * WindowSamples / SampleRate, 1000.0 * HopSamples / SampleRate, statistics);

    /// <summary>Frames of <paramref name="clip"/>, normalised, (frames, <see cref="Dimensions"/>) row-major.</summary>
    public float[] Extract(AudioClip clip)
    {
        var features = ExtractUnnormalized(clip);
        if (Statistics is not null) Statistics.Apply(features);
        else FeatureNormalization.PerUtterance(features, Dimensions);
        return features;
    }

    /// <summary>Frames of <paramref name="clip"/> before normalisation: what corpus statistics are taken of.</summary>
    public float[] ExtractUnnormalized(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var samples = clip.ResampledTo(SampleRate).Samples;
        return mel is not null ? mel.ComputeLog(samples) : mfcc!.Compute(samples);
    }

    /// <summary>
    /// A loudness for each frame of features from <see cref="Extract"/>: the mean over the bins of the normalised
    /// log-mel frame, or the normalised first cepstral coefficient (the log energy's share) of an MFCC frame. Only
    /// the order matters: silence is low, speech high.
    /// </summary>
    public float[] Loudness(ReadOnlySpan<float> features)
    {
        if (features.Length % Dimensions != 0) throw new ArgumentException($"{features.Length} feature values are not a whole number of frames of {Dimensions}.", nameof(features));
        var loudness = new float[features.Length / Dimensions];
        for (int t = 0; t < loudness.Length; t++)
        {
            var frame = features.Slice(t * Dimensions, Dimensions);
            loudness[t] = Kind == FeatureKind.Mfcc ? frame[0] : System.Numerics.Tensors.TensorPrimitives.Sum(frame) / Dimensions;
        }
        return loudness;
    }
}
