using System.Buffers;
using System.Numerics.Tensors;

namespace Recur.Kernels.Convolution;

/// <summary>
/// Per-channel causal convolution of long sequences, y[b,h,t] = Σ_{j ≤ t} k[h,j]·u[b,h,t−j] (the S4/S4D "long
/// convolution", Gu et al. 2022 §2), and its adjoints du[b,h,s] = Σ_{t ≥ s} dy[b,h,t]·k[h,t−s] (a correlation with
/// k) and dk[h,j] = Σ_b Σ_{t ≥ j} dy[b,h,t]·u[b,h,t−j]. Layouts: u, y, dy (B, H, L) and k (H, L), row-major.
/// <para>
/// Two paths: direct, one multiply-add sweep per tap (O(L²), no setup, best for short L), and FFT, linear convolution
/// as a product of real spectra of size n ≥ 2L, so that the circular wrap-around lands in the zero padding (the
/// adjoints multiply by the conjugate spectrum instead). Channels run in parallel (one part each, its batch rows
/// inside, so that dk is summed by one thread); a part rents its scratch once.
/// </para>
/// </summary>
public static class CausalConvolution
{
    /// <summary>
    /// Length from which <see cref="ConvolutionMethod.Auto"/> takes the FFT path: the s4d benchmark's convolution alone
    /// (H 128, B 2, forward and both adjoints) measured direct faster at L 256 (7.4 against 9.4 ms) and FFT faster at
    /// L 512 (16.4 against 20.0 ms).
    /// </summary>
    public const int FftThreshold = 384;

    /// <summary>The path <paramref name="method"/> resolves to at <paramref name="length"/>.</summary>
    public static ConvolutionMethod Resolve(ConvolutionMethod method, int length) =>
        method != ConvolutionMethod.Auto ? method : length >= FftThreshold ? ConvolutionMethod.Fft : ConvolutionMethod.Direct;

    public static unsafe void Forward(ReadOnlySpan<float> u, ReadOnlySpan<float> k, int batch, int channels, int length, Span<float> y,
        ConvolutionMethod method = ConvolutionMethod.Auto)
    {
        Check(u.Length, k.Length, batch, channels, length, "u");
        Check(y.Length, k.Length, batch, channels, length, "y");
        fixed (float* pu = u, pk = k, py = y)
        {
            var work = new Work(pu, pk, null, py, null, batch, channels, length, Plan(method, length), backward: false);
            Run(ref work, batch, channels, length);
        }
    }

    /// <summary>Adds the adjoints into <paramref name="du"/> (B, H, L) and <paramref name="dk"/> (H, L); either may be empty.</summary>
    public static unsafe void Backward(ReadOnlySpan<float> u, ReadOnlySpan<float> k, ReadOnlySpan<float> dy, int batch, int channels, int length,
        Span<float> du, Span<float> dk, ConvolutionMethod method = ConvolutionMethod.Auto)
    {
        Check(u.Length, k.Length, batch, channels, length, "u");
        Check(dy.Length, k.Length, batch, channels, length, "dy");
        if (!du.IsEmpty) Check(du.Length, k.Length, batch, channels, length, "du");
        if (!dk.IsEmpty && dk.Length != k.Length) throw new ArgumentException($"CausalConvolution: dk must have {k.Length} elements, got {dk.Length}.");
        fixed (float* pu = u, pk = k, pdy = dy, pdu = du, pdk = dk)
        {
            var work = new Work(pu, pk, pdy, pdu, pdk, batch, channels, length, Plan(method, length), backward: true);
            Run(ref work, batch, channels, length);
        }
    }

    /// <summary>The FFT plan for the FFT path (one per call, shared by the channels), null for the direct one.</summary>
    static RealFft? Plan(ConvolutionMethod method, int length) =>
        Resolve(method, length) == ConvolutionMethod.Fft ? new RealFft(RealFft.LengthFor(2 * length)) : null;

    static void Check(int signal, int kernel, int batch, int channels, int length, string name)
    {
        if (batch < 0 || channels < 0 || length < 0 || signal != (long)batch * channels * length || kernel != (long)channels * length)
            throw new ArgumentException($"CausalConvolution: {name} must be (B {batch}, H {channels}, L {length}) = {(long)batch * channels * length} elements with k (H, L) = {(long)channels * length}; got {signal} and {kernel}.");
    }

    static void Run(ref Work work, int batch, int channels, int length)
    {
        // A direct sweep at L = 64 over 8 rows is a few microseconds: below that the hand-off costs more than it saves.
        if (Parallelism.MaxThreads >= 2 && channels >= 2 && (long)batch * channels * length * Math.Min(length, 64) >= 1 << 16) WorkerTeam.Run(ref work, channels);
        else for (int h = 0; h < channels; h++) work.Execute(h);
    }

