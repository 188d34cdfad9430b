namespace Recur.Audio;

/// <summary>
/// The parameters of <c>torchaudio.transforms.MFCC</c>, with its defaults. <see cref="Mel"/> plays the part of
/// melkwargs; its sample rate is replaced by <see cref="SampleRate"/>, as torchaudio does.
/// </summary>
public sealed record MfccOptions
{
    public int SampleRate { get; init; } = 16000;

    /// <summary>Cepstral coefficients kept (≤ Mel.NMels).</summary>
    public int NMfcc { get; init; } = 40;

    /// <summary>Only the DCT-II is supported, as in torchaudio.</summary>
    public int DctType { get; init; } = 2;

    /// <summary>"ortho" for the orthonormal DCT-II, or null for the unnormalised one (scaled by 2).</summary>
    public string? Norm { get; init; } = "ortho";

    /// <summary>Use ln(mel + 1e-6) instead of decibels clamped 80 dB below the utterance's peak.</summary>
    public bool LogMels { get; init; }

    public MelSpectrogramOptions Mel { get; init; } = new();
}
