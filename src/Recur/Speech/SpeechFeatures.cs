using Recur.Audio;

namespace Recur.Speech;

/// <summary>
/// The front end of a recogniser: audio at any rate → resampled to the model's rate → log-mel or MFCC frames
/// (windows of <paramref name="windowMs"/> every <paramref name="hopMs"/>, a periodic Hann window, torchaudio's
/// conventions) → each dimension normalised to mean 0 and variance 1 over the utterance, which removes the
/// channel's and the speaker's level (cepstral mean and variance normalisation). Output is (frames, dims), time-major.
/// </summary>
public sealed class SpeechFeatures
{
    readonly MelSpectrogram? mel;
    readonly Mfcc? mfcc;

    public SpeechFeatures(FeatureKind kind, int sampleRate, int bins, double windowMs, double hopMs)
    {
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

    /// <summary>Frames of <paramref name="clip"/>, normalised, (frames, <see cref="Dimensions"/>) row-major.</summary>
    public float[] Extract(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var samples = clip.ResampledTo(SampleRate).Samples;
        var features = mel is not null ? mel.ComputeLog(samples) : mfcc!.Compute(samples);
        FeatureNormalization.PerUtterance(features, Dimensions);
        return features;
    }
}
