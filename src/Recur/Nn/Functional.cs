namespace Recur.Nn;

/// <summary>
/// Stateless layer functions (PyTorch's <c>torch.nn.functional</c>), each a composition of tensor primitives so
/// that its backward comes from theirs; cross-entropy runs as one fused node (<see cref="Fused.CrossEntropy"/>).
/// </summary>
public static partial class Functional
{
    /// <summary>
    /// GELU (Hendrycks &amp; Gimpel 2016), as torch.nn.functional.gelu: the exact x·Φ(x) as one fused node, or with
    /// <paramref name="tanhApproximation"/> ½x(1 + tanh(√(2/π)(x + 0.044715x³))), torch's <c>approximate='tanh'</c>,
    /// as a composition.
    /// </summary>
    public static Tensor Gelu(Tensor input, bool tanhApproximation = false) => tanhApproximation
        ? 0.5f * input * (1f + (Fused.Gelu.TanhScale * (input + 0.044715f * input * input * input)).Tanh())
        : new Fused.Gelu().Apply(input)[0];

    /// <summary>
    /// Cross-entropy between logits (N, C) and class indices (N). Targets equal to <paramref name="ignoreIndex"/>
    /// contribute nothing and do not count in the mean. With label smoothing ε the target distribution is
    /// (1−ε)·onehot + ε/C (Szegedy et al. 2016), i.e. loss = (1−ε)·nll + ε·mean_c(−log p_c), as PyTorch computes it.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> targets, int ignoreIndex = -100,
        float labelSmoothing = 0f, Reduction reduction = Reduction.Mean)
    {
        if (logits.Rank != 2) throw new ArgumentException($"CrossEntropy expects logits of shape (N, C), got {Tensor.ShapeString(logits.Shape)}.");
        int n = logits.Shape[0], classes = logits.Shape[1];
        if (targets.Length != n) throw new ArgumentException($"CrossEntropy: {n} rows of logits but {targets.Length} targets.");
        if (labelSmoothing is < 0f or > 1f) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must lie in [0, 1].");
        var picked = new int[n];
        var counted = new bool[n];
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            int t = targets[i];
            if (t == ignoreIndex) continue;
            if ((uint)t >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(targets), $"Target {t} at row {i} is outside [0, {classes}).");
            picked[i] = t; counted[i] = true; count++;
        }
        return new Fused.CrossEntropy(picked, counted, count, labelSmoothing, reduction).Apply(logits)[0];
    }

    /// <summary>
    /// Connectionist temporal classification loss (Graves et al. 2006), torch.nn.functional.ctc_loss: logProbs
    /// (T, N, C) time-major log-probabilities (a LogSoftmax over C), item n scored over its first inputLengths[n]
    /// frames against <paramref name="targets"/>' item n. Per item −ln p(target | input), +∞ where no alignment fits
    /// (0, with zero gradient, under zeroInfinity); None gives (N), Sum their sum, Mean each divided by its target
    /// length (at least 1) and averaged over the batch. One fused node (<see cref="Fused.CtcLoss"/>); as in PyTorch,
    /// the gradient it passes to logProbs is the one for the logits beneath the LogSoftmax, so logProbs should come
    /// from one.
    /// </summary>
    public static Tensor CtcLoss(Tensor logProbs, CtcTargets targets, ReadOnlySpan<int> inputLengths, int blank = 0,
        Reduction reduction = Reduction.Mean, bool zeroInfinity = false)
    {
        ArgumentNullException.ThrowIfNull(logProbs); ArgumentNullException.ThrowIfNull(targets);
        if (logProbs.Rank != 3) throw new ArgumentException($"CtcLoss expects logProbs of shape (T, N, C), got {Tensor.ShapeString(logProbs.Shape)}.", nameof(logProbs));
        int t = logProbs.Shape[0], n = logProbs.Shape[1], classes = logProbs.Shape[2];
        if (targets.Count != n) throw new ArgumentException($"CtcLoss: logProbs has {n} items (dimension 1) but targets has {targets.Count}.", nameof(targets));
        if (inputLengths.Length != n) throw new ArgumentException($"CtcLoss: logProbs has {n} items (dimension 1) but inputLengths has {inputLengths.Length}.", nameof(inputLengths));
        if (blank < 0 || blank >= classes) throw new ArgumentException($"CtcLoss: blank {blank} is not a class index in [0, {classes}).", nameof(blank));
        var problem = new Kernels.Ctc.CtcProblem(t, classes, blank, targets.AllLabels, targets.Offsets, targets.Lengths, inputLengths.ToArray());
        return new Fused.CtcLoss(problem, reduction, zeroInfinity).Apply(logProbs)[0];
    }

    /// <summary>Mean (or summed) squared error.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        var sq = (input - target).Pow(2f);
        return reduction switch { Reduction.Sum => sq.Sum(), Reduction.None => sq, _ => sq.Mean() };
    }

    /// <summary>
    /// Inverted dropout (Srivastava et al. 2014): zeroes each element with probability p and scales the rest by
    /// 1/(1−p), so evaluation needs no rescaling. Identity when not training or p = 0.
    /// </summary>
    public static Tensor Dropout(Tensor input, float p, bool training, Generator? generator = null)
    {
        if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must lie in [0, 1).");
        if (!training || p == 0f) return input;
        return input * DropoutMask(input.Shape.ToArray(), p, generator ?? Generator.Default);
    }

    /// <summary>
    /// Variational ("locked") dropout on a time-major sequence (T, B, F): one mask of shape (1, B, F) for the whole
    /// sequence, so a unit dropped at one step is dropped at every step (Gal &amp; Ghahramani 2016; Merity et al. 2018
    /// apply it to the embeddings, between layers and to the output). Identity when not training or p = 0.
    /// </summary>
    public static Tensor LockedDropout(Tensor input, float p, bool training, Generator? generator = null)
    {
        if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must lie in [0, 1).");
        if (input.Rank != 3) throw new ArgumentException($"Locked dropout takes a (T, B, F) sequence, not a tensor of rank {input.Rank}.", nameof(input));
        if (!training || p == 0f) return input;
        return input * DropoutMask([1, input.Size(1), input.Size(2)], p, generator ?? Generator.Default);
    }

    /// <summary>
    /// Embedding dropout (Gal &amp; Ghahramani 2016, §4; Merity et al. 2018): each of the <paramref name="vocabularySize"/>
    /// words is dropped with probability p for the whole batch, its embedding zeroed wherever it occurs and the rest
    /// scaled by 1/(1−p). <paramref name="embedded"/> (T, B, E) holds the embeddings of <paramref name="ids"/> (T·B,
    /// time-major); the result multiplies each row by its word's mask value, so a dropped word's embedding row gets no
    /// gradient from this batch. Identity when not training or p = 0.
    /// </summary>
    public static Tensor EmbeddingDropout(Tensor embedded, ReadOnlySpan<int> ids, int vocabularySize, float p, bool training, Generator? generator = null)
    {
        if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must lie in [0, 1).");
        if (embedded.Rank != 3 || embedded.Size(0) * embedded.Size(1) != ids.Length)
            throw new ArgumentException($"The embeddings ({string.Join("×", embedded.Shape.ToArray())}) are not (T, B, E) for {ids.Length} ids.", nameof(embedded));
        if (!training || p == 0f) return embedded;
        var words = DropoutMask([vocabularySize], p, generator ?? Generator.Default).AsSpan();
        var scale = Tensor.Zeros([embedded.Size(0), embedded.Size(1), 1]);
        var s = scale.AsSpan();
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)vocabularySize) throw new ArgumentOutOfRangeException(nameof(ids), ids[i], $"Word ids must lie below {vocabularySize}.");
            s[i] = words[ids[i]];
        }
        return embedded * scale;
    }

    /// <summary>A mask of 0 and 1/(1−p) values; shared across time steps it gives variational dropout (Gal &amp; Ghahramani 2016).</summary>
    public static Tensor DropoutMask(int[] shape, float p, Generator generator)
    {
        var mask = Tensor.Zeros(shape);
        var m = mask.AsSpan();
        float scale = 1f / (1f - p);
        for (int i = 0; i < m.Length; i++) m[i] = generator.NextFloat() >= p ? scale : 0f;
        return mask;
    }

    /// <summary>
    /// Layer normalisation over the last dimension (Ba et al. 2016): (x − μ)/√(σ² + ε)·γ + β, with the biased
    /// variance as in PyTorch.
    /// </summary>
    public static Tensor LayerNorm(Tensor input, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        var centered = input - input.Mean(-1, keepDim: true);
        var variance = (centered * centered).Mean(-1, keepDim: true);
        var y = centered / (variance + eps).Sqrt();
        if (weight is not null) y *= weight;
        if (bias is not null) y += bias;
        return y;
    }

    /// <summary>Rows of <paramref name="weight"/> (V, E) for each id; the result has shape idsShape + (E).</summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> ids, params int[] idsShape) =>
        Embedding(weight, ids, idsShape, sparse: false);

    /// <summary>
    /// Rows of <paramref name="weight"/> (V, E) for each id. With <paramref name="sparse"/> the weight's gradient is
    /// a <see cref="RowSparseGradient"/> of the looked-up rows (<see cref="Tensor.SparseGrad"/>), as PyTorch's
    /// <c>sparse=True</c>, so that optimisers touch only those rows.
    /// </summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> ids, int[] idsShape, bool sparse)
    {
        int e = weight.Shape[1];
        if (Tensor.ShapeSize(idsShape) != ids.Length) throw new ArgumentException($"{ids.Length} ids do not fill shape {Tensor.ShapeString(idsShape)}.");
        for (int i = 0; i < ids.Length; i++)
            if ((uint)ids[i] >= (uint)weight.Shape[0])
                throw new ArgumentOutOfRangeException(nameof(ids), $"Token id {ids[i]} at position {i} is outside the vocabulary of {weight.Shape[0]}.");
        var rows = sparse ? weight.SparseRowSelect(ids) : weight.IndexSelect(0, ids);
        return rows.Reshape([.. idsShape, e]);
    }

    /// <summary>x·Wᵀ + b with W of shape (out, in), as <c>torch.nn.functional.linear</c>.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        var y = input.MatMul(weight.Transpose(0, 1));
        return bias is null ? y : y + bias;
    }
}
