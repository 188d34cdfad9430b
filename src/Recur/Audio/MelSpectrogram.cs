using System.Buffers;
using System.Numerics.Tensors;
using Recur.Kernels;

namespace Recur.Audio;

/// <summary>
/// Mel spectrogram equal to <c>torchaudio.transforms.MelSpectrogram</c>: frames of NFft samples every hop (centred
/// by reflection when <see cref="MelSpectrogramOptions.Center"/>), a periodic Hann window, |DFT|^power over the
/// NFft/2 + 1 bins, then triangular mel filters. Output is time-major (frames × NMels): frame t's NMels values are
/// contiguous, the transpose of torchaudio's (n_mels, time).
/// </summary>
/// <remarks>
/// NFft = 400 is not a power of two, so the DFT is a real DFT written as one GEMM per block of frames: frames (F ×
/// NFft) times a basis (NFft × 2·bins) of w[n]·cos(2πkn/N) and −w[n]·sin(2πkn/N), with the window folded into the
/// basis. For speech frame sizes this is as fast as a mixed-radix FFT at float precision, and the mel projection is a
/// second GEMM (F × bins)·(bins × NMels). The instance holds only read-only tables, so one may be shared by threads.
/// </remarks>
public sealed class MelSpectrogram
{
    /// <summary>Frames per GEMM: large enough to amortise packing, small enough for the block to stay in L2.</summary>
    const int BlockFrames = 64;

    /// <summary>The offset inside the log of <see cref="ComputeLog(ReadOnlySpan{float})"/>: ln(mel + 1e-6), as torchaudio's MFCC uses with log_mels.</summary>
    public const float LogOffset = 1e-6f;

    readonly float[] basis;      // (NFft × 2·bins): cosine columns then sine columns
    readonly float[] filterbank; // (bins × NMels)
    readonly int nFft, hop, bins, nMels, pad, centerPad;

    public MelSpectrogram(MelSpectrogramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        nFft = options.NFft;
        hop = options.ResolvedHopLength;
        bins = nFft / 2 + 1;
        nMels = options.NMels;
        pad = options.Pad;
        centerPad = options.Center ? nFft / 2 : 0;
        basis = DftBasis(Window(nFft, options.ResolvedWinLength), options.Normalized);
        filterbank = MelFilterbank.Create(bins, options.FMin, options.ResolvedFMax, nMels, options.SampleRate, options.Norm, options.MelScale);
    }

    public MelSpectrogramOptions Options { get; }

    /// <summary>Values per frame (NMels).</summary>
    public int Dims => nMels;

    /// <summary>DFT bins per frame (NFft/2 + 1).</summary>
    public int Bins => bins;

    /// <summary>The (bins × NMels) filterbank, torchaudio's melscale_fbanks.</summary>
    internal ReadOnlySpan<float> Filterbank => filterbank;

    /// <summary>The frame count for a signal of <paramref name="samples"/> samples; 0 when it is shorter than one frame.</summary>
    public int Frames(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        long length = samples + 2L * pad + 2L * centerPad;
        return length < nFft ? 0 : (int)(1 + (length - nFft) / hop);
    }

