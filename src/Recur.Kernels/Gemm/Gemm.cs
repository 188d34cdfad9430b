namespace Recur.Kernels;

/// <summary>
/// Single-precision GEMM, row-major: C (m×n) = alpha · op(A) · op(B) + beta · C.
/// op(A) is m×k (A stored k×m when <paramref name="transA"/>), op(B) is k×n (B stored n×k when transB).
/// beta = 0 overwrites C without reading it, so C may hold garbage (NaN included).
/// </summary>
/// <remarks>
/// Packed, cache-blocked and register-blocked after Goto and van de Geijn (2008), "Anatomy of high-performance
/// matrix multiplication", with micro-kernels for AVX-512, AVX2+FMA and plain scalar code. A single-row product
/// (m = 1, streaming inference) skips packing and streams B once. Large calls split C into one rectangle per
/// thread, by rows or by columns, never over k, so every element is summed by one thread in one order.
/// </remarks>
public static class Gemm
{
    /// <summary>Multiply-adds below which a call stays on the calling thread.</summary>
    const long ParallelThreshold = 1L << 18;

    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmIsaSupport.Best, Parallelism.MaxThreads);

    /// <summary>Blocking used by each instruction set; tuned on a 2-core AMD EPYC (48 KiB L1d, 1 MiB L2 per core).</summary>
    internal static GemmBlocking Avx512Blocking { get; set; } = new(Mc: 240, Kc: 256, Nc: 2048);

    internal static GemmBlocking Avx2Blocking { get; set; } = new(Mc: 192, Kc: 256, Nc: 2048);

    internal static GemmBlocking ScalarBlocking { get; set; } = new(Mc: 64, Kc: 256, Nc: 512);

    /// <summary>The same product on a chosen instruction set and thread count, so tests reach every path.</summary>
    internal static unsafe void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        GemmIsa isa, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (!GemmIsaSupport.IsSupported(isa))
            throw new PlatformNotSupportedException($"GEMM path {isa} is not accelerated on this machine.");
        RequireMatrix(a.Length, transA ? k : m, transA ? m : k, lda, nameof(a), nameof(lda));
        RequireMatrix(b.Length, transB ? n : k, transB ? k : n, ldb, nameof(b), nameof(ldb));
        RequireMatrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
            return;
        if (k == 0 || alpha == 0)
        {
            Scale(m, n, beta, c, ldc);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem(m, n, k, alpha,
                pa, transA ? 1 : lda, transA ? lda : 1,
                pb, transB ? 1 : ldb, transB ? ldb : 1, beta, pc, ldc);
            var work = GemmWork.Plan(problem, isa, BlockingFor(isa), (long)m * n * k < ParallelThreshold ? 1 : threads);
            WorkerTeam.Run(ref work, work.Parts);
        }
    }

    static GemmBlocking BlockingFor(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => Avx512Blocking,
        GemmIsa.Avx2 => Avx2Blocking,
        _ => ScalarBlocking,
    };

    static void Scale(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0)
                row.Clear();
            else if (beta != 1)
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    static void RequireMatrix(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(ldName, ld, $"Leading dimension must be at least {Math.Max(1, cols)} (the row width of {name}).");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException($"{name} holds {length} floats but a {rows}×{cols} matrix with leading dimension {ld} needs {needed}.", name);
    }
}
