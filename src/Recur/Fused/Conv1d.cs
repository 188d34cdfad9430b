using Recur.Kernels.Convolution;

namespace Recur.Fused;

/// <summary>
/// torch.nn.functional.conv1d as one node over (input (B, C_in, T), weight (C_out, C_in/G, K)[, bias (C_out)]):
/// forward and both gradients run in <see cref="Conv1dKernel"/> as GEMMs over shifted rows. Nothing is saved
/// beyond the inputs, which backward reads again.
/// </summary>
internal sealed class Conv1d(Conv1dGeometry geometry) : CustomFunction("Conv1dBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) =>
        [[geometry.Batch, geometry.OutChannels, geometry.OutLength]];

    protected override void Forward(ForwardContext context) =>
        Conv1dKernel.Forward(geometry, context.Input(0), context.Input(1), context.InputCount > 2 ? context.Input(2) : default, context.Output(0));

    protected override void Backward(BackwardContext context)
    {
        var dy = context.OutputGrad(0);
        if (context.NeedsInputGrad(0)) Conv1dKernel.BackwardInput(geometry, dy, context.Input(1), context.InputGrad(0));
        if (context.NeedsInputGrad(1)) Conv1dKernel.BackwardWeight(geometry, context.Input(0), dy, context.InputGrad(1));
        if (context.InputCount > 2 && context.NeedsInputGrad(2)) Conv1dKernel.BackwardBias(geometry, dy, context.InputGrad(2));
    }
}
