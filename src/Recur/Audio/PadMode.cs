namespace Recur.Audio;

/// <summary>How <see cref="MelSpectrogram"/> extends the signal by n_fft/2 at each end when centring frames (torch.stft's pad_mode).</summary>
public enum PadMode
{
    /// <summary>Mirror without repeating the edge sample: x[2], x[1] | x[0], x[1], … (torch's default "reflect").</summary>
    Reflect,
    /// <summary>Zeros ("constant").</summary>
    Constant,
    /// <summary>Repeat the edge sample ("replicate").</summary>
    Replicate,
    /// <summary>Wrap around ("circular").</summary>
    Circular,
}
