using System.Runtime.InteropServices;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// C (m×n) = A (m×k) · op(B) + beta·C where op(B) was packed once, ahead of time, into the GEMM micro-kernel's
/// panel order. A recurrent layer multiplies by the same W_hh at every step with few rows (m = batch); a plain
/// GEMM re-packs all of W_hh each time, which at m = 32 costs about as much as the product. Packing once per
/// sequence removes that (the "persistent weights" idea of cuDNN's RNN kernels; Diamos et al. 2016), and the
/// per-step call runs only the Goto loop nest over ready panels. op(B) is k×n; B is stored n×k when transposed.
/// Packed layout: for each depth block of Kc rows, ⌈n/NR⌉ panels of (depth × NR) floats; 64-byte aligned.
/// </summary>
public static unsafe class PackedGemm
{
    const long ParallelThreshold = 1L << 18;

    static GemmIsa Isa => GemmIsaSupport.Best;

    static (int Mr, int Nr, GemmBlocking Blocking) Shape => Isa switch
    {
        GemmIsa.Avx512 => (Avx512Kernel.Rows, Avx512Kernel.Columns, Gemm.Avx512Blocking),
        GemmIsa.Avx2 => (Avx2Kernel.Rows, Avx2Kernel.Columns, Gemm.Avx2Blocking),
        _ => (ScalarKernel.Rows, ScalarKernel.Columns, Gemm.ScalarBlocking),
    };

    /// <summary>Floats the packed form of a k×n op(B) takes.</summary>
    public static int PackedLength(int n, int k) => k * RoundUp(n, Shape.Nr);

    /// <summary>
    /// A pinned, 64-byte aligned buffer for the packed form of a k×n op(B) (the micro-kernels load B panels with
    /// aligned loads). Allocate once per sequence, not per step.
    /// </summary>
    public static Memory<float> Allocate(int n, int k)
    {
        int length = PackedLength(n, k);
        return Aligned(GC.AllocateUninitializedArray<float>(length + 16, pinned: true), length);
    }

    static Memory<float> Aligned(float[] pinned, int length)
    {
        fixed (float* p = pinned)
        {
            int offset = (int)((64 - ((nint)p & 63)) & 63) / sizeof(float);
            return new Memory<float>(pinned, offset, length);
        }
    }

