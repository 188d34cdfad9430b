using Recur.Kernels.SelectiveScan;

namespace Recur.Fused;

/// <summary>
/// The selective scan (Gu &amp; Dao 2023, Algorithm 2; the formulas of mamba's <c>selective_scan_ref</c>) as one node,
/// time-major: inputs u, delta (T, B, D), A (D, N), B, C (T, B, N), then whichever of D (D), z (T, B, D),
/// delta_bias (D) and the initial state (B, D, N) the problem has, in that order; outputs y (T, B, D) and the last
/// state (B, D, N). Forward keeps the state every <see cref="SelectiveScanProblem.ChunkLength"/> steps, 1/32 of the
/// (T, B, D, N) states, and backward recomputes the rest (<see cref="SelectiveScanKernel"/>).
/// </summary>
internal sealed class SelectiveScan(SelectiveScanProblem problem) : CustomFunction("SelectiveScanBackward")
{
    float[] checkpoints = [];

    int Skip => problem.HasSkip ? 5 : -1;
    int Gate => problem.HasGate ? 5 + Count(problem.HasSkip) : -1;
    int Bias => problem.HasDeltaBias ? 5 + Count(problem.HasSkip, problem.HasGate) : -1;
    int Initial => problem.HasInitialState ? 5 + Count(problem.HasSkip, problem.HasGate, problem.HasDeltaBias) : -1;

    static int Count(params bool[] present) => present.Count(p => p);

    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) =>
        [[problem.Time, problem.Batch, problem.Channels], [problem.Batch, problem.Channels, problem.States]];

    protected override void Forward(ForwardContext context)
    {
        if (context.IsRecording) checkpoints = new float[problem.CheckpointLength];
        SelectiveScanKernel.Forward(problem, Inputs(context.Input(0), context.Input(1), context.Input(2), context.Input(3), context.Input(4),
            Optional(context, Skip), Optional(context, Gate), Optional(context, Bias), Optional(context, Initial)),
            context.Output(0), context.Output(1), checkpoints);
    }

    protected override void Backward(BackwardContext context)
    {
        var x = Inputs(context.Input(0), context.Input(1), context.Input(2), context.Input(3), context.Input(4),
            Optional(context, Skip), Optional(context, Gate), Optional(context, Bias), Optional(context, Initial));
        var g = new SelectiveScanGradients
        {
            U = context.InputGrad(0), Delta = context.InputGrad(1), A = context.InputGrad(2), B = context.InputGrad(3), C = context.InputGrad(4),
            Skip = Grad(context, Skip), Gate = Grad(context, Gate), DeltaBias = Grad(context, Bias), InitialState = Grad(context, Initial),
        };
        SelectiveScanKernel.Backward(problem, x, checkpoints, context.OutputGrad(0), context.OutputGrad(1), g);
        checkpoints = [];
    }

    static SelectiveScanInputs Inputs(ReadOnlySpan<float> u, ReadOnlySpan<float> delta, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> c, ReadOnlySpan<float> skip, ReadOnlySpan<float> gate, ReadOnlySpan<float> bias, ReadOnlySpan<float> initial) =>
        new() { U = u, Delta = delta, A = a, B = b, C = c, Skip = skip, Gate = gate, DeltaBias = bias, InitialState = initial };

    static ReadOnlySpan<float> Optional(ForwardContext context, int i) => i < 0 ? [] : context.Input(i);

    static ReadOnlySpan<float> Optional(BackwardContext context, int i) => i < 0 ? [] : context.Input(i);

    static Span<float> Grad(BackwardContext context, int i) => i < 0 ? [] : context.InputGrad(i);
}
