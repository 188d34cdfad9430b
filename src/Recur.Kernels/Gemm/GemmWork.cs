namespace Recur.Kernels;

/// <summary>
/// One GEMM call cut into rectangles of C, one per thread. Rows are split when that duplicates less packing
/// (each row slice packs all of op(B); each column slice packs all of op(A)); slices are whole micro-panels.
/// </summary>
internal readonly struct GemmWork : IParallelWork
{
    readonly GemmProblem problem;
    readonly GemmIsa isa;
    readonly GemmBlocking blocking;
    readonly bool splitRows;
    readonly int slice;

    GemmWork(GemmProblem problem, GemmIsa isa, GemmBlocking blocking, bool splitRows, int slice, int parts)
    {
        this.problem = problem;
        this.isa = isa;
        this.blocking = blocking;
        this.splitRows = splitRows;
        this.slice = slice;
        Parts = parts;
    }

    public int Parts { get; }

    public static GemmWork Plan(in GemmProblem g, GemmIsa isa, GemmBlocking blocking, int threads)
    {
        var (mr, nr) = isa switch
        {
            GemmIsa.Avx512 => (Avx512Kernel.Rows, Avx512Kernel.Columns),
            GemmIsa.Avx2 => (Avx2Kernel.Rows, Avx2Kernel.Columns),
            _ => (ScalarKernel.Rows, ScalarKernel.Columns),
        };
        if (g.M == 1)
            mr = int.MaxValue; // a row vector never splits by rows
        bool splitRows = g.M >= g.N && g.M >= 2 * mr;
        int extent = splitRows ? g.M : g.N, unit = splitRows ? mr : nr;
        int units = (extent + unit - 1) / unit;
        int parts = Math.Max(1, Math.Min(threads, units));
        int slice = (units + parts - 1) / parts * unit;
        parts = (extent + slice - 1) / slice;
        return new GemmWork(g, isa, blocking, splitRows, slice, parts);
    }

    public void Execute(int part)
    {
        int start = part * slice;
        var g = problem;
        if (splitRows)
            GemmBlocked.Run(isa, g, blocking, start, Math.Min(slice, g.M - start), 0, g.N);
        else if (g.M == 1)
            GemmRowVector.Run(isa, g, start, Math.Min(slice, g.N - start));
        else
            GemmBlocked.Run(isa, g, blocking, 0, g.M, start, Math.Min(slice, g.N - start));
    }
}
