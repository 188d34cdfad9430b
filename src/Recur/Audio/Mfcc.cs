using System.Numerics.Tensors;
using Recur.Kernels;

namespace Recur.Audio;

/// <summary>
/// Mel-frequency cepstral coefficients equal to <c>torchaudio.transforms.MFCC</c>: the mel power spectrogram, in
/// decibels 10·log10(max(mel, 1e-10)) floored at 80 dB below the utterance's largest value (AmplitudeToDB("power",
/// top_db=80); for a one-channel signal torchaudio takes that maximum over the whole spectrogram) or ln(mel + 1e-6)
/// with <see cref="MfccOptions.LogMels"/>, then a DCT-II over the mel axis keeping NMfcc coefficients. Output is
/// time-major (frames × NMfcc).
/// </summary>
public sealed class Mfcc
{
    const float TopDb = 80f;
    const float Amin = 1e-10f;

    readonly MelSpectrogram mel;
    readonly float[] dct; // (NMels × NMfcc)
    readonly int nMels, nMfcc;

    public Mfcc(MfccOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Mel, nameof(options.Mel));
        if (options.DctType != 2)
            throw new ArgumentException($"MfccOptions.DctType must be 2 (DCT-II is the only type supported), not {options.DctType}.", nameof(options));
        if (options.Norm is not (null or "ortho"))
            throw new ArgumentException($"MfccOptions.Norm must be null or \"ortho\", not \"{options.Norm}\".", nameof(options));
        nMels = options.Mel.NMels;
        if (options.NMfcc <= 0 || options.NMfcc > nMels)
            throw new ArgumentException($"MfccOptions.NMfcc must be in [1, Mel.NMels = {nMels}], not {options.NMfcc}.", nameof(options));
        Options = options;
        nMfcc = options.NMfcc;
        mel = new MelSpectrogram(options.Mel with { SampleRate = options.SampleRate });
        dct = DctMatrix(nMfcc, nMels, options.Norm == "ortho");
    }

    public MfccOptions Options { get; }

    /// <summary>Values per frame (NMfcc).</summary>
    public int Dims => nMfcc;

    public int Frames(int samples) => mel.Frames(samples);

    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var result = new float[Frames(samples.Length) * nMfcc];
        Compute(samples, result);
        return result;
    }

    /// <summary>Writes the (frames × NMfcc) coefficients into <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<float> samples, Span<float> destination)
    {
        int frames = Frames(samples.Length);
        if (destination.Length < frames * nMfcc)
            throw new ArgumentException($"The destination holds {destination.Length} values but {frames} frames of {nMfcc} coefficients need {frames * nMfcc}.", nameof(destination));
        var spectrogram = mel.Compute(samples);
        if (frames == 0)
            return;
        if (Options.LogMels)
            MelSpectrogram.ToLog(spectrogram);
        else
            ToDecibels(spectrogram);
        Gemm.Multiply(false, false, frames, nMfcc, nMels, 1f, spectrogram, nMels, dct, nMfcc, 0f, destination, nMfcc);
    }

    static void ToDecibels(Span<float> values)
    {
        TensorPrimitives.Max(values, Amin, values);
        TensorPrimitives.Log10(values, values);
        TensorPrimitives.Multiply(values, 10f, values);
        TensorPrimitives.Max(values, TensorPrimitives.Max(values) - TopDb, values);
    }

    /// <summary>
    /// torchaudio.functional.create_dct transposed to (NMels × NMfcc): cos(π/M·(m + ½)·k), times √(2/M) (and 1/√2 for
    /// k = 0) when orthonormal, times 2 otherwise.
    /// </summary>
    internal static float[] DctMatrix(int nMfcc, int nMels, bool ortho)
    {
        var matrix = new float[nMels * nMfcc];
        for (int m = 0; m < nMels; m++)
            for (int k = 0; k < nMfcc; k++)
            {
                double value = Math.Cos(Math.PI / nMels * (m + 0.5) * k);
                value *= ortho ? Math.Sqrt(2.0 / nMels) * (k == 0 ? 1 / Math.Sqrt(2) : 1) : 2;
                matrix[m * nMfcc + k] = (float)value;
            }
        return matrix;
    }
}
