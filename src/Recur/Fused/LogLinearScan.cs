using Recur.Kernels.Scan;

namespace Recur.Fused;

/// <summary>
/// log h for h_t = a_t ⊙ h_{t−1} + b_t with positive a, b given as log a, log b (T, B, D) and log h0 (B, D) or
/// h0 = 0, as one node (Heinsen 2023; <see cref="LogScanKernel"/>). Backward reads the saved log h.
/// </summary>
internal sealed class LogLinearScan() : CustomFunction("LogLinearScanBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0]];

    protected override void Forward(ForwardContext context)
    {
        var (steps, channels) = LinearScan.Size(context.InputShape(0));
        LogScanKernel.Forward(steps, channels, context.Input(0), context.Input(1), context.InputCount > 2 ? context.Input(2) : default, context.Output(0));
    }

    protected override void Backward(BackwardContext context)
    {
        var (steps, channels) = LinearScan.Size(context.InputShape(0));
        bool hasH0 = context.InputCount > 2;
        int cells = steps * channels;
        var dla = context.NeedsInputGrad(0) ? context.InputGrad(0) : new float[cells];
        var dlb = context.NeedsInputGrad(1) ? context.InputGrad(1) : new float[cells];
        var d0 = hasH0 && context.NeedsInputGrad(2) ? context.InputGrad(2) : default;
        LogScanKernel.Backward(steps, channels, context.Input(0), context.Input(1), hasH0 ? context.Input(2) : default,
            context.Output(0), context.OutputGrad(0), dla, dlb, d0);
    }
}