    unsafe readonly struct Work(float* u, float* k, float* dy, float* y, float* dk, int batch, int channels, int length,
        RealFft? plan, bool backward) : IParallelWork
    {
        // Forward: y is the output. Backward: y is du (null when not wanted).
        Span<float> Row(float* p, int b, int h) => new(p + ((long)b * channels + h) * length, length);

        public void Execute(int h)
        {
            var kernel = new ReadOnlySpan<float>(k + (long)h * length, length);
            if (plan is null)
            {
                if (!backward) for (int b = 0; b < batch; b++) DirectForward(Row(u, b, h), kernel, Row(y, b, h));
                else
                {
                    var dkRow = dk == null ? Span<float>.Empty : new Span<float>(dk + (long)h * length, length);
                    for (int b = 0; b < batch; b++)
                        DirectBackward(Row(u, b, h), kernel, Row(dy, b, h), y == null ? Span<float>.Empty : Row(y, b, h), dkRow);
                }
                return;
            }
            int bins = plan.Bins, m = plan.WorkLength;
            var rented = ArrayPool<float>.Shared.Rent(8 * bins + 2 * m + length);
            try
            {
                var buffer = rented.AsSpan();
                Span<float> kRe = buffer[..bins], kIm = buffer.Slice(bins, bins), sRe = buffer.Slice(2 * bins, bins), sIm = buffer.Slice(3 * bins, bins);
                Span<float> uRe = buffer.Slice(4 * bins, bins), uIm = buffer.Slice(5 * bins, bins), aRe = buffer.Slice(6 * bins, bins), aIm = buffer.Slice(7 * bins, bins);
                Span<float> wRe = buffer.Slice(8 * bins, m), wIm = buffer.Slice(8 * bins + m, m), row = buffer.Slice(8 * bins + 2 * m, length);
                plan.Forward(kernel, kRe, kIm, wRe, wIm);
                if (!backward)
                {
                    for (int b = 0; b < batch; b++)
                    {
                        plan.Forward(Row(u, b, h), sRe, sIm, wRe, wIm);
                        MultiplySpectra(sRe, sIm, kRe, kIm, conjugate: false, sRe, sIm);
                        plan.Inverse(sRe, sIm, Row(y, b, h), wRe, wIm);
                    }
                    return;
                }
                aRe.Clear(); aIm.Clear();
                for (int b = 0; b < batch; b++)
                {
                    plan.Forward(Row(dy, b, h), sRe, sIm, wRe, wIm);
                    if (dk != null)
                    {
                        // Σ_b dY·conj(U): one inverse transform per channel, not per row.
                        plan.Forward(Row(u, b, h), uRe, uIm, wRe, wIm);
                        MultiplySpectra(sRe, sIm, uRe, uIm, conjugate: true, uRe, uIm);
                        TensorPrimitives.Add(aRe, uRe, aRe);
                        TensorPrimitives.Add(aIm, uIm, aIm);
                    }
                    if (y != null)
                    {
                        MultiplySpectra(sRe, sIm, kRe, kIm, conjugate: true, sRe, sIm);
                        plan.Inverse(sRe, sIm, row, wRe, wIm);
                        var du = Row(y, b, h);
                        TensorPrimitives.Add(du, row, du);
                    }
                }
                if (dk != null)
                {
                    plan.Inverse(aRe, aIm, row, wRe, wIm);
                    var dkRow = new Span<float>(dk + (long)h * length, length);
                    TensorPrimitives.Add(dkRow, row, dkRow);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>y[t] = Σ_{j ≤ t} k[j]·u[t−j] as one sweep y[j..] += k[j]·u[..L−j] per tap.</summary>
    static void DirectForward(ReadOnlySpan<float> u, ReadOnlySpan<float> k, Span<float> y)
    {
        int length = u.Length;
        y.Clear();
        for (int j = 0; j < length; j++)
        {
            var target = y[j..];
            TensorPrimitives.MultiplyAdd(u[..(length - j)], k[j], target, target);
        }
    }

    /// <summary>du[..L−j] += k[j]·dy[j..] and dk[j] += dy[j..]·u[..L−j] per tap (either output may be empty).</summary>
    static void DirectBackward(ReadOnlySpan<float> u, ReadOnlySpan<float> k, ReadOnlySpan<float> dy, Span<float> du, Span<float> dk)
    {
        int length = u.Length;
        for (int j = 0; j < length; j++)
        {
            var tail = dy[j..];
            if (!du.IsEmpty)
            {
                var target = du[..(length - j)];
                TensorPrimitives.MultiplyAdd(tail, k[j], target, target);
            }
            if (!dk.IsEmpty) dk[j] += TensorPrimitives.Dot(tail, u[..(length - j)]);
        }
    }

    /// <summary>(re, im) = a·b or a·conj(b), element-wise over split complex spans; the destination may alias a.</summary>
    static void MultiplySpectra(ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> bRe, ReadOnlySpan<float> bIm, bool conjugate,
        Span<float> re, Span<float> im)
    {
        float sign = conjugate ? -1f : 1f;
        for (int i = 0; i < re.Length; i++)
        {
            float ar = aRe[i], ai = aIm[i], br = bRe[i], bi = sign * bIm[i];
            re[i] = ar * br - ai * bi;
            im[i] = ar * bi + ai * br;
        }
    }
}
