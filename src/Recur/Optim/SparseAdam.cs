using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// The lazy Adam of PyTorch 1.13's <c>torch.optim.SparseAdam</c>, for row-sparse embedding gradients: only the
/// rows present in the gradient have their moments and weights updated, with that step's count t —
/// m_r ← m_r + (1−β₁)(g_r − m_r); v_r ← v_r + (1−β₂)(g_r² − v_r);
/// p_r ← p_r − (lr·√(1−β₂ᵗ)/(1−β₁ᵗ)) · m_r / (√v_r + ε).
/// Rows absent from a step keep their moments (they do not decay), which is what makes it lazy. A dense gradient
/// is taken as one in which every row is present.
/// </summary>
public sealed class SparseAdam : Optimizer
{
    static readonly string[] Moments = ["exp_avg", "exp_avg_sq"];

    public SparseAdam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8)
        : base(parameters, learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be non-negative.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    protected override IReadOnlyList<string> BufferNames => Moments;

    protected override bool CountsSteps => true;

    protected override void Update(Span<float> parameter, ReadOnlySpan<float> gradient, ParameterState state)
    {
        float stepSize = StepSize(state, parameter.Length);
        ApplyRow(parameter, gradient, state.Buffers[0], state.Buffers[1], stepSize, Scratch(0, parameter.Length), Scratch(1, parameter.Length));
    }

    protected override void UpdateRows(Span<float> parameter, RowSparseGradient gradient, ParameterState state)
    {
        float stepSize = StepSize(state, parameter.Length);
        int e = gradient.RowSize;
        var rows = gradient.Rows;
        Span<float> m = state.Buffers[0], v = state.Buffers[1];
        var update = Scratch(0, e);
        var updateSq = Scratch(1, e);
        for (int i = 0; i < rows.Length; i++)
        {
            int at = rows[i] * e;
            ApplyRow(parameter.Slice(at, e), gradient.Values.Slice(i * e, e), m.Slice(at, e), v.Slice(at, e), stepSize, update, updateSq);
        }
    }

    /// <summary>Counts the step, creates the moments on the first one and returns −lr·√(1−β₂ᵗ)/(1−β₁ᵗ) (as float32).</summary>
    float StepSize(ParameterState state, int n)
    {
        long step = ++state.Step;
        state.Buffers[0] ??= new float[n];
        state.Buffers[1] ??= new float[n];
        return (float)(-(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step))));
    }

    /// <summary>
    /// One row in PyTorch's order: u = (g − m)(1−β₁), m ← m + u; w = (g·g − v)(1−β₂), v ← v + w;
    /// p ← p + (m / (√v + ε))·stepSize. (PyTorch forms the numerator as u + m_old and the denominator from w + v_old,
    /// which are the same floats as the new m and v.)
    /// </summary>
    void ApplyRow(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float stepSize, Span<float> u, Span<float> w)
    {
        TensorPrimitives.Subtract(g, m, u);
        TensorPrimitives.Multiply(u, (float)(1 - Beta1), u);
        TensorPrimitives.Add(m, u, m);
        TensorPrimitives.Multiply(g, g, w);
        TensorPrimitives.Subtract(w, v, w);
        TensorPrimitives.Multiply(w, (float)(1 - Beta2), w);
        TensorPrimitives.Add(v, w, v);
        TensorPrimitives.Sqrt(v, w);
        TensorPrimitives.Add(w, (float)Epsilon, w);
        TensorPrimitives.Divide(m, w, u);
        TensorPrimitives.Multiply(u, stepSize, u);
        TensorPrimitives.Add(p, u, p);
    }
}
