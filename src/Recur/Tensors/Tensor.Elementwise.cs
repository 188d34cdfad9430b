using System.Numerics.Tensors;

namespace Recur;

/// <summary>
/// Element-wise binary arithmetic with broadcasting, all through one driver over <see cref="IBinaryOperator{TSelf}"/>
/// structs. Rows of the broadcast result are computed span⊕span, span⊕scalar or scalar⊕span, depending on which
/// operand is stretched along the last dimension. Backward passes return gradients of the broadcast shape;
/// <see cref="AccumulateGrad(Tensor)"/> sums them down.
/// </summary>
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Binary<AddOperator>(a, b);
    public static Tensor operator -(Tensor a, Tensor b) => Binary<SubtractOperator>(a, b);
    public static Tensor operator *(Tensor a, Tensor b) => Binary<MultiplyOperator>(a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Binary<DivideOperator>(a, b);
    public static Tensor operator +(Tensor a, float b) => Binary<AddOperator>(a, Scalar(b));
    public static Tensor operator +(float a, Tensor b) => Binary<AddOperator>(Scalar(a), b);
    public static Tensor operator -(Tensor a, float b) => Binary<SubtractOperator>(a, Scalar(b));
    public static Tensor operator -(float a, Tensor b) => Binary<SubtractOperator>(Scalar(a), b);
    public static Tensor operator *(Tensor a, float b) => Binary<MultiplyOperator>(a, Scalar(b));
    public static Tensor operator *(float a, Tensor b) => Binary<MultiplyOperator>(Scalar(a), b);
    public static Tensor operator /(Tensor a, float b) => Binary<DivideOperator>(a, Scalar(b));
    public static Tensor operator /(float a, Tensor b) => Binary<DivideOperator>(Scalar(a), b);
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>Element-wise maximum with broadcasting (<c>torch.maximum</c>); NaN propagates; a tie splits the gradient.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary<MaximumOperator>(a, b);

    /// <summary>Element-wise minimum with broadcasting (<c>torch.minimum</c>); NaN propagates; a tie splits the gradient.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary<MinimumOperator>(a, b);

    /// <summary>The one driver of every binary op: broadcast, compute row by row, record.</summary>
    internal static Tensor Binary<TOp>(Tensor a, Tensor b) where TOp : IBinaryOperator<TOp>
    {
        Tensor result;
        // The result takes an operand's shape arrays when it has that operand's shape (shapes are never mutated).
        if (BroadcastsInto(b.Dims, a.Dims))
            result = new Tensor(Uninitialized(a.Count), 0, a.Dims, a.IsContiguous ? a.Strides : ContiguousStrides(a.Dims));
        else if (BroadcastsInto(a.Dims, b.Dims))
            result = new Tensor(Uninitialized(b.Count), 0, b.Dims, b.IsContiguous ? b.Strides : ContiguousStrides(b.Dims));
        else
        {
            var shape = BroadcastShape(a.Dims, b.Dims);
            result = new Tensor(Uninitialized(ShapeSize(shape)), shape);
        }
        BinaryForward<TOp>(a, b, result.Dims, result.Storage);
        var saves = TOp.Saves;
        Tensor? first = (saves & BinaryOperands.A) != 0 ? a : (saves & BinaryOperands.B) != 0 ? b : null;
        Tensor? second = (saves & BinaryOperands.A) != 0 && (saves & BinaryOperands.B) != 0 ? b
            : (saves & BinaryOperands.Result) != 0 ? result : null;
        return Record(result, TOp.Name, [a, b], static (node, g) => TOp.Backward(node, g), first, second);
    }

    static void BinaryForward<TOp>(Tensor a, Tensor b, int[] shape, Span<float> destination) where TOp : IBinaryOperator<TOp>
    {
        if (a.IsContiguous && b.IsContiguous)
        {
            if (a.Count == destination.Length && b.Count == destination.Length) { TOp.Invoke(a.AsSpan(), b.AsSpan(), destination); return; }
            if (b.Count == 1 && a.Count == destination.Length) { TOp.Invoke(a.AsSpan(), b.Storage[b.Offset], destination); return; }
            if (a.Count == 1 && b.Count == destination.Length) { TOp.Invoke(a.Storage[a.Offset], b.AsSpan(), destination); return; }
        }
        int rank = shape.Length, inner = shape[rank - 1];
        if (inner == 0) return;
        Span<int> strideA = stackalloc int[rank], strideB = stackalloc int[rank];
        // A row operand must be unit-stride or stretched (stride 0); anything else is gathered first.
        if (a.BroadcastStrides(shape, strideA) is > 1) { a = a.ContiguousCopy(); a.BroadcastStrides(shape, strideA); }
        if (b.BroadcastStrides(shape, strideB) is > 1) { b = b.ContiguousCopy(); b.BroadcastStrides(shape, strideB); }
        int sa = strideA[rank - 1], sb = strideB[rank - 1];
        int rows = destination.Length / inner;
        for (int r = 0; r < rows; r++)
        {
            int oa = RowOffset(r, shape, strideA, a.Offset), ob = RowOffset(r, shape, strideB, b.Offset);
            var dst = destination.Slice(r * inner, inner);
            if (sa == 1 && sb == 1) TOp.Invoke(a.Storage.AsSpan(oa, inner), b.Storage.AsSpan(ob, inner), dst);
            else if (sa == 1) TOp.Invoke(a.Storage.AsSpan(oa, inner), b.Storage[ob], dst);
            else if (sb == 1) TOp.Invoke(a.Storage[oa], b.Storage.AsSpan(ob, inner), dst);
            else dst.Fill(TOp.Invoke(a.Storage[oa], b.Storage[ob]));
        }
    }

    /// <summary>Whether <paramref name="small"/> broadcasts to exactly <paramref name="big"/>.</summary>
    static bool BroadcastsInto(int[] small, int[] big)
    {
        int lead = big.Length - small.Length;
        if (lead < 0) return false;
        for (int d = 0; d < small.Length; d++) if (small[d] != 1 && small[d] != big[lead + d]) return false;
        return true;
    }

    /// <summary>
    /// This tensor's strides when broadcast to <paramref name="shape"/> (0 along stretched dimensions), written to
    /// <paramref name="strides"/>; returns the stride of the last dimension.
    /// </summary>
    internal int BroadcastStrides(ReadOnlySpan<int> shape, Span<int> strides)
    {
        int lead = shape.Length - Rank;
        for (int d = 0; d < shape.Length; d++)
            strides[d] = d < lead || Dims[d - lead] == 1 && shape[d] != 1 ? 0 : Strides[d - lead];
        return shape.Length == 0 ? 0 : strides[^1];
    }

    /// <summary>Storage offset of row <paramref name="row"/> (all dimensions but the last) of a strided operand.</summary>
    internal static int RowOffset(int row, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset)
    {
        for (int d = shape.Length - 2; d >= 0 && row > 0; d--)
        {
            int n = shape[d];
            offset += row % n * strides[d];
            row /= n;
        }
        return offset;
    }

    /// <summary>A view of this tensor stretched to <paramref name="shape"/> (stride 0 along broadcast dimensions).</summary>
    internal Tensor BroadcastView(int[] shape)
    {
        int lead = shape.Length - Rank;
        var strides = new int[shape.Length];
        for (int d = 0; d < shape.Length; d++)
            strides[d] = d < lead || Dims[d - lead] == 1 && shape[d] != 1 ? 0 : Strides[d - lead];
        return new Tensor(this, Offset, shape, strides);
    }

    /// <summary>A contiguous copy, not recorded in the graph.</summary>
    internal Tensor ContiguousCopy()
    {
        var data = Uninitialized(Count);
        CopyStridedTo(data);
        return new Tensor(data, (int[])Dims.Clone());
    }
}
