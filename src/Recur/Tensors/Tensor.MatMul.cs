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
    /// (b,m,k)·(b,k,n) → (b,m,n).
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        if (Rank < 2 || other.Rank < 2)
            throw new ArgumentException($"MatMul needs matrices, got shapes {ShapeString(Dims)} and {ShapeString(other.Dims)}.");
        int k = Dims[^1];
        if (other.Dims[^2] != k)
            throw new ArgumentException($"MatMul shapes {ShapeString(Dims)} and {ShapeString(other.Dims)} do not align ({k} vs {other.Dims[^2]}).");
        if (other.Rank == 2) return MatMulFolded(other);
        if (Rank == 3 && other.Rank == 3 && Dims[0] == other.Dims[0]) return BatchedMatMul(other);
        throw new ArgumentException($"MatMul of shapes {ShapeString(Dims)} and {ShapeString(other.Dims)} is not supported; use (…,m,k)·(k,n) or (b,m,k)·(b,k,n).");
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
            if (a.requiresGrad) a.AccumulateGrad(g2.MatMul(b.Transpose(0, 1)).ViewAs(a.Dims));
            if (b.requiresGrad) b.AccumulateGrad(a2.Transpose(0, 1).MatMul(g2));
        });
    }

    Tensor BatchedMatMul(Tensor b)
    {
        var a = this;
        int batch = Dims[0], m = Dims[1], n = b.Dims[2];
        var result = new float[batch * m * n];
        for (int i = 0; i < batch; i++)
            Multiply(a.SelectView(i), b.SelectView(i), result.AsSpan(i * m * n), n);
        var output = new Tensor(result, [batch, m, n]);
        return Record(output, "BmmBackward", [a, b], g =>
        {
            if (a.requiresGrad) a.AccumulateGrad(g.MatMul(b.Transpose(1, 2)));
            if (b.requiresGrad) b.AccumulateGrad(a.Transpose(1, 2).MatMul(g));
        });
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
        return new Tensor(source.Storage, source.Offset, dims, ContiguousStrides(dims));
    }

    Tensor SelectView(int index) =>
        new(Storage, Offset + index * Strides[0], Dims[1..], Strides[1..]);
}
