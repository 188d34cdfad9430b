namespace Recur.Tests.Fuzzing;

/// <summary>
/// Runs a reader on one input file and classifies the outcome. The reader runs on its own thread so that a hang is
/// seen (after <c>timeout</c>) rather than suffered, and so that the bytes it allocates can be counted exactly
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>). Allocating more than <see cref="AllocationBudget"/> means a
/// size field was trusted before it was checked against the file's length.
/// </summary>
public static class FuzzHarness
{
    /// <summary>64 bytes per input byte (the largest expansion a valid file needs: strings, hash tables, float32 from
    /// F16) plus 8 MiB for fixed buffers.</summary>
    public static long AllocationBudget(long inputLength) => 64 * inputLength + (8L << 20);

    public static FuzzResult Run(FuzzTarget target, byte[] input, string path, TimeSpan timeout)
    {
        File.WriteAllBytes(path, input);
        Exception? error = null;
        long allocated = 0;
        var worker = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { target.Read(path); }
            catch (Exception e) { error = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, maxStackSize: 16 << 20) { IsBackground = true };
        worker.Start();
        if (!worker.Join(timeout)) return new FuzzResult(FuzzVerdict.Hang, null, 0);
        if (allocated > AllocationBudget(input.Length)) return new FuzzResult(FuzzVerdict.Allocation, error, allocated);
        if (error is null) return new FuzzResult(FuzzVerdict.Parsed, null, allocated);
        bool documented = target.IsDocumented(error, path) && !error.Message.Contains('\n');
        return new FuzzResult(documented ? FuzzVerdict.Refused : FuzzVerdict.WrongException, error, allocated);
    }
}
