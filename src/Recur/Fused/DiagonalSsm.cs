using System.Numerics;

namespace Recur.Fused;

/// <summary>
/// The zero-order-hold discretisation of S4D's diagonal state matrix (Gu et al. 2022, §3.1, eq. 6), in double: per
/// channel h and mode n, A = −exp(log_A_real) + i·A_imag, dt = exp(log_dt), pole p = dA = exp(dt·A) and
/// dB = (exp(dt·A) − 1)/A (B = 1). <see cref="AccumulateGradients"/> is the chain rule back from ∂/∂(dt·A) and
/// ∂/∂A of a holomorphic F to the real parameters, for an objective f = 2·Re(Σ F).
/// </summary>
internal sealed class DiagonalSsm
{
    public DiagonalSsm(ReadOnlySpan<float> logDt, ReadOnlySpan<float> logAReal, ReadOnlySpan<float> aImag)
    {
        Channels = logDt.Length;
        if (Channels == 0 || logAReal.Length != aImag.Length || logAReal.Length % Channels != 0)
            throw new ArgumentException($"S4D: log_dt (H) = {logDt.Length}, log_A_real and A_imag (H, N/2) = {logAReal.Length} and {aImag.Length} do not agree.");
        Modes = logAReal.Length / Channels;
        Dt = new double[Channels];
        A = new Complex[logAReal.Length];
        Pole = new Complex[A.Length];
        DB = new Complex[A.Length];
        for (int h = 0; h < Channels; h++)
        {
            Dt[h] = Math.Exp(logDt[h]);
            for (int n = 0; n < Modes; n++)
            {
                int i = h * Modes + n;
                A[i] = new Complex(-Math.Exp(logAReal[i]), aImag[i]);
                Pole[i] = Complex.Exp(Dt[h] * A[i]);
                DB[i] = (Pole[i] - 1) / A[i];
            }
        }
    }

    public int Channels { get; }

    /// <summary>N/2: complex modes per channel.</summary>
    public int Modes { get; }

    public double[] Dt { get; }

    public Complex[] A { get; }

    public Complex[] Pole { get; }

    public Complex[] DB { get; }

    /// <summary>The poles as interleaved doubles (H, N/2, 2), the layout of the kernels.</summary>
    public double[] InterleavedPoles() => Interleave(Pole);

    public static double[] Interleave(ReadOnlySpan<Complex> values)
    {
        var result = new double[2 * values.Length];
        for (int i = 0; i < values.Length; i++) { result[2 * i] = values[i].Real; result[2 * i + 1] = values[i].Imaginary; }
        return result;
    }

    public static Complex At(ReadOnlySpan<float> interleaved, int i) => new(interleaved[2 * i], interleaved[2 * i + 1]);

    public static Complex At(ReadOnlySpan<double> interleaved, int i) => new(interleaved[2 * i], interleaved[2 * i + 1]);

    /// <summary>
    /// For f = 2·Re(Σ_{h,n} F_hn) with dF = dz·<paramref name="byZ"/> + dA·<paramref name="byA"/> (z = dt·A), adds
    /// ∂f/∂log_dt, ∂f/∂log_A_real and ∂f/∂A_imag: dz = dt·dA + A·d(dt), dA = −exp(log_A_real)·d(log_A_real) + i·d(A_imag),
    /// d(dt) = dt·d(log_dt). A real x with dF = c·dx contributes 2·Re(c).
    /// </summary>
    public void AccumulateGradients(ReadOnlySpan<Complex> byZ, ReadOnlySpan<Complex> byA, Span<float> logDt, Span<float> logAReal, Span<float> aImag)
    {
        for (int h = 0; h < Channels; h++)
        {
            double dtGrad = 0;
            for (int n = 0; n < Modes; n++)
            {
                int i = h * Modes + n;
                var delta = byZ[i] * Dt[h] + (byA.IsEmpty ? Complex.Zero : byA[i]);
                if (!logAReal.IsEmpty) logAReal[i] += (float)(2 * delta.Real * A[i].Real);
                if (!aImag.IsEmpty) aImag[i] += (float)(-2 * delta.Imaginary);
                dtGrad += 2 * (byZ[i] * A[i]).Real;
            }
            if (!logDt.IsEmpty) logDt[h] += (float)(dtGrad * Dt[h]);
        }
    }

    /// <summary>Adds 2·Re(c) and −2·Im(c) (∂f/∂Re and ∂f/∂Im of a complex input with dF = c·dx) into an interleaved gradient.</summary>
    public static void AccumulateComplex(Span<float> grad, int i, Complex c)
    {
        grad[2 * i] += (float)(2 * c.Real);
        grad[2 * i + 1] += (float)(-2 * c.Imaginary);
    }
}
