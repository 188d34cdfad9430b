using System.Numerics;
using Recur.Kernels.StateSpace;

namespace Recur.Fused;

/// <summary>
/// What a carried S4D state adds to the next chunk's outputs: with x_n the modal state (B, H, N/2, 2) after the last
/// step of the previous chunk, the recurrence x_t = dA·x_{t−1} + dB·u_t gives R[b, h, t] = 2·Re(Σ_n C_n·dA_n^{t+1}·x_n)
/// on top of the zero-state convolution, t = 0..T−1. Inputs: log_dt, C, log_A_real, A_imag, the state; output
/// (B, H, T). It is <see cref="ModalSum.Generate"/> with weights C·x·dA per batch row.
/// <para>
/// Backward: with G = Σ_t dR_t·dA^t and G' = Σ_t t·dR_t·dA^t, F = C·x·e^z·G(z), so dF = x·e^z·G·dC + C·e^z·G·dx
/// + C·x·e^z·(G + G')·dz.
/// </para>
/// </summary>
internal sealed class S4dReadout(int length) : CustomFunction("S4dReadoutBackward")
{
    DiagonalSsm ssm = null!;
    double[] poles = [];

    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [[inputShapes[4][0], inputShapes[0][0], length]];

    protected override void Forward(ForwardContext context)
    {
        ssm = new DiagonalSsm(context.Input(0), context.Input(2), context.Input(3));
        var c = context.Input(1);
        var state = context.Input(4);
        int count = ssm.A.Length, batch = context.InputShape(4)[0];
        var weights = new double[2 * batch * count];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < count; i++)
            {
                var w = DiagonalSsm.At(c, i) * DiagonalSsm.At(state, b * count + i) * ssm.Pole[i];
                weights[2 * (b * count + i)] = w.Real; weights[2 * (b * count + i) + 1] = w.Imaginary;
            }
        poles = ssm.InterleavedPoles();
        ModalSum.Generate(weights, poles, ssm.Modes, length, context.Output(0));
    }

    protected override void Backward(BackwardContext context)
    {
        int count = ssm.A.Length, batch = context.InputShape(4)[0];
        var sums = new double[2 * batch * count];
        var weighted = new double[2 * batch * count];
        ModalSum.Correlate(context.OutputGrad(0), poles, ssm.Modes, length, sums, weighted);
        ReadOnlySpan<float> c = context.Input(1), state = context.Input(4);
        Span<float> gradC = context.InputGrad(1), gradState = context.InputGrad(4);
        var byZ = new Complex[count];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < count; i++)
            {
                int r = b * count + i;
                Complex g = DiagonalSsm.At(sums, r), gl = DiagonalSsm.At(weighted, r), ci = DiagonalSsm.At(c, i), x = DiagonalSsm.At(state, r);
                var pg = ssm.Pole[i] * g;
                if (!gradC.IsEmpty) DiagonalSsm.AccumulateComplex(gradC, i, x * pg);
                if (!gradState.IsEmpty) DiagonalSsm.AccumulateComplex(gradState, r, ci * pg);
                byZ[i] += ci * x * ssm.Pole[i] * (g + gl);
            }
        ssm.AccumulateGradients(byZ, [], context.InputGrad(0), context.InputGrad(2), context.InputGrad(3));
    }
}
