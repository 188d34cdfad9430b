using System.Buffers;
using Recur.Kernels.Ctc;
using Recur.Nn;

namespace Recur.Fused;

/// <summary>
/// Connectionist temporal classification loss (Graves et al. 2006) of log-probabilities (T, N, C) as one node:
/// the forward–backward recursions run in <see cref="CtcKernel"/>, which keeps alpha for backward. Per item
/// nll_n = −ln p(l_n | x_n) over its first T_n frames; None gives (N), Sum Σ nll_n, Mean mean_n nll_n / max(S_n, 1),
/// as torch.nn.functional.ctc_loss. zeroInfinity turns infinite losses (no alignment fits in T_n frames) into 0.
/// <para>
/// Backward is PyTorch's: the gradient it hands to the log-probabilities is g_n·(exp(lp_tc) − Σ_{s: l'_s = c} γ_t(s)),
/// the gradient with respect to the logits under a log-softmax (eq. 16), not ∂loss/∂lp. Passed back through
/// LogSoftmax, whose backward subtracts each row's sum times the softmax, it becomes the true gradient, since each
/// row sums to 0 (Σ_c exp(lp_tc) = 1 = Σ_s γ_t(s)). Frames t ≥ T_n get 0; infinite losses get NaN (PyTorch's −∞ + ∞),
/// or 0 with zeroInfinity.
/// </para>
/// </summary>
internal sealed class CtcLoss : CustomFunction
{
    readonly CtcProblem problem;
    readonly Reduction reduction;
    readonly bool zeroInfinity;
    double[] alpha = [];
    double[] nll = [];

    public CtcLoss(CtcProblem problem, Reduction reduction, bool zeroInfinity) : base("CtcLossBackward")
    {
        this.problem = problem; this.reduction = reduction; this.zeroInfinity = zeroInfinity;
    }

    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) =>
        [reduction == Reduction.None ? [problem.Batch] : []];

    protected override void Forward(ForwardContext context)
    {
        int n = problem.Batch;
        // alpha (Σ T_n·Width doubles, 4.5 MB at T 200, N 32, S 40) is rented: fresh, it and the gradient array took
        // 2–6 ms a call on a loaded 2-core machine, against 3–7 ms for the forward recursion. Backward returns it;
        // the engine runs a node's backward at most once.
        if (problem.AlphaLength > Array.MaxLength)
            throw new ArgumentException($"CtcLoss: the forward variables need {problem.AlphaLength} cells (Σ input length × (2·target length + 1)), more than one array holds.");
        alpha = ArrayPool<double>.Shared.Rent((int)problem.AlphaLength);
        nll = new double[n];
        CtcKernel.Forward(problem, context.Input(0), alpha.AsSpan(0, (int)problem.AlphaLength), nll);
        if (!context.IsRecording) ReturnAlpha();
        var output = context.Output(0);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double loss = zeroInfinity && double.IsPositiveInfinity(nll[i]) ? 0 : nll[i];
            if (reduction == Reduction.None) output[i] = (float)loss;
            else total += reduction == Reduction.Sum ? loss : loss / Math.Max(problem.TargetLength(i), 1);
        }
        if (reduction != Reduction.None) output[0] = (float)(reduction == Reduction.Sum ? total : total / n);
    }

    protected override void Backward(BackwardContext context)
    {
        if (!context.NeedsInputGrad(0)) return;
        var g = context.OutputGrad(0);
        int n = problem.Batch;
        var scale = new double[n];
        for (int i = 0; i < n; i++)
            scale[i] = reduction switch
            {
                Reduction.None => g[i],
                Reduction.Sum => g[0],
                _ => (double)g[0] / n / Math.Max(problem.TargetLength(i), 1),
            };
        CtcKernel.Backward(problem, context.Input(0), alpha.AsSpan(0, (int)problem.AlphaLength), nll, scale, zeroInfinity, context.InputGrad(0));
        ReturnAlpha();
    }

    void ReturnAlpha()
    {
        ArrayPool<double>.Shared.Return(alpha);
        alpha = [];
    }
}
