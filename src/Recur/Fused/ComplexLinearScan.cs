using Recur.Kernels.Scan;

namespace Recur.Fused;

/// <summary>
/// The complex recurrence h_t = a_t ⊙ h_{t−1} + b_t with a, b, h held as real and imaginary planes (T, B, D), as
/// one node with two outputs (Re h, Im h). Inputs: aRe, aIm, bRe, bIm[, h0Re, h0Im]. Backward is
/// <see cref="ComplexScanKernel.Backward"/>'s conjugate reverse scan.
/// </summary>
internal sealed class ComplexLinearScan() : CustomFunction("ComplexLinearScanBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0], inputShapes[0]];

    protected override void Forward(ForwardContext context)
    {
        var (steps, channels) = LinearScan.Size(context.InputShape(0));
        bool hasH0 = context.InputCount > 4;
        ComplexScanKernel.Forward(steps, channels, context.Input(0), context.Input(1), context.Input(2), context.Input(3),
            hasH0 ? context.Input(4) : default, hasH0 ? context.Input(5) : default, context.Output(0), context.Output(1));
    }

    protected override void Backward(BackwardContext context)
    {
        var (steps, channels) = LinearScan.Size(context.InputShape(0));
        bool hasH0 = context.InputCount > 4;
        bool needA = context.NeedsInputGrad(0) || context.NeedsInputGrad(1), needH0 = hasH0 && (context.NeedsInputGrad(4) || context.NeedsInputGrad(5));
        Span<float> Grad(ref BackwardContext c, int i, bool needed, int count) =>
            !needed ? default : c.NeedsInputGrad(i) ? c.InputGrad(i) : new float[count];
        int cells = steps * channels;
        var daRe = Grad(ref context, 0, needA, cells); var daIm = Grad(ref context, 1, needA, cells);
        var dbRe = Grad(ref context, 2, true, cells); var dbIm = Grad(ref context, 3, true, cells);
        var dh0Re = hasH0 ? Grad(ref context, 4, needH0, channels) : default; var dh0Im = hasH0 ? Grad(ref context, 5, needH0, channels) : default;
        ComplexScanKernel.Backward(steps, channels, context.Input(0), context.Input(1), hasH0 ? context.Input(4) : default, hasH0 ? context.Input(5) : default,
            context.Output(0), context.Output(1), context.OutputGrad(0), context.OutputGrad(1), daRe, daIm, dbRe, dbIm, dh0Re, dh0Im);
    }
}
