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

    /// <summary>
    /// The clip played <paramref name="factor"/> times as fast at the same rate — tempo and pitch both scale, as with
    /// sox's <c>speed</c> effect: the samples are taken to be at rate·factor and resampled back to the rate. Speed
    /// perturbation by 0.9 and 1.1 is Ko et al. 2015's augmentation for speech recognition.
    /// </summary>
    public AudioClip SpeedChanged(double factor)
    {
        if (!(factor is > 0.25 and < 4)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The speed factor must lie in (0.25, 4).");
        int from = (int)Math.Round(SampleRate * factor);
        return from == SampleRate ? this : new AudioClip(Resampler.Resample(Samples, from, SampleRate), SampleRate);
    }
}
