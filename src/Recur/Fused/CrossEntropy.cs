using System.Numerics.Tensors;
using Recur.Nn;

namespace Recur.Fused;

/// <summary>
/// Cross-entropy of logits (N, C) against class indices as one node: per row, log-softmax through the shifted
/// log-sum-exp and the picked (and, with label smoothing ε, averaged) log-probabilities; backward is
/// ∂loss/∂x_c = g·(p_c − (1−ε)·1[c = t] − ε/C) for each counted row. It replaces the composition
/// LogSoftmax → Gather → mean behind <see cref="Functional.CrossEntropy"/>: one (N, C) buffer of work instead of
/// about ten, with the composition's values (a test holds them equal).
/// </summary>
internal sealed class CrossEntropy : CustomFunction
{
    readonly int[] picked;
    readonly bool[] counted;
    readonly int count;
    readonly float smoothing;
    readonly Reduction reduction;
    float[] logSumExp = [];   // per row: m + log Σ exp(x − m), for backward's softmax

    public CrossEntropy(int[] picked, bool[] counted, int count, float smoothing, Reduction reduction) : base("CrossEntropyBackward")
    {
        this.picked = picked; this.counted = counted; this.count = count;
        this.smoothing = smoothing; this.reduction = reduction;
    }

    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) =>
        [reduction == Reduction.None ? [inputShapes[0][0]] : []];

    protected override void Forward(ForwardContext context)
    {
        var x = context.Input(0);
        int n = picked.Length, classes = x.Length / Math.Max(n, 1);
        var losses = reduction == Reduction.None ? context.Output(0) : new float[n];
        logSumExp = new float[n];
        var shifted = new float[classes];
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * classes, classes);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, shifted);
            float lse = MathF.Log(SumOfExp(shifted));
            logSumExp[i] = max + lse;
            float loss = -(shifted[picked[i]] - lse);
            if (smoothing > 0f)
            {
                // mean_c log p_c = mean_c shifted_c − lse
                float meanLogP = (TensorPrimitives.Sum<float>(shifted) - classes * lse) / classes;
                loss = (1f - smoothing) * loss - smoothing * meanLogP;
            }
            losses[i] = counted[i] ? loss : 0f;
        }
        if (reduction != Reduction.None)
        {
            // In double: a float running sum over thousands of rows drifts in the sixth digit where the CPU has no
            // vector path to split it (5,000 equal losses of ln 7 summed 2.7 parts per million high).
            double sum = 0;
            foreach (float loss in losses) sum += loss;
            float total = (float)sum;
            context.Output(0)[0] = reduction == Reduction.Sum ? total : total / Math.Max(count, 1);
        }
    }

    static float SumOfExp(Span<float> shifted)
    {
        Span<float> e = shifted.Length <= 1024 ? stackalloc float[shifted.Length] : new float[shifted.Length];
        TensorPrimitives.Exp(shifted, e);
        return TensorPrimitives.Sum<float>(e);
    }

    protected override void Backward(BackwardContext context)
    {
        if (!context.NeedsInputGrad(0)) return;
        var x = context.Input(0);
        var dx = context.InputGrad(0);
        var g = context.OutputGrad(0);
        int n = picked.Length, classes = x.Length / Math.Max(n, 1);
        float uniform = smoothing / classes;
        for (int i = 0; i < n; i++)
        {
            if (!counted[i]) continue;
            float scale = reduction switch { Reduction.None => g[i], Reduction.Sum => g[0], _ => g[0] / Math.Max(count, 1) };
            var row = dx.Slice(i * classes, classes);
            TensorPrimitives.Subtract(x.Slice(i * classes, classes), logSumExp[i], row);
            TensorPrimitives.Exp(row, row);                              // p_c
            if (smoothing > 0f) TensorPrimitives.Subtract(row, uniform, row);
            row[picked[i]] -= 1f - smoothing;
            TensorPrimitives.Multiply(row, scale, row);
        }
    }
}
