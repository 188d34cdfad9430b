using Recur.Kernels;

namespace Recur;

/// <summary>
/// Matrix products through the packed GEMM kernel. Transposed views are passed to GEMM as transpose flags, so
/// <c>a.MatMul(w.T)</c> never copies <c>w</c>. Backward: dA = dC·Bᵀ, dB = Aᵀ·dC.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// (m,k)·(k,n) → (m,n); (…,m,k)·(k,n) → (…,m,n) with the leading dimensions folded into rows; and batched
    /// (…,m,k)·(…,k,n) → (…,m,n), the leading (batch) dimensions broadcast against each other as in
    /// <c>torch.matmul</c>: (2,1,m,k)·(3,k,n) → (2,3,m,n).
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        if (Rank < 2 || other.Rank < 2)
            throw new ArgumentException($"MatMul needs matrices, got shapes {ShapeString(Dims)} and {ShapeString(other.Dims)}.");
        int k = Dims[^1];
        if (other.Dims[^2] != k)
            throw new ArgumentException($"MatMul shapes {ShapeString(Dims)} and {ShapeString(other.Dims)} do not align ({k} vs {other.Dims[^2]}).");
        if (other.Rank == 2) return MatMulFolded(other);
        return BatchedMatMul(other);
    }

    Tensor MatMulFolded(Tensor b)
    {
        var a = this;
        int k = Dims[^1], n = b.Dims[1];
        var a2 = Rank == 2 ? this : ContiguousOrCopy().ViewAs([Count / Math.Max(k, 1), k]);
        int m = a2.Dims[0];
        var result = new float[m * n];
        Multiply(a2, b, result, n);
        var output = new Tensor(result, [.. Dims[..^1], n]);
        return Record(output, "MmBackward", [a, b], g =>
        {
            var g2 = g.ViewAs([m, n]);
            if (a.requiresGrad) a.AccumulateGrad(g2.MatMul(b.Transpose(0, 1)).ViewAs(a.Dims), owned: true);
            if (b.requiresGrad) b.AccumulateGrad(a2.Transpose(0, 1).MatMul(g2), owned: true);
        }, a.IsContiguous ? a : null, b);
    }

    Tensor BatchedMatMul(Tensor b)
    {
        var a = this;
        int m = Dims[^2], k = Dims[^1], n = b.Dims[^1];
        var batch = BroadcastShape(Dims.AsSpan(0, Rank - 2), b.Dims.AsSpan(0, b.Rank - 2));
        int count = ShapeSize(batch), rank = batch.Length + 2;
        int[] shapeA = [.. batch, m, k], shapeB = [.. batch, k, n];
        Span<int> sa = stackalloc int[rank], sb = stackalloc int[rank];
        a.BroadcastStrides(shapeA, sa);
        b.BroadcastStrides(shapeB, sb);
        int[] matrixA = [sa[^2], sa[^1]], matrixB = [sb[^2], sb[^1]];
        var result = new float[count * m * n];
        for (int i = 0; i < count; i++)
        {
            // Batch index i is "row" i of the (batch…, 1) shape, so RowOffset walks the batch dimensions only.
            int oa = BatchOffset(i, batch, sa, a.Offset), ob = BatchOffset(i, batch, sb, b.Offset);
            Multiply(new Tensor(a, oa, [m, k], matrixA), new Tensor(b, ob, [k, n], matrixB), result.AsSpan(i * m * n), n);
        }
        var output = new Tensor(result, [.. batch, m, n]);
        return Record(output, "BmmBackward", [a, b], g =>
        {
            // Gradients have the broadcast batch shape; accumulation sums them back over broadcast dimensions.
            if (a.requiresGrad) a.AccumulateGrad(g.MatMul(b.Transpose(-2, -1)), owned: true);
            if (b.requiresGrad) b.AccumulateGrad(a.Transpose(-2, -1).MatMul(g), owned: true);
        }, a, b);
    }

    static int BatchOffset(int index, ReadOnlySpan<int> batch, ReadOnlySpan<int> strides, int offset)
    {
        for (int d = batch.Length - 1; d >= 0 && index > 0; d--)
        {
            offset += index % batch[d] * strides[d];
            index /= batch[d];
        }
        return offset;
    }

    /// <summary>C = A·B for 2-D views, choosing transpose flags from the strides.</summary>
    static void Multiply(Tensor a, Tensor b, Span<float> c, int ldc)
    {
        int m = a.Dims[0], k = a.Dims[1], n = b.Dims[1];
        if (m == 0 || n == 0) return;
        if (k == 0) { for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear(); return; }
        var (sa, ta, lda) = GemmOperand(a);
        var (sb, tb, ldb) = GemmOperand(b);
        Gemm.Multiply(ta, tb, m, n, k, 1f, sa.Storage.AsSpan(sa.Offset), lda, sb.Storage.AsSpan(sb.Offset), ldb, 0f, c, ldc);
    }

    static (Tensor Source, bool Transposed, int Ld) GemmOperand(Tensor x)
    {
        int rows = x.Dims[0], cols = x.Dims[1];
        if (x.Strides[1] == 1 && x.Strides[0] >= cols) return (x, false, Math.Max(x.Strides[0], 1));
        if (cols == 1 && rows >= 1 && x.Strides[0] == 1) return (x, false, 1);
        if (x.Strides[0] == 1 && x.Strides[1] >= rows) return (x, true, Math.Max(x.Strides[1], 1));
        var copy = x.ContiguousCopy();
        return (copy, false, cols);
    }

    Tensor ContiguousOrCopy() => IsContiguous ? this : ContiguousCopy();

    /// <summary>A contiguous view in another shape, not recorded (for use inside ops and backward passes).</summary>
    internal Tensor ViewAs(int[] dims)
    {
        var source = ContiguousOrCopy();
        return new Tensor(source, source.Offset, dims, ContiguousStrides(dims));
    }
}
