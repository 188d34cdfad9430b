using Recur.Kernels.Convolution;

namespace Recur.Fused;

/// <summary>
/// Per-channel causal convolution y = k * u of u (B, H, L) with a kernel k (H, L) as one node, forward and both
/// adjoints in <see cref="CausalConvolution"/> (direct or FFT, by <see cref="ConvolutionMethod"/>).
/// </summary>
internal sealed class LongConvolution(ConvolutionMethod method) : CustomFunction("LongConvolutionBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0]];

    protected override void Forward(ForwardContext context)
    {
        var shape = context.InputShape(0);
        CausalConvolution.Forward(context.Input(0), context.Input(1), shape[0], shape[1], shape[2], context.Output(0), method);
    }

    protected override void Backward(BackwardContext context)
    {
        var shape = context.InputShape(0);
        CausalConvolution.Backward(context.Input(0), context.Input(1), context.OutputGrad(0), shape[0], shape[1], shape[2],
            context.InputGrad(0), context.InputGrad(1), method);
    }
}
