namespace Recur.Kernels;

/// <summary>
/// Single-precision GEMM, row-major: C (m×n) = alpha · op(A) · op(B) + beta · C.
/// op(A) is m×k (A stored k×m when <paramref name="transA"/>), op(B) is k×n (B stored n×k when transB).
/// beta = 0 overwrites C without reading it, so C may hold garbage (NaN included).
/// </summary>
public static class Gemm
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => GemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