    /// <summary>
    /// <see cref="Allocate"/>, from a small per-thread pool of pinned buffers that <see cref="Return"/> refills: a
    /// scan packs its weights on every call, and a fresh multi-megabyte buffer each time costs page faults on every
    /// page.
    /// </summary>
    public static Memory<float> Rent(int n, int k)
    {
        int length = PackedLength(n, k);
        var pool = pinnedPool ??= [];
        for (int i = pool.Count - 1; i >= 0; i--)
            if (pool[i].Length == length + 16)
            {
                var array = pool[i];
                pool.RemoveAt(i);
                return Aligned(array, length);
            }
        return Allocate(n, k);
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> or <see cref="Allocate"/> back to this thread's pool.</summary>
    public static void Return(Memory<float> packed)
    {
        if (!MemoryMarshal.TryGetArray<float>(packed, out var segment) || segment.Array is not { } array) return;
        var pool = pinnedPool ??= [];
        if (pool.Count == MaxPooled) pool.RemoveAt(0);
        pool.Add(array);
    }

    const int MaxPooled = 8;

    [ThreadStatic] static List<float[]>? pinnedPool;

    /// <summary>Packs op(B) (k×n) into <paramref name="packed"/>, which must start on a 64-byte boundary.</summary>
    public static void Pack(bool transB, int n, int k, ReadOnlySpan<float> b, int ldb, Span<float> packed)
    {
        int nr = Shape.Nr;
        if (packed.Length < PackedLength(n, k)) throw new ArgumentException("Packed buffer is too short.", nameof(packed));
        if (b.Length < (transB ? (n - 1) * ldb + k : (k - 1) * ldb + n)) throw new ArgumentException("B is shorter than its matrix.", nameof(b));
        fixed (float* pb = b, dst = packed)
        {
            if (((nint)dst & 63) != 0) throw new ArgumentException("The packed buffer must be 64-byte aligned.", nameof(packed));
            // Packing a layer's weights is a few megabytes of strided copying on every call; split by panels, both
            // cores share it instead of one copying while the other waits.
            int panels = RoundUp(n, nr) / nr;
            int parts = (long)n * k < ParallelPackFloats ? 1 : Math.Min(Parallelism.MaxThreads, panels);
            var work = new PackWork(transB ? 1 : ldb, transB ? ldb : 1, n, k, pb, dst, (panels + parts - 1) / parts * nr);
            if (parts == 1) work.Execute(0);
            else WorkerTeam.Run(ref work, parts);
        }
    }

    const long ParallelPackFloats = 1L << 16;

    readonly struct PackWork(nint rowStride, nint colStride, int n, int k, float* b, float* dst, int slice) : IParallelWork
    {
        public void Execute(int part)
        {
            var (_, nr, blocking) = Shape;
            int col0 = part * slice, cols = Math.Min(slice, n - col0), width = RoundUp(n, nr);
            if (cols <= 0) return;
            for (int pc = 0; pc < k; pc += blocking.Kc)
            {
                int kc = Math.Min(blocking.Kc, k - pc);
                GemmPacking.PackB(nr, kc, cols, b + pc * rowStride + col0 * colStride, rowStride, colStride, dst + (nint)pc * width + (nint)col0 * kc);
            }
        }
    }

    /// <summary>
    /// C = A·op(B) + beta·C over <paramref name="packed"/>. Big products split their columns between up to two
    /// threads, and never more than <paramref name="maxThreads"/> (0: <see cref="Parallelism.MaxThreads"/>); a
    /// caller that already runs one part per core passes 1.
    /// </summary>
    public static void Multiply(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> packed, float beta, Span<float> c, int ldc,
        int maxThreads = 0)
    {
        if (m == 0 || n == 0) return;
        if (a.Length < (m - 1) * lda + k || c.Length < (m - 1) * ldc + n || packed.Length < PackedLength(n, k))
            throw new ArgumentException("PackedGemm: a span is shorter than its matrix.");
        var (_, nr, _) = Shape;
        fixed (float* pa = a, pp = packed, pc = c)
        {
            int panels = RoundUp(n, nr) / nr;
            int threads = maxThreads > 0 ? maxThreads : Parallelism.MaxThreads;
            int parts = (long)m * n * k < ParallelThreshold ? 1 : Math.Min(Math.Min(threads, 2), panels);
            var work = new Work(m, n, k, pa, lda, pp, beta, pc, ldc, (panels + parts - 1) / parts * nr);
            if (parts == 1) work.Execute(0);
            else WorkerTeam.Run(ref work, parts);
        }
    }

    readonly struct Work(int m, int n, int k, float* a, int lda, float* packed, float beta, float* c, int ldc, int slice) : IParallelWork
    {
        public void Execute(int part)
        {
            int col0 = part * slice, cols = Math.Min(slice, n - col0);
            if (cols <= 0) return;
            switch (Isa)
            {
                case GemmIsa.Avx512: Run<Avx512Kernel>(col0, cols); break;
                case GemmIsa.Avx2: Run<Avx2Kernel>(col0, cols); break;
                default: Run<ScalarKernel>(col0, cols); break;
            }
        }

        void Run<TKernel>(int col0, int cols) where TKernel : struct, IMicroKernel
        {
            int mr = TKernel.Rows, nr = TKernel.Columns, width = RoundUp(n, nr);
            var blocking = Shape.Blocking.Fit(mr, nr);
            float* packA = GemmBuffers.A(Math.Min(blocking.Mc, RoundUp(m, mr)) * Math.Min(blocking.Kc, k));
            float* tile = stackalloc float[mr * nr];
            for (int pc = 0; pc < k; pc += blocking.Kc)
            {
                int kc = Math.Min(blocking.Kc, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                float* panelBase = packed + (nint)pc * width;
                for (int ic = 0; ic < m; ic += blocking.Mc)
                {
                    int mc = Math.Min(blocking.Mc, m - ic);
                    GemmPacking.PackA(mr, mc, kc, a + (nint)ic * lda + pc, lda, 1, 1f, packA);
                    for (int jr = col0; jr < col0 + cols; jr += nr)
                    {
                        int nCols = Math.Min(nr, col0 + cols - jr);
                        float* bPanel = panelBase + (nint)jr * kc;
                        for (int ir = 0; ir < mc; ir += mr)
                            MicroTile.Multiply<TKernel>(Math.Min(mr, mc - ir), nCols, kc, packA + ir * kc, bPanel, c + (nint)(ic + ir) * ldc + jr, ldc, betaBlock, tile);
                    }
                }
            }
        }
    }

    static int RoundUp(int value, int unit) => (value + unit - 1) / unit * unit;
}
