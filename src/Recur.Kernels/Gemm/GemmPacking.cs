using System.Runtime.Intrinsics;

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

    // op(B) columns are contiguous (B stored n×k): read each column once, scatter it down the panel.
    static void TransposeColumns(int nr, int cols, int kc, float* src, nint colStride, float* dst)
    {
        for (int t = 0; t < cols; t++)
        {
            float* s = src + t * colStride;
            for (int p = 0; p < kc; p++)
                dst[p * nr + t] = s[p];
        }
        for (int t = cols; t < nr; t++)
            for (int p = 0; p < kc; p++)
                dst[p * nr + t] = 0;
    }
}
