namespace Recur.Nn;

/// <summary>y = x·Wᵀ + b, W of shape (out, in); PyTorch's default init U(−1/√in, 1/√in) for both.</summary>
public sealed class Linear : Module, IUnaryModule
{
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        Init.Uniform(Weight, -bound, bound, generator);
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Zeros(outFeatures));
            Init.Uniform(Bias, -bound, bound, generator);
        }
    }

    Linear(Tensor weight, bool bias, Generator? generator)
    {
        Weight = RegisterParameter("weight", weight);
        if (bias)
        {
            float bound = 1f / MathF.Sqrt(weight.Shape[1]);
            Bias = RegisterParameter("bias", Tensor.Zeros(weight.Shape[0]));
            Init.Uniform(Bias, -bound, bound, generator);
        }
    }

    /// <summary>
    /// A layer whose weight is <paramref name="weight"/> itself, shared with another module — weight tying of an output
    /// layer to an input embedding (Press &amp; Wolf 2017; Inan et al. 2017). The bias, when asked for, is its own.
    /// </summary>
    public static Linear Tied(Tensor weight, bool bias = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2) throw new ArgumentException($"A tied weight must be (out, in), not {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        return new Linear(weight, bias, generator);
    }

    public Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <summary>y = W·x + b for one row, without autograd or allocation (for steppers).</summary>
    internal void ForwardRow(ReadOnlySpan<float> x, Span<float> y) => Row(Weight.AsSpan(), Bias is null ? default : Bias.AsSpan(), x, y);

    /// <summary>y = W·x (+ b when <paramref name="bias"/> is not empty) for one row of W (y.Length, x.Length).</summary>
    internal static void Row(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int j = 0; j < y.Length; j++) y[j] = System.Numerics.Tensors.TensorPrimitives.Dot(weight.Slice(j * x.Length, x.Length), x);
        if (!bias.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(y, bias, y);
    }
}
