using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous micro-panel order the micro-kernels stream
/// (Goto and van de Geijn 2008, §6). Strides absorb the transposes, so every combination runs the same kernel.
/// Element (i, p) of op(A) is a[i·rowStride + p·colStride]; element (p, j) of op(B) is b[p·rowStride + j·colStride].
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs mc×kc of op(A) into ⌈mc/mr⌉ panels of kc steps × mr values, scaled by alpha, rows past mc zeroed.
    /// </summary>
    public static void PackA(int mr, int mc, int kc, float* a, nint rowStride, nint colStride, float alpha, float* dst)
    {
        for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            float* src = a + i0 * rowStride;
            if (colStride == 1)
            {
                for (int i = 0; i < rows; i++)
                {
                    float* s = src + i * rowStride;
                    float* d = dst + i;
                    for (int p = 0; p < kc; p++)
                        d[p * mr] = alpha * s[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * colStride;
                    float* d = dst + p * mr;
                    for (int i = 0; i < rows; i++)
                        d[i] = alpha * s[i * rowStride];
                }
            }
            for (int i = rows; i < mr; i++)
                for (int p = 0; p < kc; p++)
                    dst[p * mr + i] = 0;
        }
    }

    /// <summary>Packs kc×nc of op(B) into ⌈nc/nr⌉ panels of kc steps × nr values, columns past nc zeroed.</summary>
    public static void PackB(int nr, int kc, int nc, float* b, nint rowStride, nint colStride, float* dst)
    {
        for (int j0 = 0; j0 < nc; j0 += nr, dst += nr * kc)
        {
            int cols = Math.Min(nr, nc - j0);
            float* src = b + j0 * colStride;
            if (colStride == 1)
                CopyRows(nr, cols, kc, src, rowStride, dst);
            else
                TransposeColumns(nr, cols, kc, src, colStride, dst);
        }
    }

    // op(B) rows are contiguous: each step copies one run of `cols` floats.
    static void CopyRows(int nr, int cols, int kc, float* src, nint rowStride, float* dst)
    {
        if (cols == nr && nr % Vector512<float>.Count == 0 && Vector512.IsHardwareAccelerated)
        {
            for (int p = 0; p < kc; p++, src += rowStride, dst += nr)
                for (int t = 0; t < nr; t += Vector512<float>.Count)
                    Vector512.Store(Vector512.Load(src + t), dst + t);
            return;
        }
        for (int p = 0; p < kc; p++, src += rowStride, dst += nr)
        {
            int t = 0;
            for (; t < cols; t++)
                dst[t] = src[t];
            for (; t < nr; t++)
                dst[t] = 0;
        }
    }

    // op(B) columns are contiguous (B stored n×k): 8×8 tiles are transposed in registers, the ragged rest by hand.
    static void TransposeColumns(int nr, int cols, int kc, float* src, nint colStride, float* dst)
    {
        int fullCols = Avx.IsSupported ? cols / 8 * 8 : 0, fullDepth = kc / 8 * 8;
        for (int t = 0; t < fullCols; t += 8)
            for (int p = 0; p < fullDepth; p += 8)
                Transpose8x8(src + t * colStride + p, colStride, dst + p * nr + t, nr);
        for (int t = 0; t < cols; t++)
        {
            float* s = src + t * colStride;
            for (int p = t < fullCols ? fullDepth : 0; p < kc; p++)
                dst[p * nr + t] = s[p];
        }
        for (int t = cols; t < nr; t++)
            for (int p = 0; p < kc; p++)
                dst[p * nr + t] = 0;
    }

    // Unpack pairs, shuffle quads, swap 128-bit halves: the standard three-stage AVX transpose.
    static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }
}
