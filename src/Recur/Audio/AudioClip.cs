namespace Recur.Audio;

/// <summary>
/// A mono recording: samples in [−1, 1] (the normalised float scale torchaudio.load returns) at
/// <see cref="SampleRate"/> samples per second.
/// </summary>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    public float[] Samples { get; } = Samples ?? throw new ArgumentNullException(nameof(Samples));

    public int SampleRate { get; } = SampleRate > 0
        ? SampleRate
        : throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be positive.");

    /// <summary>Duration in seconds.</summary>
    public double Seconds => (double)Samples.Length / SampleRate;

    /// <summary>The clip at <paramref name="rate"/> through <see cref="Resampler.Resample"/>; this clip itself when the rate is already <paramref name="rate"/>.</summary>
    public AudioClip ResampledTo(int rate) =>
        rate == SampleRate ? this : new AudioClip(Resampler.Resample(Samples, SampleRate, rate), rate);
}
