namespace Recur;

/// <summary>
/// Softmax, log-softmax and log-sum-exp as compositions of primitives, plus masked softmax / log-softmax as one
/// fused node. Subtracting the (detached) maximum keeps exp from overflowing; it cancels exactly in each function,
/// so it needs no gradient.
/// </summary>
public sealed partial class Tensor
{
    public Tensor Softmax(int dim)
    {
        var shifted = this - Max(dim, keepDim: true).Detach();
        var e = shifted.Exp();
        return e / e.Sum(dim, keepDim: true);
    }

    /// <summary>log softmax(x) = (x − m) − log Σ exp(x − m).</summary>
    public Tensor LogSoftmax(int dim)
    {
        var shifted = this - Max(dim, keepDim: true).Detach();
        return shifted - shifted.Exp().Sum(dim, keepDim: true).Log();
    }

    /// <summary>
    /// log Σ exp(x) over <paramref name="dim"/> = m + log Σ exp(x − m), m the maximum; a slice of −∞ gives −∞ (not
    /// NaN), as <c>torch.logsumexp</c>. Its gradient is the softmax.
    /// </summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        int d = NormalizeDim(dim, Rank);
        Tensor shift;
        using (NoGrad())
        {
            shift = Max(d, keepDim: true);
            var s = shift.AsSpan();
            for (int i = 0; i < s.Length; i++) if (float.IsInfinity(s[i])) s[i] = 0f;
        }
        var result = (this - shift).Exp().Sum(d, keepDim: true).Log() + shift;
        return keepDim ? result : result.Squeeze(d);
    }

    /// <summary>
    /// Softmax over <paramref name="dim"/> among the elements where <paramref name="mask"/> (broadcastable; non-zero
    /// = excluded, as in <see cref="MaskedFill"/>) is zero. Excluded elements get probability 0, and a slice with
    /// every element excluded is all zeros with zero gradient, not NaN.
    /// </summary>
    public Tensor MaskedSoftmax(Tensor mask, int dim) => MaskedSoftmax(mask, dim, log: false);

    /// <summary>
    /// Log-softmax over <paramref name="dim"/> among the elements where <paramref name="mask"/> is zero. Excluded
    /// elements, and every element of a fully excluded slice, are 0 with zero gradient (not −∞ or NaN), so they can be
    /// multiplied or summed over safely.
    /// </summary>
    public Tensor MaskedLogSoftmax(Tensor mask, int dim) => MaskedSoftmax(mask, dim, log: true);

    Tensor MaskedSoftmax(Tensor mask, int dim, bool log)
    {
        int d = NormalizeDim(dim, Rank);
        var (outer, n, inner) = Blocks(d);
        if (mask.Rank > Rank || !BroadcastShape(mask.Dims, Dims).AsSpan().SequenceEqual(Dims))
            throw new ArgumentException($"Mask of shape {ShapeString(mask.Dims)} does not broadcast to {ShapeString(Dims)}.");
        var keep = new bool[Count];
        var keepValues = new Tensor(new float[Count], Dims);
        Choose(mask, Scalar(0f), Scalar(1f), Dims, keepValues.Storage);
        for (int i = 0; i < keep.Length; i++) keep[i] = keepValues.Storage[i] != 0;
        var x = ContiguousOrCopy().AsSpan();
        var y = new float[Count];
        var active = new bool[outer * inner]; // slices with a finite kept element
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int start = o * n * inner + j;
                float max = float.NegativeInfinity;
                for (int i = 0, at = start; i < n; i++, at += inner) if (keep[at] && x[at] > max) max = x[at];
                if (max == float.NegativeInfinity) continue; // nothing kept (or every kept logit −∞): zeros
                active[o * inner + j] = true;
                float sum = 0f;
                for (int i = 0, at = start; i < n; i++, at += inner) if (keep[at]) sum += MathF.Exp(x[at] - max);
                float logSum = MathF.Log(sum);
                for (int i = 0, at = start; i < n; i++, at += inner)
                    if (keep[at]) y[at] = log ? x[at] - max - logSum : MathF.Exp(x[at] - max) / sum;
            }
        var result = new Tensor(y, Dims);
        var input = this;
        return Record(result, log ? "MaskedLogSoftmaxBackward" : "MaskedSoftmaxBackward", [this], g =>
        {
            // softmax: dx = y ⊙ (g − Σ g·y); log-softmax: dx = g − softmax ⊙ Σ g; both over the kept elements only.
            var gs = g.AsSpan();
            var dx = new float[y.Length];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < inner; j++)
                {
                    if (!active[o * inner + j]) continue;
                    int start = o * n * inner + j;
                    float dot = 0f;
                    for (int i = 0, at = start; i < n; i++, at += inner)
                        if (keep[at]) dot += log ? gs[at] : gs[at] * y[at];
                    for (int i = 0, at = start; i < n; i++, at += inner)
                        if (keep[at]) dx[at] = log ? gs[at] - MathF.Exp(y[at]) * dot : y[at] * (gs[at] - dot);
                }
            input.AccumulateGrad(new Tensor(dx, input.Dims), owned: true);
        }, saved0: result);
    }
}
