namespace Recur.Kernels;

/// <summary>
/// Naive triple-loop GEMM: the reference every fast path is tested against.
/// C (m×n, row-major, leading dimension ldc) = alpha · op(A) · op(B) + beta · C,
/// where op(A) is m×k and op(B) is k×n; A and B are row-major with leading dimensions lda and ldb.
/// </summary>
public static class GemmReference
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)av * bv;
                }
                float prior = beta == 0 ? 0 : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + prior;
            }
    }
}
