using System.Numerics.Tensors;

namespace Recur;

// The element-wise binary ops. Backward: d(a+b) = g, g; d(a−b) = g, −g; d(a·b) = g·b, g·a; d(a/b) = g/b, −g·(a/b)/b;
// maximum/minimum route g to the larger/smaller input and split it in half on ties, as PyTorch 1.13 does.

internal readonly struct AddOperator : IBinaryOperator<AddOperator>
{
    public static string Name => "AddBackward";
    public static float Invoke(float x, float y) => x + y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(y, x, d);

    public static void Backward(Tensor node, Tensor grad)
    {
        // The node's gradient is dropped after this call, so the first input may keep it instead of a copy.
        bool given = node.Parent(0).AccumulateGrad(grad, owned: node.GradIsDisposable, recyclable: false);
        node.Parent(1).AccumulateGrad(grad, owned: node.GradIsDisposable && !given, recyclable: false);
    }
}

internal readonly struct SubtractOperator : IBinaryOperator<SubtractOperator>
{
    public static string Name => "SubBackward";
    public static float Invoke(float x, float y) => x - y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);

    public static void Backward(Tensor node, Tensor grad)
    {
        node.Parent(0).AccumulateGrad(grad, owned: node.GradIsDisposable, recyclable: false);
        if (node.Parent(1).RequiresGrad) node.Parent(1).AccumulateGrad(grad.Neg(), owned: true);
    }
}

internal readonly struct MultiplyOperator : IBinaryOperator<MultiplyOperator>
{
    public static string Name => "MulBackward";
    public static BinaryOperands Saves => BinaryOperands.A | BinaryOperands.B;
    public static float Invoke(float x, float y) => x * y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(y, x, d);

    public static void Backward(Tensor node, Tensor grad)
    {
        Tensor a = node.Parent(0), b = node.Parent(1);
        if (a.RequiresGrad) a.AccumulateGrad(Tensor.MultiplySumTo(grad, b, a.Dims), owned: true);
        if (b.RequiresGrad) b.AccumulateGrad(Tensor.MultiplySumTo(grad, a, b.Dims), owned: true);
    }
}

internal readonly struct DivideOperator : IBinaryOperator<DivideOperator>
{
    public static string Name => "DivBackward";
    public static BinaryOperands Saves => BinaryOperands.B | BinaryOperands.Result;
    public static float Invoke(float x, float y) => x / y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);

    public static void Backward(Tensor node, Tensor grad)
    {
        Tensor a = node.Parent(0), b = node.Parent(1);
        if (a.RequiresGrad) a.AccumulateGrad(grad / b, owned: true);
        if (b.RequiresGrad) b.AccumulateGrad(grad.Neg() * node / b, owned: true);
    }
}

internal readonly struct MaximumOperator : IBinaryOperator<MaximumOperator>
{
    public static string Name => "MaximumBackward";
    public static BinaryOperands Saves => BinaryOperands.A | BinaryOperands.B;
    public static float Invoke(float x, float y) => MathF.Max(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(y, x, d);
    public static void Backward(Tensor node, Tensor grad) => ShareOfGradient<FirstWinsMaximum>(node, grad);

    /// <summary>a's share of the gradient of max(a, b) or min(a, b): 1, ½ on a tie, 0; b gets the rest.</summary>
    internal static void ShareOfGradient<TShare>(Tensor node, Tensor grad) where TShare : IBinaryOperator<TShare>
    {
        Tensor a = node.Parent(0), b = node.Parent(1);
        var share = Tensor.Binary<TShare>(a, b);
        if (a.RequiresGrad) a.AccumulateGrad(grad * share, owned: true);
        if (b.RequiresGrad) b.AccumulateGrad(grad * (1f - share), owned: true);
    }
}

internal readonly struct MinimumOperator : IBinaryOperator<MinimumOperator>
{
    public static string Name => "MinimumBackward";
    public static BinaryOperands Saves => BinaryOperands.A | BinaryOperands.B;
    public static float Invoke(float x, float y) => MathF.Min(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(y, x, d);
    public static void Backward(Tensor node, Tensor grad) => MaximumOperator.ShareOfGradient<FirstWinsMinimum>(node, grad);
}

/// <summary>1 where x &gt; y, ½ where x = y, else 0: the first input's share of max's gradient.</summary>
internal readonly struct FirstWinsMaximum : IBinaryOperator<FirstWinsMaximum>
{
    public static string Name => "";
    public static float Invoke(float x, float y) => x > y ? 1f : x == y ? 0.5f : 0f;
    public static void Backward(Tensor node, Tensor grad) => throw new NotSupportedException("A gradient mask has no gradient.");
}

/// <summary>1 where x &lt; y, ½ where x = y, else 0: the first input's share of min's gradient.</summary>
internal readonly struct FirstWinsMinimum : IBinaryOperator<FirstWinsMinimum>
{
    public static string Name => "";
    public static float Invoke(float x, float y) => x < y ? 1f : x == y ? 0.5f : 0f;
    public static void Backward(Tensor node, Tensor grad) => throw new NotSupportedException("A gradient mask has no gradient.");
}
