namespace Recur.Kernels.Scan;

/// <summary>A scan's share of the channels: [from, from + width), every time step.</summary>
internal interface IChannelWork
{
    void Execute(int from, int width);
}

/// <summary>
/// Splits N channels into one contiguous block per thread (a multiple of 16 floats wide, so that blocks start on
/// cache lines relative to the row) when the scan is large enough to repay the hand-off; channels are independent,
/// so any split gives the same bits.
/// </summary>
internal static class ChannelBlocks
{
    public static void Run<T>(ref T work, int steps, int channels) where T : struct, IChannelWork
    {
        int parts = (long)steps * channels < LinearScanKernel.ParallelCells ? 1 : Math.Min(Parallelism.MaxThreads, channels / 64);
        if (parts <= 1) { work.Execute(0, channels); return; }
        var split = new Split<T>(work, channels, parts);
        WorkerTeam.Run(ref split, parts);
    }

    readonly struct Split<T>(T work, int channels, int parts) : IParallelWork where T : struct, IChannelWork
    {
        public void Execute(int part)
        {
            int block = (channels / parts + 15) & ~15;
            int from = Math.Min(part * block, channels), to = part == parts - 1 ? channels : Math.Min(from + block, channels);
            if (to > from) work.Execute(from, to - from);
        }
    }
}
