using System.Numerics.Tensors;

namespace Recur;

/// <summary>
/// Element-wise arithmetic with broadcasting. Rows of the broadcast result are computed with TensorPrimitives
/// (span⊕span, span⊕scalar or scalar⊕span, depending on which operand is stretched along the last dimension).
/// Backward passes return gradients of the broadcast shape; <see cref="AccumulateGrad"/> sums them down.
/// </summary>
public sealed partial class Tensor
{
    enum BinaryOp { Add, Subtract, Multiply, Divide }

    public static Tensor operator +(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Add);
    public static Tensor operator -(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Subtract);
    public static Tensor operator *(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Multiply);
    public static Tensor operator /(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Divide);
    public static Tensor operator +(Tensor a, float b) => Binary(a, Scalar(b), BinaryOp.Add);
    public static Tensor operator +(float a, Tensor b) => Binary(Scalar(a), b, BinaryOp.Add);
    public static Tensor operator -(Tensor a, float b) => Binary(a, Scalar(b), BinaryOp.Subtract);
    public static Tensor operator -(float a, Tensor b) => Binary(Scalar(a), b, BinaryOp.Subtract);
    public static Tensor operator *(Tensor a, float b) => Binary(a, Scalar(b), BinaryOp.Multiply);
    public static Tensor operator *(float a, Tensor b) => Binary(Scalar(a), b, BinaryOp.Multiply);
    public static Tensor operator /(Tensor a, float b) => Binary(a, Scalar(b), BinaryOp.Divide);
    public static Tensor operator /(float a, Tensor b) => Binary(Scalar(a), b, BinaryOp.Divide);
    public static Tensor operator -(Tensor a) => a.Neg();

    static Tensor Binary(Tensor a, Tensor b, BinaryOp op)
    {
        var shape = BroadcastShape(a.Dims, b.Dims);
        var result = new Tensor(new float[ShapeSize(shape)], shape);
        BinaryForward(a, b, op, result.Storage);
        return op switch
        {
            BinaryOp.Add => Record(result, "AddBackward", [a, b], g => { a.AccumulateGrad(g); b.AccumulateGrad(g); }),
            BinaryOp.Subtract => Record(result, "SubBackward", [a, b], g => { a.AccumulateGrad(g); b.AccumulateGrad(g.Neg()); }),
            BinaryOp.Multiply => Record(result, "MulBackward", [a, b], g =>
            {
                if (a.requiresGrad) a.AccumulateGrad(g * b);
                if (b.requiresGrad) b.AccumulateGrad(g * a);
            }),
            _ => Record(result, "DivBackward", [a, b], g =>
            {
                if (a.requiresGrad) a.AccumulateGrad(g / b);
                if (b.requiresGrad) b.AccumulateGrad(g.Neg() * result / b);
            }),
        };
    }

