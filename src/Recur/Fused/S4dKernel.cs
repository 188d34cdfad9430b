using System.Numerics;
using Recur.Kernels.StateSpace;

namespace Recur.Fused;

/// <summary>
/// S4D's convolution kernel (Gu et al. 2022, eq. 6, "Vandermonde" form) as one node: from log_dt (H), C (H, N/2, 2),
/// log_A_real (H, N/2) and A_imag (H, N/2), K[h, l] = 2·Re(Σ_n C_n·dB_n·dA_n^l), l = 0..L−1, with the ZOH dA, dB of
/// <see cref="DiagonalSsm"/>. The sum over modes runs in <see cref="ModalSum.Generate"/>.
/// <para>
/// Backward: with G_n = Σ_l dK_l·dA_n^l and G'_n = Σ_l l·dK_l·dA_n^l (<see cref="ModalSum.Correlate"/>) and w = C·dB,
/// f = 2·Re(Σ_n w_n·G_n(z_n)), so dF = G·dB·dC + (G·C·e^z/A + w·G')·dz − (G·w/A)·dA, z = dt·A.
/// </para>
/// </summary>
internal sealed class S4dKernel(int length) : CustomFunction("S4dKernelBackward")
{
    DiagonalSsm ssm = null!;
    double[] poles = [];

    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [[inputShapes[0][0], length]];

    protected override void Forward(ForwardContext context)
    {
        ssm = new DiagonalSsm(context.Input(0), context.Input(2), context.Input(3));
        var c = context.Input(1);
        var weights = new Complex[ssm.A.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = DiagonalSsm.At(c, i) * ssm.DB[i];
        poles = ssm.InterleavedPoles();
        ModalSum.Generate(DiagonalSsm.Interleave(weights), poles, ssm.Modes, length, context.Output(0));
    }

    protected override void Backward(BackwardContext context)
    {
        int count = ssm.A.Length;
        var sums = new double[2 * count];
        var weighted = new double[2 * count];
        ModalSum.Correlate(context.OutputGrad(0), poles, ssm.Modes, length, sums, weighted);
        var c = context.Input(1);
        var byZ = new Complex[count];
        var byA = new Complex[count];
        var gradC = context.InputGrad(1);
        for (int i = 0; i < count; i++)
        {
            Complex g = DiagonalSsm.At(sums, i), gl = DiagonalSsm.At(weighted, i), ci = DiagonalSsm.At(c, i);
            var w = ci * ssm.DB[i];
            if (!gradC.IsEmpty) DiagonalSsm.AccumulateComplex(gradC, i, g * ssm.DB[i]);
            byZ[i] = g * ci * ssm.Pole[i] / ssm.A[i] + w * gl;
            byA[i] = -g * w / ssm.A[i];
        }
        ssm.AccumulateGradients(byZ, byA, context.InputGrad(0), context.InputGrad(2), context.InputGrad(3));
    }
}
