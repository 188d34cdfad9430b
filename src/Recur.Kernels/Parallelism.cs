namespace Recur.Kernels;

/// <summary>
/// The one knob for how many threads kernels may use. Kernels split work over batch rows or output columns,
/// never over time steps, and run small problems inline on the calling thread.
/// </summary>
public static class Parallelism
{
    static int maxThreads = Environment.ProcessorCount;

    /// <summary>Upper bound on worker threads per kernel call (default: the processor count).</summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Thread count must be at least 1.");
    }
}
