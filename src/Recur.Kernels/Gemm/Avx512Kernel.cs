using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>
/// AVX-512 micro-kernel, 6×64: 24 zmm accumulators (6 rows × 4 vectors of 16), four B loads and one broadcast
/// live per step, 29 of the 32 registers. Each k step issues 24 FMAs against 4 loads and 6 broadcasts, so the two
/// FMA pipes, not the load ports, set the pace.
/// </summary>
internal readonly unsafe struct Avx512Kernel : IMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 64;

    public static void Multiply(int kc, float* a, float* b, float* c, int ldc, float beta) => Tile<Six>(kc, a, b, c, ldc, beta);

    public static bool MultiplyRows(int rows, int kc, float* a, float* b, float* c, int ldc, float beta)
    {
        switch (rows)
        {
            case 1: Tile<One>(kc, a, b, c, ldc, beta); return true;
            case 2: Tile<Two>(kc, a, b, c, ldc, beta); return true;
            case 3: Tile<Three>(kc, a, b, c, ldc, beta); return true;
            case 4: Tile<Four>(kc, a, b, c, ldc, beta); return true;
            case 5: Tile<Five>(kc, a, b, c, ldc, beta); return true;
            default: return false;
        }
    }

    // The first TRows.Value rows of the tile. The JIT compiles one copy per row count and drops the branches on it,
    // so the full kernel is the six-row copy, and an r-row edge tile costs about r/6 of a full one (it stays
    // FMA-bound down to two rows) instead of a full tile into scratch.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile<TRows>(int kc, float* a, float* b, float* c, int ldc, float beta) where TRows : struct, IRowCount
    {
        int n = TRows.Value;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default, c53 = default;
        // Touch the C tile now so its misses overlap the k loop rather than stall the final update.
        for (int r = 0; r < n; r++)
        {
            float* row = c + r * ldc;
            Sse.Prefetch0(row);
            Sse.Prefetch0(row + 16);
            Sse.Prefetch0(row + 32);
            Sse.Prefetch0(row + 48);
        }
        for (int p = 0; p < kc; p++, a += 6, b += 64)
        {
            var b0 = Avx512F.LoadAlignedVector512(b + 0);
            var b1 = Avx512F.LoadAlignedVector512(b + 16);
            var b2 = Avx512F.LoadAlignedVector512(b + 32);
            var b3 = Avx512F.LoadAlignedVector512(b + 48);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(b0, a0, c00);
            c01 = Avx512F.FusedMultiplyAdd(b1, a0, c01);
            c02 = Avx512F.FusedMultiplyAdd(b2, a0, c02);
            c03 = Avx512F.FusedMultiplyAdd(b3, a0, c03);
            if (n > 1)
            {
                var a1 = Vector512.Create(a[1]);
                c10 = Avx512F.FusedMultiplyAdd(b0, a1, c10);
                c11 = Avx512F.FusedMultiplyAdd(b1, a1, c11);
                c12 = Avx512F.FusedMultiplyAdd(b2, a1, c12);
                c13 = Avx512F.FusedMultiplyAdd(b3, a1, c13);
            }
            if (n > 2)
            {
                var a2 = Vector512.Create(a[2]);
                c20 = Avx512F.FusedMultiplyAdd(b0, a2, c20);
                c21 = Avx512F.FusedMultiplyAdd(b1, a2, c21);
                c22 = Avx512F.FusedMultiplyAdd(b2, a2, c22);
                c23 = Avx512F.FusedMultiplyAdd(b3, a2, c23);
            }
            if (n > 3)
            {
                var a3 = Vector512.Create(a[3]);
                c30 = Avx512F.FusedMultiplyAdd(b0, a3, c30);
                c31 = Avx512F.FusedMultiplyAdd(b1, a3, c31);
                c32 = Avx512F.FusedMultiplyAdd(b2, a3, c32);
                c33 = Avx512F.FusedMultiplyAdd(b3, a3, c33);
            }
            if (n > 4)
            {
                var a4 = Vector512.Create(a[4]);
                c40 = Avx512F.FusedMultiplyAdd(b0, a4, c40);
                c41 = Avx512F.FusedMultiplyAdd(b1, a4, c41);
                c42 = Avx512F.FusedMultiplyAdd(b2, a4, c42);
                c43 = Avx512F.FusedMultiplyAdd(b3, a4, c43);
            }
            if (n > 5)
            {
                var a5 = Vector512.Create(a[5]);
                c50 = Avx512F.FusedMultiplyAdd(b0, a5, c50);
                c51 = Avx512F.FusedMultiplyAdd(b1, a5, c51);
                c52 = Avx512F.FusedMultiplyAdd(b2, a5, c52);
                c53 = Avx512F.FusedMultiplyAdd(b3, a5, c53);
            }
        }
        Store(c + 0 * ldc, c00, c01, c02, c03, beta);
        if (n > 1) Store(c + 1 * ldc, c10, c11, c12, c13, beta);
        if (n > 2) Store(c + 2 * ldc, c20, c21, c22, c23, beta);
        if (n > 3) Store(c + 3 * ldc, c30, c31, c32, c33, beta);
        if (n > 4) Store(c + 4 * ldc, c40, c41, c42, c43, beta);
        if (n > 5) Store(c + 5 * ldc, c50, c51, c52, c53, beta);
    }

    interface IRowCount { static abstract int Value { get; } }
    struct One : IRowCount { public static int Value => 1; }
    struct Two : IRowCount { public static int Value => 2; }
    struct Three : IRowCount { public static int Value => 3; }
    struct Four : IRowCount { public static int Value => 4; }
    struct Five : IRowCount { public static int Value => 5; }
    struct Six : IRowCount { public static int Value => 6; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* c, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, float beta)
    {
        if (beta != 0)
        {
            var bv = Vector512.Create(beta);
            v0 = Avx512F.FusedMultiplyAdd(Vector512.Load(c + 0), bv, v0);
            v1 = Avx512F.FusedMultiplyAdd(Vector512.Load(c + 16), bv, v1);
            v2 = Avx512F.FusedMultiplyAdd(Vector512.Load(c + 32), bv, v2);
            v3 = Avx512F.FusedMultiplyAdd(Vector512.Load(c + 48), bv, v3);
        }
        Vector512.Store(v0, c + 0);
        Vector512.Store(v1, c + 16);
        Vector512.Store(v2, c + 32);
        Vector512.Store(v3, c + 48);
    }
}