    static void BinaryForward(Tensor a, Tensor b, BinaryOp op, Span<float> destination)
    {
        if (a.IsContiguous && b.IsContiguous)
        {
            if (a.Dims.AsSpan().SequenceEqual(b.Dims)) { Row(op, a.AsSpan(), b.AsSpan(), destination); return; }
            if (b.Count == 1 && a.Count == destination.Length) { Row(op, a.AsSpan(), b.Storage[b.Offset], destination); return; }
            if (a.Count == 1 && b.Count == destination.Length) { Row(op, a.Storage[a.Offset], b.AsSpan(), destination); return; }
        }
        var shape = BroadcastShape(a.Dims, b.Dims);
        var ea = a.BroadcastView(shape);
        var eb = b.BroadcastView(shape);
        int rank = shape.Length, inner = shape[rank - 1];
        if (inner == 0) return;
        int sa = ea.Strides[rank - 1], sb = eb.Strides[rank - 1];
        // A row operand must be unit-stride or stretched (stride 0); anything else is gathered first.
        if (sa > 1) { ea = ea.ContiguousCopy(); sa = 1; }
        if (sb > 1) { eb = eb.ContiguousCopy(); sb = 1; }
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int rows = destination.Length / inner;
        for (int r = 0; r < rows; r++)
        {
            int oa = ea.Offset, ob = eb.Offset;
            for (int d = 0; d < rank - 1; d++) { oa += index[d] * ea.Strides[d]; ob += index[d] * eb.Strides[d]; }
            var dst = destination.Slice(r * inner, inner);
            if (sa == 1 && sb == 1) Row(op, ea.Storage.AsSpan(oa, inner), eb.Storage.AsSpan(ob, inner), dst);
            else if (sa == 1) Row(op, ea.Storage.AsSpan(oa, inner), eb.Storage[ob], dst);
            else if (sb == 1) Row(op, ea.Storage[oa], eb.Storage.AsSpan(ob, inner), dst);
            else dst.Fill(Apply(op, ea.Storage[oa], eb.Storage[ob]));
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
    }

    static float Apply(BinaryOp op, float x, float y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        _ => x / y,
    };

    static void Row(BinaryOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    static void Row(BinaryOp op, ReadOnlySpan<float> x, float y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    static void Row(BinaryOp op, float x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(y, x, d); break;
            default: TensorPrimitives.Divide(x, y, d); break;
        }
    }

    /// <summary>A view of this tensor stretched to <paramref name="shape"/> (stride 0 along broadcast dimensions).</summary>
    internal Tensor BroadcastView(int[] shape)
    {
        int lead = shape.Length - Rank;
        var strides = new int[shape.Length];
        for (int d = 0; d < shape.Length; d++)
            strides[d] = d < lead || Dims[d - lead] == 1 && shape[d] != 1 ? 0 : Strides[d - lead];
        return new Tensor(Storage, Offset, shape, strides);
    }

    /// <summary>A contiguous copy, not recorded in the graph.</summary>
    internal Tensor ContiguousCopy()
    {
        var data = new float[Count];
        CopyStridedTo(data);
        return new Tensor(data, (int[])Dims.Clone());
    }

    // ---- unary ops: forward on a contiguous copy or view, backward from the saved input or output ----

    public Tensor Neg() => Unary("NegBackward", static (x, y) => TensorPrimitives.Negate(x, y), (g, x, y) => g.Neg());

    public Tensor Exp() => Unary("ExpBackward", static (x, y) => TensorPrimitives.Exp(x, y), (g, x, y) => g * y);

    public Tensor Log() => Unary("LogBackward", static (x, y) => TensorPrimitives.Log(x, y), (g, x, y) => g / x);

    public Tensor Sqrt() => Unary("SqrtBackward", static (x, y) => TensorPrimitives.Sqrt(x, y), (g, x, y) => g * 0.5f / y);

    public Tensor Tanh() => Unary("TanhBackward", static (x, y) => TensorPrimitives.Tanh(x, y), (g, x, y) => g * (1f - y * y));

    public Tensor Sigmoid() => Unary("SigmoidBackward", static (x, y) => TensorPrimitives.Sigmoid(x, y), (g, x, y) => g * y * (1f - y));

    public Tensor Relu() => Unary("ReluBackward", static (x, y) => TensorPrimitives.Max(x, 0f, y), (g, x, y) => g * y.Step());

    public Tensor Abs() => Unary("AbsBackward", static (x, y) => TensorPrimitives.Abs(x, y), (g, x, y) => g * x.Sign());

    /// <summary>Element-wise power with a constant exponent.</summary>
    public Tensor Pow(float exponent) => Unary("PowBackward", (x, y) => TensorPrimitives.Pow(x, exponent, y),
        (g, x, y) => g * exponent * x.Pow(exponent - 1f));

    /// <summary>Clamps to [min, max]; the gradient is passed where the input lies strictly inside.</summary>
    public Tensor Clamp(float min, float max) => Unary("ClampBackward",
        (x, y) => { TensorPrimitives.Max(x, min, y); TensorPrimitives.Min(y, max, y); },
        (g, x, y) => g * x.InsideMask(min, max));

    delegate void SpanMap(ReadOnlySpan<float> x, Span<float> y);

    Tensor Unary(string name, SpanMap forward, Func<Tensor, Tensor, Tensor, Tensor> backwardFn)
    {
        var x = IsContiguous ? this : ContiguousCopy();
        var y = new Tensor(new float[Count], (int[])Dims.Clone());
        forward(x.AsSpan(), y.AsSpan());
        var input = this;
        return Record(y, name, [this], g => input.AccumulateGrad(backwardFn(g, x, y)));
    }

    /// <summary>1 where positive, else 0 (no gradient).</summary>
    Tensor Step()
    {
        var x = IsContiguous ? this : ContiguousCopy();
        var y = new float[Count];
        var s = x.AsSpan();
        for (int i = 0; i < y.Length; i++) y[i] = s[i] > 0 ? 1f : 0f;
        return new Tensor(y, (int[])Dims.Clone());
    }

    Tensor Sign()
    {
        var x = IsContiguous ? this : ContiguousCopy();
        var y = new float[Count];
        var s = x.AsSpan();
        for (int i = 0; i < y.Length; i++) y[i] = MathF.Sign(s[i]);
        return new Tensor(y, (int[])Dims.Clone());
    }

    Tensor InsideMask(float min, float max)
    {
        var x = IsContiguous ? this : ContiguousCopy();
        var y = new float[Count];
        var s = x.AsSpan();
        for (int i = 0; i < y.Length; i++) y[i] = s[i] > min && s[i] < max ? 1f : 0f;
        return new Tensor(y, (int[])Dims.Clone());
    }
}
