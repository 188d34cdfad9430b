using System.Numerics.Tensors;

namespace Recur;

// The element-wise unary ops. Each backward is the derivative written once over spans, in the order of float
// operations the earlier composed form used (so gradients are unchanged bit for bit).

internal readonly struct NegOperator : IUnaryOperator
{
    public string Name => "NegBackward";
    public bool ReadsInput => false;
    public bool ReadsOutput => false;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Negate(x, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx) => TensorPrimitives.Negate(g, dx);
}

internal readonly struct ExpOperator : IUnaryOperator
{
    public string Name => "ExpBackward";
    public bool ReadsInput => false;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Exp(x, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx) => TensorPrimitives.Multiply(g, y, dx);
}

internal readonly struct LogOperator : IUnaryOperator
{
    public string Name => "LogBackward";
    public bool ReadsInput => true;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Log(x, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx) => TensorPrimitives.Divide(g, x, dx);
}

/// <summary>d√x = g·½ / √x.</summary>
internal readonly struct SqrtOperator : IUnaryOperator
{
    public string Name => "SqrtBackward";
    public bool ReadsInput => false;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sqrt(x, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Multiply(g, 0.5f, dx);
        TensorPrimitives.Divide(dx, y, dx);
    }
}

/// <summary>d tanh = g·(1 − y²).</summary>
internal readonly struct TanhOperator : IUnaryOperator
{
    public string Name => "TanhBackward";
    public bool ReadsInput => false;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Subtract(1f, dx, dx);
        TensorPrimitives.Multiply(g, dx, dx);
    }
}

/// <summary>d σ = g·y·(1 − y).</summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    public string Name => "SigmoidBackward";
    public bool ReadsInput => false;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = g[i] * y[i] * (1f - y[i]);
    }
}

internal readonly struct ReluOperator : IUnaryOperator
{
    public string Name => "ReluBackward";
    public bool ReadsInput => false;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = g[i] * (y[i] > 0 ? 1f : 0f);
    }
}

/// <summary>d|x| = g·sign(x), 0 at 0 as in PyTorch.</summary>
internal readonly struct AbsOperator : IUnaryOperator
{
    public string Name => "AbsBackward";
    public bool ReadsInput => true;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Abs(x, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = g[i] * MathF.Sign(x[i]);
    }
}

/// <summary>d xᵉ = g·e·xᵉ⁻¹.</summary>
internal readonly struct PowOperator(float exponent) : IUnaryOperator
{
    public string Name => "PowBackward";
    public bool ReadsInput => true;
    public bool HasConstants => true;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Pow(x, exponent, y);
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Pow(x, exponent - 1f, dx);
        for (int i = 0; i < dx.Length; i++) dx[i] = g[i] * exponent * dx[i];
    }
}

/// <summary>Clamp to [min, max]; the gradient passes where min ≤ x ≤ max, as PyTorch 1.13's clamp_backward.</summary>
internal readonly struct ClampOperator(float min, float max) : IUnaryOperator
{
    public string Name => "ClampBackward";
    public bool ReadsInput => true;
    public bool HasConstants => true;
    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Max(x, min, y);
        TensorPrimitives.Min(y, max, y);
    }
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] >= min && x[i] <= max ? g[i] : 0f;
    }
}

/// <summary>
/// Softplus log(1 + e^{βx})/β, linear above the threshold, as PyTorch 1.13: dx = g·z/(z + 1) with z = e^{βx},
/// or g above the threshold.
/// </summary>
internal readonly struct SoftplusOperator(float beta, float threshold) : IUnaryOperator
{
    public string Name => "SoftplusBackward";
    public bool ReadsInput => true;
    public bool HasConstants => true;
    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = x[i] * beta > threshold ? x[i] : LogSigmoidOperator.LogOnePlus(MathF.Exp(x[i] * beta)) / beta;
    }
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            float z = MathF.Exp(x[i] * beta);
            dx[i] = x[i] * beta > threshold ? g[i] : g[i] * z / (z + 1f);
        }
    }
}

/// <summary>
/// log σ(x) = min(x, 0) − log(1 + e^{−|x|}), which neither overflows nor loses the tail; dx = g·σ(−x) computed
/// as g·(1[x&lt;0] ∓ z/(1 + z)) with z = e^{−|x|}, as PyTorch 1.13's CPU kernel.
/// </summary>
internal readonly struct LogSigmoidOperator : IUnaryOperator
{
    public string Name => "LogSigmoidBackward";
    public bool ReadsInput => true;
    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = MathF.Min(x[i], 0f) - LogOnePlus(MathF.Exp(-MathF.Abs(x[i])));
    }
    public void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            bool negative = x[i] < 0f;
            float z = MathF.Exp(-MathF.Abs(x[i]));
            dx[i] = g[i] * ((negative ? 1f : 0f) - (negative ? 1f : -1f) * (z / (1f + z)));
        }
    }

    /// <summary>log(1 + z) without losing z ≪ 1 (Goldberg 1991, "What every computer scientist should know…", Thm 4).</summary>
    internal static float LogOnePlus(float z)
    {
        double u = 1.0 + z;
        return u == 1.0 ? z : (float)(Math.Log(u) * z / (u - 1.0));
    }
}
