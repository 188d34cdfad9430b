using System.Numerics;
using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1) as PyTorch 1.13 computes it (single-tensor <c>torch.optim.Adam</c>):
/// g ← g + λ·p (L2 weight decay); m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²;
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// The bias corrections are computed in double precision from the step count and the moment updates in float32, as
/// there. <see cref="AdamW"/> replaces the L2 term with decoupled weight decay.
/// </summary>
public class Adam : Optimizer
{
    static readonly string[] Moments = ["exp_avg", "exp_avg_sq"];

    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be non-negative.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be non-negative.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }
    public double WeightDecay { get; }

    protected override IReadOnlyList<string> BufferNames => Moments;

    protected override bool CountsSteps => true;

    private protected override bool UpdatesInParallel => true;

    /// <summary>Applies weight decay before the moment update and returns the gradient the moments see.</summary>
    private protected virtual ReadOnlySpan<float> ApplyWeightDecay(Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        if (WeightDecay == 0) return gradient;
        var decayed = Scratch(0, parameter.Length);
        TensorPrimitives.MultiplyAdd(parameter, (float)WeightDecay, gradient, decayed);
        return decayed;
    }

    protected sealed override void Update(Span<float> parameter, ReadOnlySpan<float> gradient, ParameterState state)
    {
        int n = parameter.Length;
        long step = ++state.Step;
        var g = ApplyWeightDecay(parameter, gradient);
        var m = state.Buffers[0] ??= new float[n];
        var v = state.Buffers[1] ??= new float[n];
        double biasCorrection1 = 1 - Math.Pow(Beta1, step);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, step));
        var c = new Coefficients((float)Beta1, (float)(1 - Beta1), (float)Beta2, (float)(1 - Beta2), (float)biasCorrection2Sqrt, (float)Epsilon,
            (float)-(LearningRate / biasCorrection1));
        // One pass over p, g, m and v: the step is memory-bound, and PyTorch's eight whole-tensor passes (mul_, add_,
        // mul_, addcmul_, sqrt, div, add_, addcdiv_) move about four times the bytes. Each element sees the same
        // float32 operations in the same order as those passes.
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int width = Vector<float>.Count; i <= n - width; i += width)
            {
                var (pi, mi, vi) = c.Update(new Vector<float>(parameter[i..]), new Vector<float>(g[i..]), new Vector<float>(m, i), new Vector<float>(v, i));
                pi.CopyTo(parameter[i..]);
                mi.CopyTo(m, i);
                vi.CopyTo(v, i);
            }
        for (; i < n; i++)
        {
            var (pi, mi, vi) = c.Update(new Vector<float>(parameter[i]), new Vector<float>(g[i]), new Vector<float>(m[i]), new Vector<float>(v[i]));
            (parameter[i], m[i], v[i]) = (pi[0], mi[0], vi[0]);
        }
    }

    /// <summary>The step's constants in float32, as the whole-tensor ops would receive them.</summary>
    readonly record struct Coefficients(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float BiasCorrection2Sqrt, float Epsilon, float NegativeStepSize)
    {
        /// <summary>m ← β₁m + (1 − β₁)g; v ← β₂v + ((1 − β₂)g)g; p ← p + (−lr/(1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).</summary>
        public (Vector<float> P, Vector<float> M, Vector<float> V) Update(Vector<float> p, Vector<float> g, Vector<float> m, Vector<float> v)
        {
            m = m * Beta1 + g * OneMinusBeta1;
            v = v * Beta2 + g * OneMinusBeta2 * g;
            var denominator = Vector.SquareRoot(v) / BiasCorrection2Sqrt + new Vector<float>(Epsilon);
            return (p + m * NegativeStepSize / denominator, m, v);
        }
    }
}
