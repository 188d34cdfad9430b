using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>
/// AVX2 + FMA micro-kernel, 6×16: 12 ymm accumulators, two B loads and one broadcast, 15 of the 16 registers
/// (the Haswell shape used by BLIS and OpenBLAS).
/// </summary>
internal readonly unsafe struct Avx2Kernel : IMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int kc, float* a, float* b, float* c, int ldc, float beta)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (int p = 0; p < kc; p++, a += 6, b += 16)
        {
            var b0 = Avx.LoadAlignedVector256(b + 0);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(b0, a0, c00);
            c01 = Fma.MultiplyAdd(b1, a0, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(b0, a1, c10);
            c11 = Fma.MultiplyAdd(b1, a1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(b0, a2, c20);
            c21 = Fma.MultiplyAdd(b1, a2, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(b0, a3, c30);
            c31 = Fma.MultiplyAdd(b1, a3, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(b0, a4, c40);
            c41 = Fma.MultiplyAdd(b1, a4, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(b0, a5, c50);
            c51 = Fma.MultiplyAdd(b1, a5, c51);
        }
        Store(c + 0 * ldc, c00, c01, beta);
        Store(c + 1 * ldc, c10, c11, beta);
        Store(c + 2 * ldc, c20, c21, beta);
        Store(c + 3 * ldc, c30, c31, beta);
        Store(c + 4 * ldc, c40, c41, beta);
        Store(c + 5 * ldc, c50, c51, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* c, Vector256<float> v0, Vector256<float> v1, float beta)
    {
        if (beta != 0)
        {
            var bv = Vector256.Create(beta);
            v0 = Fma.MultiplyAdd(Vector256.Load(c + 0), bv, v0);
            v1 = Fma.MultiplyAdd(Vector256.Load(c + 8), bv, v1);
        }
        Vector256.Store(v0, c + 0);
        Vector256.Store(v1, c + 8);
    }
}
