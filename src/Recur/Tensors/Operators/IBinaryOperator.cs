namespace Recur;

/// <summary>
/// An element-wise binary op, in TensorPrimitives' style: a struct whose static members compute one element, one
/// row against a row, a row against a scalar and a scalar against a row, and the op's backward. The one driver in
/// <c>Tensor.Binary{TOp}</c> handles broadcasting, strides and recording, so a new op is one struct. Rows default to
/// the scalar loop; ops with a TensorPrimitives primitive override them.
/// </summary>
internal interface IBinaryOperator<TSelf> where TSelf : IBinaryOperator<TSelf>
{
    /// <summary>The node's name, PyTorch's <c>grad_fn</c> (e.g. MulBackward).</summary>
    static abstract string Name { get; }

    /// <summary>The tensors backward reads, for the version check.</summary>
    static virtual BinaryOperands Saves => BinaryOperands.None;

    static abstract float Invoke(float x, float y);

    static virtual void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = TSelf.Invoke(x[i], y[i]);
    }

    static virtual void Invoke(ReadOnlySpan<float> x, float y, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = TSelf.Invoke(x[i], y);
    }

    static virtual void Invoke(float x, ReadOnlySpan<float> y, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = TSelf.Invoke(x, y[i]);
    }

    /// <summary>
    /// Accumulates the inputs' gradients from <paramref name="node"/>'s gradient <paramref name="grad"/> (the
    /// broadcast shape); the engine sums them down to each input's shape.
    /// </summary>
    static abstract void Backward(Tensor node, Tensor grad);
}

/// <summary>Which of a binary op's tensors its backward reads.</summary>
[Flags]
internal enum BinaryOperands { None = 0, A = 1, B = 2, Result = 4 }
