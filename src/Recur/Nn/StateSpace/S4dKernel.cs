using System.Numerics;
using Recur.Fused;
using Recur.Kernels.StateSpace;

namespace Recur.Nn;

/// <summary>
/// The parameters of S4D's diagonal state-space model (Gu et al. 2022) for H channels with N/2 complex modes each, under
/// s4d.py's S4DKernel names: <c>log_dt</c> (H) ~ U(log dtMin, log dtMax), <c>C</c> (H, N/2, 2) complex N(0, 1)
/// (real and imaginary parts each of variance 1/2, as torch.randn(cfloat)), <c>log_A_real</c> (H, N/2) = log 1/2 and
/// <c>A_imag</c> (H, N/2) from <see cref="S4dInit"/>. <see cref="Forward"/> is the ZOH convolution kernel (H, L).
/// The chunk-carrying pieces (<see cref="Readout"/>, <see cref="Advance"/>) hold the modal state x (B, H, N) with
/// (re, im) interleaved, the state of x_t = dA·x_{t−1} + dB·u_t, y_t = 2·Re(C·x_t).
/// </summary>
public sealed class S4dKernel : Module
{
    public S4dKernel(int channels, int stateSize = 64, S4dInit init = S4dInit.Lin, float dtMin = 0.001f, float dtMax = 0.1f, Generator? generator = null)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "S4D needs at least one channel.");
        if (stateSize < 2 || stateSize % 2 != 0) throw new ArgumentOutOfRangeException(nameof(stateSize), stateSize, "S4D's state size N must be a positive even number (N/2 complex modes).");
        if (!(dtMin > 0 && dtMax >= dtMin)) throw new ArgumentOutOfRangeException(nameof(dtMin), $"S4D needs 0 < dtMin ≤ dtMax, got {dtMin} and {dtMax}.");
        generator ??= Generator.Default;
        Channels = channels;
        StateSize = stateSize;
        int modes = stateSize / 2;
        LogDt = RegisterParameter("log_dt", Tensor.Zeros(channels));
        Init.Uniform(LogDt, MathF.Log(dtMin), MathF.Log(dtMax), generator);
        C = RegisterParameter("C", Tensor.Zeros(channels, modes, 2));
        Init.Normal(C, 0f, MathF.Sqrt(0.5f), generator);
        LogAReal = RegisterParameter("log_A_real", Tensor.Full(MathF.Log(0.5f), channels, modes));
        AImag = RegisterParameter("A_imag", Tensor.Zeros(channels, modes));
        var imag = AImag.AsSpan();
        for (int h = 0; h < channels; h++)
            for (int n = 0; n < modes; n++) imag[h * modes + n] = InitialImaginaryPart(init, stateSize, n);
    }

    public int Channels { get; }

    /// <summary>N: real floats of state per channel (N/2 complex modes).</summary>
    public int StateSize { get; }

    public Tensor LogDt { get; }

    public Tensor C { get; }

    public Tensor LogAReal { get; }

    public Tensor AImag { get; }

    /// <summary>Im A_n of <paramref name="init"/> for state size N (the real part is −1/2 for both).</summary>
    public static float InitialImaginaryPart(S4dInit init, int stateSize, int n) => init switch
    {
        S4dInit.Inv => (float)(stateSize / Math.PI * (stateSize / (2.0 * n + 1) - 1)),
        _ => (float)(Math.PI * n),
    };

    /// <summary>The kernel K (H, <paramref name="length"/>).</summary>
    public Tensor Forward(int length) => Functional.S4dKernel(LogDt, C, LogAReal, AImag, length);

    /// <summary>What the state x (B, H, N) adds to the next <paramref name="length"/> outputs: 2·Re(Σ_n C_n·dA_n^{t+1}·x_n), (B, H, T).</summary>
    public Tensor Readout(Tensor state, int length)
    {
        var x = state.Reshape(state.Shape[0], Channels, StateSize / 2, 2);
        return new S4dReadout(length).Apply(LogDt, C, LogAReal, AImag, x)[0].Reshape(state.Shape[0], Channels, length);
    }

    /// <summary>
    /// The state after the inputs u (B, H, T), starting from <paramref name="state"/> (B, H, N; zeros when null):
    /// x_T = dA^T·x + Σ_l dA^{T−1−l}·dB·u_l per mode, a reduction over the chunk (<see cref="ModalSum.Correlate"/> of
    /// the reversed inputs) rather than T steps of the recurrence. Computed without gradient: truncated BPTT cuts it.
    /// </summary>
    public Tensor Advance(Tensor? state, Tensor u)
    {
        int batch = u.Shape[0], length = u.Shape[2], modes = StateSize / 2;
        var ssm = new DiagonalSsm(LogDt.Contiguous().AsSpan(), LogAReal.Contiguous().AsSpan(), AImag.Contiguous().AsSpan());
        var values = u.Contiguous().AsSpan();
        var reversed = new float[values.Length];
        for (int r = 0; r < batch * Channels; r++)
            for (int t = 0; t < length; t++) reversed[r * length + t] = values[r * length + length - 1 - t];
        var sums = new double[2 * batch * Channels * modes];
        ModalSum.Correlate(reversed, ssm.InterleavedPoles(), modes, length, sums, []);
        var result = Tensor.Zeros(batch, Channels, StateSize);
        var next = result.AsSpan();
        var previous = state is null ? default : state.Contiguous().AsSpan();
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < Channels * modes; i++)
            {
                int r = b * Channels * modes + i, h = i / modes;
                var x = ssm.DB[i] * DiagonalSsm.At(sums, r);
                if (state is not null) x += Complex.Exp(length * ssm.Dt[h] * ssm.A[i]) * DiagonalSsm.At(previous, r);
                next[2 * r] = (float)x.Real; next[2 * r + 1] = (float)x.Imaginary;
            }
        return result;
    }
}
