using Recur.Kernels.Convolution;

namespace Recur.Fused;

/// <summary>
/// Mamba's depthwise causal convolution as one node (<see cref="DepthwiseCausalConvKernel"/>): inputs the history
/// (K − 1, B, D), the input (T, B, D), the weight (D, 1, K) and the bias (D); output (T, B, D). Written as K shifted
/// slices times a weight column, the same convolution made about ten (T, B, D) temporaries forward and more in
/// backward (the weight's gradient reduced over broadcast axes), costing more than the selective scan itself.
/// </summary>
internal sealed class DepthwiseCausalConv1d(int time, int batch, int channels, int width) : CustomFunction("DepthwiseCausalConv1dBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [[time, batch, channels]];

    protected override void Forward(ForwardContext context) =>
        DepthwiseCausalConvKernel.Forward(time, batch, channels, width, context.Input(0), context.Input(1), context.Input(2), context.Input(3), context.Output(0));

    protected override void Backward(BackwardContext context)
    {
        DepthwiseCausalConvKernel.Backward(time, batch, channels, width, context.Input(0), context.Input(1), context.Input(2), context.OutputGrad(0),
            context.InputGrad(0), context.InputGrad(1), context.InputGrad(2), context.InputGrad(3));
    }
}
