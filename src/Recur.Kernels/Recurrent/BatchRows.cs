namespace Recur.Kernels.Recurrent;

/// <summary>One time step's element-wise work over the batch rows [row0, row0 + rows).</summary>
public interface IRowWork
{
    void Execute(int row0, int rows);
}

/// <summary>
/// Splits the batch rows of one time step's gate kernel between threads when the step is big enough to repay the
/// hand-off. Rows are independent, so any split gives the same bits. At two threads the scan's GEMMs halve while
/// a gate kernel on one thread did not, and it grew to a fifth of a GRU step.
/// </summary>
public static class BatchRows
{
    /// <summary>Rows × floats per row below which a step stays on the calling thread (a few microseconds of work).</summary>
    public const int ParallelElements = 1 << 13;

    public static void Run<T>(ref T work, int rows, int rowWidth) where T : struct, IRowWork
    {
        int parts = rows < 2 || (long)rows * rowWidth < ParallelElements ? 1 : Math.Min(Parallelism.MaxThreads, rows);
        RunInParts(ref work, rows, parts);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="parts"/> near-equal blocks of rows, one per thread, whatever the
    /// size (a caller whose every part is a whole loop of steps, such as a layer's scan over its rows, decides).
    /// </summary>
    public static void RunInParts<T>(ref T work, int rows, int parts) where T : struct, IRowWork
    {
        if (parts <= 1)
        {
            work.Execute(0, rows);
            return;
        }
        var split = new Split<T>(work, rows, parts);
        WorkerTeam.Run(ref split, parts);
    }

    readonly struct Split<T>(T work, int rows, int parts) : IParallelWork where T : struct, IRowWork
    {
        public void Execute(int part)
        {
            int from = (int)((long)rows * part / parts), to = (int)((long)rows * (part + 1) / parts);
            if (to > from) work.Execute(from, to - from);
        }
    }
}
