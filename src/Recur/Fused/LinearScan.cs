using Recur.Kernels.Scan;

namespace Recur.Fused;

/// <summary>
/// h_t = a_t ⊙ h_{t−1} + b_t over a, b (T, B, D) from h0 (B, D) or zero, as one node: the forward scan in
/// <see cref="LinearScanKernel"/> or, given a chunk length, <see cref="ChunkedScanKernel"/>; backward is the same
/// kernel's reverse scan, which needs only a and the saved h (the output itself).
/// </summary>
internal sealed class LinearScan(int chunk) : CustomFunction("LinearScanBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0]];

    protected override void Forward(ForwardContext context)
    {
        var (steps, channels) = Size(context.InputShape(0));
        var h0 = context.InputCount > 2 ? context.Input(2) : default;
        if (chunk > 0) ChunkedScanKernel.Forward(steps, channels, chunk, context.Input(0), context.Input(1), h0, context.Output(0));
        else LinearScanKernel.Forward(steps, channels, context.Input(0), context.Input(1), h0, context.Output(0));
    }

    protected override void Backward(BackwardContext context)
    {
        var (steps, channels) = Size(context.InputShape(0));
        bool hasH0 = context.InputCount > 2;
        var h0 = hasH0 ? context.Input(2) : default;
        var da = context.NeedsInputGrad(0) ? context.InputGrad(0) : default;
        var db = context.NeedsInputGrad(1) ? context.InputGrad(1) : new float[steps * channels]; // g, needed for ∂a and ∂h0 too
        var dh0 = hasH0 && context.NeedsInputGrad(2) ? context.InputGrad(2) : default;
        if (chunk > 0) ChunkedScanKernel.Backward(steps, channels, chunk, context.Input(0), h0, context.Output(0), context.OutputGrad(0), da, db, dh0);
        else LinearScanKernel.Backward(steps, channels, context.Input(0), h0, context.Output(0), context.OutputGrad(0), da, db, dh0);
    }

    internal static (int Steps, int Channels) Size(ReadOnlySpan<int> shape) => (shape[0], shape[1] * shape[2]);
}
