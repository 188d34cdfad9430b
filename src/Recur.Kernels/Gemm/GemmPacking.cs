using System.Runtime.CompilerServices;
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
        if (Avx2.IsSupported && mr <= Vector256<float>.Count)
        {
            PackAVector(mr, mc, kc, a, rowStride, colStride, alpha, dst);
            return;
        }
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

    // A micro-panel step (mr ≤ 8 values) is one masked 256-bit store; lanes past `rows` load as zero, which is the
    // padding the kernel expects. Row-major A (the usual case: activations, gate gradients) is read eight steps
    // at a time and transposed in registers, where the scalar loop made one strided store per element.
    static void PackAVector(int mr, int mc, int kc, float* a, nint rowStride, nint colStride, float alpha, float* dst)
    {
        var store = LaneMask(mr);
        var scale = Vector256.Create(alpha);
        bool scaled = alpha != 1f;
        for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            float* src = a + i0 * rowStride;
            if (colStride != 1)
            {
                var load = LaneMask(rows);
                for (int p = 0; p < kc; p++)
                {
                    var v = Avx.MaskLoad(src + p * colStride, load);
                    Avx.MaskStore(dst + p * mr, store, scaled ? v * scale : v);
                }
                continue;
            }
            int p0 = 0;
            for (; p0 + 8 <= kc; p0 += 8)
            {
                var r0 = Avx.LoadVector256(src + p0);
                var r1 = rows > 1 ? Avx.LoadVector256(src + rowStride + p0) : default;
                var r2 = rows > 2 ? Avx.LoadVector256(src + 2 * rowStride + p0) : default;
                var r3 = rows > 3 ? Avx.LoadVector256(src + 3 * rowStride + p0) : default;
                var r4 = rows > 4 ? Avx.LoadVector256(src + 4 * rowStride + p0) : default;
                var r5 = rows > 5 ? Avx.LoadVector256(src + 5 * rowStride + p0) : default;
                var r6 = rows > 6 ? Avx.LoadVector256(src + 6 * rowStride + p0) : default;
                var r7 = rows > 7 ? Avx.LoadVector256(src + 7 * rowStride + p0) : default;
                Transpose8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                float* d = dst + p0 * mr;
                Avx.MaskStore(d, store, scaled ? r0 * scale : r0);
                Avx.MaskStore(d + mr, store, scaled ? r1 * scale : r1);
                Avx.MaskStore(d + 2 * mr, store, scaled ? r2 * scale : r2);
                Avx.MaskStore(d + 3 * mr, store, scaled ? r3 * scale : r3);
                Avx.MaskStore(d + 4 * mr, store, scaled ? r4 * scale : r4);
                Avx.MaskStore(d + 5 * mr, store, scaled ? r5 * scale : r5);
                Avx.MaskStore(d + 6 * mr, store, scaled ? r6 * scale : r6);
                Avx.MaskStore(d + 7 * mr, store, scaled ? r7 * scale : r7);
            }
            for (int p = p0; p < kc; p++)
                for (int i = 0; i < mr; i++)
                    dst[p * mr + i] = i < rows ? alpha * src[i * rowStride + p] : 0;
        }
    }

    // All ones in the first `lanes` lanes: the sign bit is what MaskLoad and MaskStore read.
    static Vector256<float> LaneMask(int lanes) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(lanes)).AsSingle();

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
        Transpose8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Avx.Store(dst, r0);
        Avx.Store(dst + dstStride, r1);
        Avx.Store(dst + 2 * dstStride, r2);
        Avx.Store(dst + 3 * dstStride, r3);
        Avx.Store(dst + 4 * dstStride, r4);
        Avx.Store(dst + 5 * dstStride, r5);
        Avx.Store(dst + 6 * dstStride, r6);
        Avx.Store(dst + 7 * dstStride, r7);
    }

    // Unpack pairs, shuffle quads, swap 128-bit halves: the standard three-stage AVX transpose, in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose8(ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3,
        ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6, ref Vector256<float> r7)
    {
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        r0 = Avx.Permute2x128(s0, s4, 0x20);
        r1 = Avx.Permute2x128(s1, s5, 0x20);
        r2 = Avx.Permute2x128(s2, s6, 0x20);
        r3 = Avx.Permute2x128(s3, s7, 0x20);
        r4 = Avx.Permute2x128(s0, s4, 0x31);
        r5 = Avx.Permute2x128(s1, s5, 0x31);
        r6 = Avx.Permute2x128(s2, s6, 0x31);
        r7 = Avx.Permute2x128(s3, s7, 0x31);
    }
}
