using Recur.Kernels.Convolution;

namespace Recur.Nn;

public static partial class Functional
{
    /// <summary>
    /// S4D's convolution kernel (Gu et al. 2022, eq. 6) for <paramref name="length"/> steps: K[h, l] =
    /// 2·Re(Σ_n C_n·dB_n·dA_n^l) with A = −exp(logAReal) + i·aImag, dt = exp(logDt), dA = exp(dt·A), dB = (dA − 1)/A.
    /// Shapes: logDt (H), c (H, N/2, 2) (real and imaginary parts), logAReal and aImag (H, N/2); result (H, L).
    /// </summary>
    public static Tensor S4dKernel(Tensor logDt, Tensor c, Tensor logAReal, Tensor aImag, int length)
    {
        ArgumentNullException.ThrowIfNull(logDt); ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(logAReal); ArgumentNullException.ThrowIfNull(aImag);
        CheckSsmShapes(logDt, c, logAReal, aImag);
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "S4dKernel: the length must not be negative.");
        return new Fused.S4dKernel(length).Apply(logDt, c, logAReal, aImag)[0];
    }

    /// <summary>
    /// Per-channel causal convolution y[b,h,t] = Σ_{j ≤ t} kernel[h,j]·input[b,h,t−j] of input (B, H, L) with a kernel
    /// (H, L), as S4's long convolution (torch: irfft(rfft(u, 2L)·rfft(k, 2L))[..., :L]). Direct below
    /// <see cref="CausalConvolution.FftThreshold"/> samples and by FFT above, unless <paramref name="method"/> says.
    /// </summary>
    public static Tensor CausalConvolution(Tensor input, Tensor kernel, ConvolutionMethod method = ConvolutionMethod.Auto)
    {
        ArgumentNullException.ThrowIfNull(input); ArgumentNullException.ThrowIfNull(kernel);
        if (input.Rank != 3) throw new ArgumentException($"CausalConvolution expects input of shape (B, H, L), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        if (kernel.Rank != 2 || kernel.Shape[0] != input.Shape[1] || kernel.Shape[1] != input.Shape[2])
            throw new ArgumentException($"CausalConvolution: the kernel must be (H {input.Shape[1]}, L {input.Shape[2]}), got {Tensor.ShapeString(kernel.Shape)}.", nameof(kernel));
        return new Fused.LongConvolution(method).Apply(input, kernel)[0];
    }

    internal static void CheckSsmShapes(Tensor logDt, Tensor c, Tensor logAReal, Tensor aImag)
    {
        if (logDt.Rank != 1) throw new ArgumentException($"S4D: log_dt must be (H), got {Tensor.ShapeString(logDt.Shape)}.", nameof(logDt));
        int h = logDt.Shape[0];
        if (logAReal.Rank != 2 || logAReal.Shape[0] != h)
            throw new ArgumentException($"S4D: log_A_real must be (H {h}, N/2), got {Tensor.ShapeString(logAReal.Shape)}.", nameof(logAReal));
        int modes = logAReal.Shape[1];
        if (!aImag.Shape.SequenceEqual(logAReal.Shape))
            throw new ArgumentException($"S4D: A_imag must be (H {h}, N/2 {modes}), got {Tensor.ShapeString(aImag.Shape)}.", nameof(aImag));
        if (c.Rank != 3 || c.Shape[0] != h || c.Shape[1] != modes || c.Shape[2] != 2)
            throw new ArgumentException($"S4D: C must be (H {h}, N/2 {modes}, 2), got {Tensor.ShapeString(c.Shape)}.", nameof(c));
    }
}
