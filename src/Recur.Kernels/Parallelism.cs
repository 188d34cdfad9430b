namespace Recur.Kernels;

/// <summary>
/// How many threads kernels may use. Kernels split work over batch rows or output columns, never over time steps,
/// and run small problems inline on the calling thread.
/// <para>
/// <see cref="Limit"/> sets the bound for one scope (the calling thread and the tasks it starts), so a trainer or a
/// test can use one thread count without changing what the rest of the process uses. <see cref="MaxThreads"/>'s
/// setter changes the process-wide default, for programs (benchmarks) that want one setting everywhere.
/// </para>
/// </summary>
public static class Parallelism
{
    static int processDefault = Environment.ProcessorCount;
    static readonly AsyncLocal<int> scoped = new();

    /// <summary>Upper bound on worker threads per kernel call: the innermost <see cref="Limit"/> scope's, else the process default (the processor count).</summary>
    public static int MaxThreads
    {
        get => scoped.Value is int n and > 0 ? n : processDefault;
        set => processDefault = Check(value);
    }

    /// <summary>
    /// Bounds kernels to <paramref name="threads"/> until the returned scope is disposed, on this thread and in the
    /// asynchronous flow it starts; other threads keep their own setting. Scopes nest.
    /// </summary>
    public static IDisposable Limit(int threads)
    {
        Check(threads);
        int previous = scoped.Value;
        scoped.Value = threads;
        return new Scope(previous);
    }

    static int Check(int value) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Thread count must be at least 1.");

    sealed class Scope(int previous) : IDisposable
    {
        bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            scoped.Value = previous;
        }
    }
}
