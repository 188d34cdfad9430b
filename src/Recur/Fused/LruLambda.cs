namespace Recur.Fused;

/// <summary>
/// The LRU's diagonal λ = exp(−exp(ν_log) + i·exp(θ_log)) (Orvieto et al. 2023, eq. 6) from its two (N) parameter
/// vectors, as (Re λ, Im λ): |λ| = exp(−ν), arg λ = θ with ν = exp(ν_log), θ = exp(θ_log). Backward:
/// ∂λ/∂ν_log = −ν·λ, ∂λ/∂θ_log = i·θ·λ, taken plane by plane.
/// </summary>
internal sealed class LruLambda() : CustomFunction("LruLambdaBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0], inputShapes[0]];

    protected override void Forward(ForwardContext context)
    {
        var nuLog = context.Input(0); var thetaLog = context.Input(1);
        var re = context.Output(0); var im = context.Output(1);
        for (int i = 0; i < re.Length; i++)
        {
            double r = Math.Exp(-Math.Exp(nuLog[i])), theta = Math.Exp(thetaLog[i]);
            re[i] = (float)(r * Math.Cos(theta));
            im[i] = (float)(r * Math.Sin(theta));
        }
    }

    protected override void Backward(BackwardContext context)
    {
        var nuLog = context.Input(0); var thetaLog = context.Input(1);
        var re = context.Output(0); var im = context.Output(1);
        var gRe = context.OutputGrad(0); var gIm = context.OutputGrad(1);
        bool needNu = context.NeedsInputGrad(0), needTheta = context.NeedsInputGrad(1);
        var dNu = context.InputGrad(0); var dTheta = context.InputGrad(1);
        for (int i = 0; i < re.Length; i++)
        {
            if (needNu) dNu[i] += -MathF.Exp(nuLog[i]) * (gRe[i] * re[i] + gIm[i] * im[i]);
            if (needTheta) dTheta[i] += MathF.Exp(thetaLog[i]) * (-gRe[i] * im[i] + gIm[i] * re[i]);
        }
    }
}
