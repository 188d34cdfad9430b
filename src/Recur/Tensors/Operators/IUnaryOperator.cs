namespace Recur;

/// <summary>
/// An element-wise unary op with its backward, over spans: <c>Forward</c> maps x to y, <c>Backward</c> maps the
/// output gradient g (with x and y) to the input gradient dx. Constants (an exponent, clamp bounds) are fields, so
/// the struct is the op; the driver <c>Tensor.Unary{TOp}</c> does allocation, contiguity and recording.
/// </summary>
internal interface IUnaryOperator
{
    string Name { get; }

    /// <summary>Whether backward reads x.</summary>
    bool ReadsInput { get; }

    /// <summary>Whether backward reads y; by default when it does not read x.</summary>
    bool ReadsOutput => !ReadsInput;

    /// <summary>Whether the struct carries constants that backward needs.</summary>
    bool HasConstants => false;

    void Forward(ReadOnlySpan<float> x, Span<float> y);

    void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx);
}
