using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer 2011) as PyTorch 1.13's single-tensor <c>torch.optim.Adagrad</c>:
/// g ← g + λ·p; s ← s + g²; p ← p − clr · g / (√s + ε), with clr = lr / (1 + (t − 1)·lr_decay) and s starting at
/// <c>initialAccumulatorValue</c>. A row-sparse gradient updates s and p only at its rows, as PyTorch's sparse path
/// (which is the dense rule with g = 0 elsewhere, so both give the same weights).
/// </summary>
public sealed class Adagrad : Optimizer
{
    static readonly string[] Sum = ["sum"];

    public Adagrad(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double learningRateDecay = 0,
        double weightDecay = 0, double initialAccumulatorValue = 0, double epsilon = 1e-10)
        : base(parameters, learningRate)
    {
        if (!(learningRateDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRateDecay), learningRateDecay, "The learning-rate decay must be non-negative.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be non-negative.");
        if (!(initialAccumulatorValue >= 0)) throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue, "The initial accumulator value must be non-negative.");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be non-negative.");
        LearningRateDecay = learningRateDecay;
        WeightDecay = weightDecay;
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
    }

    public double LearningRateDecay { get; }
    public double WeightDecay { get; }
    public double InitialAccumulatorValue { get; }
    public double Epsilon { get; }

    protected override IReadOnlyList<string> BufferNames => Sum;

    protected override bool CountsSteps => true;

    private protected override bool UpdatesInParallel => true;

    float[] Accumulator(ParameterState state, int n)
    {
        if (state.Buffers[0] is { } sum) return sum;
        sum = new float[n];
        sum.AsSpan().Fill((float)InitialAccumulatorValue);
        return state.Buffers[0] = sum;
    }

    float StepLearningRate(ParameterState state) => (float)-(LearningRate / (1 + (++state.Step - 1) * LearningRateDecay));

    protected override void Update(Span<float> parameter, ReadOnlySpan<float> gradient, ParameterState state)
    {
        int n = parameter.Length;
        float alpha = StepLearningRate(state);
        var g = gradient;
        if (WeightDecay != 0)
        {
            var decayed = Scratch(0, n);
            TensorPrimitives.MultiplyAdd(parameter, (float)WeightDecay, gradient, decayed);
            g = decayed;
        }
        Apply(parameter, g, Accumulator(state, n), Scratch(1, n), alpha);
    }

    protected override void UpdateRows(Span<float> parameter, RowSparseGradient gradient, ParameterState state)
    {
        if (WeightDecay != 0) { base.UpdateRows(parameter, gradient, state); return; }
        float alpha = StepLearningRate(state);
        var sum = Accumulator(state, parameter.Length);
        int e = gradient.RowSize;
        var rows = gradient.Rows;
        var work = Scratch(1, e);
        for (int i = 0; i < rows.Length; i++)
        {
            int at = rows[i] * e;
            Apply(parameter.Slice(at, e), gradient.Values.Slice(i * e, e), sum.AsSpan(at, e), work, alpha);
        }
    }

    /// <summary>s ← s + g·g; p ← p + α·(g / (√s + ε)), α = −clr.</summary>
    void Apply(Span<float> p, ReadOnlySpan<float> g, Span<float> sum, Span<float> work, float alpha)
    {
        TensorPrimitives.MultiplyAdd(g, g, sum, sum);
        TensorPrimitives.Sqrt(sum, work);
        TensorPrimitives.Add(work, (float)Epsilon, work);
        TensorPrimitives.Divide(g, work, work);
        TensorPrimitives.MultiplyAdd(work, alpha, p, p);
    }
}
