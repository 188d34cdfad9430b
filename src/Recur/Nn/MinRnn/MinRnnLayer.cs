namespace Recur.Nn;

/// <summary>
/// One layer of a minimal RNN (Feng et al. 2024, "Were RNNs All We Needed?"): gates and the candidate state h̃ read
/// the input only, never h_{t−1}, so h_t = a_t ⊙ h_{t−1} + b_t is a linear recurrence whose coefficients are all known
/// before the scan, and training runs it as one <see cref="Functional.LogLinearScan"/> over the whole sequence.
/// <para>
/// The variant is the paper's log-space one (its appendix B.3), chosen because it is the one the paper trains:
/// h̃ = g(Linear_h x) with g(x) = x + 0.5 for x ≥ 0 and σ(x) below, which keeps h̃ — and so every h_t, a convex
/// combination of positive terms — positive, so that log h_t exists; the coefficients arrive as log-sigmoids, which
/// stay finite where a gate saturates. The stepper runs the plain recurrence with the same g, so both paths compute
/// the same h. Unlike the paper's code, a carried h0 enters as log h0 (not log g(h0)): h0 is a previous h, already
/// positive, and this keeps chunked and whole-sequence runs equal.
/// </para>
/// </summary>
public abstract class MinRnnLayer : Module
{
    protected MinRnnLayer(int inputSize, int hiddenSize)
    {
        if (inputSize < 1 || hiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"{GetType().Name}: input and hidden sizes must be positive, got {inputSize} and {hiddenSize}.");
        InputSize = inputSize; HiddenSize = hiddenSize;
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>h (T, B, H) for x (T, B, I) from <paramref name="h0"/> (B, H), positive or zero; zero when null.</summary>
    public Tensor Forward(Tensor x, Tensor? h0 = null)
    {
        var (logA, logB) = LogCoefficients(x);
        // h0 = 0 (the zero state) has log −∞, which the scan reads as "no carry"; the clamp keeps its gradient finite.
        var logH0 = h0?.ClampMin(1e-38f).Log();
        return Functional.LogLinearScan(logA, logB, logH0).Exp();
    }

    /// <summary>log a_t and log b_t (T, B, H) of the layer's recurrence.</summary>
    protected abstract (Tensor LogA, Tensor LogB) LogCoefficients(Tensor x);

    /// <summary>The weights (out, in) and biases of the layer's projections, in the order <see cref="StepRow"/> reads them.</summary>
    internal Linear[] Projections { get; private protected set; } = [];

    /// <summary>Advances one row: <paramref name="k"/> holds each projection's H outputs, one after another.</summary>
    internal abstract void StepRow(ReadOnlySpan<float> k, Span<float> h);

    /// <summary>g(x) = x + 0.5 for x ≥ 0, σ(x) below (continuous at 0).</summary>
    internal static float G(float x) => x >= 0 ? x + 0.5f : 1f / (1f + MathF.Exp(-x));

    /// <summary>log g(x) as a composition: the mask picks log(relu(x) + 0.5) or log σ(x), each finite everywhere.</summary>
    protected static Tensor LogG(Tensor x)
    {
        var mask = x.Detach().ContiguousCopy();
        var m = mask.AsSpan();
        for (int i = 0; i < m.Length; i++) m[i] = m[i] >= 0 ? 1f : 0f;
        return mask * (x.Relu() + 0.5f).Log() + (1f - mask) * x.LogSigmoid();
    }
}
