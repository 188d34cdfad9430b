namespace Recur.Audio;

/// <summary>
/// The parameters of <c>torchaudio.transforms.MelSpectrogram</c>, with its defaults. Null lengths follow torchaudio:
/// <see cref="WinLength"/> defaults to <see cref="NFft"/>, <see cref="HopLength"/> to half the window,
/// <see cref="FMax"/> to the Nyquist frequency.
/// </summary>
public sealed record MelSpectrogramOptions
{
    public int SampleRate { get; init; } = 16000;

    /// <summary>DFT size; the spectrum has NFft/2 + 1 bins.</summary>
    public int NFft { get; init; } = 400;

    /// <summary>Periodic Hann window length (≤ NFft; centred in the NFft frame, as torch.stft does).</summary>
    public int? WinLength { get; init; }

    public int? HopLength { get; init; }

    public double FMin { get; init; }

    public double? FMax { get; init; }

    /// <summary>Zeros added at both ends before framing.</summary>
    public int Pad { get; init; }

    public int NMels { get; init; } = 128;

    /// <summary>Exponent of the magnitude: 2 for power, 1 for magnitude.</summary>
    public double Power { get; init; } = 2;

    /// <summary>Divides the spectrum by √(Σ window²) (torchaudio's normalized=True, "window").</summary>
    public bool Normalized { get; init; }

    /// <summary>Centre frame t on sample t·hop by padding NFft/2 at each end with <see cref="PadMode"/>.</summary>
    public bool Center { get; init; } = true;

    public PadMode PadMode { get; init; } = PadMode.Reflect;

    /// <summary>null, or "slaney" to divide each triangle by its width in Hz (constant energy per band).</summary>
    public string? Norm { get; init; }

    /// <summary>"htk" (2595·log10(1 + f/700)) or "slaney" (linear below 1 kHz, logarithmic above).</summary>
    public string MelScale { get; init; } = "htk";

    public int ResolvedWinLength => WinLength ?? NFft;

    public int ResolvedHopLength => HopLength ?? ResolvedWinLength / 2;

    public double ResolvedFMax => FMax ?? SampleRate / 2.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        Require(SampleRate > 0, nameof(SampleRate), $"must be positive, not {SampleRate}");
        Require(NFft > 0, nameof(NFft), $"must be positive, not {NFft}");
        Require(ResolvedWinLength > 0 && ResolvedWinLength <= NFft, nameof(WinLength), $"must be in [1, NFft = {NFft}], not {ResolvedWinLength}");
        Require(ResolvedHopLength > 0, nameof(HopLength), $"must be positive, not {ResolvedHopLength}");
        Require(NMels > 0, nameof(NMels), $"must be positive, not {NMels}");
        Require(Pad >= 0, nameof(Pad), $"must not be negative, not {Pad}");
        Require(Power > 0, nameof(Power), $"must be positive, not {Power}");
        Require(FMin >= 0 && FMin < ResolvedFMax, nameof(FMin), $"must be in [0, FMax = {ResolvedFMax}), not {FMin}");
        Require(ResolvedFMax <= SampleRate / 2.0, nameof(FMax), $"must not pass the Nyquist frequency {SampleRate / 2.0}, not {ResolvedFMax}");
        Require(Norm is null or "slaney", nameof(Norm), $"must be null or \"slaney\", not \"{Norm}\"");
        Require(MelScale is "htk" or "slaney", nameof(MelScale), $"must be \"htk\" or \"slaney\", not \"{MelScale}\"");
    }

    static void Require(bool condition, string field, string problem)
    {
        if (!condition)
            throw new ArgumentException($"MelSpectrogramOptions.{field} {problem}.", field);
    }
}
