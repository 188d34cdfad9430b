namespace Recur;

/// <summary>
/// Element-wise unary ops, each an <see cref="IUnaryOperator"/> struct run by one driver: the forward runs on a
/// contiguous copy or view, the backward from the saved input and/or output.
/// </summary>
public sealed partial class Tensor
{
    public Tensor Neg() => Unary(new NegOperator());

    public Tensor Exp() => Unary(new ExpOperator());

    public Tensor Log() => Unary(new LogOperator());

    public Tensor Sqrt() => Unary(new SqrtOperator());

    public Tensor Tanh() => Unary(new TanhOperator());

    public Tensor Sigmoid() => Unary(new SigmoidOperator());

    public Tensor Relu() => Unary(new ReluOperator());

    /// <summary>|x|; its gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor Abs() => Unary(new AbsOperator());

    /// <summary>Element-wise power with a constant exponent.</summary>
    public Tensor Pow(float exponent) => Unary(new PowOperator(exponent));

    /// <summary>Clamps to [min, max]; the gradient is passed where min ≤ x ≤ max (PyTorch's rule).</summary>
    public Tensor Clamp(float min, float max) => Unary(new ClampOperator(min, max));

    /// <summary>max(x, min) (<c>clamp(min=…)</c>).</summary>
    public Tensor ClampMin(float min) => Unary(new ClampOperator(min, float.PositiveInfinity));

    /// <summary>min(x, max) (<c>clamp(max=…)</c>).</summary>
    public Tensor ClampMax(float max) => Unary(new ClampOperator(float.NegativeInfinity, max));

    /// <summary>log(1 + e^{βx})/β, and x itself where βx exceeds <paramref name="threshold"/> (PyTorch's softplus).</summary>
    public Tensor Softplus(float beta = 1f, float threshold = 20f) => Unary(new SoftplusOperator(beta, threshold));

    /// <summary>log σ(x), computed without overflow for large |x|.</summary>
    public Tensor LogSigmoid() => Unary(new LogSigmoidOperator());

    Tensor Unary<TOp>(TOp op) where TOp : struct, IUnaryOperator
    {
        var x = IsContiguous ? this : ContiguousCopy();
        var y = new Tensor(Uninitialized(Count), 0, Dims, x.Strides);
        op.Forward(x.AsSpan(), y.AsSpan());
        // The node's state holds what the static backward cannot find on the node: constants and a gathered input.
        object? state = op.HasConstants || x != this ? new UnaryState<TOp>(op, x) : null;
        return Record(y, op.Name, [this], static (node, g) =>
        {
            var s = node.nodeState as UnaryState<TOp>;
            var input = node.Parent(0);
            var dx = new Tensor(Uninitialized(node.Count), 0, node.Dims, node.Strides);
            (s?.Op ?? default).Backward(g.AsSpan(), (s?.X ?? input).AsSpan(), node.AsSpan(), dx.AsSpan());
            input.AccumulateGrad(dx, owned: true);
        }, saved0: op.ReadsInput && x == this ? this : null, saved1: op.ReadsOutput ? y : null, state: state);
    }

    sealed record UnaryState<TOp>(TOp Op, Tensor X);
}
