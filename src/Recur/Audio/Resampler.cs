using Recur.Kernels;

namespace Recur.Audio;

/// <summary>
/// Band-limited resampling by a Hann-windowed sinc kernel, equal to <c>torchaudio.functional.resample</c> with its
/// defaults (lowpass_filter_width 6, rolloff 0.99, Hann-windowed sinc). With the rates reduced by their gcd to
/// <c>orig</c> and <c>new</c>, output sample <c>j·new + i</c> is the dot product of polyphase kernel row <c>i</c>
/// with the input (zero-padded by <c>width</c> on the left) from <c>j·orig</c> on; the output has
/// ⌈new·length/orig⌉ samples.
/// </summary>
/// <remarks>
/// The kernel samples y(t) = Σ x[n] sinc(π·f_c·(n/orig − t)) with cut-off f_c = rolloff·min(orig, new), truncated
/// after <c>lowpass_filter_width</c> zero crossings and tapered by cos²(π·t/(2·width)) (Smith, "Digital Audio
/// Resampling", bandlimited interpolation).
/// </remarks>
public static class Resampler
{
    const int LowpassFilterWidth = 6;
    const double Rolloff = 0.99;
    const int BlockFrames = 64;

    public static float[] Resample(ReadOnlySpan<float> samples, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (fromRate == toRate)
            return samples.ToArray();
        int gcd = Gcd(fromRate, toRate);
        int orig = fromRate / gcd, next = toRate / gcd;
        var kernel = Kernel(orig, next, out int width);
        int taps = 2 * width + orig;

        // torchaudio pads (width, width + orig) and runs conv1d with stride orig: (F, next) outputs, truncated. As
        // there, each block of frames is one GEMM, (frames × taps)·(taps × next), whose rows are already in output order.
        var padded = new float[samples.Length + 2 * width + orig];
        samples.CopyTo(padded.AsSpan(width));
        int frames = (padded.Length - taps) / orig + 1;
        long target = ((long)next * samples.Length + orig - 1) / orig;
        var output = new float[target];
        var windows = new float[BlockFrames * taps];
        var block = new float[BlockFrames * next];
        for (int j0 = 0; j0 < frames && (long)j0 * next < target; j0 += BlockFrames)
        {
            int count = Math.Min(BlockFrames, frames - j0);
            for (int j = 0; j < count; j++) padded.AsSpan((j0 + j) * orig, taps).CopyTo(windows.AsSpan(j * taps));
            Gemm.Multiply(false, true, count, next, taps, 1f, windows, taps, kernel, taps, 0f, block, next);
            long start = (long)j0 * next;
            int length = (int)Math.Min(count * next, target - start);
            block.AsSpan(0, length).CopyTo(output.AsSpan((int)start, length));
        }
        return output;
    }

    /// <summary>
    /// The (next × (2·width + orig)) polyphase kernel, row i for output phase i/next. It is evaluated in float32 step
    /// by step as torchaudio does for a float32 waveform: a kernel computed in double differs by up to 1e-6 per tap,
    /// which over the ~460 taps of 22050 → 16000 Hz adds up to 1e-5 at the output.
    /// </summary>
    internal static float[] Kernel(int orig, int next, out int width)
    {
        double baseFreq = Math.Min(orig, next) * Rolloff;
        width = (int)Math.Ceiling(LowpassFilterWidth * orig / baseFreq);
        int taps = 2 * width + orig;
        var kernel = new float[next * taps];
        float baseF = (float)baseFreq, scale = (float)(baseFreq / orig), pi = MathF.PI;
        for (int i = 0; i < next; i++)
            for (int k = 0; k < taps; k++)
            {
                float t = (-(float)i / next + (float)(k - width) / orig) * baseF;
                t = Math.Clamp(t, -LowpassFilterWidth, LowpassFilterWidth);
                float window = MathF.Cos(t * pi / LowpassFilterWidth / 2);
                window *= window;
                t *= pi;
                float sinc = t == 0 ? 1f : MathF.Sin(t) / t;
                kernel[i * taps + k] = sinc * (window * scale);
            }
        return kernel;
    }

    static int Gcd(int a, int b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
