namespace Recur.Kernels;

/// <summary>
/// One validated GEMM call in pointer form: element (i, p) of op(A) is A[i·ARow + p·ACol], element (p, j) of
/// op(B) is B[p·BRow + j·BCol], element (i, j) of C is C[i·Ldc + j]. The caller keeps the spans pinned.
/// </summary>
internal readonly unsafe struct GemmProblem(int m, int n, int k, float alpha, float* a, nint aRow, nint aCol,
    float* b, nint bRow, nint bCol, float beta, float* c, nint ldc)
{
    public readonly int M = m, N = n, K = k;
    public readonly float Alpha = alpha, Beta = beta;
    public readonly float* A = a, B = b, C = c;
    public readonly nint ARow = aRow, ACol = aCol, BRow = bRow, BCol = bCol, Ldc = ldc;
}
