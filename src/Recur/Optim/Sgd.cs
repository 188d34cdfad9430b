using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, with
/// PyTorch's update rule (<c>torch.optim.SGD</c>):
/// d = g + λ·p; b ← d on the first step, else b ← μ·b + (1 − τ)·d; d ← d + μ·b (Nesterov) or d ← b; p ← p − lr·d.
/// Nesterov's form follows Sutskever et al. 2013 as rewritten by PyTorch. A row-sparse gradient updates only its rows.
/// </summary>
public sealed class Sgd : Optimizer
{
    static readonly string[] MomentumBuffer = ["momentum_buffer"];

    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false)
        : base(parameters, learningRate)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be non-negative.");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be non-negative.");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum needs a positive momentum and zero dampening.", nameof(nesterov));
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
    }

    public double Momentum { get; }
    public double Dampening { get; }
    public double WeightDecay { get; }
    public bool Nesterov { get; }

    protected override IReadOnlyList<string> BufferNames => Momentum != 0 ? MomentumBuffer : [];

    protected override bool CountsSteps => false;

    private protected override bool UpdatesInParallel => true;

    protected override void Update(Span<float> parameter, ReadOnlySpan<float> gradient, ParameterState state)
    {
        // Scalars are rounded to float32 where PyTorch rounds them (its kernels take float32 alpha/values).
        ReadOnlySpan<float> d = gradient;
        if (WeightDecay != 0)
        {
            var decayed = Scratch(0, parameter.Length);
            TensorPrimitives.MultiplyAdd(parameter, (float)WeightDecay, gradient, decayed);
            d = decayed;
        }
        if (Momentum != 0)
        {
            var buffer = state.Buffers[0];
            if (buffer is null) state.Buffers[0] = buffer = d.ToArray();
            else
            {
                TensorPrimitives.Multiply(buffer, (float)Momentum, buffer);
                TensorPrimitives.MultiplyAdd(d, (float)(1 - Dampening), buffer, buffer);
            }
            if (Nesterov)
            {
                var ahead = Scratch(0, parameter.Length);
                TensorPrimitives.MultiplyAdd(buffer, (float)Momentum, d, ahead);
                d = ahead;
            }
            else d = buffer;
        }
        TensorPrimitives.MultiplyAdd(d, (float)-LearningRate, parameter, parameter);
    }

    /// <summary>
    /// Plain SGD touches only the rows present, p_r ← p_r − lr·g_r, as PyTorch's sparse <c>add_</c>; momentum and
    /// weight decay change every row, so they take the dense path.
    /// </summary>
    protected override void UpdateRows(Span<float> parameter, RowSparseGradient gradient, ParameterState state)
    {
        if (Momentum != 0 || WeightDecay != 0) { base.UpdateRows(parameter, gradient, state); return; }
        int e = gradient.RowSize;
        var rows = gradient.Rows;
        var values = gradient.Values;
        for (int i = 0; i < rows.Length; i++)
        {
            var p = parameter.Slice(rows[i] * e, e);
            TensorPrimitives.MultiplyAdd(values.Slice(i * e, e), (float)-LearningRate, p, p);
        }
    }
}