    /// <summary>The (frames × NMels) mel spectrogram.</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var result = new float[Frames(samples.Length) * nMels];
        Compute(samples, result);
        return result;
    }

    /// <summary>
    /// Writes the (frames × NMels) mel spectrogram into <paramref name="destination"/>, which must hold
    /// Frames(samples.Length)·NMels values.
    /// </summary>
    public void Compute(ReadOnlySpan<float> samples, Span<float> destination) => Run(samples, destination, mel: true);

    /// <summary>The (frames × (NFft/2 + 1)) |DFT|^power spectrogram before the mel filters (torchaudio's Spectrogram).</summary>
    public float[] ComputeSpectrogram(ReadOnlySpan<float> samples)
    {
        var result = new float[Frames(samples.Length) * bins];
        Run(samples, result, mel: false);
        return result;
    }

    void Run(ReadOnlySpan<float> samples, Span<float> destination, bool mel)
    {
        int frames = Frames(samples.Length), dims = mel ? nMels : bins;
        if (destination.Length < frames * dims)
            throw new ArgumentException($"The destination holds {destination.Length} values but {frames} frames of {dims} values need {frames * dims}.", nameof(destination));
        if (frames == 0)
            return;
        if (centerPad > 0 && Options.PadMode is PadMode.Reflect && samples.Length + 2 * pad <= centerPad)
            throw new ArgumentException($"Reflect padding by NFft/2 = {centerPad} needs more than {centerPad} samples; the signal has {samples.Length + 2 * pad}.", nameof(samples));
        var pool = ArrayPool<float>.Shared;
        int signalLength = samples.Length + 2 * pad + 2 * centerPad;
        var signal = pool.Rent(signalLength);
        var frameBlock = pool.Rent(BlockFrames * nFft);
        var spectrum = pool.Rent(BlockFrames * 2 * bins);
        var power = pool.Rent(BlockFrames * bins);
        try
        {
            Extend(samples, signal.AsSpan(0, signalLength));
            for (int t0 = 0; t0 < frames; t0 += BlockFrames)
            {
                int count = Math.Min(BlockFrames, frames - t0);
                for (int t = 0; t < count; t++)
                    signal.AsSpan((t0 + t) * hop, nFft).CopyTo(frameBlock.AsSpan(t * nFft));
                // (count × NFft)·(NFft × 2·bins): the real and imaginary parts of every frame's DFT.
                Gemm.Multiply(false, false, count, 2 * bins, nFft, 1f, frameBlock, nFft, basis, 2 * bins, 0f, spectrum, 2 * bins);
                var target = mel ? power.AsSpan() : destination.Slice(t0 * bins);
                for (int t = 0; t < count; t++)
                    Magnitude(spectrum.AsSpan(t * 2 * bins, 2 * bins), Options.Power, target.Slice(t * bins, bins));
                if (mel)
                    Gemm.Multiply(false, false, count, nMels, bins, 1f, power, bins, filterbank, nMels, 0f, destination.Slice(t0 * nMels, count * nMels), nMels);
            }
        }
        finally
        {
            pool.Return(signal);
            pool.Return(frameBlock);
            pool.Return(spectrum);
            pool.Return(power);
        }
    }

    /// <summary>The natural-log mel spectrogram ln(mel + 1e-6) (<see cref="LogOffset"/>), (frames × NMels).</summary>
    public float[] ComputeLog(ReadOnlySpan<float> samples)
    {
        var result = Compute(samples);
        ToLog(result);
        return result;
    }

    /// <summary>mel → ln(mel + <see cref="LogOffset"/>) in place.</summary>
    internal static void ToLog(Span<float> mel)
    {
        TensorPrimitives.Add(mel, LogOffset, mel);
        TensorPrimitives.Log(mel, mel);
    }

    /// <summary>Zero padding by Pad, then centring padding by NFft/2 in <see cref="MelSpectrogramOptions.PadMode"/>.</summary>
    void Extend(ReadOnlySpan<float> samples, Span<float> signal)
    {
        signal.Clear();
        int inner = samples.Length + 2 * pad;
        samples.CopyTo(signal.Slice(centerPad + pad));
        if (centerPad == 0 || Options.PadMode == PadMode.Constant)
            return;
        var x = signal.Slice(centerPad, inner);
        for (int i = 1; i <= centerPad; i++)
        {
            (signal[centerPad - i], signal[centerPad + inner - 1 + i]) = Options.PadMode switch
            {
                PadMode.Reflect => (x[i], x[inner - 1 - i]),
                PadMode.Replicate => (x[0], x[inner - 1]),
                _ => (x[((inner - i) % inner + inner) % inner], x[(i - 1) % inner]),
            };
        }
    }

    static void Magnitude(ReadOnlySpan<float> spectrum, double power, Span<float> destination)
    {
        int bins = destination.Length;
        var re = spectrum[..bins];
        var im = spectrum.Slice(bins, bins);
        TensorPrimitives.Multiply(re, re, destination);
        TensorPrimitives.FusedMultiplyAdd(im, im, destination, destination);
        if (power == 1)
            TensorPrimitives.Sqrt(destination, destination);
        else if (power != 2)
            TensorPrimitives.Pow(destination, (float)(power / 2), destination);
    }

    /// <summary>torch.hann_window(winLength) (periodic), zero-padded to NFft and centred in it as torch.stft does.</summary>
    internal static double[] Window(int nFft, int winLength)
    {
        var window = new double[nFft];
        int left = (nFft - winLength) / 2;
        for (int n = 0; n < winLength; n++)
            window[left + n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / winLength);
        return window;
    }

    /// <summary>The (N × 2·bins) real-DFT basis with the window folded in; exact angles from (k·n mod N).</summary>
    internal static float[] DftBasis(double[] window, bool normalized)
    {
        int n = window.Length, bins = n / 2 + 1;
        double scale = 1;
        if (normalized)
        {
            double energy = 0;
            foreach (double w in window)
                energy += w * w;
            scale = 1 / Math.Sqrt(energy);
        }
        var basis = new float[n * 2 * bins];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < bins; k++)
            {
                double angle = 2 * Math.PI * ((long)i * k % n) / n;
                basis[i * 2 * bins + k] = (float)(window[i] * scale * Math.Cos(angle));
                basis[i * 2 * bins + bins + k] = (float)(-window[i] * scale * Math.Sin(angle));
            }
        return basis;
    }
}
