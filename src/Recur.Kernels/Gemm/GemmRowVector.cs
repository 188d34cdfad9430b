using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// The m = 1 product c (1×n) = alpha · x · op(B) + beta · c, as in streaming inference with batch 1. Each element
/// of B is used once, so packing would only add a copy: B is streamed in place, either row by row into register
/// accumulators (B stored k×n) or as one dot product per column (B stored n×k).
/// </summary>
internal static unsafe class GemmRowVector
{
    public static void Run(GemmIsa isa, in GemmProblem g, int col0, int cols)
    {
        int k = g.K;
        float* x = GemmBuffers.Scratch(k);
        for (int p = 0; p < k; p++)
            x[p] = g.Alpha * g.A[p * g.ACol];
        float* c = g.C + col0;
        if (g.BCol == 1)
            StreamRows(isa, k, x, g.B + col0, g.BRow, cols, g.Beta, c);
        else
            DotColumns(isa, k, x, g.B + col0 * g.BCol, g.BCol, cols, g.Beta, c);
    }

    // c[j] = Σp x[p]·b[p·ldb + j]: eight 16-wide accumulators cover 128 columns per sweep over k.
    static void StreamRows(GemmIsa isa, int k, float* x, float* b, nint ldb, int n, float beta, float* c)
    {
        int j = 0;
        if (isa == GemmIsa.Avx512)
        {
            for (; j + 128 <= n; j += 128)
            {
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector512<float> s4 = default, s5 = default, s6 = default, s7 = default;
                float* row = b + j;
                for (int p = 0; p < k; p++, row += ldb)
                {
                    var xp = Vector512.Create(x[p]);
                    s0 = Vector512.FusedMultiplyAdd(Vector512.Load(row), xp, s0);
                    s1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 16), xp, s1);
                    s2 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 32), xp, s2);
                    s3 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 48), xp, s3);
                    s4 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 64), xp, s4);
                    s5 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 80), xp, s5);
                    s6 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 96), xp, s6);
                    s7 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 112), xp, s7);
                }
                Store(c + j, s0, beta); Store(c + j + 16, s1, beta); Store(c + j + 32, s2, beta); Store(c + j + 48, s3, beta);
                Store(c + j + 64, s4, beta); Store(c + j + 80, s5, beta); Store(c + j + 96, s6, beta); Store(c + j + 112, s7, beta);
            }
            for (; j + 16 <= n; j += 16)
            {
                Vector512<float> s = default;
                float* row = b + j;
                for (int p = 0; p < k; p++, row += ldb)
                    s = Vector512.FusedMultiplyAdd(Vector512.Load(row), Vector512.Create(x[p]), s);
                Store(c + j, s, beta);
            }
        }
        else if (isa == GemmIsa.Avx2)
        {
            for (; j + 32 <= n; j += 32)
            {
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                float* row = b + j;
                for (int p = 0; p < k; p++, row += ldb)
                {
                    var xp = Vector256.Create(x[p]);
                    s0 = Vector256.FusedMultiplyAdd(Vector256.Load(row), xp, s0);
                    s1 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 8), xp, s1);
                    s2 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 16), xp, s2);
                    s3 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 24), xp, s3);
                }
                Store(c + j, s0, beta); Store(c + j + 8, s1, beta); Store(c + j + 16, s2, beta); Store(c + j + 24, s3, beta);
            }
        }
        for (; j < n; j++)
        {
            float s = 0;
            for (int p = 0; p < k; p++)
                s += x[p] * b[p * ldb + j];
            c[j] = beta == 0 ? s : s + beta * c[j];
        }
    }

    // c[j] = Σp x[p]·b[j·ldb + p]: each column of op(B) is a contiguous row of the stored matrix.
    static void DotColumns(GemmIsa isa, int k, float* x, float* b, nint ldb, int n, float beta, float* c)
    {
        for (int j = 0; j < n; j++)
        {
            float s = Dot(isa, k, x, b + j * ldb);
            c[j] = beta == 0 ? s : s + beta * c[j];
        }
    }

    static float Dot(GemmIsa isa, int k, float* x, float* y)
    {
        int p = 0;
        float s = 0;
        if (isa == GemmIsa.Avx512)
        {
            Vector512<float> s0 = default, s1 = default;
            for (; p + 32 <= k; p += 32)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p), Vector512.Load(y + p), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p + 16), Vector512.Load(y + p + 16), s1);
            }
            for (; p + 16 <= k; p += 16)
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p), Vector512.Load(y + p), s0);
            s = Vector512.Sum(s0 + s1);
        }
        else if (isa == GemmIsa.Avx2)
        {
            Vector256<float> s0 = default, s1 = default;
            for (; p + 16 <= k; p += 16)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + p), Vector256.Load(y + p), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(x + p + 8), Vector256.Load(y + p + 8), s1);
            }
            for (; p + 8 <= k; p += 8)
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + p), Vector256.Load(y + p), s0);
            s = Vector256.Sum(s0 + s1);
        }
        for (; p < k; p++)
            s += x[p] * y[p];
        return s;
    }

    static void Store(float* c, Vector512<float> s, float beta) =>
        Vector512.Store(beta == 0 ? s : Vector512.FusedMultiplyAdd(Vector512.Load(c), Vector512.Create(beta), s), c);

    static void Store(float* c, Vector256<float> s, float beta) =>
        Vector256.Store(beta == 0 ? s : Vector256.FusedMultiplyAdd(Vector256.Load(c), Vector256.Create(beta), s), c);
}
