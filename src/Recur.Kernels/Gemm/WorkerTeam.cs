using System.Diagnostics;

namespace Recur.Kernels;

/// <summary>One independent piece of a parallel kernel call, passed by value so a call allocates nothing.</summary>
internal interface IParallelWork
{
    void Execute(int part);
}

/// <summary>
/// Long-lived helper threads that run the parts of one kernel call beside the calling thread. Parts are claimed
/// first come first served, and the caller waits only for parts a helper has actually claimed, so a helper that
/// is descheduled (a busy, shared machine) costs nothing: the caller does its share. Helpers spin briefly after
/// each call, so back-to-back calls skip waking a sleeping thread, then block. A call made while another call
/// owns the team runs inline.
/// </summary>
internal static class WorkerTeam
{
    const int PartBits = 20;
    const long PartMask = (1L << PartBits) - 1;
    static readonly long SpinTicks = Stopwatch.Frequency / 20_000; // 50 µs
    static readonly object Gate = new();
    static readonly List<Thread> Helpers = [];
    static Job? job;
    static Exception? failure;
    static int owned, partCount, participants, completed, sleeping;
    static long generation;
    // generation << PartBits | next unclaimed part; a claim is a compare-exchange, so it can only succeed
    // for the generation whose job and part count it read.
    static long claim;

    public static void Run<T>(ref T work, int parts) where T : struct, IParallelWork
    {
        int helpers = Math.Min(parts, Parallelism.MaxThreads) - 1;
        if (helpers <= 0 || parts > PartMask || Interlocked.CompareExchange(ref owned, 1, 0) != 0)
        {
            for (int i = 0; i < parts; i++)
                work.Execute(i);
            return;
        }
        var holder = Job<T>.Instance;
        try
        {
            lock (Gate)
            {
                long next = generation + 1;
                Volatile.Write(ref claim, next << PartBits | PartMask); // closed while the job is written
                holder.Work = work;
                job = holder;
                partCount = parts;
                completed = 0;
                failure = null;
                while (Helpers.Count < helpers)
                    StartHelper(Helpers.Count, generation);
                participants = helpers;
                Volatile.Write(ref claim, next << PartBits);
                Volatile.Write(ref generation, next);
                if (sleeping > 0)
                    Monitor.PulseAll(Gate);
            }
            Drain();
            var spin = new SpinWait();
            while (Volatile.Read(ref completed) != parts)
                spin.SpinOnce(sleep1Threshold: -1);
            if (failure is { } error)
                throw new AggregateException(error);
        }
        finally
        {
            holder.Work = default;
            Volatile.Write(ref owned, 0);
        }
    }

    static void Drain()
    {
        while (true)
        {
            long state = Volatile.Read(ref claim);
            int part = (int)(state & PartMask);
            var current = Volatile.Read(ref job);
            if (current is null || part >= Volatile.Read(ref partCount))
                return;
            if (Interlocked.CompareExchange(ref claim, state + 1, state) != state)
                continue;
            try
            {
                current.Execute(part);
            }
            catch (Exception error)
            {
                failure = error;
            }
            Interlocked.Increment(ref completed);
        }
    }

    static void StartHelper(int index, long seen)
    {
        var thread = new Thread(() => HelperLoop(index, seen)) { IsBackground = true, Name = $"Recur.Kernels worker {index}" };
        Helpers.Add(thread);
        thread.Start();
    }

    static void HelperLoop(int index, long seen)
    {
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref generation) == seen)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Thread.SpinWait(16);
                    continue;
                }
                lock (Gate)
                {
                    sleeping++;
                    while (generation == seen)
                        Monitor.Wait(Gate);
                    sleeping--;
                }
            }
            seen = Volatile.Read(ref generation);
            if (index < Volatile.Read(ref participants))
                Drain();
        }
    }

    abstract class Job
    {
        public abstract void Execute(int part);
    }

    sealed class Job<T> : Job where T : struct, IParallelWork
    {
        public static readonly Job<T> Instance = new();
        public T Work;

        public override void Execute(int part) => Work.Execute(part);
    }
}
